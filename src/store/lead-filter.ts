import { type ExpressionBuilder, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from './database.js';
import { emailKey } from '../domain/email.js';
import type { LeadFilterName } from '../domain/lead-filters.js';
import { containsPattern } from './like.js';
import { LEAD_SEARCH_KEY, SEARCH_KEY_IGNORED } from './migrations/0014-lead-search-key.js';

// The names are domain vocabulary (job payloads use them too); re-exported for the HTTP schemas.
export { LEAD_FILTERS, type LeadFilterName } from '../domain/lead-filters.js';

export interface LeadFilter {
  search?: string | undefined;
  filter?: LeadFilterName | undefined;
  campaign?: string | undefined;
  list_id?: string | undefined;
  in_campaign?: boolean | undefined;
  in_list?: boolean | undefined;
  ids?: string[] | undefined;
  excluded_ids?: string[] | undefined;
  contacts?: string[] | undefined;
  organization_user_ids?: string[] | undefined;
  is_website_visitor?: boolean | undefined;
  enrichment_status?: number | undefined;
  esg_code?: string | undefined;
  /** lt_interest_status equal to this (built-in or a lead label's value): the vendor's `filter` points here for custom labels. */
  interest_status?: number | undefined;
}

type Eb = ExpressionBuilder<Database, 'leads'>;

/**
 * `any($1::type[])` / `all($1::type[])`: the whole list travels as one parameter. `IN (…)` takes
 * one parameter per value and fails past PostgreSQL's 65,535, and nothing bounds these arrays.
 */
export const anyOf = (values: readonly string[], type: 'uuid' | 'text'): RawBuilder<string> => sql<string>`any(${values}::${sql.raw(type)}[])`;
const allOf = (values: readonly string[], type: 'uuid' | 'text'): RawBuilder<string> => sql<string>`all(${values}::${sql.raw(type)}[])`;

const interestFilters: Partial<Record<LeadFilterName, number>> = {
  FILTER_LEAD_INTERESTED: 1,
  FILTER_LEAD_MEETING_BOOKED: 2,
  FILTER_LEAD_MEETING_COMPLETED: 3,
  FILTER_LEAD_CLOSED: 4,
  FILTER_LEAD_OUT_OF_OFFICE: 0,
  FILTER_LEAD_NOT_INTERESTED: -1,
  FILTER_LEAD_WRONG_PERSON: -2,
  FILTER_LEAD_LOST: -3,
  FILTER_LEAD_NO_SHOW: -4,
};

const statusFilters: Partial<Record<LeadFilterName, number>> = {
  FILTER_VAL_ACTIVE: 1,
  FILTER_VAL_COMPLETED: 3,
  FILTER_VAL_BOUNCED: -1,
  FILTER_VAL_UNSUBSCRIBED: -2,
  FILTER_VAL_SKIPPED: -3,
};

const verificationFilters: Partial<Record<LeadFilterName, number>> = {
  FILTER_VAL_VALID: 1,
  FILTER_VAL_INVALID: -1,
  FILTER_VAL_RISKY: -2,
};

function namedFilter(eb: Eb, workspaceId: string, name: LeadFilterName): Expression<SqlBool> {
  const interest = interestFilters[name];
  if (interest !== undefined) return eb('lt_interest_status', '=', interest);
  const status = statusFilters[name];
  if (status !== undefined) return eb('status', '=', status);
  const verification = verificationFilters[name];
  if (verification !== undefined) return eb('verification_status', '=', verification);
  switch (name) {
    case 'FILTER_VAL_CONTACTED':
      return eb('timestamp_last_contact', 'is not', null);
    case 'FILTER_VAL_NOT_CONTACTED':
      return eb('timestamp_last_contact', 'is', null);
    case 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE':
    case 'FILTER_LEAD_CUSTOM_LABEL_NEGATIVE':
      return eb(
        'lt_interest_status',
        'in',
        eb
          .selectFrom('lead_labels')
          .select('lead_labels.interest_status')
          .where('lead_labels.workspace_id', '=', workspaceId)
          .where('lead_labels.interest_status_label', '=', name === 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE' ? 'positive' : 'negative'),
      );
    case 'FILTER_VAL_IN_SUBSEQUENCE':
      return eb('subsequence_id', 'is not', null);
    case 'FILTER_VAL_OPENED_NO_REPLY':
      return eb.and([eb('email_open_count', '>', 0), eb('email_reply_count', '=', 0)]);
    case 'FILTER_VAL_COMPLETED_NO_REPLY':
      return eb.and([eb('status', '=', 3), eb('email_reply_count', '=', 0)]);
    case 'FILTER_VAL_NO_OPENS':
      return eb.and([eb('timestamp_last_contact', 'is not', null), eb('email_open_count', '=', 0)]);
    case 'FILTER_VAL_REPLIED':
      return eb('email_reply_count', '>', 0);
    case 'FILTER_VAL_LINK_CLICKED':
      return eb('email_click_count', '>', 0);
    default:
      throw new Error(`unhandled lead filter ${name}`);
  }
}

export interface LeadSearch {
  /** The ILIKE pattern of the user's text: what the exact per-field condition tests. */
  pattern: string;
  /** The ILIKE pattern of the text without SEARCH_KEY_IGNORED, tested against LEAD_SEARCH_KEY. */
  keyPattern: string;
  /** Whether the trigram index can answer it: the key has three letters or digits in a row. */
  indexable: boolean;
}

const IGNORED_BY_SEARCH = new RegExp(`[${SEARCH_KEY_IGNORED.replace(/[\\\]^-]/g, (c) => `\\${c}`)}]`, 'g');

/** The search a filter asks for, if any: surrounding spaces are not part of it. */
export function searchOf(f: LeadFilter): LeadSearch | undefined {
  const text = f.search?.trim();
  if (text === undefined || text === '') return undefined;
  const key = text.replace(IGNORED_BY_SEARCH, '');
  return { pattern: containsPattern(text), keyPattern: containsPattern(key), indexable: /[\p{L}\p{N}]{3}/u.test(key) };
}

/**
 * The vendor's search: a substring of the first name, the last name, "first last" or the e-mail,
 * in any case. LEAD_SEARCH_KEY (the fields run together, without the separators of names and
 * e-mails) contains the text without them, so one ILIKE over the key is a necessary condition,
 * and the cheap one: one case fold per lead instead of four. With `useIndex` it has the very
 * form of the trigram index of migration 0014, which then answers it; without, it is written so
 * that no index matches (a text with no trigram would make the trigram index read all of itself). The exact
 * per-field test judges what passes: the key also holds texts no field does ("lovelaceada" from
 * a last name and an e-mail, "ab" where the e-mail says "a.b"). Column names are unqualified so
 * that it also judges the rows of a subquery over leads.
 */
export function searchCondition(search: LeadSearch, useIndex: boolean): RawBuilder<SqlBool> {
  const p = search.pattern;
  const k = search.keyPattern;
  const key = useIndex ? sql<SqlBool>`${sql.raw(LEAD_SEARCH_KEY)} ILIKE ${k}` : sql<SqlBool>`lower(${sql.raw(LEAD_SEARCH_KEY)}) LIKE lower(${k})`;
  const exact = sql<SqlBool>`(first_name ILIKE ${p} OR last_name ILIKE ${p} OR email ILIKE ${p} OR concat_ws(' ', first_name, last_name) ILIKE ${p})`;
  // As two ANDed conditions the planner would test the four ILIKEs first (it orders conditions by
  // their cost, and the key costs more to build): CASE fixes the order. The index form must stay
  // a condition of its own, or the planner does not see that the index answers it.
  return useIndex ? sql<SqlBool>`(${key} AND ${exact})` : sql<SqlBool>`CASE WHEN ${key} THEN ${exact} ELSE false END`;
}

/** Every condition of a LeadFilter, ANDed, always inside the given workspace. */
export function leadFilterCondition(eb: Eb, workspaceId: string, f: LeadFilter): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('leads.workspace_id', '=', workspaceId)];
  const search = searchOf(f);
  if (search !== undefined) {
    // The first condition is what the trigram index answers (it holds whenever one of the exact
    // ones does); the exact ones then judge the few rows it returns. A text without three letters
    // or digits in a row gives the index no trigram to look up: it would read the whole index.
    conditions.push(searchCondition(search, search.indexable));
  }
  if (f.filter !== undefined) conditions.push(namedFilter(eb, workspaceId, f.filter));
  if (f.campaign !== undefined) conditions.push(eb('campaign_id', '=', f.campaign));
  if (f.list_id !== undefined) conditions.push(eb('list_id', '=', f.list_id));
  if (f.in_campaign !== undefined) conditions.push(eb('campaign_id', f.in_campaign ? 'is not' : 'is', null));
  if (f.in_list !== undefined) conditions.push(eb('list_id', f.in_list ? 'is not' : 'is', null));
  if (f.ids !== undefined) conditions.push(f.ids.length === 0 ? eb.lit(false) : eb('leads.id', '=', anyOf(f.ids, 'uuid')));
  if (f.excluded_ids !== undefined && f.excluded_ids.length > 0) conditions.push(eb('leads.id', '<>', allOf(f.excluded_ids, 'uuid')));
  if (f.contacts !== undefined) {
    const keys = f.contacts.map(emailKey);
    conditions.push(keys.length === 0 ? eb.lit(false) : eb('email_key', '=', anyOf(keys, 'text')));
  }
  if (f.organization_user_ids !== undefined) {
    conditions.push(f.organization_user_ids.length === 0 ? eb.lit(false) : eb('assigned_to', '=', anyOf(f.organization_user_ids, 'uuid')));
  }
  if (f.is_website_visitor !== undefined) {
    conditions.push(f.is_website_visitor ? eb('is_website_visitor', '=', true) : eb.or([eb('is_website_visitor', '=', false), eb('is_website_visitor', 'is', null)]));
  }
  if (f.enrichment_status !== undefined) conditions.push(eb('enrichment_status', '=', f.enrichment_status));
  if (f.esg_code !== undefined && f.esg_code !== 'all') {
    conditions.push(f.esg_code === 'none' ? eb('esg_code', 'is', null) : eb('esg_code', '=', Number(f.esg_code)));
  }
  if (f.interest_status !== undefined) conditions.push(eb('lt_interest_status', '=', f.interest_status));
  return eb.and(conditions);
}
