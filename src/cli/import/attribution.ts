import type { Static } from '@sinclair/typebox';
import { type Candidate, type Counters, type Presence, type SkipFlags, type TargetKind, decideCandidates, screenBatch } from '../../domain/import-plan.js';
import type { AddLeadsSummary } from '../../http/schemas/lead-import.js';
import type { LeadToSend } from './header-map.js';
import type { ReportRow } from './report-writer.js';

export type AddLeadsAnswer = Static<typeof AddLeadsSummary>;

export interface SentRow {
  line: number;
  lead: LeadToSend;
  fields: readonly string[];
}

/** A lead with this e-mail somewhere in the workspace, as /leads/list shows it. */
export interface LeadSeen {
  id: string;
  campaign: string | null;
  list_id: string | null;
  timestamp_created: string;
}

/** Leads by e-mail key (lower case), or null when the server could not be asked. */
export type Lookup = (emailKeys: string[]) => Promise<Map<string, LeadSeen[]> | null>;

export interface BatchContext {
  kind: TargetKind;
  targetId: string;
  flags: SkipFlags;
  /** When the first run of this import started: leads created since were created by it. */
  importStartedAt: Date;
  /** Whether this batch may have been sent before (a retry after a lost answer, or a resume). */
  maybeSentBefore: boolean;
  lookup: Lookup | null;
}

const counter = (answer: Partial<Counters>, name: keyof Counters) => (typeof answer[name] === 'number' ? answer[name] : 0);

function presenceOf(leads: readonly LeadSeen[], kind: TargetKind, targetId: string): Presence {
  return {
    inTarget: leads.some((l) => (kind === 'list' ? l.list_id : l.campaign) === targetId),
    inAnyCampaign: leads.some((l) => l.campaign !== null && l.campaign !== undefined),
    inAnyList: leads.some((l) => l.list_id !== null && l.list_id !== undefined),
  };
}

/**
 * Why each row of one acknowledged batch was not created. The server answers counters per
 * batch and the indexes it created, not which row got which counter, so:
 *  - incomplete, invalid e-mail and duplicate-in-batch are recomputed here with the server's
 *    own rules (src/domain/import-plan.ts), and checked against its counters;
 *  - the rest (block list, skip flags, already in the target) is exact when only one of those
 *    counters is non-zero, and otherwise worked out from where each e-mail is now in the
 *    workspace (one /leads/list look-up) and the counters; what stays ambiguous says so.
 */
