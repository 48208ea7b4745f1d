import { Type } from '@sinclair/typebox';
import type { LeadListRow } from '../../store/lead-list-repository.js';
import { DateTime, NameText, Nullable, Uuid } from './common.js';

export const LeadList = Type.Object(
  {
    id: Uuid(),
    organization_id: Uuid({ description: 'Workspace ID that owns this lead list' }),
    has_enrichment_task: Type.Optional(Nullable(Type.Boolean())),
    owned_by: Type.Optional(Nullable(Uuid())),
    name: Type.String({ description: 'Name of the lead list' }),
    timestamp_created: DateTime(),
  },
  { title: 'Lead List', additionalProperties: false },
);

const writable = {
  has_enrichment_task: Type.Optional(Nullable(Type.Boolean())),
  owned_by: Type.Optional(Nullable(Uuid())),
  name: NameText({ minLength: 1, description: 'Name of the lead list' }),
};

export const CreateLeadList = Type.Object(writable, { additionalProperties: false });
export const UpdateLeadList = Type.Object(
  { ...writable, name: Type.Optional(writable.name) },
  { additionalProperties: false, minProperties: 1 },
);

export const VerificationStats = Type.Object({
  stats: Type.Object({
    verified: Type.Number(),
    invalid: Type.Number(),
    risky: Type.Number(),
    catch_all: Type.Number(),
    job_change: Type.Number(),
    verification_job_pending_leadfinder: Type.Number(),
    verification_job_pending_user: Type.Number(),
  }),
  total_leads: Type.Number(),
});

export function leadListToWire(row: LeadListRow) {
  return {
    id: row.id,
    organization_id: row.workspace_id,
    has_enrichment_task: row.has_enrichment_task,
    owned_by: row.owned_by,
    name: row.name,
    timestamp_created: row.timestamp_created.toISOString(),
  };
}
