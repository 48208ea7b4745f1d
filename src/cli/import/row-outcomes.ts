import type { Static } from '@sinclair/typebox';
import type { Outcome } from '../../domain/import-plan.js';
import type { AddLeadsSummary } from '../../http/schemas/lead-import.js';
import type { LeadToSend } from './header-map.js';
import type { ReportRow } from './report-writer.js';

export type AddLeadsAnswer = Static<typeof AddLeadsSummary>;
type RowOutcome = NonNullable<AddLeadsAnswer['outcomes']>[number];

export interface SentRow {
  line: number;
  lead: LeadToSend;
  fields: readonly string[];
}

export interface BatchContext {
  kind: 'list' | 'campaign';
  /** When the first run of this import started: leads created since were created by it. */
  importStartedAt: Date;
  /** Whether this batch may have been sent before (a retry after a lost answer, or a resume). */
  maybeSentBefore: boolean;
}

/**
 * The report's reason for each of the server's outcome names (the one place they are mapped);
 * null: the row was created and is not reported. duplicated_lead is `already_in_list` or
 * `already_in_campaign`, or `duplicate_in_file` when another line of this file created the lead.
 */
function reasonOf(outcome: Outcome, kind: BatchContext['kind']): string | null {
  const reasons: Record<Outcome, string | null> = {
    created: null,
    incomplete: 'incomplete',
    invalid_email: 'invalid_email',
    duplicate_email: 'duplicate_in_file',
    in_blocklist: 'on_blocklist',
    unsubscribed: 'unsubscribed',
    skipped: 'skipped',
    duplicated_lead: `already_in_${kind}`,
  };
  return reasons[outcome];
}

/** When a UUIDv7 was made (its first 48 bits are Unix milliseconds); null for other ids. */
function uuidv7Time(id: string): Date | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return new Date(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}

/**
 * The report rows of one acknowledged batch, from the per-row outcomes the server answered
 * (`return_outcomes: true`): one per row it did not create. A server that answers no outcomes
 * (one that does not know the extension) leaves the rows it did not create as `not_created`,
 * with its counters in the detail.
 */
export function reportRows(rows: readonly SentRow[], answer: Partial<AddLeadsAnswer>, ctx: BatchContext): ReportRow[] {
  const byIndex = new Map((answer.outcomes ?? []).map((o) => [o.index, o]));
  const created = new Set((answer.created_leads ?? []).map((c) => c.index));
  const out: ReportRow[] = [];
  rows.forEach((row, index) => {
    const outcome = byIndex.get(index);
    if (outcome === undefined) {
      if (!created.has(index)) out.push({ line: row.line, reason: 'not_created', detail: withoutOutcomes(answer, ctx.kind), fields: row.fields });
      return;
    }
    const reported = explain(outcome, rows, ctx);
    if (reported !== null) out.push({ line: row.line, ...reported, fields: row.fields });
  });
  return out;
}

function explain(o: RowOutcome, rows: readonly SentRow[], ctx: BatchContext): { reason: string; detail: string } | null {
  const reason = reasonOf(o.outcome, ctx.kind);
  if (reason === null) return null;
  if (o.outcome === 'duplicate_email') {
    // The reason names the earlier lead's position in the request (docs/compatibility.md): say its line.
    const earlier = /\(index (\d+)\)$/.exec(o.reason)?.[1];
    const line = earlier === undefined ? undefined : rows[Number(earlier)]?.line;
    return { reason, detail: line === undefined ? o.reason : `same e-mail as line ${line}` };
  }
  if (o.outcome === 'duplicated_lead') return alreadyThere(o, reason, ctx);
  if (o.outcome === 'skipped') {
    const during = o.id === null ? null : addedDuring(o.id, ctx);
    return { reason, detail: o.id === null ? o.reason : `${o.reason}: lead ${o.id}${during === null ? '' : `, ${during}`}` };
  }
  return { reason, detail: o.reason };
}

/**
 * A duplicated_lead names the lead already in the target. Made before this import began, the
 * row was already there; made since, another line of this file made it, or (in a batch that may
 * have been sent before) this very row did, on the send whose answer was lost.
 */
function alreadyThere(o: RowOutcome, already: string, ctx: BatchContext): { reason: string; detail: string } {
  if (o.id === null) return { reason: already, detail: o.reason };
  const made = uuidv7Time(o.id);
  const since = made === null ? `lead ${o.id}` : `lead ${o.id}, added ${made.toISOString()}`;
  if (made === null) return { reason: already, detail: `${o.reason} (${since})` };
  if (made < ctx.importStartedAt) return { reason: already, detail: `in the ${ctx.kind} before this import began (${since})` };
  if (!ctx.maybeSentBefore) return { reason: 'duplicate_in_file', detail: `another line of this file with the same e-mail was imported (${since})` };
  return { reason: already, detail: `added during this import (${since}): by another line with the same e-mail, or by this row when its batch was first sent and the answer was lost` };
}

/** For a skipped row: whether the lead that made it skipped was added during this import. */
function addedDuring(id: string, ctx: BatchContext): string | null {
  const made = uuidv7Time(id);
  if (made === null || made < ctx.importStartedAt) return null;
  const by = ctx.maybeSentBefore ? 'by another line with the same e-mail, or by this row when its batch was first sent and the answer was lost' : 'by another line with the same e-mail';
  return `added during this import (${made.toISOString()}): ${by}`;
}

function withoutOutcomes(answer: Partial<AddLeadsAnswer>, kind: BatchContext['kind']): string {
  const n = (value: number | undefined) => value ?? 0;
  return `the server answered no per-row outcomes (return_outcomes), so rows cannot be told apart; for this batch it counted: created ${n(answer.leads_uploaded)}, incomplete ${n(answer.incomplete_count)}, invalid e-mail ${n(answer.invalid_email_count)}, duplicate in batch ${n(answer.duplicate_email_count)}, block list ${n(answer.in_blocklist)}, skipped ${n(answer.skipped_count)}, already in the ${kind} ${n(answer.duplicated_leads)}`;
}
