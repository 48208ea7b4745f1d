import { type Selectable, sql } from 'kysely';
import type { BlockListEntryTable, Db, SmartleadImportTable } from './database.js';
import { containsPattern } from './like.js';
import type { CampaignRow } from './campaign-repository.js';
import type { LeadListRow } from './lead-list-repository.js';

/** int8 arrives as a string from pg and as a number from PGlite; Smartlead ids fit a double. */
export const toInt = (value: string | number): number => Number(value);

export type LeadListWithCount = LeadListRow & { lead_count: number };

const leadCount = sql<string | number>`(SELECT count(*) FROM leads WHERE leads.list_id = lead_lists.id)`.as('lead_count');

export async function findListBySmartleadId(db: Db, workspaceId: string, id: number): Promise<LeadListWithCount | undefined> {
  const row = await db.selectFrom('lead_lists').selectAll().select(leadCount).where('workspace_id', '=', workspaceId).where('smartlead_id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : { ...row, lead_count: toInt(row.lead_count) };
}

export async function withLeadCount(db: Db, list: LeadListRow): Promise<LeadListWithCount> {
  const row = await db.selectFrom('leads').select((eb) => eb.fn.countAll<string | number>().as('count')).where('list_id', '=', list.id).executeTakeFirstOrThrow();
  return { ...list, lead_count: toInt(row.count) };
}

/** Lists in creation order; `name` matches part of the list name, case-insensitively (as v2's search). */
export async function listListsWithCounts(db: Db, workspaceId: string, q: { name?: string | undefined; limit: number; offset: number }): Promise<LeadListWithCount[]> {
  let query = db.selectFrom('lead_lists').selectAll().select(leadCount).where('workspace_id', '=', workspaceId);
  if (q.name !== undefined && q.name !== '') query = query.where('name', 'ilike', containsPattern(q.name));
  // uuidv7 ids are creation order, also for lists that got their integer when migration 0004 ran.
  const rows = await query.orderBy('id').limit(q.limit).offset(q.offset).execute();
  return rows.map((row) => ({ ...row, lead_count: toInt(row.lead_count) }));
}

export async function findCampaignBySmartleadId(db: Db, workspaceId: string, id: number): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).where('smartlead_id', '=', id).executeTakeFirst();
}

export async function listAllCampaigns(db: Db, workspaceId: string): Promise<CampaignRow[]> {
  return db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

/** Campaign rows by their uuid, for answers that name the campaigns a lead is in. */
export async function campaignsById(db: Db, ids: readonly string[]): Promise<Map<string, CampaignRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('campaigns').selectAll().where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export type ImportRow = Selectable<SmartleadImportTable>;

export interface NewImport {
  id: string;
  workspaceId: string;
  listId: string;
  fileName: string;
  settings: Record<string, unknown>;
  counters: { total_leads: number; imported: number; duplicates: number; blocked: number; invalid: number };
  createdBy: string;
  createdLeadIds: readonly string[];
}

/** Records one import and the leads it created; called inside the import's own transaction. */
export async function recordImport(db: Db, record: NewImport): Promise<void> {
  await db
    .insertInto('smartlead_imports')
    .values({
      id: record.id,
      workspace_id: record.workspaceId,
      list_id: record.listId,
      file_name: record.fileName,
      settings: JSON.stringify(record.settings),
      ...record.counters,
      created_by: record.createdBy,
    })
    .execute();
  if (record.createdLeadIds.length > 0) {
    await db
      .insertInto('smartlead_import_leads')
      .values(record.createdLeadIds.map((leadId) => ({ import_id: record.id, lead_id: leadId })))
      .execute();
  }
}

export async function listImports(db: Db, listId: string): Promise<ImportRow[]> {
  return db.selectFrom('smartlead_imports').selectAll().where('list_id', '=', listId).orderBy('id').execute();
}

export type BlockEntryRow = Selectable<BlockListEntryTable>;

/**
 * The workspace's block list entries in creation order (ids are time-ordered), by offset as
 * Smartlead pages. Values are stored lower-cased, so the filter is lower-cased and LIKE'd.
 */
export async function blockEntriesPage(db: Db, workspaceId: string, q: { filter?: string | undefined; limit: number; offset: number }): Promise<BlockEntryRow[]> {
  let query = db.selectFrom('block_list_entries').selectAll().where('workspace_id', '=', workspaceId);
  const filter = q.filter?.trim().toLowerCase() ?? '';
  if (filter !== '') query = query.where('bl_value', 'like', containsPattern(filter));
  return query.orderBy('id').limit(q.limit).offset(q.offset).execute();
}
