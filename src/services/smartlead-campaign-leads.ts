import { companyDomainOf } from '../domain/company-domain.js';
import { cleanEmail, emailKey } from '../domain/email.js';
import { type SmartleadLeadInput, interestOfCategory, personKeyOf, toLeadbaseLead } from '../domain/smartlead-lead.js';
import type { CampaignRow } from '../store/campaign-repository.js';
import type { Db } from '../store/database.js';
import { setInterestStatusByEmail } from '../store/lead-bulk-update-repository.js';
import { type LeadRow, deleteLead, updateLead } from '../store/lead-repository.js';
import { campaignRowOfPerson, contactKeyOf, rowsOfPerson, setLeadStatuses } from '../store/smartlead-campaign-lead-repository.js';
import { contactIdsOf, leadMapIdsOf, leadRowsByEmail } from '../store/smartlead-lead-repository.js';
import { campaignsById, findCampaignBySmartleadId } from '../store/smartlead-repository.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import { unsubscribeLeads } from './lead-unsubscribe.js';
import type { Principal } from './principal.js';

/**
 * Smartlead v1's per-lead operations. A Smartlead lead id names a person (one e-mail in the
 * workspace); "the lead in campaign C" is that person's row in C. Every operation is one
 * transaction that locks the rows it changes, and each state it sets is a field the v2 surface
 * shows: status (1 active, 2 paused, -2 unsubscribed) and lt_interest_status (the category).
 */

/** Which lead of which campaign, by Smartlead's integer ids. */
export interface CampaignLeadRef {
  campaignId: number;
  leadId: number;
}

const ACTIVE = 1;
const PAUSED = 2;
/** The statuses a lead can be paused or resumed from; the others (completed, bounced, unsubscribed, skipped) are final. */
const RUNNING = new Set([ACTIVE, PAUSED]);
const STATUS_NAMES: Readonly<Record<number, string>> = { 3: 'completed', [-1]: 'bounced', [-2]: 'unsubscribed', [-3]: 'skipped' };

async function personKey(db: Db, workspaceId: string, leadId: number): Promise<string> {
  const key = await contactKeyOf(db, workspaceId, leadId);
  if (key === undefined) throw new NotFoundError(`Lead ${leadId}`);
  return key;
}

/** The campaign, the person's key and their row in it (locked), or the NotFoundError naming what is missing. */
async function campaignLead(trx: Db, workspaceId: string, ref: CampaignLeadRef): Promise<{ campaign: CampaignRow; key: string; row: LeadRow }> {
  const campaign = await findCampaignBySmartleadId(trx, workspaceId, ref.campaignId);
  if (campaign === undefined) throw new NotFoundError(`Campaign ${ref.campaignId}`);
  const key = await personKey(trx, workspaceId, ref.leadId);
  const row = await campaignRowOfPerson(trx, workspaceId, key, campaign.id);
  if (row === undefined) throw new NotFoundError(`Lead ${ref.leadId} in campaign ${ref.campaignId}`);
  return { campaign, key, row };
}

function assertRunning(row: LeadRow, ref: CampaignLeadRef, verb: string): void {
  if (RUNNING.has(row.status)) return;
  const state = STATUS_NAMES[row.status] ?? `in status ${row.status}`;
  throw new InvalidRequestError(`Lead ${ref.leadId} in campaign ${ref.campaignId} is ${state}; only an active or paused lead can be ${verb}`);
}

/**
 * Smartlead's update: the person's fields, on every row of the e-mail in the workspace ("changes
 * apply globally across all campaigns"); custom_fields merge into the custom variables. The
 * e-mail identifies the lead and must be its own: changing it would need the dedupe rules of
 * an add, so it is refused rather than half-done.
 */
export async function updateCampaignLead(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef, input: SmartleadLeadInput & { email: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { key, row } = await campaignLead(trx, workspaceId, ref);
    const email = cleanEmail(input.email);
    if (email === null || emailKey(email) !== key) {
      throw new InvalidRequestError(`body/email must be the lead's own e-mail (${row.email ?? ''}); Smartlead's update identifies the lead by it and does not change it`);
    }
    const lead = toLeadbaseLead(input);
    const changes = {
      ...(lead.first_name !== undefined ? { first_name: lead.first_name } : {}),
      ...(lead.last_name !== undefined ? { last_name: lead.last_name } : {}),
      ...(lead.company_name !== undefined ? { company_name: lead.company_name } : {}),
      ...(lead.phone !== undefined ? { phone: lead.phone } : {}),
      ...(lead.website !== undefined ? { website: lead.website, company_domain: companyDomainOf(row.email, lead.website ?? null) } : {}),
    };
    for (const person of await rowsOfPerson(trx, workspaceId, key, true)) {
      await updateLead(trx, workspaceId, person.id, changes, lead.custom_variables);
    }
  });
}

