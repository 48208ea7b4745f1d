import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { RouteOptions } from 'fastify';
import { CustomValue, CustomValues, DateTime, EmailText, NameText, Nullable, SearchText, TEXT_LIMITS, UrlText } from './common.js';
import { documentErrorAnswers } from './documented-errors.js';

/**
 * Smartlead API v1 requests and answers (spec/vendor/smartlead-v1-*). Lists and campaigns are
 * addressed by integers there; Leadbase keeps one for each (migration 0004).
 */

const Scalar = Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'] });
const Name = () => Type.Optional(Nullable(NameText()));
const Url = () => Type.Optional(Nullable(UrlText()));

export const SmartleadId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
// Query strings are coerced to numbers, and 1e20 is an integer to Ajv but not to PostgreSQL's bigint.
const Offset = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 });

export const SmartleadIdParams = Type.Object({ id: SmartleadId });

/** One lead as Smartlead clients send it; columns of a CSV beyond these become custom variables. */
const smartleadLeadProperties = {
  email: Type.Optional(Nullable(EmailText())),
  first_name: Name(),
  last_name: Name(),
  company: Name(),
  company_name: Name(),
  phone_number: Type.Optional(Type.Unsafe<string | number | null>({ type: ['string', 'number', 'null'], maxLength: TEXT_LIMITS.phone })),
  website: Url(),
  location: Name(),
  linkedin_profile: Url(),
  company_url: Url(),
  custom_fields: Type.Optional(Nullable(CustomValues())),
};
export const SmartleadLeadRow = Type.Object(smartleadLeadProperties, {
  // Columns beyond these become custom variables, so they are bounded as custom variables are.
  additionalProperties: CustomValue,
  maxProperties: TEXT_LIMITS.customVariableKeys + Object.keys(smartleadLeadProperties).length,
  propertyNames: { maxLength: TEXT_LIMITS.customVariableKey },
});

/** The largest batch one request takes: one transaction, one multi-row insert (as /api/v2/leads/add). */
export const MAX_IMPORT_ROWS = 1000;
export const MAX_CAMPAIGN_ROWS = 400;

const ListName = NameText({ minLength: 1 });

/** `listName` as the reference writes it; some clients send `name`. */
export const ListNameBody = Type.Object({ listName: Type.Optional(ListName), name: Type.Optional(ListName) });

export const ListLeadListsQuery = Type.Object({
  listName: Type.Optional(SearchText()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10 })),
  offset: Type.Optional(Offset),
});

const ImportRows = Type.Array(SmartleadLeadRow, { minItems: 1, maxItems: MAX_IMPORT_ROWS });
const AnyObjectOrArray = Type.Unsafe<Record<string, unknown> | unknown[]>({ type: ['object', 'array'] });

export const ImportBody = Type.Object({
  leadList: Type.Optional(ImportRows),
  /** What one popular client sends instead of leadList. */
  leads: Type.Optional(ImportRows),
  fileName: NameText({ minLength: 1 }),
  emailFieldsAdded: Type.Optional(AnyObjectOrArray),
  customFields: Type.Optional(AnyObjectOrArray),
  csvSettings: Type.Optional(Type.Object({ ignoreGlobalBlockList: Type.Optional(Type.Boolean()) })),
});
export type ImportBodyType = Static<typeof ImportBody>;

export const CampaignLeadsBody = Type.Object({
  lead_list: Type.Array(SmartleadLeadRow, { minItems: 1, maxItems: MAX_CAMPAIGN_ROWS }),
  settings: Type.Optional(
    Type.Object({
      ignore_global_block_list: Type.Optional(Type.Boolean()),
      ignore_unsubscribe_list: Type.Optional(Type.Boolean()),
      ignore_community_bounce_list: Type.Optional(Type.Boolean()),
      ignore_duplicate_leads_in_other_campaign: Type.Optional(Type.Boolean()),
    }),
  ),
});

export const OffsetPageQuery = (maxLimit: number, defaultLimit: number) =>
  Type.Object({
    offset: Type.Optional(Offset),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit })),
  });

export const LeadByEmailQuery = Type.Object({ email: EmailText({ minLength: 1 }) });