export async function explainBatch(rows: readonly SentRow[], answer: Partial<AddLeadsAnswer>, ctx: BatchContext): Promise<ReportRow[]> {
  const created = new Set((answer.created_leads ?? []).map((c) => c.index));
  const { rejected, candidates } = screenBatch(rows.map((r) => r.lead), ctx.kind);
  const row = (index: number) => rows[index] as SentRow;
  const report = (index: number, reason: string, detail: string): ReportRow => ({ line: row(index).line, reason, detail, fields: row(index).fields });
  const targetName = ctx.kind === 'list' ? 'list' : 'campaign';

  const local = { incomplete: 0, invalid_email: 0, duplicate_email: 0 };
  for (const d of rejected) if (d.outcome === 'incomplete' || d.outcome === 'invalid_email' || d.outcome === 'duplicate_email') local[d.outcome]++;
  const pending = candidates.filter((c) => !created.has(c.index));
  const residual = { in_blocklist: counter(answer, 'in_blocklist'), skipped: counter(answer, 'skipped_count'), duplicated_lead: counter(answer, 'duplicated_leads') };
  const agrees =
    local.incomplete === counter(answer, 'incomplete_count') &&
    local.invalid_email === counter(answer, 'invalid_email_count') &&
    local.duplicate_email === counter(answer, 'duplicate_email_count') &&
    rejected.every((d) => !created.has(d.index)) &&
    residual.in_blocklist + residual.skipped + residual.duplicated_lead === pending.length;
  if (!agrees) {
    // Another server, or other rules: say what the server counted rather than guess per row.
    const counts = `created ${counter(answer, 'leads_uploaded')}, incomplete ${counter(answer, 'incomplete_count')}, invalid e-mail ${counter(answer, 'invalid_email_count')}, duplicate in batch ${counter(answer, 'duplicate_email_count')}, block list ${residual.in_blocklist}, skipped ${residual.skipped}, already in the ${targetName} ${residual.duplicated_lead}`;
    return rows.flatMap((_, i) => (created.has(i) ? [] : [report(i, 'not_created', `the server's counters for this batch do not match this CLI's rules, so rows cannot be told apart; it counted: ${counts}`)]));
  }

  const out: ReportRow[] = [];
  const firstLine = new Map<string, number>();
  for (const c of candidates) if (c.emailKey !== null && !firstLine.has(c.emailKey)) firstLine.set(c.emailKey, row(c.index).line);
  for (const d of rejected) {
    if (d.outcome === 'incomplete') out.push(report(d.index, 'incomplete', 'no e-mail, first name or last name'));
    else if (d.outcome === 'invalid_email') {
      const email = row(d.index).lead.email;
      out.push(report(d.index, 'invalid_email', email === undefined || email === null ? `no e-mail (a ${targetName} lead needs one)` : `not a valid e-mail address: ${JSON.stringify(email)}`));
    } else {
      const key = (row(d.index).lead.email ?? '').trim().toLowerCase();
      out.push(report(d.index, 'duplicate_in_file', `same e-mail as line ${firstLine.get(key) ?? '?'}`));
    }
  }
  if (pending.length === 0) return out.sort((a, b) => a.line - b.line);

  const kinds = (Object.keys(residual) as (keyof typeof residual)[]).filter((k) => residual[k] > 0);
  const needsLookup = ctx.lookup !== null && (kinds.length > 1 || residual.duplicated_lead > 0);
  const seen = needsLookup && ctx.lookup !== null ? await ctx.lookup(pending.flatMap((c) => (c.emailKey === null ? [] : [c.emailKey]))) : null;
  const outcomes = kinds.length === 1 ? new Map(pending.map((c) => [c.index, kinds[0] as string])) : solve(pending, residual, seen, ctx);

  for (const c of pending) {
    const outcome = outcomes.get(c.index) ?? 'unknown';
    if (outcome === 'in_blocklist') out.push(report(c.index, 'on_blocklist', 'the e-mail or its domain is on the block list'));
    else if (outcome === 'skipped') out.push(report(c.index, 'skipped', `already elsewhere in the workspace (a skip-if-in flag)`));
    else if (outcome === 'duplicated_lead') out.push(alreadyThere(c, seen?.get(c.emailKey ?? '') ?? null));
    else if (outcome === 'in_blocklist|skipped') out.push(report(c.index, 'on_blocklist_or_skipped', `the server counted ${residual.in_blocklist} on the block list and ${residual.skipped} skipped in this batch without saying which rows`));
    else if (outcome === 'in_blocklist|duplicated_lead') out.push(report(c.index, `on_blocklist_or_already_in_${targetName}`, `the server counted ${residual.in_blocklist} on the block list and ${residual.duplicated_lead} already in the ${targetName} in this batch without saying which rows`));
    else out.push(report(c.index, 'not_created', `on the block list, skipped or already in the ${targetName}: the server's counters (${residual.in_blocklist}, ${residual.skipped}, ${residual.duplicated_lead}) do not say which`));
  }
  return out.sort((a, b) => a.line - b.line);

  function alreadyThere(c: Candidate<LeadToSend>, leads: LeadSeen[] | null): ReportRow {
    const existing = leads?.find((l) => (ctx.kind === 'list' ? l.list_id : l.campaign) === ctx.targetId);
    if (existing === undefined) return report(c.index, `already_in_${targetName}`, `a lead with this e-mail is already in the ${targetName}`);
    const since = `lead ${existing.id}, added ${existing.timestamp_created}`;
    if (Date.parse(existing.timestamp_created) < ctx.importStartedAt.getTime()) return report(c.index, `already_in_${targetName}`, `in the ${targetName} before this import began (${since})`);
    if (!ctx.maybeSentBefore) return report(c.index, 'duplicate_in_file', `another line of this file with the same e-mail was imported (${since})`);
    return report(c.index, `already_in_${targetName}`, `added during this import (${since}): by another line with the same e-mail, or by this row when its batch was first sent and the answer was lost`);
  }
}

/**
 * Which of block list / skipped / already-there each pending row got. Where the e-mail is now
 * decides what the server would have done had it not been blocked (skip flags, then target),
 * with the server's own decideCandidates; the counters then say how many of each group were
 * blocked. A group that is neither all nor none blocked stays ambiguous.
 */
function solve(pending: readonly Candidate<LeadToSend>[], residual: { in_blocklist: number; skipped: number; duplicated_lead: number }, seen: Map<string, LeadSeen[]> | null, ctx: BatchContext): Map<number, string> {
  const result = new Map<number, string>();
  if (seen === null) return result;
  const presence = new Map<string, Presence>();
  for (const [key, leads] of seen) presence.set(key, presenceOf(leads, ctx.kind, ctx.targetId));
  const { toCreate, decisions } = decideCandidates(pending, { blockedValues: new Set(), presence, flags: ctx.flags });
  const skipped = decisions.filter((d) => d.outcome === 'skipped').map((d) => d.index);
  const there = decisions.filter((d) => d.outcome === 'duplicated_lead').map((d) => d.index);
  const blockedSkipped = skipped.length - residual.skipped;
  const blockedThere = there.length - residual.duplicated_lead;
  // Rows that nothing but the block list explains; if the arithmetic fails, the workspace
  // changed since the batch ran and nothing is claimed.
  if (blockedSkipped < 0 || blockedThere < 0 || toCreate.length + blockedSkipped + blockedThere !== residual.in_blocklist) return result;
  for (const c of toCreate) result.set(c.index, 'in_blocklist');
  const assign = (indexes: number[], blocked: number, other: string) => {
    for (const i of indexes) result.set(i, blocked === 0 ? other : blocked === indexes.length ? 'in_blocklist' : `in_blocklist|${other}`);
  };
  assign(skipped, blockedSkipped, 'skipped');
  assign(there, blockedThere, 'duplicated_lead');
  return result;
}
