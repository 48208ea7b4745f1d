import { Type } from '@sinclair/typebox';
import { cleanEmail, isValidEmail } from '../../../domain/email.js';
import { SMARTLEAD_CATEGORIES, smartleadCategoryId, smartleadLeadStatus } from '../../../domain/smartlead-lead.js';
import { addDomainBlockList, smartleadBlockListPage } from '../../../services/smartlead-block-list.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { badRequest } from '../../errors.js';
import {
  AddDomainBlockListAnswer,
  AddDomainBlockListBody,
  BlockListQuery,
  LeadByEmailAnswer,
  LeadByEmailQuery,
  LeadCampaign,
  LeadCategory,
  LeadIdParams,
  OkAnswer,
  SmartleadBlockEntry,
} from '../../schemas/smartlead.js';
import { blockEntryToSmartlead, campaignToSmartlead, leadToSmartlead, personOf } from '../../schemas/smartlead-wire.js';
import { campaignsOfLead, findSmartleadPerson, unsubscribeLeadEverywhere } from '../../../services/smartlead-campaign-leads.js';
import { guarded } from '../access.js';

const UNSUBSCRIBED = -2;

/** Leadbase's categories are fixed, not created by anyone: their created_at is when the list was defined. */
const CATEGORIES_DEFINED_AT = '2026-11-28T00:00:00.000Z';

export function smartleadLeadRoutes(v1: App, { db }: AppDeps): void {
  for (const url of ['/api/v1/leads', '/api/v1/leads/']) {
    v1.get(url, {
      ...guarded('leads', 'read'),
      schema: { querystring: LeadByEmailQuery, response: { 200: LeadByEmailAnswer } },
    }, async (request) => {
      const email = cleanEmail(request.query.email);
      if (email === null || !isValidEmail(email)) throw badRequest(`querystring/email must be an e-mail address; got ${JSON.stringify(request.query.email.slice(0, 100))}`);
      const found = await findSmartleadPerson(db, principalOf(request), email);
      // Smartlead answers an unknown e-mail with an empty object and 200, not a 404.
      if (found === undefined) return {};
      const { rows, oldest, personId, memberships } = found;
      // The person merges all its rows; each campaign it is in is one entry.
      const person = personOf(rows) ?? oldest;
      const campaignData = memberships.map(({ row, campaign, mapId }) => ({
        campaign_lead_map_id: mapId,
        campaign_id: campaignToSmartlead(campaign).id,
        campaign_name: campaign.name,
        lead_category_id: smartleadCategoryId(row.lt_interest_status),
        status: smartleadLeadStatus(row.status),
        client_id: null,
      }));
      return {
        ...leadToSmartlead(person, personId),
        is_unsubscribed: rows.some((row) => row.status === UNSUBSCRIBED),
        created_at: oldest.timestamp_created.toISOString(),
        lead_campaign_data: campaignData,
      };
    });
  }

  v1.post('/api/v1/leads/add-domain-block-list', {
    ...guarded('block_list_entries', 'create'),
    schema: { body: AddDomainBlockListBody, response: { 200: AddDomainBlockListAnswer } },
  }, async (request) => {
    const { added, validCount, invalidValues } = await addDomainBlockList(db, principalOf(request), request.body.domain_block_list);
    return {
      ok: true as const,
      message: `${added.length} added to the block list, ${validCount - added.length} already on it (or repeated), ${invalidValues.length} neither an e-mail nor a domain`,
      data: added.map(blockEntryToSmartlead),
      valid_count: validCount,
      invalid_count: invalidValues.length,
      invalid_values: invalidValues,
    };
  });

  v1.get('/api/v1/leads/fetch-categories', {
    ...guarded('leads', 'read'),
    schema: { response: { 200: Type.Array(LeadCategory) } },
  }, async () => SMARTLEAD_CATEGORIES.map(({ id, name, sentiment_type }) => ({ id, name, sentiment_type, created_at: CATEGORIES_DEFINED_AT })));

  v1.get('/api/v1/leads/:lead_id/campaigns', {
    ...guarded('leads', 'read'),
    schema: { params: LeadIdParams, response: { 200: Type.Array(LeadCampaign) } },
  }, async (request) =>
    (await campaignsOfLead(db, principalOf(request), request.params.lead_id)).map((campaign) => {
      const { id, name, status } = campaignToSmartlead(campaign);
      return { id, name, status };
    }),
  );

  v1.post('/api/v1/leads/:lead_id/unsubscribe', {
    ...guarded('leads', 'update'),
    schema: { params: LeadIdParams, response: { 200: OkAnswer } },
  }, async (request) => {
    await unsubscribeLeadEverywhere(db, principalOf(request), request.params.lead_id);
    return { ok: true as const };
  });

  v1.get('/api/v1/leads/get-domain-block-list', {
    ...guarded('block_list_entries', 'read'),
    schema: { querystring: BlockListQuery, response: { 200: Type.Array(SmartleadBlockEntry) } },
  }, async (request) => {
    const q = request.query;
    const rows = await smartleadBlockListPage(db, principalOf(request), { filter: q.filter_email_or_domain, limit: q.limit ?? 100, offset: q.offset ?? 0 });
    return rows.map(blockEntryToSmartlead);
  });
}
