import { type Selectable, sql } from 'kysely';
import type { CampaignTable, Db } from './database.js';
import { newId } from './ids.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

export type CampaignRow = Selectable<CampaignTable>;

export const CAMPAIGN_STATUS = { draft: 0, active: 1, paused: 2 } as const;

export interface CampaignInput {
  name?: string;
  owned_by?: string | null;
  settings?: Record<string, unknown>;
}

export async function createCampaign(
  db: Db,
  workspaceId: string,
  input: { name: string; owned_by: string | null; settings: Record<string, unknown> },
): Promise<CampaignRow> {
  return db
    .insertInto('campaigns')
    .values({
      id: newId(),
      workspace_id: workspaceId,
      name: input.name,
      status: CAMPAIGN_STATUS.draft,
      owned_by: input.owned_by,
      settings: JSON.stringify(input.settings),
      custom_variables: '{}',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCampaign(db: Db, workspaceId: string, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export interface CampaignQuery {
  limit: number;
  startingAfter?: string | undefined;
  search?: string | undefined;
  status?: number | undefined;
  excludeStatus?: number | undefined;
  /** Only campaigns carrying at least one of these custom tags. */
  tagIds?: readonly string[] | undefined;
}

export async function listCampaigns<T>(db: Db, workspaceId: string, q: CampaignQuery, map: (row: CampaignRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) query = query.where('id', '>', q.startingAfter);
  if (q.search !== undefined && q.search !== '') query = query.where('name', 'ilike', containsPattern(q.search));
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.excludeStatus !== undefined) query = query.where('status', '<>', q.excludeStatus);
  const tagIds = q.tagIds;
  if (tagIds !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('custom_tag_mappings as m').select('m.id').whereRef('m.campaign_id', '=', 'campaigns.id').where('m.tag_id', 'in', [...tagIds])),
    );
  }
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

/** Settings given are merged over the stored ones: a PATCH changes only what it names. */
export async function updateCampaign(db: Db, workspaceId: string, id: string, input: CampaignInput): Promise<CampaignRow | undefined> {
  return db
    .updateTable('campaigns')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.owned_by !== undefined ? { owned_by: input.owned_by } : {}),
      settings: sql`settings || ${JSON.stringify(input.settings ?? {})}::jsonb`,
      timestamp_updated: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function setCampaignStatus(db: Db, workspaceId: string, id: string, status: number): Promise<CampaignRow | undefined> {
  return db
    .updateTable('campaigns')
    .set({ status, timestamp_updated: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deleting a campaign deletes its leads (the foreign key cascades). */
export async function deleteCampaign(db: Db, workspaceId: string, id: string): Promise<CampaignRow | undefined> {
  return db.deleteFrom('campaigns').where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Grows the campaign's set of custom variable names to include these (never shrinks it). */
export async function addCampaignVariables(db: Db, campaignId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const additions = Object.fromEntries(names.map((n) => [n, n]));
  await db
    .updateTable('campaigns')
    .set({ custom_variables: sql`custom_variables || ${JSON.stringify(additions)}::jsonb` })
    .where('id', '=', campaignId)
    .execute();
}

export interface ContactSearch {
  /** The lead e-mail's key (lower case); undefined: every campaign. */
  emailKey?: string | undefined;
  sortColumn: 'timestamp_created' | 'name';
  sortOrder: 'asc' | 'desc';
}

/** The campaigns holding a lead with this e-mail, sorted as asked (id breaks ties). */
export async function campaignsByContact(db: Db, workspaceId: string, q: ContactSearch): Promise<CampaignRow[]> {
  let query = db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId);
  const emailKey = q.emailKey;
  if (emailKey !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('leads as l')
          .select('l.id')
          .whereRef('l.campaign_id', '=', 'campaigns.id')
          .where('l.workspace_id', '=', workspaceId)
          .where('l.email_key', '=', emailKey),
      ),
    );
  }
  return query.orderBy(q.sortColumn, q.sortOrder).orderBy('id', q.sortOrder).execute();
}

/**
 * The workspace's campaigns a selection names: the ids given (those that exist), or with
 * `all`, every campaign whose name contains `search`, less the excluded ids. They are locked
 * against deletion (FOR KEY SHARE) for the caller's transaction, which maps tags onto them.
 */
export async function selectCampaignIds(
  db: Db,
  workspaceId: string,
  selection: { ids: readonly string[] } | { all: true; search?: string | undefined; excluded: readonly string[] },
): Promise<string[]> {
  let query = db.selectFrom('campaigns').select('id').where('workspace_id', '=', workspaceId);
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    query = query.where('id', 'in', [...selection.ids]);
  } else {
    if (selection.search !== undefined && selection.search !== '') query = query.where('name', 'ilike', containsPattern(selection.search));
    if (selection.excluded.length > 0) query = query.where('id', 'not in', [...selection.excluded]);
  }
  const rows = await query.orderBy('id').forKeyShare().execute();
  return rows.map((r) => r.id);
}
