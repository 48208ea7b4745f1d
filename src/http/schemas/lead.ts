import { type Static, Type } from '@sinclair/typebox';
import { isValidEmail } from '../../domain/email.js';
import { LEAD_FILTERS, type LeadFilterName } from '../../store/lead-filter.js';
import type { StepSummary } from '../../domain/engagement.js';
import type { LeadRow } from '../../store/lead-repository.js';
import { DateTime, EmailText, Nullable, SearchText, Uuid } from './common.js';

const literals = <T extends readonly (number | string)[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: typeof values[0] === 'number' ? 'number' : 'string', enum: [...values], description });

export const LEAD_STATUSES = [1, 2, 3, -1, -2, -3] as const;
export const INTEREST_STATUSES = [1, 2, 3, 4, 0, -1, -2, -3, -4] as const;
export const VERIFICATION_STATUSES = [1, -1, -2, -3, -4, 11, 12] as const;
export const ENRICHMENT_STATUSES = [1, -1, 11, -2] as const;
export const ESP_CODES = [0, 1, 2, 3, 8, 9, 10, 12, 13, 999, 1000] as const;
export const ESG_CODES = [0, 1, 2, 3, 4] as const;

export const LeadStatus = literals(LEAD_STATUSES, 'Status of the lead: 1 Active, 2 Paused, 3 Completed, -1 Bounced, -2 Unsubscribed, -3 Skipped');
// What a client may write on a lead is the services' input too: src/domain/lead-input.ts.
export { CustomVariables, InterestStatus, writableLeadFields } from '../../domain/lead-input.js';
import { InterestStatus, writableLeadFields } from '../../domain/lead-input.js';

export const Lead = Type.Object(
  {
    id: Uuid(),
    timestamp_created: DateTime(),
    timestamp_updated: DateTime(),
    organization: Uuid({ description: 'Workspace ID that owns the lead' }),
    campaign: Type.Optional(Nullable(Uuid())),
    status: LeadStatus,
    email: Type.Optional(Nullable(Type.String())),
    personalization: Type.Optional(Nullable(Type.String())),
    website: Type.Optional(Nullable(Type.String())),
    last_name: Type.Optional(Nullable(Type.String())),
    first_name: Type.Optional(Nullable(Type.String())),
    company_name: Type.Optional(Nullable(Type.String())),
    job_title: Type.Optional(Nullable(Type.String())),
    phone: Type.Optional(Nullable(Type.String())),
    email_open_count: Type.Number(),
    email_reply_count: Type.Number(),
    email_click_count: Type.Number(),
    company_domain: Type.String(),
    status_summary: Type.Object({}, { additionalProperties: true, description: 'lastStep: the last campaign step sent ({from, stepID, timestamp_executed}); empty until one is recorded' }),
    payload: Type.Optional(Nullable(Type.Object({}, { additionalProperties: true }))),
    lt_interest_status: Type.Optional(InterestStatus),
    subsequence_id: Type.Optional(Nullable(Type.String())),
    verification_status: Type.Optional(literals(VERIFICATION_STATUSES, 'Verification status of the lead')),
    pl_value_lead: Type.Optional(Nullable(Type.String())),
    timestamp_added_subsequence: Type.Optional(Nullable(DateTime())),
    timestamp_last_contact: Type.Optional(Nullable(DateTime())),
    timestamp_last_open: Type.Optional(Nullable(DateTime())),
    timestamp_last_reply: Type.Optional(Nullable(DateTime())),
    timestamp_last_interest_change: Type.Optional(Nullable(DateTime())),
    timestamp_last_click: Type.Optional(Nullable(DateTime())),
    timestamp_last_touch: Type.Optional(Nullable(DateTime())),
    enrichment_status: Type.Optional(literals(ENRICHMENT_STATUSES, 'Enrichment status of the lead')),
    list_id: Type.Optional(Nullable(Uuid())),
    uploaded_by_user: Type.Optional(Nullable(Uuid())),
    upload_method: literals(['manual', 'api', 'website-visitor'] as const, 'Method used to upload the lead'),
    assigned_to: Type.Optional(Nullable(Uuid())),
    is_website_visitor: Type.Optional(Nullable(Type.Boolean())),
    esp_code: Type.Optional(literals(ESP_CODES, 'ESP code associated with the lead')),
    esg_code: Type.Optional(literals(ESG_CODES, 'ESG code associated with the lead')),
    // Filled by recorded engagement events (POST /api/v2/lead-events, a Leadbase extension); null until then.
    last_step_from: Type.Optional(Nullable(Type.String({ description: 'Source of the last step: campaign or subsequence' }))),
    last_step_id: Type.Optional(Nullable(Uuid())),
    last_step_timestamp_executed: Type.Optional(Nullable(DateTime())),
    email_opened_step: Type.Optional(Nullable(Type.Number())),
    email_opened_variant: Type.Optional(Nullable(Type.Number())),
    email_replied_step: Type.Optional(Nullable(Type.Number())),
    email_replied_variant: Type.Optional(Nullable(Type.Number())),
    email_clicked_step: Type.Optional(Nullable(Type.Number())),
    email_clicked_variant: Type.Optional(Nullable(Type.Number())),
    status_summary_subseq: Type.Optional(
      Type.Object({ from: Type.Optional(Type.String()), stepID: Type.Optional(Type.String()), timestampExecuted: Type.Optional(DateTime()) }),
    ),
    last_contacted_from: Type.Optional(Nullable(Type.String({ description: 'The sending address of the last contact' }))),
  },
  { title: 'Lead', additionalProperties: false },
);

