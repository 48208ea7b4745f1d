import type { TargetKind } from '../domain/import-plan.js';
import { findCampaign } from '../store/campaign-repository.js';
import type { Db } from '../store/database.js';
import { findLeadList } from '../store/lead-list-repository.js';
import { InvalidRequestError, NotFoundError } from './errors.js';

export interface LeadContainer {
  kind: TargetKind;
  /** The campaign's or list's id; for a workspace target, the workspace's. */
  id: string;
  /** Who leads added here are assigned to by default (the campaign owner). */
  ownedBy: string | null;
}

const given = (value: string | null | undefined): value is string => value !== undefined && value !== null;

/** The campaign or list a request names, in the caller's workspace; a foreign or missing one is not found. */
export async function resolveContainer(db: Db, workspaceId: string, campaignId: string | null | undefined, listId: string | null | undefined): Promise<LeadContainer> {
  if (given(campaignId)) {
    const campaign = await findCampaign(db, workspaceId, campaignId);
    if (campaign === undefined) throw new NotFoundError('Campaign');
    return { kind: 'campaign', id: campaign.id, ownedBy: campaign.owned_by };
  }
  const list = given(listId) ? await findLeadList(db, workspaceId, listId) : undefined;
  if (list === undefined) throw new NotFoundError('Lead list');
  return { kind: 'list', id: list.id, ownedBy: null };
}

/**
 * Like resolveContainer, for requests that name one of the two (`names` as the body calls them)
 * and never both. With neither, `whenNeither` decides: refused, or the workspace itself (a lead
 * with no campaign and no list, as the vendor's CreateLead allows).
 */
export async function resolveExactlyOneContainer(
  db: Db,
  workspaceId: string,
  campaignId: string | null | undefined,
  listId: string | null | undefined,
  names: readonly [string, string],
  whenNeither: 'refuse' | 'workspace' = 'refuse',
): Promise<LeadContainer> {
  if (given(campaignId) && given(listId)) throw new InvalidRequestError(`Provide either ${names[0]} or ${names[1]}, not both`);
  if (!given(campaignId) && !given(listId)) {
    if (whenNeither === 'refuse') throw new InvalidRequestError(`Provide either ${names[0]} or ${names[1]}`);
    return { kind: 'workspace', id: workspaceId, ownedBy: null };
  }
  return resolveContainer(db, workspaceId, campaignId, listId);
}
