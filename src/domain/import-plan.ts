import { blockingValue } from './block-list.js';
import { cleanEmail, emailKey, isValidEmail } from './email.js';

/**
 * The rules of bulk add, as pure functions. Every lead of a request ends in exactly one outcome,
 * decided in this order of precedence:
 *   1. incomplete       a list lead with no e-mail, first name or last name
 *   2. invalid_email    a malformed e-mail, or none where one is needed (campaigns)
 *   3. duplicate_email  the same e-mail (any case) earlier in the same request
 *   4. in_blocklist     the e-mail or its domain is on the block list
 *   4b. unsubscribed    the e-mail unsubscribed in this workspace (only when the caller asks:
 *                       Smartlead's campaign add without ignore_unsubscribe_list)
 *   5. skipped          a skip_if_in_* flag found the e-mail elsewhere in the workspace
 *   6. duplicated_lead  the e-mail is already in this campaign or list
 *   7. created
 */
/** Where intake puts leads: a campaign, a list, or the workspace alone (a lead with neither). */
export type TargetKind = 'campaign' | 'list' | 'workspace';
/** Where a skip flag found an e-mail: "workspace" is a lead with no campaign and no list. */
export type FoundIn = 'campaign' | 'list' | 'workspace';
export const OUTCOMES = ['created', 'incomplete', 'invalid_email', 'duplicate_email', 'in_blocklist', 'unsubscribed', 'skipped', 'duplicated_lead'] as const;
export type Outcome = (typeof OUTCOMES)[number];

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

export type SkipFlagName = 'skip_if_in_workspace' | 'skip_if_in_campaign' | 'skip_if_in_list';

/**
 * One lead's outcome and, where the plan knows it, what decided it: enough to tell a person
 * why that row ended where it did (see outcomeReason).
 */
export interface Decision {
  index: number;
  outcome: Outcome;
  /** duplicate_email: the position of the earlier lead with the same e-mail. */
  earlierIndex?: number;
  /** in_blocklist: the block list value that matched (an address or a domain). */
  blockedBy?: string;
  /** skipped: the flag that skipped it and where the e-mail was found. */
  skip?: { flag: SkipFlagName; foundIn: FoundIn };
  /** created: the new lead; skipped or duplicated_lead: the lead that was already there, when known. */
  leadId?: string;
}

const present = (value: string | null | undefined) => value !== null && value !== undefined && value.trim() !== '';

