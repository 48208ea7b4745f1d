import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { cleanEmail, emailKey } from '../domain/email.js';
import type { Counters, Decision } from '../domain/import-plan.js';
import { type SmartleadLeadInput, personKeyOf, toLeadbaseLead } from '../domain/smartlead-lead.js';
import { type CampaignRow, createCampaign } from '../store/campaign-repository.js';
import type { Db } from '../store/database.js';
import { countExportSelection, exportBatches, openExportSelection } from '../store/lead-export-repository.js';
import type { LeadRow } from '../store/lead-repository.js';
import { campaignLeadRows, contactIdsOf, countCampaignLeadRows, keysInCampaign, leadMapIdsOf } from '../store/smartlead-lead-repository.js';
import { findCampaignBySmartleadId, listAllCampaigns } from '../store/smartlead-repository.js';
import { LeadAllowanceExceeded, NotFoundError } from './errors.js';
import { addLeads } from './lead-intake.js';
import type { Principal } from './principal.js';
import { inWorkspace } from './workspace-scope.js';

/** Smartlead's campaign-level use cases: create, add leads, export the leads. */

export const UNTITLED_CAMPAIGN = 'Untitled Campaign';

/**
 * Every campaign carries a sending schedule (the vendor's Campaign requires campaign_schedule);
 * Smartlead creates a campaign with none, so one made through v1 gets this weekday one until
 * v2's PATCH sets its own. Leadbase sends nothing, so it only keeps the v2 view whole.
 */
const DEFAULT_SCHEDULE = {
  schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true, '2': true, '3': true, '4': true, '5': true }, timezone: 'America/Chicago' }],
};

/** A draft campaign owned by the key's workspace owner, as v2's create makes one. */
export async function createSmartleadCampaign(db: Db, principal: Principal, name: string | undefined): Promise<CampaignRow> {
  const given = name?.trim() ?? '';
  return createCampaign(db, principal.workspaceId, { name: given === '' ? UNTITLED_CAMPAIGN : given, owned_by: principal.userId, settings: { campaign_schedule: DEFAULT_SCHEDULE } });
}

async function campaignOf(db: Db, workspaceId: string, campaignId: number): Promise<CampaignRow> {
  const campaign = await findCampaignBySmartleadId(db, workspaceId, campaignId);
  if (campaign === undefined) throw new NotFoundError(`Campaign ${campaignId}`);
  return campaign;
}

/** Every campaign of the workspace: how a Smartlead script learns the integer id of one made through v2. */
export const listSmartleadCampaigns = inWorkspace(listAllCampaigns);

export async function getSmartleadCampaign(db: Db, principal: Principal, campaignId: number): Promise<CampaignRow> {
  return campaignOf(db, principal.workspaceId, campaignId);
}

/**
 * The rows with the integer ids Smartlead shows for them (the person's and the campaign
 * membership's); a row deleted since it was read has none and is left out, as if read a moment
 * later.
 */
async function withSmartleadIds(db: Db, workspaceId: string, rows: readonly LeadRow[]): Promise<ExportedCampaignLead[]> {
  const [personIds, mapIds] = await Promise.all([contactIdsOf(db, workspaceId, rows.map(personKeyOf)), leadMapIdsOf(db, rows.map((row) => row.id))]);
  return rows.flatMap((row) => {
    const leadId = personIds.get(personKeyOf(row));
    const mapId = mapIds.get(row.id);
    return leadId === undefined || mapId === undefined ? [] : [{ row, leadId, mapId }];
  });
}

/** One offset page of a campaign's leads, with the campaign's lead count. */
export async function campaignLeadsPage(
  db: Db,
  principal: Principal,
  campaignId: number,
  page: { offset: number; limit: number },
): Promise<{ total: number; leads: ExportedCampaignLead[] }> {
  const campaign = await campaignOf(db, principal.workspaceId, campaignId);
  const [total, rows] = await Promise.all([countCampaignLeadRows(db, campaign.id), campaignLeadRows(db, campaign.id, page)]);
  return { total, leads: await withSmartleadIds(db, principal.workspaceId, rows) };
}

