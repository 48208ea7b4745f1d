import type { Selectable } from 'kysely';
import type { CustomTagMappingTable, CustomTagTable, Db } from './database.js';
import { newId } from './ids.js';
import { containsPattern } from './like.js';
import { type PageResult, toPage } from './paging.js';

export type CustomTagRow = Selectable<CustomTagTable>;
export type CustomTagMappingRow = Selectable<CustomTagMappingTable>;

export async function insertCustomTag(db: Db, workspaceId: string, fields: { label: string; description: string | null }): Promise<CustomTagRow> {
  return db
    .insertInto('custom_tags')
    .values({ id: newId(), workspace_id: workspaceId, label: fields.label, description: fields.description })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCustomTag(db: Db, workspaceId: string, id: string): Promise<CustomTagRow | undefined> {
  return db.selectFrom('custom_tags').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * The ids among `ids` that are tags of the workspace, locked against deletion (FOR KEY SHARE)
 * until the caller's transaction ends, so mappings written next cannot lose their tag.
 */
export async function existingCustomTagIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('custom_tags').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', [...ids]).orderBy('id').forKeyShare().execute();
  return new Set(rows.map((r) => r.id));
}

export interface CustomTagQuery {
  limit: number;
  startingAfter?: string | undefined;
  search?: string | undefined;
  tagIds?: readonly string[] | undefined;
  /** Only tags put on one of these campaigns. */
  campaignIds?: readonly string[] | undefined;
}

export async function listCustomTags<T>(db: Db, workspaceId: string, q: CustomTagQuery, map: (row: CustomTagRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('custom_tags').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) query = query.where('id', '>', q.startingAfter);
  if (q.search !== undefined && q.search !== '') query = query.where('label', 'ilike', containsPattern(q.search));
  if (q.tagIds !== undefined) query = query.where('id', 'in', [...q.tagIds]);
  const campaignIds = q.campaignIds;
  if (campaignIds !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('custom_tag_mappings as m').select('m.id').whereRef('m.tag_id', '=', 'custom_tags.id').where('m.campaign_id', 'in', [...campaignIds])),
    );
  }
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}

export async function updateCustomTag(
  db: Db,
  workspaceId: string,
  id: string,
  fields: { label?: string | undefined; description?: string | null | undefined },
): Promise<CustomTagRow | undefined> {
  return db
    .updateTable('custom_tags')
    .set({
      ...(fields.label !== undefined ? { label: fields.label } : {}),
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      timestamp_updated: new Date(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes the tag; its mappings go with it (ON DELETE CASCADE). */
export async function deleteCustomTag(db: Db, workspaceId: string, id: string): Promise<CustomTagRow | undefined> {
  return db.deleteFrom('custom_tags').where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Puts every tag on every campaign; pairs already mapped stay as they are. */
export async function mapTagsToCampaigns(db: Db, workspaceId: string, tagIds: readonly string[], campaignIds: readonly string[]): Promise<void> {
  const rows = tagIds.flatMap((tagId) => campaignIds.map((campaignId) => ({ id: newId(), workspace_id: workspaceId, tag_id: tagId, campaign_id: campaignId })));
  if (rows.length === 0) return;
  await db
    .insertInto('custom_tag_mappings')
    .values(rows)
    .onConflict((oc) => oc.columns(['tag_id', 'campaign_id']).doNothing())
    .execute();
}

export async function unmapTagsFromCampaigns(db: Db, workspaceId: string, tagIds: readonly string[], campaignIds: readonly string[]): Promise<void> {
  if (tagIds.length === 0 || campaignIds.length === 0) return;
  await db
    .deleteFrom('custom_tag_mappings')
    .where('workspace_id', '=', workspaceId)
    .where('tag_id', 'in', [...tagIds])
    .where('campaign_id', 'in', [...campaignIds])
    .execute();
}

export interface CustomTagMappingQuery {
  limit: number;
  startingAfter?: string | undefined;
  campaignIds?: readonly string[] | undefined;
}

export async function listCustomTagMappings<T>(db: Db, workspaceId: string, q: CustomTagMappingQuery, map: (row: CustomTagMappingRow) => T): Promise<PageResult<T>> {
  let query = db.selectFrom('custom_tag_mappings').selectAll().where('workspace_id', '=', workspaceId);
  if (q.startingAfter !== undefined) query = query.where('id', '>', q.startingAfter);
  if (q.campaignIds !== undefined) query = query.where('campaign_id', 'in', [...q.campaignIds]);
  const rows = await query.orderBy('id').limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => r.id, map);
}