export const AddDomainBlockListBody = Type.Object({
  domain_block_list: Type.Array(EmailText(), { minItems: 1, maxItems: 1000 }),
  /** Smartlead's sub-account id; Leadbase has one block list per workspace. */
  client_id: Type.Optional(Nullable(Type.Integer())),
});

export const BlockListQuery = Type.Composite([
  OffsetPageQuery(1000, 100),
  Type.Object({ filter_email_or_domain: Type.Optional(SearchText()) }),
]);

/** A lead of a campaign: the campaign's integer id and Smartlead's lead id (one per e-mail). */
export const CampaignLeadParams = Type.Object({ id: SmartleadId, lead_id: SmartleadId });
export const LeadIdParams = Type.Object({ lead_id: SmartleadId });

/** Smartlead's update: the fields of a lead row, with the e-mail required (it identifies the lead). */
export const UpdateCampaignLeadBody = Type.Object(
  { ...smartleadLeadProperties, email: EmailText({ minLength: 1 }) },
  {
    additionalProperties: CustomValue,
    maxProperties: TEXT_LIMITS.customVariableKeys + Object.keys(smartleadLeadProperties).length,
    propertyNames: { maxLength: TEXT_LIMITS.customVariableKey },
  },
);

export const ResumeLeadBody = Type.Object({
  /** Days before the next e-mail; Leadbase sends none, so it is checked and has nothing to delay. */
  resume_lead_with_delay_days: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 3650 }))),
});

export const LeadCategoryBody = Type.Object({
  /** A category of GET /leads/fetch-categories; null clears the lead's category. */
  category_id: Nullable(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  pause_lead: Type.Optional(Type.Boolean()),
});

export const CreateCampaignBody = Type.Object({
  name: Type.Optional(Nullable(NameText())),
  /** Smartlead's sub-account; Leadbase has none, so only null (or no value) is accepted. */
  client_id: Type.Optional(Type.Null({ description: 'Leadbase has no client sub-accounts: send null or leave it out' })),
});

// ---- answers -----------------------------------------------------------------------------

const Ok = Type.Literal(true);
const envelope = <T extends TSchema>(data: T) => Type.Object({ ok: Ok, data });

export const SmartleadLeadList = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  lead_count: Type.Integer(),
  created_at: DateTime(),
});
export const LeadListAnswer = envelope(SmartleadLeadList);
export const LeadListsAnswer = envelope(Type.Array(SmartleadLeadList));

export const ImportCounters = Type.Object({
  total_leads: Type.Integer(),
  imported: Type.Integer(),
  duplicates: Type.Integer(),
  blocked: Type.Integer(),
  invalid_email_count: Type.Integer(),
});
export const ImportAnswer = envelope(Type.Composite([ImportCounters, Type.Object({ import_id: Type.String() })]));
export const ImportsAnswer = envelope(
  Type.Array(Type.Composite([Type.Object({ id: Type.String(), file_name: Type.String(), created_at: DateTime() }), ImportCounters])),
);

export const SmartleadCampaign = Type.Object({
  id: Type.Integer(),
  user_id: Type.Null(),
  client_id: Type.Null(),
  name: Type.String(),
  status: Type.String(),
  created_at: DateTime(),
  updated_at: DateTime(),
});

export const AddCampaignLeadsAnswer = Type.Object({
  ok: Ok,
  upload_count: Type.Integer(),
  total_leads: Type.Integer(),
  block_count: Type.Integer(),
  duplicate_count: Type.Integer(),
  invalid_email_count: Type.Integer(),
  invalid_emails: Type.Array(Type.String()),
  already_added_to_campaign: Type.Integer(),
  unsubscribed_leads: Type.Array(Type.String()),
  is_lead_limit_exhausted: Type.Boolean(),
  lead_import_stopped_count: Type.Integer(),
  bounce_count: Type.Integer(),
  message: Type.Optional(Type.String()),
});
export type AddCampaignLeadsAnswerType = Static<typeof AddCampaignLeadsAnswer>;

