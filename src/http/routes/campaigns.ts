import { campaignsWithContact, createCampaign, deleteCampaign, getCampaign, listCampaigns, setCampaignState, updateCampaign } from '../../services/campaigns.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { Type } from '@sinclair/typebox';
import { parseIdList } from '../schemas/custom-tag.js';
import { Campaign, CampaignContactSearchQuery, CampaignListQuery, CreateCampaign, UpdateCampaign, campaignToWire, splitCampaignBody } from '../schemas/campaign.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { guarded } from './access.js';

const tags = ['Campaign'];
const byId = { params: IdParams, response: { 200: Campaign, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } };

export function campaignRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/campaigns', {
    ...guarded('campaigns', 'create'),
    schema: { tags, summary: 'Create campaign', body: CreateCampaign, response: { 200: Campaign, 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const { owned_by, settings } = splitCampaignBody(request.body);
    return campaignToWire(await createCampaign(db, principalOf(request), { name: request.body.name, owned_by, settings }));
  });

  app.get('/api/v2/campaigns', {
    ...guarded('campaigns', 'read'),
    schema: { tags, summary: 'List campaigns', querystring: CampaignListQuery, response: { 200: Page(Campaign, 'The campaigns'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const q = request.query;
    const tagIds = parseIdList(q.tag_ids, 'querystring/tag_ids');
    // No campaign of Leadbase was made by an AI sales agent: the filter matches none.
    if (q.ai_sales_agent_id !== undefined) return { items: [] };
    return listCampaigns(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      search: q.search,
      status: q.status,
      excludeStatus: q.exclude_status,
      tagIds,
    }, campaignToWire);
  });

  // A static path: find-my-way matches it before /campaigns/:id, whatever the order of declaration.
  app.get('/api/v2/campaigns/search-by-contact', {
    ...guarded('campaigns', 'read'),
    schema: {
      tags,
      summary: 'Search campaigns by lead e-mail',
      description: 'The campaigns holding a lead with the e-mail `search` (case-insensitive), all of them, sorted by `sort_column` and `sort_order`.',
      querystring: CampaignContactSearchQuery,
      response: { 200: Type.Object({ items: Type.Array(Campaign) }, { additionalProperties: false }), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await campaignsWithContact(db, principalOf(request), {
      email: q.search,
      sortColumn: q.sort_column ?? 'timestamp_created',
      sortOrder: q.sort_order ?? 'asc',
    });
    return { items: rows.map(campaignToWire) };
  });

  app.get('/api/v2/campaigns/:id', { ...guarded('campaigns', 'read'), schema: { tags, summary: 'Get campaign', ...byId } }, async (request) => {
    return campaignToWire(await getCampaign(db, principalOf(request), request.params.id));
  });

  app.patch('/api/v2/campaigns/:id', {
    ...guarded('campaigns', 'update'),
    schema: { tags, summary: 'Update campaign', body: UpdateCampaign, ...byId },
  }, async (request) => {
    // Unknown fields were dropped by validation; a body of only those would silently change nothing.
    return campaignToWire(await updateCampaign(db, principalOf(request), request.params.id, splitCampaignBody(request.body)));
  });

  app.delete('/api/v2/campaigns/:id', {
    ...guarded('campaigns', 'delete'),
    schema: { tags, summary: 'Delete campaign', description: 'Deletes the campaign and every lead in it.', ...byId },
  }, async (request) => {
    return campaignToWire(await deleteCampaign(db, principalOf(request), request.params.id));
  });

  for (const [action, state] of [['activate', 'active'], ['pause', 'paused']] as const) {
    app.post(`/api/v2/campaigns/:id/${action}`, {
      ...guarded('campaigns', 'update'),
      schema: { tags, summary: action === 'activate' ? 'Activate (start) campaign' : 'Pause campaign', ...byId },
    }, async (request) => {
      return campaignToWire(await setCampaignState(db, principalOf(request), request.params.id, state));
    });
  }
}