/** Removes the lead from the campaign; its rows elsewhere (other campaigns, lists) stay. */
export async function deleteCampaignLead(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row } = await campaignLead(trx, workspaceId, ref);
    await deleteLead(trx, workspaceId, row.id);
  });
}

export async function pauseCampaignLead(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row } = await campaignLead(trx, workspaceId, ref);
    assertRunning(row, ref, 'paused');
    await setLeadStatuses(trx, workspaceId, [row.id], PAUSED, new Date());
  });
}

/**
 * Back to active. Leadbase sends nothing, so there is no next e-mail for
 * resume_lead_with_delay_days to delay: the route validates it and it changes nothing else.
 */
export async function resumeCampaignLead(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row } = await campaignLead(trx, workspaceId, ref);
    assertRunning(row, ref, 'resumed');
    await setLeadStatuses(trx, workspaceId, [row.id], ACTIVE, new Date());
  });
}

/** Unsubscribes the lead in this campaign only. */
export async function unsubscribeCampaignLead(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { row } = await campaignLead(trx, workspaceId, ref);
    await unsubscribeLeads(trx, workspaceId, [row.id], new Date());
  });
}

/** Unsubscribes every row of the person in the workspace: all campaigns and lists. */
export async function unsubscribeLeadEverywhere(db: Db, { workspaceId }: Principal, leadId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await rowsOfPerson(trx, workspaceId, await personKey(trx, workspaceId, leadId), true);
    if (rows.length === 0) throw new NotFoundError(`Lead ${leadId}`);
    await unsubscribeLeads(trx, workspaceId, rows.map((row) => row.id), new Date());
  });
}

/**
 * Sets (null: clears) the lead's category in this campaign, stored as the interest status of the
 * same meaning; `pauseLead` also pauses it when it is active.
 */
export async function setCampaignLeadCategory(db: Db, { workspaceId }: Principal, ref: CampaignLeadRef, categoryId: number | null, pauseLead: boolean): Promise<void> {
  const interest = categoryId === null ? null : interestOfCategory(categoryId);
  if (interest === undefined) {
    throw new InvalidRequestError(`body/category_id ${String(categoryId)} is not a category Leadbase serves; GET /api/v1/leads/fetch-categories lists them`);
  }
  await db.transaction().execute(async (trx) => {
    const { campaign, key, row } = await campaignLead(trx, workspaceId, ref);
    await setInterestStatusByEmail(trx, workspaceId, row.email_key ?? key, interest, { campaignId: campaign.id });
    if (pauseLead && row.status === ACTIVE) await setLeadStatuses(trx, workspaceId, [row.id], PAUSED, new Date());
  });
}

/** The campaigns the person is in, oldest membership first. */
export async function campaignsOfLead(db: Db, { workspaceId }: Principal, leadId: number): Promise<CampaignRow[]> {
  const rows = await rowsOfPerson(db, workspaceId, await personKey(db, workspaceId, leadId));
  const campaignIds = rows.flatMap((row) => (row.campaign_id === null ? [] : [row.campaign_id]));
  const campaigns = await campaignsById(db, campaignIds);
  return campaignIds.flatMap((id) => {
    const campaign = campaigns.get(id);
    return campaign === undefined ? [] : [campaign];
  });
}

/** A person as Smartlead shows one: every row of its e-mail, its integer id, its campaigns. */
export interface SmartleadPerson {
  /** Oldest first. */
  rows: LeadRow[];
  /** The first of rows: its e-mail key and creation time are the person's. */
  oldest: LeadRow;
  personId: number;
  /** Each campaign the person is in, with the integer id of that membership. */
  memberships: { row: LeadRow; campaign: CampaignRow; mapId: number }[];
}

/** The person with this e-mail in the workspace, or undefined when nobody has it (or it was just deleted). */
export async function findSmartleadPerson(db: Db, principal: Principal, email: string): Promise<SmartleadPerson | undefined> {
  const { workspaceId } = principal;
  const rows = await leadRowsByEmail(db, workspaceId, emailKey(email));
  const oldest = rows[0];
  if (oldest === undefined) return undefined;
  const inCampaigns = rows.filter((row) => row.campaign_id !== null);
  const [personIds, mapIds, campaigns] = await Promise.all([
    contactIdsOf(db, workspaceId, [personKeyOf(oldest)]),
    leadMapIdsOf(db, inCampaigns.map((row) => row.id)),
    campaignsById(db, inCampaigns.flatMap((row) => (row.campaign_id === null ? [] : [row.campaign_id]))),
  ]);
  const personId = personIds.get(personKeyOf(oldest));
  if (personId === undefined) return undefined;
  const memberships = inCampaigns.flatMap((row) => {
    const campaign = row.campaign_id === null ? undefined : campaigns.get(row.campaign_id);
    const mapId = mapIds.get(row.id);
    return campaign === undefined || mapId === undefined ? [] : [{ row, campaign, mapId }];
  });
  return { rows, oldest, personId, memberships };
}
