import { type ObjectOptions, type Static, type TProperties, Type } from '@sinclair/typebox';
import type { CampaignRow } from '../../store/campaign-repository.js';
import { DateTime, EmailBodyText, EmailText, LongText, NameText, Nullable, SearchText, Uuid } from './common.js';
import { CAMPAIGN_TIMEZONES } from './vendor-enums.js';

const enumOf = <T extends string | number>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: typeof values[0] === 'number' ? 'number' : 'string', enum: [...values] });

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):([0-5][0-9])$' });
const dayProperties = Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, Type.Optional(Type.Boolean())]));

/**
 * Nested settings objects drop unknown fields as the top level does (validation removes them), so
 * nothing a client invents is stored out of sight.
 */
const Closed = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

const CampaignSchedule = Closed({
  start_date: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  end_date: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  schedules: Type.Array(
    Closed({
      name: NameText(),
      timing: Closed({ from: Time, to: Time }),
      // Rejected rather than dropped: a "7" meant as Sunday would otherwise leave a day silently unsent.
      days: Type.Object(dayProperties, {
        minProperties: 1,
        additionalProperties: Type.Never(),
        description: 'The weekdays to send on, keyed 0 (Sunday) to 6 (Saturday)',
      }),
      timezone: enumOf(CAMPAIGN_TIMEZONES),
    }),
    { minItems: 1 },
  ),
});

const DelayUnit = enumOf(['minutes', 'hours', 'days'] as const);
const Sequence = Closed({
  steps: Type.Array(
    Closed({
      type: enumOf(['email'] as const),
      delay: Type.Number(),
      delay_unit: Type.Optional(DelayUnit),
      pre_delay: Type.Optional(Type.Number()),
      pre_delay_unit: Type.Optional(DelayUnit),
      variants: Type.Array(Closed({ subject: LongText(), body: EmailBodyText(), v_disabled: Type.Optional(Type.Boolean()) })),
    }),
  ),
});
const Esp = enumOf(['all', 'google', 'outlook', 'other'] as const);

/** The writable campaign settings, stored as given; name and owned_by have columns of their own. */
const settingsProperties = {
  pl_value: Type.Optional(Nullable(Type.Number())),
  is_evergreen: Type.Optional(Nullable(Type.Boolean())),
  campaign_schedule: CampaignSchedule,
  sequences: Type.Optional(Type.Array(Sequence)),
  email_gap: Type.Optional(Nullable(Type.Number())),
  random_wait_max: Type.Optional(Nullable(Type.Number())),
  text_only: Type.Optional(Nullable(Type.Boolean())),
  first_email_text_only: Type.Optional(Nullable(Type.Boolean())),
  email_list: Type.Optional(Type.Array(EmailText())),
  daily_limit: Type.Optional(Nullable(Type.Number())),
  stop_on_reply: Type.Optional(Nullable(Type.Boolean())),
  email_tag_list: Type.Optional(Type.Array(Uuid())),
  link_tracking: Type.Optional(Nullable(Type.Boolean())),
  open_tracking: Type.Optional(Type.Boolean()),
  stop_on_auto_reply: Type.Optional(Nullable(Type.Boolean())),
  daily_max_leads: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  prioritize_new_leads: Type.Optional(Nullable(Type.Boolean())),
  auto_variant_select: Type.Optional(
    Type.Union([Closed({ trigger: enumOf(['reply_rate', 'click_rate', 'open_rate'] as const) }), Type.Null()]),
  ),
  match_lead_esp: Type.Optional(Nullable(Type.Boolean())),
  stop_for_company: Type.Optional(Nullable(Type.Boolean())),
  insert_unsubscribe_header: Type.Optional(Nullable(Type.Boolean())),
  allow_risky_contacts: Type.Optional(Nullable(Type.Boolean())),
  disable_bounce_protect: Type.Optional(Nullable(Type.Boolean())),
  limit_emails_per_company_override: Type.Optional(
    Type.Union([
      Closed({
        mode: enumOf(['custom', 'disabled'] as const),
        daily_limit: Type.Optional(Type.Number({ minimum: 1 })),
        scope: Type.Optional(enumOf(['per_campaign', 'across_workspace'] as const)),
      }),
      Type.Null(),
    ]),
  ),
  cc_list: Type.Optional(Type.Array(Type.String({ format: 'email' }))),
  bcc_list: Type.Optional(Type.Array(Type.String({ format: 'email' }))),
  ai_sdr_id: Type.Optional(Nullable(Uuid())),
  provider_routing_rules: Type.Optional(
    Type.Array(Closed({ action: enumOf(['send', 'do_not_send'] as const), recipient_esp: Type.Array(Esp), sender_esp: Type.Array(Esp) })),
  ),
};

