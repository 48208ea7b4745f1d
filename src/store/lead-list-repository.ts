import { type Selectable, sql } from 'kysely';
import type { Db, LeadListTable } from './database.js';
import { newId } from './ids.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

export type LeadListRow = Selectable<LeadListTable>;

export interface LeadListFields {
  name?: string;
  has_enrichment_task?: boolean | null;
  owned_by?: string | null;
}

export async function createLeadList(db: Db, workspaceId: string, fields: LeadListFields & { name: string }): Promise<LeadListRow> {
  return db
    .insertInto('lead_lists')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      name: fields.name,
      has_enrichment_task: fields.has_enrichment_task ?? false,
      owned_by: fields.owned_by ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findLeadList(db: Db, workspaceId: string, id: string): Promise<LeadListRow | undefined> {
  return db.selectFrom('lead_lists').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface LeadListQuery {
  limit: number;
  /** A list id, or a timestamp: lists created after it. */
  startingAfter?: { id: string } | { createdAfter: Date } | undefined;
  search?: string | undefined;
  hasEnrichmentTask?: boolean | undefined;
}

export async function listLeadLists<T>(db: Db, workspaceId: string, q: LeadListQuery, map: (row: LeadListRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('lead_lists').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) {
    query = 'id' in q.startingAfter
      ? query.where('id', '>', q.startingAfter.id)
      : // The wire shows milliseconds; the column keeps microseconds.
        query.where(sql`date_trunc('milliseconds', timestamp_created)`, '>', q.startingAfter.createdAfter);
  }
  if (q.search !== undefined && q.search !== '') query = query.where('name', 'ilike', containsPattern(q.search));
  if (q.hasEnrichmentTask !== undefined) {
    query = q.hasEnrichmentTask
      ? query.where('has_enrichment_task', '=', true)
      : query.where((eb) => eb.or([eb('has_enrichment_task', '=', false), eb('has_enrichment_task', 'is', null)]));
  }
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

export async function updateLeadList(db: Db, workspaceId: string, id: string, fields: LeadListFields): Promise<LeadListRow | undefined> {
  return db.updateTable('lead_lists').set(fields).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deleting a list deletes the leads in it (the foreign key cascades). */
export async function deleteLeadList(db: Db, workspaceId: string, id: string): Promise<LeadListRow | undefined> {
  return db.deleteFrom('lead_lists').where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

export interface VerificationCounts {
  total_leads: number;
  verified: number;
  invalid: number;
  risky: number;
  catch_all: number;
  job_change: number;
  pending: number;
  pending_job: number;
}

export async function countListVerification(db: Db, listId: string): Promise<VerificationCounts> {
  const row = await db
    .selectFrom('leads')
    .where('list_id', '=', listId)
    .select((eb) => [
      eb.fn.countAll<number>().as('total_leads'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', 1).as('verified'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', -1).as('invalid'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', -2).as('risky'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', -3).as('catch_all'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', -4).as('job_change'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', 11).as('pending'),
      eb.fn.countAll<number>().filterWhere('verification_status', '=', 12).as('pending_job'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
