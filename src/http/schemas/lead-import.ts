import { Type } from '@sinclair/typebox';
import { OUTCOMES, type Outcome } from '../../domain/import-plan.js';
import { Nullable, Uuid } from './common.js';
import { BulkLead } from '../../domain/lead-input.js';

export { BulkLead };

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
    return_outcomes: Type.Optional(
      Type.Boolean({ description: 'Leadbase extension: also answer `outcomes`, one entry per lead of the request saying what became of it and why.' }),
    ),
  },
  { additionalProperties: false },
);

/** The outcome names of src/domain/import-plan.ts. */
export const LeadOutcome = Type.Unsafe<Outcome>({ type: 'string', enum: [...OUTCOMES] });

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
  outcomes: Type.Optional(
    Type.Array(
      Type.Object({
        index: Type.Integer({ description: "The lead's 0-based position in the request's `leads`." }),
        outcome: LeadOutcome,
        id: Nullable(Uuid({ description: 'The created lead, or the existing lead that made this one skipped or a duplicated_lead when known.' })),
        reason: Type.String({ description: 'Why, in one sentence a person can act on.' }),
      }),
      { description: 'Leadbase extension, only with `return_outcomes: true`: one entry per lead of the request, in request order.' },
    ),
  ),
});
