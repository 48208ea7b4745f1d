import { type Static, Type } from '@sinclair/typebox';
import { cleanEmail, emailKey } from '../../../domain/email.js';
import type { Counters, Decision } from '../../../domain/import-plan.js';
import { smartleadCategoryId, smartleadLeadStatus, toLeadbaseLead } from '../../../domain/smartlead-lead.js';
import { campaignLeadRows, contactIdsOf, countCampaignLeadRows, keysInCampaign, leadMapIdsOf } from '../../../store/smartlead-lead-repository.js';
import { findCampaignBySmartleadId, listAllCampaigns } from '../../../store/smartlead-repository.js';
import { addLeads } from '../../../services/lead-intake.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { notFound } from '../../errors.js';
import { LeadAllowanceExceeded } from '../../../services/errors.js';
import {
  AddCampaignLeadsAnswer,
  type AddCampaignLeadsAnswerType,
  CampaignLeadsBody,
  CampaignLeadsPage,
  OffsetPageQuery,
  SmartleadCampaign,
  SmartleadIdParams,
} from '../../schemas/smartlead.js';
import { campaignToSmartlead, leadToSmartlead, personKeyOf } from '../../schemas/smartlead-wire.js';
import { guarded } from '../access.js';

const campaignNotFound = (id: number) => notFound(`Campaign ${id}`);

type LeadRows = Static<typeof CampaignLeadsBody>['lead_list'];

/**
 * Every Smartlead counter from bulk add's outcomes; each lead lands in exactly one of
 * upload_count, block_count, duplicate_count, invalid_email_count, already_added_to_campaign.
 * A lead skipped because it is in a campaign is "already added" when that campaign is this
 * one, and a duplicate (in another campaign) otherwise.
 */
export function campaignCounters(rows: LeadRows, c: Counters, decisions: readonly Decision[], skippedHere: number): AddCampaignLeadsAnswerType {
  const invalidEmails = decisions.filter((d) => d.outcome === 'invalid_email').map((d) => rows[d.index]?.email ?? '');
  return {
    ok: true,
    upload_count: c.leads_uploaded,
    total_leads: c.total_sent,
    block_count: c.in_blocklist,
    duplicate_count: c.duplicate_email_count + c.skipped_count - skippedHere,
    invalid_email_count: c.invalid_email_count,
    invalid_emails: invalidEmails,
    already_added_to_campaign: c.duplicated_leads + skippedHere,
    // Leadbase keeps unsubscribes on the block list and has no community bounce list.
    unsubscribed_leads: [],
    is_lead_limit_exhausted: false,
    lead_import_stopped_count: 0,
    bounce_count: 0,
  };
}

export function smartleadCampaignRoutes(v1: App, { db }: AppDeps): void {
  // Read-only: how a Smartlead script learns the integer id of a campaign made through v2.
  for (const url of ['/api/v1/campaigns', '/api/v1/campaigns/']) {
    v1.get(url, { ...guarded('campaigns', 'read'), schema: { response: { 200: Type.Array(SmartleadCampaign) } } }, async (request) =>
      (await listAllCampaigns(db, principalOf(request).workspaceId)).map(campaignToSmartlead),
    );
  }

  v1.get('/api/v1/campaigns/:id', {
    ...guarded('campaigns', 'read'),
    schema: { params: SmartleadIdParams, response: { 200: SmartleadCampaign } },
  }, async (request) => {
    const campaign = await findCampaignBySmartleadId(db, principalOf(request).workspaceId, request.params.id);
    if (campaign === undefined) throw campaignNotFound(request.params.id);
    return campaignToSmartlead(campaign);
  });

  v1.post('/api/v1/campaigns/:id/leads', {
    ...guarded('leads', 'create'),
    schema: { params: SmartleadIdParams, body: CampaignLeadsBody, response: { 200: AddCampaignLeadsAnswer } },
  }, async (request) => {
    const principal = principalOf(request);
    const campaign = await findCampaignBySmartleadId(db, principal.workspaceId, request.params.id);
    if (campaign === undefined) throw campaignNotFound(request.params.id);
    const rows = request.body.lead_list;
    const settings = request.body.settings ?? {};
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
        // Smartlead leaves out leads already in another campaign unless told to ignore that.
        flags: { skip_if_in_campaign: settings.ignore_duplicate_leads_in_other_campaign !== true },
        ignoreBlockList: settings.ignore_global_block_list === true,
        withinTransaction: async (trx, outcome) => {
          const skipped = outcome.decisions.flatMap((d) => {
            const key = d.outcome === 'skipped' ? keys[d.index] : null;
            return key === null || key === undefined ? [] : [key];
          });
          const here = await keysInCampaign(trx, campaign.id, skipped);
          skippedHere = skipped.filter((key) => here.has(key)).length;
        },
      });
      return campaignCounters(rows, result.counters, result.decisions, skippedHere);
    } catch (error) {
      if (!(error instanceof LeadAllowanceExceeded)) throw error;
      // Over the workspace's lead allowance: nothing of the request was written, which
      // Smartlead reports as an import stopped for every lead.
      return {
        ...campaignCounters(rows, { total_sent: rows.length, leads_uploaded: 0, in_blocklist: 0, duplicated_leads: 0, skipped_count: 0, invalid_email_count: 0, incomplete_count: 0, duplicate_email_count: 0 }, [], 0),
        is_lead_limit_exhausted: true,
        lead_import_stopped_count: rows.length,
        message: error.message,
      };
    }
  });

  v1.get('/api/v1/campaigns/:id/leads', {
    ...guarded('leads', 'read'),
    schema: { params: SmartleadIdParams, querystring: OffsetPageQuery(100, 100), response: { 200: CampaignLeadsPage } },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const campaign = await findCampaignBySmartleadId(db, workspaceId, request.params.id);
    if (campaign === undefined) throw campaignNotFound(request.params.id);
    const offset = request.query.offset ?? 0;
    const limit = request.query.limit ?? 100;
    const [total, rows] = await Promise.all([countCampaignLeadRows(db, campaign.id), campaignLeadRows(db, campaign.id, { offset, limit })]);
    const [personIds, mapIds] = await Promise.all([contactIdsOf(db, workspaceId, rows.map(personKeyOf)), leadMapIdsOf(db, rows.map((row) => row.id))]);
    const data = rows.flatMap((row) => {
      const personId = personIds.get(personKeyOf(row));
      const mapId = mapIds.get(row.id);
      // A lead deleted while this page was read has no ids: it is left out, as if read a moment later.
      if (personId === undefined || mapId === undefined) return [];
      return [{
        campaign_lead_map_id: mapId,
        lead_category_id: smartleadCategoryId(row.lt_interest_status),
        status: smartleadLeadStatus(row.status),
        created_at: row.timestamp_created.toISOString(),
        lead: leadToSmartlead(row, personId),
      }];
    });
    return { total_leads: String(total), offset, limit, data };
  });
}