export interface CampaignAddSettings {
  ignore_global_block_list?: boolean | undefined;
  ignore_unsubscribe_list?: boolean | undefined;
  ignore_duplicate_leads_in_other_campaign?: boolean | undefined;
}

export type CampaignAddOutcome =
  | {
      kind: 'added';
      counters: Counters;
      decisions: readonly Decision[];
      /** Of the leads skipped for being in a campaign, how many were in this one. */
      skippedHere: number;
    }
  | { kind: 'over-allowance'; message: string };

/**
 * Smartlead's campaign add, through bulk add's one path: leads already in another campaign are
 * left out unless ignore_duplicate_leads_in_other_campaign, blocked ones unless
 * ignore_global_block_list, and unsubscribed ones unless ignore_unsubscribe_list.
 */
export async function addSmartleadCampaignLeads(db: Db, principal: Principal, campaignId: number, rows: readonly SmartleadLeadInput[], settings: CampaignAddSettings): Promise<CampaignAddOutcome> {
  const campaign = await campaignOf(db, principal.workspaceId, campaignId);
  const leads = rows.map(toLeadbaseLead);
  const keys = leads.map((lead) => {
    const email = cleanEmail(lead.email);
    return email === null ? null : emailKey(email);
  });
  let skippedHere = 0;
  try {
    const result = await addLeads(db, principal, {
      target: { kind: 'campaign', id: campaign.id, ownedBy: campaign.owned_by },
      leads,
      flags: { skip_if_in_campaign: settings.ignore_duplicate_leads_in_other_campaign !== true },
      ignoreBlockList: settings.ignore_global_block_list === true,
      skipUnsubscribed: settings.ignore_unsubscribe_list !== true,
      withinTransaction: async (trx, outcome) => {
        const skipped = outcome.decisions.flatMap((d) => {
          const key = d.outcome === 'skipped' ? keys[d.index] : null;
          return key === null || key === undefined ? [] : [key];
        });
        const here = await keysInCampaign(trx, campaign.id, skipped);
        skippedHere = skipped.filter((key) => here.has(key)).length;
      },
    });
    return { kind: 'added', counters: result.counters, decisions: result.decisions, skippedHere };
  } catch (error) {
    // Over the workspace's lead allowance: nothing of the request was written.
    if (error instanceof LeadAllowanceExceeded) return { kind: 'over-allowance', message: error.message };
    throw error;
  }
}

/** One lead of a campaign with the integer ids Smartlead shows for it. */
export interface ExportedCampaignLead {
  row: LeadRow;
  leadId: number;
  mapId: number;
}

export interface CampaignLeadExport {
  /** Leads in the export, counted when it began. */
  leadCount: number;
  /** The CSV, produced as fast as the reader takes it. */
  body: Readable;
}

/** Rows per query, as the v2 export reads them. */
const BATCH_SIZE = 2000;

/**
 * The campaign's leads as one streamed CSV, on the v2 export's read path (the leads that match
 * when it begins, in id order, one keyset batch per query); `toRecord` writes one lead's cells
 * under `header`.
 */
export async function exportCampaignLeads(
  db: Db,
  { workspaceId }: Principal,
  campaignId: number,
  header: readonly string[],
  toRecord: (lead: ExportedCampaignLead) => string[],
): Promise<CampaignLeadExport> {
  const campaign = await campaignOf(db, workspaceId, campaignId);
  const selection = await openExportSelection(db, workspaceId, { campaign: campaign.id });
  const leadCount = await countExportSelection(db, selection);
  async function* chunks(): AsyncGenerator<string> {
    yield stringify([[...header]]);
    for await (const rows of exportBatches(db, selection, BATCH_SIZE)) {
      const records = (await withSmartleadIds(db, workspaceId, rows)).map(toRecord);
      if (records.length > 0) yield stringify(records);
    }
  }
  return { leadCount, body: Readable.from(chunks()) };
}