export const SmartleadLead = Type.Object({
  id: Type.Integer(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  email: Type.String(),
  phone_number: Nullable(Type.String()),
  company_name: Nullable(Type.String()),
  website: Nullable(Type.String()),
  location: Nullable(Type.String()),
  linkedin_profile: Nullable(Type.String()),
  company_url: Nullable(Type.String()),
  custom_fields: Type.Record(Type.String(), Scalar),
  is_unsubscribed: Type.Boolean(),
  /** Smartlead's per-client unsubscribes; Leadbase has no sub-accounts, so always null. */
  unsubscribed_client_id_map: Type.Null(),
});
export type SmartleadLeadType = Static<typeof SmartleadLead>;

export const CampaignLeadsPage = Type.Object({
  /** A string, as Smartlead sends it (a PostgreSQL count). */
  total_leads: Type.String(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  data: Type.Array(
    Type.Object({
      campaign_lead_map_id: Type.Integer(),
      lead_category_id: Nullable(Type.Integer()),
      status: Type.String(),
      created_at: DateTime(),
      lead: SmartleadLead,
    }),
  ),
});

export const LeadByEmailAnswer = Type.Union([
  Type.Composite([
    SmartleadLead,
    Type.Object({
      created_at: DateTime(),
      lead_campaign_data: Type.Array(
        Type.Object({
          campaign_lead_map_id: Type.Integer(),
          campaign_id: Type.Integer(),
          campaign_name: Type.String(),
          lead_category_id: Nullable(Type.Integer()),
          status: Type.String(),
          client_id: Type.Null(),
        }),
      ),
    }),
  ]),
  Type.Object({}, { additionalProperties: false }),
]);

export const SmartleadBlockEntry = Type.Object({
  id: Type.String(),
  email_or_domain: Type.String(),
  created_at: DateTime(),
  source: Type.String(),
});

export const AddDomainBlockListAnswer = Type.Object({
  ok: Ok,
  message: Type.String(),
  data: Type.Array(SmartleadBlockEntry),
  valid_count: Type.Integer(),
  invalid_count: Type.Integer(),
  invalid_values: Type.Array(Type.String()),
});

/** `{ok: true}` and the other small acknowledgements of the per-lead operations, as each page shows it. */
export const OkAnswer = Type.Object({ ok: Ok });
export const OkDataAnswer = Type.Object({ ok: Ok, data: Type.String() });
export const OkMessageAnswer = Type.Object({ ok: Ok, message: Type.String() });
/** The campaign unsubscribe page answers `{success, message}`; `ok` is there too, as on every other v1 acknowledgement. */
export const UnsubscribeAnswer = Type.Object({ ok: Ok, success: Ok, message: Type.String() });

export const LeadCategory = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  sentiment_type: Type.Union([Type.Literal('positive'), Type.Literal('negative'), Type.Literal('neutral')]),
  created_at: DateTime(),
});

export const LeadCampaign = Type.Object({ id: Type.Integer(), status: Type.String(), name: Type.String() });

export const CreateCampaignAnswer = Type.Object({ ok: Ok, id: Type.Integer(), name: Type.String(), created_at: DateTime() });

// ---- errors and the generated document ---------------------------------------------------

/** Smartlead's 401 body, exactly: clients compare the message. */
export const SmartleadUnauthorized = Type.Object(
  { message: Type.Literal('Invalid API Key') },
  { additionalProperties: false, title: 'SmartleadUnauthorized', description: "Smartlead's answer to a missing, unknown or revoked `api_key`." },
);

export const SMARTLEAD_TAG = 'Smartlead API v1';

/**
 * Every /api/v1 route as the generated document shows it: under its own tag, authenticated by
 * `?api_key=` (not the v2 Bearer scheme), answering Smartlead's 401 body, a 403 when the key
 * lacks the scope, and a 429 from the rate limit, besides the errors every route can give.
 */
export function documentSmartleadRoute(route: RouteOptions): void {
  const schema = route.schema ?? {};
  route.schema = { tags: [SMARTLEAD_TAG], ...schema, security: [{ SmartleadApiKey: [] }] };
  route.schema.response = { ...(schema.response as Record<string, unknown> | undefined), 401: SmartleadUnauthorized };
  documentErrorAnswers(route, [403, 429]);
}
