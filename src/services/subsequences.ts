import type { Kysely } from 'kysely';
import { findCampaign } from '../store/campaign-repository.js';
import type { Database, Db } from '../store/database.js';
import {
  type SubsequenceChanges,
  type SubsequenceRow,
  createSubsequence as insertSubsequence,
  deleteSubsequence as deleteSubsequenceRow,
  type SubsequenceQuery,
  findSubsequence,
  listSubsequences as listSubsequenceRows,
  updateSubsequence as updateSubsequenceRow,
} from '../store/subsequence-repository.js';
import type { PageResult } from '../store/paging.js';
import { NotFoundError } from './errors.js';
import { type InterestStatusValue, assertKnownInterestStatuses } from './interest-status.js';
import type { Principal } from './principal.js';
import { foundInWorkspace } from './workspace-scope.js';

export interface NewSubsequenceInput {
  parentCampaignId: string;
  name: string;
  conditions: Record<string, unknown>;
  settings: Record<string, unknown>;
  /** The crm_status values of the conditions, each with the field that carried it. */
  interestStatuses: readonly InterestStatusValue[];
}

async function requireCampaign(db: Db, workspaceId: string, id: string) {
  const campaign = await findCampaign(db, workspaceId, id);
  // A campaign of another workspace is as unknown as a missing one.
  if (campaign === undefined) throw new NotFoundError('Campaign');
  return campaign;
}

export const getSubsequence = foundInWorkspace('Subsequence', findSubsequence);

/** A campaign the filter names must be one of the caller's: a foreign id is as unknown as a missing one. */
export async function listSubsequences<T>(db: Db, principal: Principal, q: SubsequenceQuery, map: (row: SubsequenceRow) => T): Promise<PageResult<T>> {
  const { workspaceId } = principal;
  if (q.parentCampaignId !== undefined) await requireCampaign(db, workspaceId, q.parentCampaignId);
  if (q.parentCampaignNot !== undefined) await requireCampaign(db, workspaceId, q.parentCampaignNot);
  return listSubsequenceRows(db, workspaceId, q, map);
}

/** Creates a subsequence under a campaign of the workspace; without its own schedule it takes the campaign's. */
export async function createSubsequence(db: Kysely<Database>, principal: Principal, input: NewSubsequenceInput): Promise<SubsequenceRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    await assertKnownInterestStatuses(trx, workspaceId, input.interestStatuses);
    const campaign = await requireCampaign(trx, workspaceId, input.parentCampaignId);
    const settings = { ...input.settings };
    const inherited = campaign.settings.campaign_schedule;
    if (settings.subsequence_schedule === undefined && inherited !== undefined) settings.subsequence_schedule = inherited;
    return insertSubsequence(trx, workspaceId, { parentCampaignId: campaign.id, name: input.name, conditions: input.conditions, settings });
  });
}

export async function updateSubsequence(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  changes: SubsequenceChanges,
  interestStatuses: readonly InterestStatusValue[],
): Promise<SubsequenceRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    await assertKnownInterestStatuses(trx, workspaceId, interestStatuses);
    const row = await updateSubsequenceRow(trx, workspaceId, id, changes);
    if (row === undefined) throw new NotFoundError('Subsequence');
    return row;
  });
}

/** Deletes the subsequence; its leads stay in the campaign, out of any subsequence. */
export async function deleteSubsequence(db: Kysely<Database>, principal: Principal, id: string): Promise<SubsequenceRow> {
  const row = await db.transaction().execute((trx) => deleteSubsequenceRow(trx, principal.workspaceId, id));
  if (row === undefined) throw new NotFoundError('Subsequence');
  return row;
}

/**
 * A copy of a subsequence (same conditions, steps and settings, schedule included) under a
 * campaign of the workspace, the source's own or another; no leads come with it, as none were
 * moved into it yet.
 */
export async function duplicateSubsequence(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  input: { parentCampaignId: string; name?: string | undefined },
): Promise<SubsequenceRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const source = await findSubsequence(trx, workspaceId, id);
    if (source === undefined) throw new NotFoundError('Subsequence');
    const campaign = await requireCampaign(trx, workspaceId, input.parentCampaignId);
    return insertSubsequence(trx, workspaceId, {
      parentCampaignId: campaign.id,
      name: input.name ?? source.name,
      conditions: source.conditions,
      settings: source.settings,
    });
  });
}