export const CreateLead = Type.Object(
  {
    campaign: Type.Optional(Nullable(Uuid())),
    list_id: Type.Optional(Nullable(Uuid())),
    ...writableLeadFields,
    skip_if_in_workspace: Type.Optional(Type.Boolean()),
    skip_if_in_campaign: Type.Optional(Type.Boolean()),
    skip_if_in_list: Type.Optional(Type.Boolean()),
    blocklist_id: Type.Optional(Uuid()),
    verify_leads_for_lead_finder: Type.Optional(Type.Boolean()),
    verify_leads_on_import: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const { email: _email, ...patchableFields } = writableLeadFields;
export const UpdateLead = Type.Object(patchableFields, { additionalProperties: false, minProperties: 1 });

export const ListLeadsBody = Type.Object(
  {
    search: Type.Optional(SearchText({ description: 'Matched against first name, last name and e-mail, case-insensitively' })),
    filter: Type.Optional(Type.Unsafe<LeadFilterName>({ type: 'string', enum: [...LEAD_FILTERS] })),
    campaign: Type.Optional(Uuid()),
    list_id: Type.Optional(Uuid()),
    in_campaign: Type.Optional(Type.Boolean()),
    in_list: Type.Optional(Type.Boolean()),
    ids: Type.Optional(Type.Array(Uuid())),
    queries: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
    excluded_ids: Type.Optional(Type.Array(Uuid())),
    // Checked with invalidContactMessage: ajv's "email" format refuses addresses that POST
    // /leads accepts (josé@example.com, jo@bücher.de), and such leads could not be found.
    contacts: Type.Optional(Type.Array(EmailText({ description: 'E-mail addresses, matched without regard to case' }))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
    starting_after: Type.Optional(Type.String()),
    organization_user_ids: Type.Optional(Type.Array(Uuid())),
    smart_view_id: Type.Optional(Uuid()),
    is_website_visitor: Type.Optional(Type.Boolean()),
    distinct_contacts: Type.Optional(Type.Boolean()),
    enrichment_status: Type.Optional(literals(ENRICHMENT_STATUSES, 'Enrichment status to filter leads')),
    esg_code: Type.Optional(literals(['0', '1', '2', '3', '4', 'all', 'none'] as const, 'ESG code to filter leads')),
    // Not in the vendor's body schema, but its `filter` description sends custom labels here.
    interest_status: Type.Optional({ ...InterestStatus, description: 'Only leads with this interest status (lt_interest_status): a built-in one or a lead label\'s value' }),
  },
  { additionalProperties: false },
);

export const DeleteLeadsBody = Type.Object(
  {
    campaign_id: Type.Optional(Uuid()),
    list_id: Type.Optional(Uuid()),
    status: Type.Optional(LeadStatus),
    ids: Type.Optional(Type.Array(Uuid())),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);

/** The 400 message for the first `contacts` entry that is not an e-mail by the rule leads are stored by; null when all are. */
export function invalidContactMessage(contacts: readonly string[] | undefined): string | null {
  const index = (contacts ?? []).findIndex((contact) => !isValidEmail(contact.trim()));
  return index < 0 ? null : `body/contacts/${index} is not a valid e-mail address: "${contacts?.[index] ?? ''}"`;
}

export const DeletedCount = Type.Object({ count: Type.Integer({ description: 'Number of leads deleted.' }) });

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

type WireLead = Static<typeof Lead>;

/**
 * The wire form of a lead: every column the vendor's Lead has; enum fields without a value are
 * left out (undefined: neither the response serializer nor JSON.stringify writes the key). One
 * object literal of fixed shape, with no spread: it runs for every lead of every page and export,
 * and building it this way took about a fifth less CPU (docs/performance.md, "HTTP overhead of a page").
 */
export function leadToWire(row: LeadRow): WireLead {
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
    organization: row.workspace_id,
    campaign: row.campaign_id,
    list_id: row.list_id,
    status: row.status as WireLead['status'],
    email: row.email,
    personalization: row.personalization,
    website: row.website,
    last_name: row.last_name,
    first_name: row.first_name,
    company_name: row.company_name,
    job_title: row.job_title,
    phone: row.phone,
    email_open_count: row.email_open_count,
    email_reply_count: row.email_reply_count,
    email_click_count: row.email_click_count,
    company_domain: row.company_domain,
    status_summary: row.status_summary === null ? {} : { lastStep: stepToWire(row.status_summary) },
    payload: row.payload,
    pl_value_lead: row.pl_value_lead,
    subsequence_id: row.subsequence_id,
    timestamp_added_subsequence: iso(row.timestamp_added_subsequence),
    timestamp_last_contact: iso(row.timestamp_last_contact),
    timestamp_last_open: iso(row.timestamp_last_open),
    timestamp_last_reply: iso(row.timestamp_last_reply),
    timestamp_last_interest_change: iso(row.timestamp_last_interest_change),
    timestamp_last_click: iso(row.timestamp_last_click),
    timestamp_last_touch: iso(row.timestamp_last_touch),
    uploaded_by_user: row.uploaded_by_user,
    upload_method: row.upload_method as WireLead['upload_method'],
    assigned_to: row.assigned_to,
    is_website_visitor: row.is_website_visitor,
    lt_interest_status: row.lt_interest_status ?? undefined,
    verification_status: (row.verification_status ?? undefined) as WireLead['verification_status'],
    enrichment_status: (row.enrichment_status ?? undefined) as WireLead['enrichment_status'],
    esp_code: (row.esp_code ?? undefined) as WireLead['esp_code'],
    esg_code: (row.esg_code ?? undefined) as WireLead['esg_code'],
    last_step_from: row.last_step_from,
    last_step_id: row.last_step_id,
    last_step_timestamp_executed: iso(row.last_step_timestamp_executed),
    email_opened_step: row.email_opened_step,
    email_opened_variant: row.email_opened_variant,
    email_replied_step: row.email_replied_step,
    email_replied_variant: row.email_replied_variant,
    email_clicked_step: row.email_clicked_step,
    email_clicked_variant: row.email_clicked_variant,
    status_summary_subseq: row.status_summary_subseq === null ? {} : subsequenceStepToWire(row.status_summary_subseq),
    last_contacted_from: row.last_contacted_from,
  };
}

/** The vendor spells the step summary two ways: timestamp_executed in status_summary, timestampExecuted in status_summary_subseq. */
function stepToWire(step: StepSummary) {
  return { from: step.from, ...(step.stepID !== null ? { stepID: step.stepID } : {}), timestamp_executed: step.timestamp_executed };
}

function subsequenceStepToWire(step: StepSummary) {
  return { from: step.from, ...(step.stepID !== null ? { stepID: step.stepID } : {}), timestampExecuted: step.timestamp_executed };
}
