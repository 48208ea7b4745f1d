import type { Db } from './database.js';
import { type LeadFilter, leadFilterCondition } from './lead-filter.js';

/** The leads a bulk assign selects: the filter, and only those of `currentOwner` when given. */
function assignSelection(db: Db, workspaceId: string, filter: LeadFilter, currentOwner: string | undefined) {
  let query = db.selectFrom('leads').where((eb) => leadFilterCondition(eb, workspaceId, filter));
  if (currentOwner !== undefined) query = query.where('assigned_to', '=', currentOwner);
  return query;
}

export async function countAssignSelection(db: Db, workspaceId: string, filter: LeadFilter, currentOwner: string | undefined): Promise<number> {
  const row = await assignSelection(db, workspaceId, filter, currentOwner).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ids of the next selected leads after `cursor`, in id order. */
export async function nextAssignBatch(db: Db, workspaceId: string, filter: LeadFilter, currentOwner: string | undefined, cursor: string | null, limit: number): Promise<string[]> {
  let selection = assignSelection(db, workspaceId, filter, currentOwner);
  if (cursor !== null) selection = selection.where('leads.id', '>', cursor);
  return (await selection.select('id').orderBy('id').limit(limit).execute()).map((row) => row.id);
}

export async function assignLeadsTo(db: Db, userId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('leads').set({ assigned_to: userId, timestamp_updated: new Date() }).where('id', 'in', [...ids]).execute();
}

/** Sets (null: clears) the interest status of the workspace's leads with this e-mail key, within one campaign or list if given. */
export async function setInterestStatusByEmail(
  db: Db,
  workspaceId: string,
  key: string,
  value: number | null,
  scope: { campaignId?: string | undefined; listId?: string | undefined },
): Promise<number> {
  const now = new Date();
  let update = db
    .updateTable('leads')
    .set({ lt_interest_status: value, timestamp_last_interest_change: now, timestamp_updated: now })
    .where('workspace_id', '=', workspaceId)
    .where('email_key', '=', key);
  if (scope.campaignId !== undefined) update = update.where('campaign_id', '=', scope.campaignId);
  if (scope.listId !== undefined) update = update.where('list_id', '=', scope.listId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
