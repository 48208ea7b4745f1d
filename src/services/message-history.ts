import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { type LeadEventRow, leadEventsOf } from '../store/lead-event-repository.js';
import { contactKeyOf, rowsOfPerson } from '../store/smartlead-campaign-lead-repository.js';
import { findCampaignBySmartleadId } from '../store/smartlead-repository.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

export interface MessageHistory {
  /** The lead's address: the `to` of what was sent, the `from` of its replies. */
  leadEmail: string;
  /** The recorded events the history is made of, oldest first: contacted, replied, and the opens and clicks counted against each step. */
  events: LeadEventRow[];
}

/**
 * The engagement recorded on a Smartlead lead (a person: all its leads), optionally in one
 * campaign. Empty until engagement is recorded; an unknown lead or campaign is not found.
 */
export async function messageHistory(db: Kysely<Database>, principal: Principal, query: { leadId: number; campaignId?: number | undefined }): Promise<MessageHistory> {
  const { workspaceId } = principal;
  const key = await contactKeyOf(db, workspaceId, query.leadId);
  let leads = key === undefined ? [] : await rowsOfPerson(db, workspaceId, key);
  if (query.campaignId !== undefined) {
    const campaign = await findCampaignBySmartleadId(db, workspaceId, query.campaignId);
    if (campaign === undefined) throw new NotFoundError(`Campaign ${query.campaignId}`);
    leads = leads.filter((lead) => lead.campaign_id === campaign.id);
  }
  const first = leads[0];
  if (first === undefined || first.email === null) throw new NotFoundError(query.campaignId === undefined ? `Lead ${query.leadId}` : `Lead ${query.leadId} in campaign ${query.campaignId}`);
  const events = await leadEventsOf(db, workspaceId, leads.map((lead) => lead.id), ['contacted', 'replied', 'opened', 'clicked']);
  return { leadEmail: first.email, events };
}
