import type { Db } from './database.js';

/** A lead as verification sees it: its id and the address to judge. */
export interface LeadToVerify {
  id: string;
  email: string | null;
}

/** Gives every lead of a list one verification status; answers how many it marked. */
export async function markListLeads(db: Db, workspaceId: string, listId: string, status: number): Promise<number> {
  const result = await db
    .updateTable('leads')
    .set({ verification_status: status })
    .where('workspace_id', '=', workspaceId)
    .where('list_id', '=', listId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The leads with these ids that still exist. */
export async function leadsToVerifyByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<LeadToVerify[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('leads').select(['id', 'email']).where('workspace_id', '=', workspaceId).where('id', 'in', [...ids]).execute();
}

/** The next leads of a list with this verification status after `cursor`, in id order. */
export async function listLeadsWithStatus(
  db: Db,
  workspaceId: string,
  listId: string,
  status: number,
  cursor: string | null,
  limit: number,
): Promise<LeadToVerify[]> {
  let query = db
    .selectFrom('leads')
    .select(['id', 'email'])
    .where('workspace_id', '=', workspaceId)
    .where('list_id', '=', listId)
    .where('verification_status', '=', status);
  if (cursor !== null) query = query.where('id', '>', cursor);
  return query.orderBy('id').limit(limit).execute();
}

export async function setVerificationStatus(db: Db, workspaceId: string, ids: readonly string[], status: number, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('leads').set({ verification_status: status, timestamp_updated: now }).where('workspace_id', '=', workspaceId).where('id', 'in', [...ids]).execute();
}
