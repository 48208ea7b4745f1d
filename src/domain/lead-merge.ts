import { companyDomainOf } from './company-domain.js';
import { emailKey } from './email.js';

/**
 * The rules of POST /leads/merge: which value the surviving (destination) lead keeps for each
 * field when the source lead is merged into it. docs/merge-and-subsequences.md states them for
 * clients; every rule has a test in test/unit/lead-merge.test.ts.
 */

export type Scalar = string | number | boolean | null;
export const UNSUBSCRIBED = -2;

/** The lead fields merging reads, as the store holds them. */
export interface MergeableLead {
  campaign_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  job_title: string | null;
  phone: string | null;
  website: string | null;
  personalization: string | null;
  pl_value_lead: string | null;
  payload: Record<string, Scalar> | null;
  status: number;
  lt_interest_status: number | null;
  timestamp_last_interest_change: Date | null;
  assigned_to: string | null;
  uploaded_by_user: string | null;
  verification_status: number | null;
  enrichment_status: number | null;
  esp_code: number | null;
  esg_code: number | null;
  is_website_visitor: boolean | null;
  subsequence_id: string | null;
  timestamp_added_subsequence: Date | null;
  email_open_count: number;
  email_reply_count: number;
  email_click_count: number;
  timestamp_last_contact: Date | null;
  timestamp_last_open: Date | null;
  timestamp_last_reply: Date | null;
  timestamp_last_click: Date | null;
  timestamp_last_touch: Date | null;
}

/** What the destination becomes; its id, workspace, campaign, list and creation time do not change. */
export type MergedLead = Omit<MergeableLead, 'campaign_id'> & { company_domain: string };

/** A gap the other lead may fill: nothing, or only white space (what an empty CSV cell leaves). */
export function isMissing(value: Scalar | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The destination's value unless it is missing; then the source's (which may be missing too). */
export function fill<T extends Scalar>(destination: T, source: T): T {
  return isMissing(destination) && !isMissing(source) ? source : destination;
}

/** The later of two moments; a missing one never wins. */
export function later(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.getTime() > a.getTime() ? b : a;
}

/** Key by key: every key of either payload, the destination's value unless it is missing. */
export function mergePayload(destination: Record<string, Scalar> | null, source: Record<string, Scalar> | null): Record<string, Scalar> | null {
  if (destination === null || source === null) return destination ?? source;
  const merged: Record<string, Scalar> = { ...source };
  for (const [key, value] of Object.entries(destination)) merged[key] = fill(value, source[key] ?? null);
  return merged;
}

/**
 * The e-mail with what describes that address (verification, ESP and ESG codes) as one group,
 * so a verification result never lands on an address it was not made for. The destination's
 * group when it has an address, the source's when only the source has one; when both hold the
 * same address (any case), the source fills the group's gaps.
 */
function emailGroup(d: MergeableLead, s: MergeableLead) {
  const group = (l: MergeableLead) => ({ email: l.email, verification_status: l.verification_status, esp_code: l.esp_code, esg_code: l.esg_code });
  if (isMissing(d.email) && !isMissing(s.email)) return group(s);
  const sameAddress = d.email !== null && s.email !== null && emailKey(d.email.trim()) === emailKey(s.email.trim());
  if (!sameAddress) return group(d);
  return { email: d.email, verification_status: fill(d.verification_status, s.verification_status), esp_code: fill(d.esp_code, s.esp_code), esg_code: fill(d.esg_code, s.esg_code) };
}

export function mergeLeads(destination: MergeableLead, source: MergeableLead): MergedLead {
  const d = destination;
  const s = source;
  const emailFields = emailGroup(d, s);
  const website = fill(d.website, s.website);
  // The interest status and the moment it changed travel together.
  const interest = d.lt_interest_status === null && s.lt_interest_status !== null ? s : d;
  // A subsequence belongs to one campaign: the source's can only follow into the same campaign.
  const subsequence = d.subsequence_id === null && s.subsequence_id !== null && s.campaign_id !== null && s.campaign_id === d.campaign_id ? s : d;
  return {
    ...emailFields,
    first_name: fill(d.first_name, s.first_name),
    last_name: fill(d.last_name, s.last_name),
    company_name: fill(d.company_name, s.company_name),
    job_title: fill(d.job_title, s.job_title),
    phone: fill(d.phone, s.phone),
    website,
    personalization: fill(d.personalization, s.personalization),
    pl_value_lead: fill(d.pl_value_lead, s.pl_value_lead),
    company_domain: companyDomainOf(emailFields.email, website),
    payload: mergePayload(d.payload, s.payload),
    // A person who unsubscribed stays unsubscribed whichever record they asked from.
    status: s.status === UNSUBSCRIBED ? UNSUBSCRIBED : d.status,
    lt_interest_status: interest.lt_interest_status,
    timestamp_last_interest_change: interest.timestamp_last_interest_change,
    assigned_to: fill(d.assigned_to, s.assigned_to),
    uploaded_by_user: fill(d.uploaded_by_user, s.uploaded_by_user),
    enrichment_status: fill(d.enrichment_status, s.enrichment_status),
    // A visit is a fact about the person: either record having seen one is enough.
    is_website_visitor: d.is_website_visitor === true || s.is_website_visitor === true ? true : fill(d.is_website_visitor, s.is_website_visitor),
    subsequence_id: subsequence.subsequence_id,
    timestamp_added_subsequence: subsequence.timestamp_added_subsequence,
    email_open_count: d.email_open_count + s.email_open_count,
    email_reply_count: d.email_reply_count + s.email_reply_count,
    email_click_count: d.email_click_count + s.email_click_count,
    timestamp_last_contact: later(d.timestamp_last_contact, s.timestamp_last_contact),
    timestamp_last_open: later(d.timestamp_last_open, s.timestamp_last_open),
    timestamp_last_reply: later(d.timestamp_last_reply, s.timestamp_last_reply),
    timestamp_last_click: later(d.timestamp_last_click, s.timestamp_last_click),
    timestamp_last_touch: later(d.timestamp_last_touch, s.timestamp_last_touch),
  };
}

/** Payload keys the merge gave the destination, which its campaign's custom variables must list. */
export function payloadKeysGained(destination: MergeableLead, merged: MergedLead): string[] {
  const had = new Set(Object.keys(destination.payload ?? {}));
  return Object.keys(merged.payload ?? {}).filter((key) => !had.has(key));
}
