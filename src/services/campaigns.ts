import type { Kysely } from 'kysely';
import { emailKey } from '../domain/email.js';
import {
  CAMPAIGN_STATUS,
  type CampaignRow,
  type ContactSearch,
  campaignsByContact,
  createCampaign as insertCampaign,
  deleteCampaign as deleteCampaignRow,
  findCampaign,
  listCampaigns as listCampaignRows,
  setCampaignStatus,
  updateCampaign as updateCampaignRow,
} from '../store/campaign-repository.js';
import type { Database } from '../store/database.js';
import type { Principal } from './principal.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

/** v2's campaign use cases; Smartlead's are in smartlead-campaigns.ts. */

/** An explicit null owner means "no owner"; only a missing one defaults to the user making the request. */
export async function createCampaign(
  db: Kysely<Database>,
  principal: Principal,
  input: { name: string; owned_by?: string | null | undefined; settings: Record<string, unknown> },
): Promise<CampaignRow> {
  const ownedBy = input.owned_by === undefined ? principal.userId : input.owned_by;
  return insertCampaign(db, principal.workspaceId, { name: input.name, owned_by: ownedBy, settings: input.settings });
}

export const getCampaign = foundInWorkspace('Campaign', findCampaign);
export const listCampaigns = inWorkspace(listCampaignRows);
export const updateCampaign = foundInWorkspace('Campaign', updateCampaignRow);
/** Deletes the campaign and every lead in it (the foreign key cascades). */
export const deleteCampaign = foundInWorkspace('Campaign', deleteCampaignRow);

const setStatus = foundInWorkspace('Campaign', setCampaignStatus);

/** Activates or pauses a campaign (Leadbase sends nothing either way: it is the state v2 shows). */
export async function setCampaignState(db: Kysely<Database>, principal: Principal, id: string, state: 'active' | 'paused'): Promise<CampaignRow> {
  return setStatus(db, principal, id, CAMPAIGN_STATUS[state]);
}

/** The campaigns holding a lead with this e-mail (case-insensitive), or all of them without one. */
export async function campaignsWithContact(
  db: Kysely<Database>,
  principal: Principal,
  q: { email?: string | undefined } & Omit<ContactSearch, 'emailKey'>,
): Promise<CampaignRow[]> {
  const { email, ...sort } = q;
  const search = email?.trim();
  return campaignsByContact(db, principal.workspaceId, { ...sort, emailKey: search === undefined || search === '' ? undefined : emailKey(search) });
}