/** Steps 1 to 3: what can be decided from the request alone. */
export function screenBatch<L extends LeadInput>(leads: readonly L[], target: TargetKind): { rejected: Decision[]; candidates: Candidate<L>[] } {
  const rejected: Decision[] = [];
  const candidates: Candidate<L>[] = [];
  const seen = new Map<string, number>();
  leads.forEach((lead, index) => {
    const email = cleanEmail(lead.email);
    // A workspace lead is held to a list lead's rule: something to know the person by.
    if (target !== 'campaign' && email === null && !present(lead.first_name) && !present(lead.last_name)) {
      rejected.push({ index, outcome: 'incomplete' });
      return;
    }
    if ((target === 'campaign' && email === null) || (email !== null && !isValidEmail(email))) {
      rejected.push({ index, outcome: 'invalid_email' });
      return;
    }
    const key = email === null ? null : emailKey(email);
    if (key !== null) {
      const earlierIndex = seen.get(key);
      if (earlierIndex !== undefined) {
        rejected.push({ index, outcome: 'duplicate_email', earlierIndex });
        return;
      }
      seen.set(key, index);
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
  /** A lead with the e-mail and neither campaign nor list. */
  inWorkspaceLeads?: boolean | undefined;
  /** One lead with the e-mail in the target, in a campaign, in a list (null: none, undefined: not looked up). */
  targetLeadId?: string | null | undefined;
  campaignLeadId?: string | null | undefined;
  listLeadId?: string | null | undefined;
  workspaceLeadId?: string | null | undefined;
}

export interface SkipFlags {
  skip_if_in_workspace?: boolean | undefined;
  skip_if_in_campaign?: boolean | undefined;
  skip_if_in_list?: boolean | undefined;
}

function skippedBy(flags: SkipFlags, presence: Presence | undefined): Decision['skip'] {
  if (presence === undefined) return undefined;
  // skip_if_in_workspace overrides the other two flags.
  if (flags.skip_if_in_workspace === true) {
    if (presence.inAnyCampaign) return { flag: 'skip_if_in_workspace', foundIn: 'campaign' };
    if (presence.inAnyList) return { flag: 'skip_if_in_workspace', foundIn: 'list' };
    return presence.inWorkspaceLeads === true ? { flag: 'skip_if_in_workspace', foundIn: 'workspace' } : undefined;
  }
  if (flags.skip_if_in_campaign === true && presence.inAnyCampaign) return { flag: 'skip_if_in_campaign', foundIn: 'campaign' };
  if (flags.skip_if_in_list === true && presence.inAnyList) return { flag: 'skip_if_in_list', foundIn: 'list' };
  return undefined;
}

const withLead = (decision: Decision, leadId: string | null | undefined): Decision => (leadId === null || leadId === undefined ? decision : { ...decision, leadId });

/** Steps 4 to 7, given what the database holds for the candidates' e-mails. */
export function decideCandidates<L extends LeadInput>(
  candidates: readonly Candidate<L>[],
  context: { blockedValues: ReadonlySet<string>; presence: ReadonlyMap<string, Presence>; flags: SkipFlags; unsubscribed?: ReadonlySet<string> | undefined },
): { toCreate: Candidate<L>[]; decisions: Decision[] } {
  const toCreate: Candidate<L>[] = [];
  const decisions: Decision[] = [];
  for (const candidate of candidates) {
    const key = candidate.emailKey;
    const presence = key === null ? undefined : context.presence.get(key);
    const blockedBy = key === null ? null : blockingValue(key, context.blockedValues);
    const skip = skippedBy(context.flags, presence);
    if (blockedBy !== null) decisions.push({ index: candidate.index, outcome: 'in_blocklist', blockedBy });
    else if (key !== null && context.unsubscribed?.has(key) === true) decisions.push({ index: candidate.index, outcome: 'unsubscribed' });
    else if (skip !== undefined) {
      const where = { campaign: presence?.campaignLeadId, list: presence?.listLeadId, workspace: presence?.workspaceLeadId }[skip.foundIn];
      decisions.push(withLead({ index: candidate.index, outcome: 'skipped', skip }, where));
    } else if (presence?.inTarget === true) decisions.push(withLead({ index: candidate.index, outcome: 'duplicated_lead' }, presence.targetLeadId));
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
  // Left out because of where the e-mail stands in the workspace, as a skip flag leaves one out.
  unsubscribed: 'skipped_count',
  skipped: 'skipped_count',
  duplicated_lead: 'duplicated_leads',
};

/** The response counters: total_sent is always the sum of the others. */
export function countOutcomes(total: number, decisions: readonly Decision[]): Counters {
  const counters: Counters = { ...emptyCounters(), total_sent: total };
  for (const decision of decisions) counters[counterOf[decision.outcome]]++;
  return counters;
}

/**
 * One sentence a person can act on, saying why a lead ended in its outcome (the per-row
 * outcomes of bulk add). `email` is the lead's cleaned e-mail, null when it had none.
 */
export function outcomeReason(decision: Decision, target: TargetKind, email: string | null): string {
  switch (decision.outcome) {
    case 'created':
      return target === 'workspace' ? 'added to the workspace (no campaign or list)' : `added to this ${target}`;
    case 'incomplete':
      return `a lead added to ${target === 'workspace' ? 'the workspace' : 'a list'} needs at least one of email, first_name or last_name`;
    case 'invalid_email':
      return email === null ? 'a lead added to a campaign needs an e-mail' : `"${email}" is not a valid e-mail address`;
    case 'duplicate_email':
      return decision.earlierIndex === undefined
        ? 'the same e-mail appears earlier in this request'
        : `the same e-mail appears earlier in this request (index ${decision.earlierIndex})`;
    case 'in_blocklist': {
      const value = decision.blockedBy;
      if (value === undefined) return 'the e-mail is on the block list';
      return value.includes('@') ? `the e-mail ${value} is on the block list` : `the domain ${value} is on the block list`;
    }
    case 'unsubscribed':
      return 'the e-mail has unsubscribed in this workspace';
    case 'skipped': {
      const skip = decision.skip;
      if (skip === undefined) return 'skipped: already elsewhere in this workspace (a skip_if_in_* flag)';
      if (skip.foundIn === 'workspace') return `skipped: already a lead of this workspace with no campaign or list (${skip.flag})`;
      return `skipped: already in a ${skip.foundIn} of this workspace (${skip.flag})`;
    }
    case 'duplicated_lead':
      return target === 'workspace' ? 'already a lead of this workspace with no campaign or list' : `already in this ${target}`;
  }
}

export interface RowOutcome {
  index: number;
  outcome: Outcome;
  id: string | null;
  reason: string;
}

/** Every lead's outcome in request order, as the per-row outcomes extension answers them. */
export function rowOutcomes(decisions: readonly Decision[], target: TargetKind, leads: readonly LeadInput[]): RowOutcome[] {
  return [...decisions]
    .sort((a, b) => a.index - b.index)
    .map((decision) => ({
      index: decision.index,
      outcome: decision.outcome,
      id: decision.leadId ?? null,
      reason: outcomeReason(decision, target, cleanEmail(leads[decision.index]?.email)),
    }));
}
