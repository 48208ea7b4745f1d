import { type Static, Type } from '@sinclair/typebox';
import type { WorkspaceRow } from '../../store/workspace-repository.js';
import { ApiKey } from './api-key.js';
import { DateTime, NameText, Nullable, UrlText, Uuid } from './common.js';

const workspaceProperties = {
  id: Uuid(),
  timestamp_created: DateTime(),
  timestamp_updated: DateTime(),
  owner: Uuid({ description: 'User ID of the workspace owner' }),
  name: Type.String(),
  org_logo_url: Type.Optional(Nullable(Type.String())),
};

export const Workspace = Type.Object(workspaceProperties, { title: 'Workspace', additionalProperties: false });

export const UpdateWorkspace = Type.Object(
  { name: Type.Optional(NameText({ minLength: 1 })), org_logo_url: Type.Optional(Nullable(UrlText())) },
  { additionalProperties: false, minProperties: 1 },
);

const LeadAllowanceValue = Nullable(Type.Integer({ minimum: 0, maximum: 2_000_000_000 }), {
  description: 'How many leads the workspace may hold in campaigns (bulk add answers what is left as remaining_in_plan); null: unlimited',
});

export const CreateWorkspace = Type.Object(
  { name: NameText({ minLength: 1 }), lead_allowance: Type.Optional(LeadAllowanceValue) },
  { additionalProperties: false },
);

export const SetLeadAllowance = Type.Object({ lead_allowance: LeadAllowanceValue }, { additionalProperties: false });

export const LeadAllowance = Type.Object(
  {
    workspace_id: Uuid(),
    lead_allowance: LeadAllowanceValue,
    leads_in_campaigns: Type.Integer(),
    remaining_in_plan: Nullable(Type.Integer()),
  },
  { title: 'Lead allowance', additionalProperties: false },
);

export const CreatedWorkspace = Type.Object(
  { ...workspaceProperties, lead_allowance: LeadAllowanceValue, api_key: ApiKey },
  { title: 'Created workspace', description: 'The workspace and its first all:all API key, secret included.', additionalProperties: false },
);

export function workspaceToWire(row: WorkspaceRow): Static<typeof Workspace> {
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
    owner: row.owner,
    name: row.name,
    org_logo_url: row.org_logo_url,
  };
}
