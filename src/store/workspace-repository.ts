import type { Selectable } from 'kysely';
import type { Db, WorkspaceTable } from './database.js';
import { newId } from './ids.js';

export type WorkspaceRow = Selectable<WorkspaceTable>;

export async function createWorkspace(db: Db, name: string): Promise<WorkspaceRow> {
  return db
    .insertInto('workspaces')
    .values({ id: newId(), name, owner: newId(), org_logo_url: null, lead_allowance: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The owner of a workspace that must exist (the instance's default one, for the admin key). */
export async function workspaceOwner(db: Db, id: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('owner').where('id', '=', id).executeTakeFirstOrThrow();
  return row.owner;
}

export async function updateWorkspace(
  db: Db,
  id: string,
  changes: { name?: string; org_logo_url?: string | null; lead_allowance?: number | null; add_unsub_to_block?: boolean; default_opportunity_value?: number | null },
): Promise<WorkspaceRow | undefined> {
  return db
    .updateTable('workspaces')
    .set({ ...changes, timestamp_updated: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
