import type { Kysely } from 'kysely';
import { type BlockValue, parseBlockValue } from '../domain/block-list.js';
import type { Database } from '../store/database.js';
import {
  type BlockListEntryRow,
  addBlockListEntries,
  allBlockListEntries,
  defaultBlockListId,
  deleteBlockListEntries,
  findBlockListEntry,
  findBlockListEntryByValue,
  listBlockListEntries,
  updateBlockListEntry as updateBlockListEntryRow,
} from '../store/block-list-repository.js';
import { isUniqueViolation } from '../store/errors.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import type { Principal } from './principal.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

/** How much of a rejected value an error message repeats: enough to find it, not the whole body. */
const ECHO_LIMIT = 100;

/** The value of a single entry (create or update): a refusal names what was sent. */
export function requireBlockValue(raw: string): BlockValue {
  const parsed = parseBlockValue(raw);
  if (parsed === null) {
    const echo = raw.length > ECHO_LIMIT ? `${raw.slice(0, ECHO_LIMIT)}…` : raw;
    throw new InvalidRequestError(`body/bl_value must be an e-mail address or a domain such as example.com (or *.example.com for its subdomains); got ${JSON.stringify(echo)}`);
  }
  return parsed;
}

export const getBlockListEntry = foundInWorkspace('Block list entry', findBlockListEntry);
export const listBlockListEntriesPage = inWorkspace(listBlockListEntries);
/** The entries matching a filter, in batches: the CSV download streams them. */
export const blockListEntryBatches = inWorkspace(allBlockListEntries);
/** Deletes the entries matching a filter (or ids) and answers them, in creation order. */
export const deleteMatchingBlockListEntries = inWorkspace(deleteBlockListEntries);

export async function deleteBlockListEntry(db: Kysely<Database>, principal: Principal, id: string): Promise<BlockListEntryRow> {
  const [row] = await deleteBlockListEntries(db, principal.workspaceId, { ids: [id] });
  if (row === undefined) throw new NotFoundError('Block list entry');
  return row;
}

/**
 * Changes an entry's value; without a value it answers the entry as it is. The entry must
 * exist before the value is looked at (a missing entry is a 404 whatever was sent), and a
 * value already on the list is refused rather than merged.
 */
export async function updateBlockListEntry(db: Kysely<Database>, principal: Principal, id: string, rawValue: string | undefined): Promise<BlockListEntryRow> {
  const existing = await getBlockListEntry(db, principal, id);
  if (rawValue === undefined) return existing;
  const value = requireBlockValue(rawValue);
  try {
    const row = await updateBlockListEntryRow(db, principal.workspaceId, existing.id, value);
    if (row === undefined) throw new NotFoundError('Block list entry');
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidRequestError(`body/bl_value ${JSON.stringify(value.value)} is already on the block list`);
    throw error;
  }
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
