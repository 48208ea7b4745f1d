import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { BlockListEntryTable, Database, Db } from './database.js';
import { newId } from './ids.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

export type BlockListEntryRow = Selectable<BlockListEntryTable>;

/** The workspace's default block list, created on first use. */
export async function defaultBlockListId(db: Db, workspaceId: string): Promise<string> {
  const existing = await db.selectFrom('block_lists').select('id').where('workspace_id', '=', workspaceId).where('is_default', '=', true).executeTakeFirst();
  if (existing !== undefined) return existing.id;
  await db
    .insertInto('block_lists')
    .values({ id: newId(), workspace_id: workspaceId, is_default: true })
    .onConflict((oc) => oc.column('workspace_id').where('is_default', '=', true).doNothing())
    .execute();
  const created = await db.selectFrom('block_lists').select('id').where('workspace_id', '=', workspaceId).where('is_default', '=', true).executeTakeFirstOrThrow();
  return created.id;
}

export async function blockListExists(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const row = await db.selectFrom('block_lists').select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the values that are not on the list yet; returns the entries created. */
export async function addBlockListEntries(
  db: Db,
  workspaceId: string,
  blockListId: string,
  values: readonly { value: string; isDomain: boolean }[],
): Promise<BlockListEntryRow[]> {
  if (values.length === 0) return [];
  return db
    .insertInto('block_list_entries')
    .values(values.map((v) => ({ id: newId(), workspace_id: workspaceId, block_list_id: blockListId, bl_value: v.value, is_domain: v.isDomain })))
    .onConflict((oc) => oc.columns(['block_list_id', 'bl_value']).doNothing())
    .returningAll()
    .execute();
}

export async function findBlockListEntryByValue(db: Db, blockListId: string, value: string): Promise<BlockListEntryRow | undefined> {
  return db.selectFrom('block_list_entries').selectAll().where('block_list_id', '=', blockListId).where('bl_value', '=', value).executeTakeFirst();
}

export async function findBlockListEntry(db: Db, workspaceId: string, id: string): Promise<BlockListEntryRow | undefined> {
  return db.selectFrom('block_list_entries').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface BlockListFilter {
  domainsOnly?: boolean | undefined;
  search?: string | undefined;
}

/**
 * The workspace's entries that match the filter. Values are stored lower-cased by the app, so
 * the search text is lower-cased the same way and compared with LIKE: ILIKE would depend on
 * the database's ctype and miss "BÜCHER" under the C locale.
 */
function matching(workspaceId: string, f: BlockListFilter & { ids?: readonly string[] }) {
  return (eb: ExpressionBuilder<Database, 'block_list_entries'>) => {
    const conditions = [eb('workspace_id', '=', workspaceId)];
    if (f.domainsOnly === true) conditions.push(eb('is_domain', '=', true));
    const search = f.search?.trim().toLowerCase() ?? '';
    if (search !== '') conditions.push(eb('bl_value', 'like', containsPattern(search)));
    if (f.ids !== undefined) conditions.push(eb('id', 'in', [...f.ids]));
    return eb.and(conditions);
  };
}

function filtered(db: Db, workspaceId: string, f: BlockListFilter) {
  return db.selectFrom('block_list_entries').where(matching(workspaceId, f));
}

export async function listBlockListEntries<T>(
  db: Db,
  workspaceId: string,
  q: BlockListFilter & { limit: number; startingAfter?: string | undefined },
  map: (row: BlockListEntryRow) => T,
): Promise<PageResult<T>> {
  let query = filtered(db, workspaceId, q).selectAll();
  if (q.startingAfter !== undefined) query = query.where('id', '>', q.startingAfter);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

/** Streams every matching entry in id order, a page at a time (for CSV download). */
export async function* allBlockListEntries(db: Db, workspaceId: string, f: BlockListFilter, pageSize = 5000): AsyncGenerator<BlockListEntryRow[]> {
  let after: string | undefined;
  for (;;) {
    let query = filtered(db, workspaceId, f).selectAll();
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(pageSize).execute();
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || last === undefined) return;
    after = last.id;
  }
}

export async function deleteBlockListEntries(db: Db, workspaceId: string, f: BlockListFilter & { ids?: readonly string[] }): Promise<BlockListEntryRow[]> {
  if (f.ids !== undefined && f.ids.length === 0) return [];
  const rows = await db.deleteFrom('block_list_entries').where(matching(workspaceId, f)).returningAll().execute();
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function updateBlockListEntry(
  db: Db,
  workspaceId: string,
  id: string,
  value: { value: string; isDomain: boolean },
): Promise<BlockListEntryRow | undefined> {
  return db
    .updateTable('block_list_entries')
    .set({ bl_value: value.value, is_domain: value.isDomain })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Which of these values are on the block list: one indexed lookup for a whole batch. */
export async function blockedAmong(db: Db, blockListId: string, values: readonly string[]): Promise<Set<string>> {
  if (values.length === 0) return new Set();
  const rows = await db
    .selectFrom('block_list_entries')
    .select('bl_value')
    .where('block_list_id', '=', blockListId)
    .where(sql<boolean>`bl_value = ANY(${[...values]}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.bl_value));
}
