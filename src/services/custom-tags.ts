import type { Kysely } from 'kysely';
import { selectCampaignIds } from '../store/campaign-repository.js';
import {
  type CustomTagRow,
  deleteCustomTag as deleteCustomTagRow,
  existingCustomTagIds,
  findCustomTag,
  insertCustomTag,
  listCustomTagMappings as listCustomTagMappingRows,
  listCustomTags as listCustomTagRows,
  mapTagsToCampaigns,
  unmapTagsFromCampaigns,
  updateCustomTag as updateCustomTagRow,
} from '../store/custom-tag-repository.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import type { Principal } from './principal.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

export const getCustomTag = foundInWorkspace('Custom tag', findCustomTag);
export const listCustomTags = inWorkspace(listCustomTagRows);
export const listCustomTagMappings = inWorkspace(listCustomTagMappingRows);

/** The vendor's rule: a label is unique in its workspace once trimmed; it is stored trimmed. */
async function withUniqueLabel<T>(label: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new InvalidRequestError(`body/label ${JSON.stringify(label)} is already the label of another custom tag in this workspace`);
    throw error;
  }
}

export async function createCustomTag(db: Kysely<Database>, principal: Principal, fields: { label: string; description?: string | null | undefined }): Promise<CustomTagRow> {
  const label = fields.label.trim();
  return withUniqueLabel(label, () => insertCustomTag(db, principal.workspaceId, { label, description: fields.description ?? null }));
}

export async function updateCustomTag(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  fields: { label?: string | undefined; description?: string | null | undefined },
): Promise<CustomTagRow> {
  const label = fields.label?.trim();
  const row = await withUniqueLabel(label, () => updateCustomTagRow(db, principal.workspaceId, id, { label, description: fields.description }));
  if (row === undefined) throw new NotFoundError('Custom tag');
  return row;
}

export async function deleteCustomTag(db: Kysely<Database>, principal: Principal, id: string): Promise<CustomTagRow> {
  const row = await deleteCustomTagRow(db, principal.workspaceId, id);
  if (row === undefined) throw new NotFoundError('Custom tag');
  return row;
}

/** Which campaigns a toggle acts on: named ones, or all of them (optionally by name) less some. */
export type CampaignSelection = { ids: readonly string[] } | { all: true; search?: string | undefined; excluded: readonly string[] };

/**
 * Puts the tags on (or takes them off) the selected campaigns, all in one transaction. Every tag
 * and every named campaign must be the workspace's: one unknown id refuses the whole request,
 * rather than tagging some campaigns and not others.
 */
export async function toggleCampaignTags(
  db: Kysely<Database>,
  principal: Principal,
  input: { tagIds: readonly string[]; selection: CampaignSelection; assign: boolean },
): Promise<{ campaigns: number }> {
  const { workspaceId } = principal;
  const tagIds = [...new Set(input.tagIds.map((id) => id.toLowerCase()))];
  return db.transaction().execute(async (trx) => {
    const tags = await existingCustomTagIds(trx, workspaceId, tagIds);
    const unknownTag = tagIds.find((id) => !tags.has(id));
    if (unknownTag !== undefined) throw new NotFoundError(`Custom tag ${unknownTag}`);
    const selection = 'ids' in input.selection ? { ids: [...new Set(input.selection.ids.map((id) => id.toLowerCase()))] } : input.selection;
    const campaignIds = await selectCampaignIds(trx, workspaceId, selection);
    if ('ids' in selection) {
      const found = new Set(campaignIds);
      const unknownCampaign = selection.ids.find((id) => !found.has(id));
      if (unknownCampaign !== undefined) throw new NotFoundError(`Campaign ${unknownCampaign}`);
    }
    if (input.assign) await mapTagsToCampaigns(trx, workspaceId, tagIds, campaignIds);
    else await unmapTagsFromCampaigns(trx, workspaceId, tagIds, campaignIds);
    return { campaigns: campaignIds.length };
  });
}
