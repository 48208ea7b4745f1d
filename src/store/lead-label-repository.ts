import type { Db } from './database.js';

/** The built-in interest statuses; a workspace's lead labels add values of their own. */
export const BUILT_IN_INTEREST_STATUSES: readonly number[] = [1, 2, 3, 4, 0, -1, -2, -3, -4];

export async function isKnownInterestStatus(db: Db, workspaceId: string, value: number): Promise<boolean> {
  if (BUILT_IN_INTEREST_STATUSES.includes(value)) return true;
  const label = await db
    .selectFrom('lead_labels')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('interest_status', '=', value)
    .executeTakeFirst();
  return label !== undefined;
}
