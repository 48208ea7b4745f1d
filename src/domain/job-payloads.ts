import { type Static, Type } from '@sinclair/typebox';
import { LEAD_FILTERS } from './lead-filters.js';

/**
 * The payload (`data`) of each kind of job: what the enqueuing route gives it, and the progress
 * the worker records batch by batch. Checked when a job is enqueued and again when it is
 * claimed, so a row written by another version (or by hand) fails its job clearly instead of
 * being read as something it is not. Unknown keys are allowed: counters a later version adds.
 */
const Count = Type.Number({ minimum: 0 });
const Counters = {
  total_to_process: Type.Optional(Count),
  success_count: Type.Optional(Count),
  failed_count: Type.Optional(Count),
  /** How many selected leads the job has gone through, and the last one's id. */
  processed: Type.Optional(Count),
  cursor: Type.Optional(Type.String()),
};

const LeadFilterPayload = Type.Object({
  search: Type.Optional(Type.String()),
  filter: Type.Optional(Type.Union(LEAD_FILTERS.map((name) => Type.Literal(name)))),
  campaign: Type.Optional(Type.String()),
  list_id: Type.Optional(Type.String()),
  in_campaign: Type.Optional(Type.Boolean()),
  in_list: Type.Optional(Type.Boolean()),
  ids: Type.Optional(Type.Array(Type.String())),
  excluded_ids: Type.Optional(Type.Array(Type.String())),
  contacts: Type.Optional(Type.Array(Type.String())),
  organization_user_ids: Type.Optional(Type.Array(Type.String())),
  is_website_visitor: Type.Optional(Type.Boolean()),
  enrichment_status: Type.Optional(Type.Number()),
  esg_code: Type.Optional(Type.String()),
  interest_status: Type.Optional(Type.Number()),
});

export const MovePayload = Type.Object({
  filter: LeadFilterPayload,
  options: Type.Object({
    to_campaign_id: Type.Optional(Type.String()),
    to_list_id: Type.Optional(Type.String()),
    check_duplicates_in_campaigns: Type.Optional(Type.Boolean()),
    skip_leads_in_verification: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    assigned_to: Type.Optional(Type.String()),
    esp_code: Type.Optional(Type.Number()),
    copy_leads: Type.Optional(Type.Boolean()),
    /** The moved or copied leads lose their interest status (the vendor's reset_interest_status). */
    reset_interest_status: Type.Optional(Type.Boolean()),
  }),
  ...Counters,
  moved_lead_emails: Type.Optional(Type.Array(Type.String())),
  moved_leads: Type.Optional(Count),
});

export const AssignPayload = Type.Object({
  filter: LeadFilterPayload,
  options: Type.Object({
    organization_user_ids: Type.Array(Type.String(), { minItems: 1 }),
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
    current_owner: Type.Optional(Type.String()),
  }),
  ...Counters,
});

export const InterestPayload = Type.Object({
  options: Type.Object({
    lead_email: Type.String({ minLength: 1 }),
    interest_value: Type.Union([Type.Number(), Type.Null()]),
    campaign_id: Type.Optional(Type.String()),
    list_id: Type.Optional(Type.String()),
  }),
  ...Counters,
});

/** Verifies the leads it names (verify_leads_on_import) or, without lead_ids, its list's pending ones. */
export const VerifyPayload = Type.Object({
  action: Type.Optional(Type.Literal('verify-leads')),
  lead_ids: Type.Optional(Type.Array(Type.String())),
  ...Counters,
  verified_count: Type.Optional(Count),
  invalid_count: Type.Optional(Count),
  risky_count: Type.Optional(Count),
});

export const JOB_PAYLOADS = {
  'move-leads': MovePayload,
  'assign-leads': AssignPayload,
  'update-interest-status': InterestPayload,
  'verify-leads': VerifyPayload,
} as const;

export type JobKind = keyof typeof JOB_PAYLOADS;
export type JobPayload<K extends JobKind> = Static<(typeof JOB_PAYLOADS)[K]>;

/** The data of each kind of job: derived from its schema, the one place its shape is written. */
export type MoveJobData = Static<typeof MovePayload>;
export type AssignJobData = Static<typeof AssignPayload>;
export type InterestJobData = Static<typeof InterestPayload>;
export type VerifyJobData = Static<typeof VerifyPayload>;