export const CAMPAIGN_STATUSES = [-99, -1, -2, 0, 1, 2, 3, 4] as const;

export const Campaign = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    status: enumOf(CAMPAIGN_STATUSES),
    ...settingsProperties,
    timestamp_created: DateTime(),
    timestamp_updated: DateTime(),
    custom_variables: Type.Optional(Nullable(Type.Object({}, { additionalProperties: true }))),
    organization: Type.Optional(Nullable(Uuid())),
    owned_by: Type.Optional(Nullable(Uuid())),
  },
  { title: 'Campaign', additionalProperties: false },
);

export const CreateCampaign = Type.Object(
  { name: NameText({ minLength: 1 }), owned_by: Type.Optional(Nullable(Uuid())), ...settingsProperties },
  { additionalProperties: false },
);

export const UpdateCampaign = Type.Object(
  {
    name: Type.Optional(NameText({ minLength: 1 })),
    owned_by: Type.Optional(Nullable(Uuid())),
    ...settingsProperties,
    campaign_schedule: Type.Optional(CampaignSchedule),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CampaignListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
  starting_after: Type.Optional(Uuid({ description: 'The ID of the last item in the previous page' })),
  search: Type.Optional(SearchText({ description: 'Search by campaign name' })),
  status: Type.Optional(enumOf(CAMPAIGN_STATUSES)),
  exclude_status: Type.Optional(enumOf(CAMPAIGN_STATUSES)),
  tag_ids: Type.Optional(
    Type.String({ maxLength: 37 * 1000, description: 'Only campaigns carrying any of these custom tags (comma-separated tag ids).' }),
  ),
  ai_sales_agent_id: Type.Optional(
    Uuid({ description: 'Campaigns created by this AI Sales Agent. Leadbase has no AI sales agents, so no campaign has one: the page is empty.' }),
  ),
});

export const CampaignContactSearchQuery = Type.Object({
  search: Type.Optional(EmailText({ description: 'The lead e-mail: campaigns holding a lead with it (case-insensitive). Without it, every campaign.' })),
  sort_column: Type.Optional(Type.Unsafe<'timestamp_created' | 'name'>({ type: 'string', enum: ['timestamp_created', 'name'], default: 'timestamp_created' })),
  sort_order: Type.Optional(Type.Unsafe<'asc' | 'desc'>({ type: 'string', enum: ['asc', 'desc'], default: 'asc' })),
});

/** Splits a create or update body into the columns and the settings document. */
export function splitCampaignBody(body: Static<typeof CreateCampaign> | Static<typeof UpdateCampaign>): {
  name?: string;
  owned_by?: string | null;
  settings: Record<string, unknown>;
} {
  const { name, owned_by, ...settings } = body;
  return { ...(name !== undefined ? { name } : {}), ...(owned_by !== undefined ? { owned_by } : {}), settings };
}

type CampaignWire = Static<typeof Campaign>;
type CampaignStatus = CampaignWire['status'];
/** The settings document as CreateCampaign and UpdateCampaign validated it before it was stored. */
const StoredSettings = Type.Object(settingsProperties);

function campaignStatus(value: number): CampaignStatus {
  const status = CAMPAIGN_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`campaign status ${value} is not one the vendor defines`);
  return status;
}

export function campaignToWire(row: CampaignRow): CampaignWire {
  return {
    ...(row.settings as Static<typeof StoredSettings>),
    id: row.id,
    name: row.name,
    status: campaignStatus(row.status),
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
    custom_variables: row.custom_variables,
    organization: row.workspace_id,
    owned_by: row.owned_by,
  };
}
