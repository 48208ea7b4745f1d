import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, LeadTable, Payload } from './database.js';
import { type LeadFilter, anyOf, leadFilterCondition } from './lead-filter.js';
import { type PageResult, toPage } from './paging.js';

export type LeadRow = Selectable<LeadTable>;
export type NewLead = Insertable<LeadTable>;

/** Inserts the leads that are not already in their campaign or list; returns the ones created. */
export async function insertLeadsIgnoringDuplicates(db: Db, leads: NewLead[]): Promise<LeadRow[]> {
  if (leads.length === 0) return [];
  return db.insertInto('leads').values(leads).onConflict((oc) => oc.doNothing()).returningAll().execute();
}

export async function findLead(db: Db, workspaceId: string, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom('leads').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface LeadListQuery extends LeadFilter {
  limit: number;
  starting_after?: string | undefined;
  distinct_contacts?: boolean | undefined;
}

/**
 * Pages in id (creation) order; with distinct_contacts, one lead per e-mail (the oldest) in
 * e-mail order, and the cursor is the e-mail.
 */
export async function listLeads<T>(db: Db, workspaceId: string, q: LeadListQuery, map: (row: LeadRow) => T): Promise<PageResult<T>> {
  if (q.distinct_contacts === true) {
    const startingAfter = q.starting_after?.toLowerCase();
    let inner = db
      .selectFrom('leads')
      .selectAll()
      .distinctOn('email_key')
      .where((eb) => leadFilterCondition(eb, workspaceId, q))
      .where('email_key', 'is not', null);
    if (startingAfter !== undefined) inner = inner.where('email_key', '>', startingAfter);
    const rows = await inner.orderBy('email_key').orderBy('id').limit(q.limit + 1).execute();
    return toPage(rows, q.limit, (r) => r.email_key ?? '', map);
  }
  let query = db.selectFrom('leads').selectAll().where((eb) => leadFilterCondition(eb, workspaceId, q));
  if (q.starting_after !== undefined) query = query.where('id', '>', q.starting_after);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

export interface LeadChanges {
  personalization?: string | null;
  website?: string | null;
  last_name?: string | null;
  first_name?: string | null;
  company_name?: string | null;
  company_domain?: string;
  job_title?: string | null;
  phone?: string | null;
  lt_interest_status?: number;
  pl_value_lead?: string | null;
  assigned_to?: string | null;
}

/** Updates the named fields; custom variables merge into the payload key by key. */
export async function updateLead(
  db: Db,
  workspaceId: string,
  id: string,
  changes: LeadChanges,
  customVariables: Payload | undefined,
): Promise<LeadRow | undefined> {
  const now = new Date();
  return db
    .updateTable('leads')
    .set({
      ...changes,
      ...(changes.lt_interest_status !== undefined ? { timestamp_last_interest_change: now } : {}),
      ...(customVariables !== undefined
        ? { payload: sql`coalesce(payload, '{}'::jsonb) || ${JSON.stringify(customVariables)}::jsonb` }
        : {}),
      timestamp_updated: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteLead(db: Db, workspaceId: string, id: string): Promise<LeadRow | undefined> {
  return db.deleteFrom('leads').where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

export interface BulkDeleteQuery {
  campaign_id?: string | undefined;
  list_id?: string | undefined;
  status?: number | undefined;
  ids?: string[] | undefined;
  limit?: number | undefined;
}

/** Deletes the matching leads of one campaign or list (oldest first when limited); returns how many. */
export async function deleteLeads(db: Db, workspaceId: string, q: BulkDeleteQuery): Promise<number> {
  let selection = db.selectFrom('leads').select('id').where('workspace_id', '=', workspaceId);
  if (q.campaign_id !== undefined) selection = selection.where('campaign_id', '=', q.campaign_id);
  if (q.list_id !== undefined) selection = selection.where('list_id', '=', q.list_id);
  if (q.status !== undefined) selection = selection.where('status', '=', q.status);
  if (q.ids !== undefined) {
    if (q.ids.length === 0) return 0;
    selection = selection.where('id', '=', anyOf(q.ids, 'uuid'));
  }
  if (q.limit !== undefined) selection = selection.orderBy('id').limit(q.limit);
  const result = await db.deleteFrom('leads').where('id', 'in', selection).executeTakeFirst();
  return Number(result.numDeletedRows);
}
