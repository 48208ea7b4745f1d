import { type Selectable, sql } from 'kysely';
import type { Db, LeadLabelTable } from './database.js';
import { newId } from './ids.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

/** The built-in interest statuses; a workspace's lead labels add values of their own. */
export const BUILT_IN_INTEREST_STATUSES: readonly number[] = [1, 2, 3, 4, 0, -1, -2, -3, -4];

/**
 * Generated values stay inside ±30000: the vendor's subsequence `crm_status` takes "the interest
 * status of a custom lead label" within that range, so a larger value could not be used there.
 */
export const CUSTOM_INTEREST_STATUS_LIMIT = 30_000;

export type LeadLabelRow = Selectable<LeadLabelTable>;
export type InterestSentiment = 'positive' | 'negative' | 'neutral';

/** Which of these values are a built-in interest status or one of the workspace's lead labels: one query. */
export async function knownInterestStatuses(db: Db, workspaceId: string, values: readonly number[]): Promise<Set<number>> {
  const known = new Set(values.filter((value) => BUILT_IN_INTEREST_STATUSES.includes(value)));
  const custom = [...new Set(values.filter((value) => !known.has(value)))];
  if (custom.length === 0) return known;
  const labels = await db.selectFrom('lead_labels').select('interest_status').where('workspace_id', '=', workspaceId).where('interest_status', 'in', custom).execute();
  for (const label of labels) known.add(label.interest_status);
  return known;
}

/**
 * The next unused custom value: positive and neutral labels count up from 5, negative ones down
 * from -5, so the sign reads like the built-ins (1..4 good outcomes, -1..-4 bad ones). A value
 * once given out is never given again in the workspace (see migration 0005). Labels written
 * outside the API are respected too, so the result can never hit the unique constraint.
 * Returns null when that side of the range is used up. Call inside the creating transaction:
 * the counter's row lock is what keeps two concurrent creates apart.
 */
async function nextInterestStatus(trx: Db, workspaceId: string, sentiment: InterestSentiment): Promise<number | null> {
  await trx.insertInto('lead_label_values').values({ workspace_id: workspaceId }).onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
  const existing = trx.selectFrom('lead_labels').where('workspace_id', '=', workspaceId);
  const row = sentiment === 'negative'
    ? await trx
        .updateTable('lead_label_values')
        .set({ last_negative: sql<number>`least(last_negative, (${existing.select((eb) => eb.fn.min('interest_status').as('m'))})) - 1` })
        .where('workspace_id', '=', workspaceId)
        .returning('last_negative as value')
        .executeTakeFirstOrThrow()
    : await trx
        .updateTable('lead_label_values')
        .set({ last_positive: sql<number>`greatest(last_positive, (${existing.select((eb) => eb.fn.max('interest_status').as('m'))})) + 1` })
        .where('workspace_id', '=', workspaceId)
        .returning('last_positive as value')
        .executeTakeFirstOrThrow();
  return Math.abs(row.value) > CUSTOM_INTEREST_STATUS_LIMIT ? null : row.value;
}

export interface LeadLabelFields {
  label?: string;
  interest_status_label?: InterestSentiment;
  description?: string | null;
  use_with_ai?: boolean | null;
}

/** The new label, or null when the workspace has used up the custom values of that sentiment. */
export async function createLeadLabel(
  trx: Db,
  workspaceId: string,
  createdBy: string,
  fields: LeadLabelFields & { label: string; interest_status_label: InterestSentiment },
): Promise<LeadLabelRow | null> {
  const interestStatus = await nextInterestStatus(trx, workspaceId, fields.interest_status_label);
  if (interestStatus === null) return null;
  return trx
    .insertInto('lead_labels')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      label: fields.label,
      interest_status: interestStatus,
      interest_status_label: fields.interest_status_label,
      description: fields.description ?? null,
      // The column has no "unknown": null, like absence, means the label is not offered to AI.
      use_with_ai: fields.use_with_ai ?? false,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findLeadLabel(db: Db, workspaceId: string, id: string): Promise<LeadLabelRow | undefined> {
  return db.selectFrom('lead_labels').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface LeadLabelQuery {
  limit: number;
  /** A label id, or a timestamp: labels created after it. */
  startingAfter?: { id: string } | { createdAfter: Date } | undefined;
  search?: string | undefined;
  sentiment?: InterestSentiment | undefined;
}

export async function listLeadLabels<T>(db: Db, workspaceId: string, q: LeadLabelQuery, map: (row: LeadLabelRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('lead_labels').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) {
    query = 'id' in q.startingAfter
      ? query.where('id', '>', q.startingAfter.id)
      : // The wire shows milliseconds; the column keeps microseconds.
        query.where(sql`date_trunc('milliseconds', timestamp_created)`, '>', q.startingAfter.createdAfter);
  }
  if (q.search !== undefined && q.search !== '') query = query.where('label', 'ilike', containsPattern(q.search));
  if (q.sentiment !== undefined) query = query.where('interest_status_label', '=', q.sentiment);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

/** The generated interest_status is not writable: leads, filters and webhooks depend on it. */
export async function updateLeadLabel(db: Db, workspaceId: string, id: string, fields: LeadLabelFields): Promise<LeadLabelRow | undefined> {
  const { use_with_ai: useWithAi, ...rest } = fields;
  return db
    .updateTable('lead_labels')
    .set({ ...rest, ...(useWithAi !== undefined ? { use_with_ai: useWithAi ?? false } : {}) })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Locks a label and, when `reassignTo` is given, the label holding that value, together and in id
 * order: a concurrent delete of the target waits (and then finds it gone) instead of leaving
 * leads on a deleted value, and two deletes that name each other as target cannot deadlock.
 */
export async function lockLabelAndTarget(trx: Db, workspaceId: string, id: string, reassignTo: number | null): Promise<LeadLabelRow[]> {
  return trx
    .selectFrom('lead_labels')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => (reassignTo === null ? eb('id', '=', id) : eb.or([eb('id', '=', id), eb('interest_status', '=', reassignTo)])))
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Moves every lead with interest status `from` to `to` (null: none); answers how many moved. */
export async function reassignInterestStatus(trx: Db, workspaceId: string, from: number, to: number | null, now: Date): Promise<number> {
  const moved = await trx
    .updateTable('leads')
    .set({ lt_interest_status: to, timestamp_last_interest_change: now, timestamp_updated: now })
    .where('workspace_id', '=', workspaceId)
    .where('lt_interest_status', '=', from)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

export async function deleteLeadLabelRow(trx: Db, id: string): Promise<void> {
  await trx.deleteFrom('lead_labels').where('id', '=', id).execute();
}
