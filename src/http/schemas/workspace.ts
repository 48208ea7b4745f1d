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
  // The vendor's remaining fields (migration 0011). A self-hosted instance has no plans, no
  // white-label domain and no scheduled removal: those are null (plan_id_verification, an object
  // in the vendor's document, is empty). The two settings are stored and settable.
  scheduled_for_removal_at: Type.Optional(Nullable(DateTime())),
  plan_id: Type.Optional(Nullable(Type.String())),
  plan_id_bundle: Type.Optional(Nullable(Type.String())),
  add_unsub_to_block: Type.Optional(Nullable(Type.Boolean({ description: 'Whether an unsubscribe recorded on a lead puts its e-mail address on the block list' }))),
  default_opportunity_value: Type.Optional(Nullable(Type.Number())),
  plan_id_leadfinder: Type.Optional(Nullable(Type.String())),
  plan_id_verification: Type.Optional(
    Type.Object(
      { quantity: Type.Optional(Type.Number()), product_id: Type.Optional(Type.String()), timestamp_updated: Type.Optional(DateTime()) },
      { description: 'Empty: a self-hosted instance has no verification plan' },
    ),
  ),
  org_client_domain: Type.Optional(Nullable(Type.String())),
  plan_id_crm: Type.Optional(Nullable(Type.String())),
  plan_id_website_visitor: Type.Optional(Nullable(Type.String())),
  plan_id_inbox_placement: Type.Optional(Nullable(Type.String())),
};

export const Workspace = Type.Object(workspaceProperties, { title: 'Workspace', additionalProperties: false });

export const UpdateWorkspace = Type.Object(
  {
    name: Type.Optional(NameText({ minLength: 1 })),
    org_logo_url: Type.Optional(Nullable(UrlText())),
    // Writable in the vendor's Workspace but absent from its PATCH body: accepted here (an extension).
    add_unsub_to_block: Type.Optional(Type.Boolean({ description: 'Leadbase extension to the vendor PATCH: put the address of every lead recorded as unsubscribed on the block list' })),
    default_opportunity_value: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12, description: 'Leadbase extension to the vendor PATCH: default value of an opportunity' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspace>;

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
    scheduled_for_removal_at: null,
    plan_id: null,
    plan_id_bundle: null,
    add_unsub_to_block: row.add_unsub_to_block,
    default_opportunity_value: row.default_opportunity_value,
    plan_id_leadfinder: null,
    plan_id_verification: {},
    org_client_domain: null,
    plan_id_crm: null,
    plan_id_website_visitor: null,
    plan_id_inbox_placement: null,
  };
}
