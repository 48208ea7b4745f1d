import { sql } from 'kysely';
import type { Db } from './database.js';
import type { JobRow } from './job-queue-repository.js';
import { type PageResult, toPage } from './paging.js';

export interface JobQuery {
  limit: number;
  startingAfter?: string | undefined;
  ids?: string[] | undefined;
  excludedIds?: string[] | undefined;
  type?: string | undefined;
  entityType?: string | undefined;
  entityIds?: string[] | undefined;
  statuses?: string[] | undefined;
  sortColumn: 'created_at' | 'updated_at';
  sortOrder: 'asc' | 'desc';
}

export async function findVisibleJob(db: Db, workspaceId: string, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('background_jobs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).where('visible', '=', true).executeTakeFirst();
}

/** Pages jobs sorted by a timestamp, ties broken by id; the cursor is the last job's id. */
export async function listVisibleJobs<T>(db: Db, workspaceId: string, q: JobQuery, map: (row: JobRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('background_jobs').selectAll().where('workspace_id', '=', workspaceId).where('visible', '=', true);
  if (q.ids !== undefined) query = query.where('id', 'in', q.ids.length > 0 ? q.ids : ['00000000-0000-0000-0000-000000000000']);
  if (q.excludedIds !== undefined && q.excludedIds.length > 0) query = query.where('id', 'not in', q.excludedIds);
  if (q.type !== undefined) query = query.where('type', '=', q.type);
  if (q.entityType !== undefined) query = query.where('entity_type', '=', q.entityType);
  if (q.entityIds !== undefined && q.entityIds.length > 0) query = query.where('entity_id', 'in', q.entityIds);
  if (q.statuses !== undefined && q.statuses.length > 0) query = query.where('status', 'in', q.statuses);
  const column = sql.ref(q.sortColumn);
  const direction = q.sortOrder === 'asc' ? sql`>` : sql`<`;
  if (q.startingAfter !== undefined) {
    query = query.where(
      sql<boolean>`(${column}, id) ${direction} (SELECT ${column}, id FROM background_jobs WHERE id = ${q.startingAfter} AND workspace_id = ${workspaceId})`,
    );
  }
  const rows = await query.orderBy(q.sortColumn, q.sortOrder).orderBy('id', q.sortOrder).limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}
