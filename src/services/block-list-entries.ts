import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { type BlockListEntryRow, addBlockListEntries, defaultBlockListId, findBlockListEntryByValue } from '../store/block-list-repository.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

export interface BlockValue {
  value: string;
  isDomain: boolean;
}

/**
 * Puts a value on the workspace's block list (created on first use, in the same transaction).
 * A value already there is answered as the existing entry, not repeated.
 */
export async function addBlockListEntry(db: Kysely<Database>, principal: Principal, value: BlockValue): Promise<BlockListEntryRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const listId = await defaultBlockListId(trx, workspaceId);
    const [created] = await addBlockListEntries(trx, workspaceId, listId, [value]);
    const entry = created ?? (await findBlockListEntryByValue(trx, listId, value.value));
    if (entry === undefined) throw new NotFoundError('Block list entry');
    return entry;
  });
}

/** Adds the values not on the list yet, in one transaction; answers the entries created, in the order sent. */
export async function addBlockListValues(db: Kysely<Database>, principal: Principal, values: readonly BlockValue[]): Promise<BlockListEntryRow[]> {
  const { workspaceId } = principal;
  const unique = [...new Map(values.map((v) => [v.value, v])).values()];
  const rows = await db.transaction().execute(async (trx) => addBlockListEntries(trx, workspaceId, await defaultBlockListId(trx, workspaceId), unique));
  // Ids are time-ordered, so this is the order the values were sent in.
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}
