import { isBlocked } from './block-list.js';
import { cleanEmail, emailKey, isValidEmail } from './email.js';

/**
 * The rules of bulk add, as pure functions. Every lead of a request ends in exactly one outcome,
 * decided in this order of precedence:
 *   1. incomplete       a list lead with no e-mail, first name or last name
 *   2. invalid_email    a malformed e-mail, or none where one is needed (campaigns)
 *   3. duplicate_email  the same e-mail (any case) earlier in the same request
 *   4. in_blocklist     the e-mail or its domain is on the block list
 *   5. skipped          a skip_if_in_* flag found the e-mail elsewhere in the workspace
 *   6. duplicated_lead  the e-mail is already in this campaign or list
 *   7. created
 */
export type TargetKind = 'campaign' | 'list';
export type Outcome = 'created' | 'incomplete' | 'invalid_email' | 'duplicate_email' | 'in_blocklist' | 'skipped' | 'duplicated_lead';

export interface LeadInput {
  email?: string | null | undefined;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
}

export interface Candidate<L extends LeadInput> {
  index: number;
  lead: L;
  email: string | null;
  emailKey: string | null;
}

export interface Decision {
  index: number;
  outcome: Outcome;
}

const present = (value: string | null | undefined) => value !== null && value !== undefined && value.trim() !== '';

/** Steps 1 to 3: what can be decided from the request alone. */
export function screenBatch<L extends LeadInput>(leads: readonly L[], target: TargetKind): { rejected: Decision[]; candidates: Candidate<L>[] } {
  const rejected: Decision[] = [];
  const candidates: Candidate<L>[] = [];
  const seen = new Set<string>();
  leads.forEach((lead, index) => {
    const email = cleanEmail(lead.email);
    if (target === 'list' && email === null && !present(lead.first_name) && !present(lead.last_name)) {
      rejected.push({ index, outcome: 'incomplete' });
      return;
    }
    if ((target === 'campaign' && email === null) || (email !== null && !isValidEmail(email))) {
      rejected.push({ index, outcome: 'invalid_email' });
      return;
    }
    const key = email === null ? null : emailKey(email);
    if (key !== null) {
      if (seen.has(key)) {
        rejected.push({ index, outcome: 'duplicate_email' });
        return;
      }
      seen.add(key);
    }
    candidates.push({ index, lead, email, emailKey: key });
  });
  return { rejected, candidates };
}

/** Where an e-mail already is in the workspace. */
export interface Presence {
  inTarget: boolean;
  inAnyCampaign: boolean;
  inAnyList: boolean;
}

export interface SkipFlags {
  skip_if_in_workspace?: boolean | undefined;
  skip_if_in_campaign?: boolean | undefined;
  skip_if_in_list?: boolean | undefined;
}

function skippedBy(flags: SkipFlags, presence: Presence | undefined): boolean {
  if (presence === undefined) return false;
  // skip_if_in_workspace overrides the other two flags.
  if (flags.skip_if_in_workspace === true) return presence.inAnyCampaign || presence.inAnyList;
  return (flags.skip_if_in_campaign === true && presence.inAnyCampaign) || (flags.skip_if_in_list === true && presence.inAnyList);
}

/** Steps 4 to 7, given what the database holds for the candidates' e-mails. */
export function decideCandidates<L extends LeadInput>(
  candidates: readonly Candidate<L>[],
  context: { blockedValues: ReadonlySet<string>; presence: ReadonlyMap<string, Presence>; flags: SkipFlags },
): { toCreate: Candidate<L>[]; decisions: Decision[] } {
  const toCreate: Candidate<L>[] = [];
  const decisions: Decision[] = [];
  for (const candidate of candidates) {
    const key = candidate.emailKey;
    const presence = key === null ? undefined : context.presence.get(key);
    if (key !== null && isBlocked(key, context.blockedValues)) decisions.push({ index: candidate.index, outcome: 'in_blocklist' });
    else if (skippedBy(context.flags, presence)) decisions.push({ index: candidate.index, outcome: 'skipped' });
    else if (presence?.inTarget === true) decisions.push({ index: candidate.index, outcome: 'duplicated_lead' });
    else toCreate.push(candidate);
  }
  return { toCreate, decisions };
}

/** The response counters of bulk add, in the vendor's order. */
export const COUNTER_NAMES = [
  'total_sent',
  'leads_uploaded',
  'in_blocklist',
  'duplicated_leads',
  'skipped_count',
  'invalid_email_count',
  'incomplete_count',
  'duplicate_email_count',
] as const;

export type Counters = Record<(typeof COUNTER_NAMES)[number], number>;

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;
}

const counterOf: Record<Outcome, Exclude<keyof Counters, 'total_sent'>> = {
  created: 'leads_uploaded',
  incomplete: 'incomplete_count',
  invalid_email: 'invalid_email_count',
  duplicate_email: 'duplicate_email_count',
  in_blocklist: 'in_blocklist',
  skipped: 'skipped_count',
  duplicated_lead: 'duplicated_leads',
};

/** The response counters: total_sent is always the sum of the others. */
export function countOutcomes(total: number, decisions: readonly Decision[]): Counters {
  const counters: Counters = { ...emptyCounters(), total_sent: total };
  for (const decision of decisions) counters[counterOf[decision.outcome]]++;
  return counters;
}
