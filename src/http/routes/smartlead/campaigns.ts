import type { Readable } from 'node:stream';
import { type Static, Type } from '@sinclair/typebox';
import { type Counters, type Decision, emptyCounters } from '../../../domain/import-plan.js';
import { smartleadCategoryId, smartleadLeadStatus } from '../../../domain/smartlead-lead.js';
import {
  addSmartleadCampaignLeads,
  campaignLeadsPage,
  createSmartleadCampaign,
  exportCampaignLeads,
  getSmartleadCampaign,
  listSmartleadCampaigns,
} from '../../../services/smartlead-campaigns.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import {
  AddCampaignLeadsAnswer,
  type AddCampaignLeadsAnswerType,
  CampaignLeadsBody,
  CampaignLeadsPage,
  CreateCampaignAnswer,
  CreateCampaignBody,
  OffsetPageQuery,
  SmartleadCampaign,
  SmartleadIdParams,
} from '../../schemas/smartlead.js';
import { CAMPAIGN_EXPORT_COLUMNS, campaignLeadExportRecord, campaignToSmartlead, leadToSmartlead } from '../../schemas/smartlead-wire.js';
import { guarded } from '../access.js';

const CSV = 'text/csv';
// The answer is a stream of text: documented as a string, typed as the Readable the route sends.
const StreamedText = Type.Unsafe<Readable>({ type: 'string' });

type LeadRows = Static<typeof CampaignLeadsBody>['lead_list'];

/**
 * Every Smartlead counter from bulk add's outcomes; each lead lands in exactly one of
 * upload_count, block_count, duplicate_count, invalid_email_count, already_added_to_campaign
 * and unsubscribed_leads (the e-mails left out because they unsubscribed).
 * A lead skipped because it is in a campaign is "already added" when that campaign is this
 * one, and a duplicate (in another campaign) otherwise.
 */
export function campaignCounters(rows: LeadRows, c: Counters, decisions: readonly Decision[], skippedHere: number): AddCampaignLeadsAnswerType {
  const emailsOf = (outcome: Decision['outcome']) => decisions.filter((d) => d.outcome === outcome).map((d) => rows[d.index]?.email ?? '');
  const invalidEmails = emailsOf('invalid_email');
  // Counted in skipped_count by bulk add; Smartlead lists them apart.
  const unsubscribed = emailsOf('unsubscribed');
  return {
    ok: true,
    upload_count: c.leads_uploaded,
    total_leads: c.total_sent,
    block_count: c.in_blocklist,
    duplicate_count: c.duplicate_email_count + c.skipped_count - skippedHere - unsubscribed.length,
    invalid_email_count: c.invalid_email_count,
    invalid_emails: invalidEmails,
    already_added_to_campaign: c.duplicated_leads + skippedHere,
    unsubscribed_leads: unsubscribed,
    // Leadbase has no community bounce list.
    is_lead_limit_exhausted: false,
    lead_import_stopped_count: 0,
    bounce_count: 0,
  };
}

export function smartleadCampaignRoutes(v1: App, { db }: AppDeps): void {
  // Read-only: how a Smartlead script learns the integer id of a campaign made through v2.
  for (const url of ['/api/v1/campaigns', '/api/v1/campaigns/']) {
    v1.get(url, { ...guarded('campaigns', 'read'), schema: { response: { 200: Type.Array(SmartleadCampaign) } } }, async (request) =>
      (await listSmartleadCampaigns(db, principalOf(request))).map(campaignToSmartlead),
    );
  }

  v1.get('/api/v1/campaigns/:id', {
    ...guarded('campaigns', 'read'),
    schema: { params: SmartleadIdParams, response: { 200: SmartleadCampaign } },
  }, async (request) => {
    return campaignToSmartlead(await getSmartleadCampaign(db, principalOf(request), request.params.id));
  });

  v1.post('/api/v1/campaigns/:id/leads', {
    ...guarded('leads', 'create'),
    schema: { params: SmartleadIdParams, body: CampaignLeadsBody, response: { 200: AddCampaignLeadsAnswer } },
  }, async (request) => {
    const rows = request.body.lead_list;
    const outcome = await addSmartleadCampaignLeads(db, principalOf(request), request.params.id, rows, request.body.settings ?? {});
    if (outcome.kind === 'added') return campaignCounters(rows, outcome.counters, outcome.decisions, outcome.skippedHere);
    // Over the workspace's lead allowance: nothing of the request was written, which
    // Smartlead reports as an import stopped for every lead.
    return {
      ...campaignCounters(rows, { ...emptyCounters(), total_sent: rows.length }, [], 0),
      is_lead_limit_exhausted: true,
      lead_import_stopped_count: rows.length,
      message: outcome.message,
    };
  });

  v1.post('/api/v1/campaigns/create', {
    ...guarded('campaigns', 'create'),
    schema: { body: CreateCampaignBody, response: { 200: CreateCampaignAnswer } },
  }, async (request) => {
    const campaign = await createSmartleadCampaign(db, principalOf(request), request.body.name ?? undefined);
    return { ok: true as const, id: campaignToSmartlead(campaign).id, name: campaign.name, created_at: campaign.timestamp_created.toISOString() };
  });

  // Smartlead answers the export as a CSV download; errors stay JSON.
  v1.get('/api/v1/campaigns/:id/leads-export', {
    ...guarded('leads', 'read'),
    schema: {
      params: SmartleadIdParams,
      produces: [CSV],
      response: { 200: { description: "The campaign's leads, streamed", content: { [CSV]: { schema: StreamedText } } } },
    },
  }, async (request, reply) => {
    const result = await exportCampaignLeads(db, principalOf(request), request.params.id, CAMPAIGN_EXPORT_COLUMNS, campaignLeadExportRecord);
    return reply
      .type(`${CSV}; charset=utf-8`)
      .header('content-disposition', `attachment; filename="campaign-${request.params.id}-leads.csv"`)
      .header('leadbase-lead-count', String(result.leadCount))
      .send(result.body);
  });

  v1.get('/api/v1/campaigns/:id/leads', {
    ...guarded('leads', 'read'),
    schema: { params: SmartleadIdParams, querystring: OffsetPageQuery(100, 100), response: { 200: CampaignLeadsPage } },
  }, async (request) => {
    const offset = request.query.offset ?? 0;
    const limit = request.query.limit ?? 100;
    const { total, leads } = await campaignLeadsPage(db, principalOf(request), request.params.id, { offset, limit });
    const data = leads.map(({ row, leadId, mapId }) => ({
      campaign_lead_map_id: mapId,
      lead_category_id: smartleadCategoryId(row.lt_interest_status),
      status: smartleadLeadStatus(row.status),
      created_at: row.timestamp_created.toISOString(),
      lead: leadToSmartlead(row, leadId),
    }));
    return { total_leads: String(total), offset, limit, data };
  });
}
