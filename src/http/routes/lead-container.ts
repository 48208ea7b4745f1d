import type { TargetKind } from '../../domain/import-plan.js';
import { findCampaign } from '../../store/campaign-repository.js';
import type { Db } from '../../store/database.js';
import { findLeadList } from '../../store/lead-list-repository.js';
import { badRequest, notFound } from '../errors.js';

export interface LeadContainer {
  kind: TargetKind;
  id: string;
  /** Who leads added here are assigned to by default (the campaign owner). */
  ownedBy: string | null;
}

/** The campaign or list a request names, in the caller's workspace; a foreign or missing one is a 404. */
export async function resolveContainer(db: Db, workspaceId: string, campaignId: string | null | undefined, listId: string | null | undefined): Promise<LeadContainer> {
  if (campaignId !== undefined && campaignId !== null) {
    const campaign = await findCampaign(db, workspaceId, campaignId);
    if (campaign === undefined) throw notFound('Campaign');
    return { kind: 'campaign', id: campaign.id, ownedBy: campaign.owned_by };
  }
  const list = listId !== undefined && listId !== null ? await findLeadList(db, workspaceId, listId) : undefined;
  if (list === undefined) throw notFound('Lead list');
  return { kind: 'list', id: list.id, ownedBy: null };
}

/** Like resolveContainer, for requests that must name exactly one of the two (`names` as the body calls them). */
export async function resolveExactlyOneContainer(
  db: Db,
  workspaceId: string,
  campaignId: string | null | undefined,
  listId: string | null | undefined,
  names: readonly [string, string],
): Promise<LeadContainer> {
  const hasCampaign = campaignId !== undefined && campaignId !== null;
  const hasList = listId !== undefined && listId !== null;
  if (hasCampaign && hasList) throw badRequest(`Provide either ${names[0]} or ${names[1]}, not both`);
  if (!hasCampaign && !hasList) throw badRequest(`Provide either ${names[0]} or ${names[1]}`);
  return resolveContainer(db, workspaceId, campaignId, listId);
}
