import { type Selectable, sql } from 'kysely';
import type { Db, SubsequenceTable } from './database.js';
import { newId } from './ids.js';
import type { LeadRow } from './lead-repository.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

export type SubsequenceRow = Selectable<SubsequenceTable>;

export interface NewSubsequence {
  parentCampaignId: string;
  name: string;
  conditions: Record<string, unknown>;
  settings: Record<string, unknown>;
}

export async function createSubsequence(db: Db, workspaceId: string, input: NewSubsequence): Promise<SubsequenceRow> {
  return db
    .insertInto('subsequences')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      parent_campaign_id: input.parentCampaignId,
      name: input.name,
      conditions: JSON.stringify(input.conditions),
      settings: JSON.stringify(input.settings),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findSubsequence(db: Db, workspaceId: string, id: string): Promise<SubsequenceRow | undefined> {
  return db.selectFrom('subsequences').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * Locks the named subsequences of the workspace (in id order) and answers those that exist.
 *
 * The lock order of this resource: a transaction that writes a lead's subsequence_id locks the
 * subsequences it involves first, and the lead after. Deleting a subsequence does the same (the
 * subsequence FOR UPDATE, then its leads), so the two wait for each other and never deadlock,
 * and a lead written into a subsequence is cleared by a delete that follows. 'no key update' is
 * for writers that also stamp timestamp_leads_updated; 'key share' for those that only read.
 */
export async function lockSubsequences(db: Db, workspaceId: string, ids: (string | null)[], mode: 'key share' | 'no key update'): Promise<Map<string, SubsequenceRow>> {
  const present = [...new Set(ids.filter((id): id is string => id !== null))];
  if (present.length === 0) return new Map();
  const query = db.selectFrom('subsequences').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', present).orderBy('id');
  const rows = await (mode === 'key share' ? query.forKeyShare() : query.forNoKeyUpdate()).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export interface SubsequenceQuery {
  limit: number;
  startingAfter?: string | undefined;
  parentCampaignId?: string | undefined;
  parentCampaignNot?: string | undefined;
  search?: string | undefined;
}

export async function listSubsequences<T>(db: Db, workspaceId: string, q: SubsequenceQuery, map: (row: SubsequenceRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('subsequences').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) query = query.where('id', '>', q.startingAfter);
  if (q.parentCampaignId !== undefined) query = query.where('parent_campaign_id', '=', q.parentCampaignId);
  if (q.parentCampaignNot !== undefined) query = query.where('parent_campaign_id', '<>', q.parentCampaignNot);
  if (q.search !== undefined && q.search !== '') query = query.where('name', 'ilike', containsPattern(q.search));
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

export interface SubsequenceChanges {
  name?: string;
  conditions?: Record<string, unknown>;
  settings: Record<string, unknown>;
}

/** Settings given are merged over the stored ones (as for campaigns); conditions are replaced whole. */
export async function updateSubsequence(db: Db, workspaceId: string, id: string, changes: SubsequenceChanges): Promise<SubsequenceRow | undefined> {
  return db
    .updateTable('subsequences')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.conditions !== undefined ? { conditions: JSON.stringify(changes.conditions) } : {}),
      settings: sql`settings || ${JSON.stringify(changes.settings)}::jsonb`,
      timestamp_updated: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Takes the subsequence's leads out of it, then deletes it; the caller owns the transaction. */
export async function deleteSubsequence(trx: Db, workspaceId: string, id: string): Promise<SubsequenceRow | undefined> {
  // Locked before its leads are written, the order every writer of leads.subsequence_id keeps.
  const existing = await trx.selectFrom('subsequences').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (existing === undefined) return undefined;
  await trx
    .updateTable('leads')
    .set({ subsequence_id: null, timestamp_added_subsequence: null, timestamp_updated: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('subsequence_id', '=', id)
    .execute();
  return trx.deleteFrom('subsequences').where('id', '=', id).returningAll().executeTakeFirst();
}

/** Stamps timestamp_leads_updated on the subsequences a lead entered or left (locked by the caller). */
export async function touchSubsequences(db: Db, ids: (string | null)[], now: Date): Promise<void> {
  const present = [...new Set(ids.filter((id): id is string => id !== null))];
  if (present.length === 0) return;
  await db.updateTable('subsequences').set({ timestamp_leads_updated: now }).where('id', 'in', present).execute();
}

/**
 * Puts the lead into the subsequence, only while the lead is still in the subsequence's parent
 * campaign (the condition is part of the UPDATE, so a concurrent campaign move cannot slip in
 * between a check and the write). Undefined when the lead is not there.
 */
export async function putLeadInSubsequence(db: Db, workspaceId: string, leadId: string, subsequence: SubsequenceRow, now: Date): Promise<LeadRow | undefined> {
  return db
    .updateTable('leads')
    .set({ subsequence_id: subsequence.id, timestamp_added_subsequence: now, timestamp_updated: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', leadId)
    .where('campaign_id', '=', subsequence.parent_campaign_id)
    .returningAll()
    .executeTakeFirst();
}

export async function takeLeadOutOfSubsequence(db: Db, workspaceId: string, leadId: string, now: Date): Promise<LeadRow | undefined> {
  return db
    .updateTable('leads')
    .set({ subsequence_id: null, timestamp_added_subsequence: null, timestamp_updated: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', leadId)
    .returningAll()
    .executeTakeFirst();
}
