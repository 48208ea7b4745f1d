import { Type } from '@sinclair/typebox';
import { Nullable, Uuid } from './common.js';
import { writableLeadFields } from './lead.js';

export const BulkLead = Type.Object(writableLeadFields, { additionalProperties: false });

export const AddLeadsBody = Type.Object(
  {
    campaign_id: Type.Optional(Uuid({ description: 'The campaign to add leads to. Use this field OR `list_id`, but not both.' })),
    list_id: Type.Optional(Uuid({ description: 'The list to add leads to. Use this field OR `campaign_id`, but not both.' })),
    leads: Type.Array(BulkLead, { minItems: 1, maxItems: 1000 }),
    blocklist_id: Type.Optional(Nullable(Uuid({ description: "The block list to check against; the workspace's default block list when omitted." }))),
    assigned_to: Type.Optional(Uuid({ description: 'Assign every created lead to this user (a lead\'s own assigned_to wins).' })),
    verify_leads_on_import: Type.Optional(Type.Boolean()),
    skip_if_in_workspace: Type.Optional(Type.Boolean()),
    skip_if_in_campaign: Type.Optional(Type.Boolean()),
    skip_if_in_list: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AddLeadsSummary = Type.Object({
  status: Type.String(),
  total_sent: Type.Integer(),
  leads_uploaded: Type.Integer(),
  in_blocklist: Type.Integer(),
  blocklist_used: Nullable(Type.String()),
  duplicated_leads: Type.Integer(),
  skipped_count: Type.Integer(),
  invalid_email_count: Type.Integer(),
  incomplete_count: Type.Integer(),
  duplicate_email_count: Type.Integer(),
  remaining_in_plan: Nullable(Type.Integer()),
  created_leads: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Uuid(),
      email: Nullable(Type.String()),
      first_name: Nullable(Type.String()),
      last_name: Nullable(Type.String()),
      phone: Nullable(Type.String()),
    }),
  ),
});
