import {
  CAMPAIGN_STATUS,
  campaignsByContact,
  createCampaign,
  deleteCampaign,
  findCampaign,
  listCampaigns,
  setCampaignStatus,
  updateCampaign,
} from '../../store/campaign-repository.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { notFound } from '../errors.js';
import { Type } from '@sinclair/typebox';
import { emailKey } from '../../domain/email.js';
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
    const { workspaceId, userId } = principalOf(request);
    const { owned_by, settings } = splitCampaignBody(request.body);
    // An explicit null means "no owner"; only a missing owned_by defaults to the caller.
    const row = await createCampaign(db, workspaceId, { name: request.body.name, owned_by: owned_by === undefined ? userId : owned_by, settings });
    return campaignToWire(row);
  });

  app.get('/api/v2/campaigns', {
    ...guarded('campaigns', 'read'),
    schema: { tags, summary: 'List campaigns', querystring: CampaignListQuery, response: { 200: Page(Campaign, 'The campaigns'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const q = request.query;
    const tagIds = parseIdList(q.tag_ids, 'querystring/tag_ids');
    // No campaign of Leadbase was made by an AI sales agent: the filter matches none.
    if (q.ai_sales_agent_id !== undefined) return { items: [] };
    return listCampaigns(db, principalOf(request).workspaceId, {
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
    const search = q.search?.trim();
    const rows = await campaignsByContact(db, principalOf(request).workspaceId, {
      emailKey: search === undefined || search === '' ? undefined : emailKey(search),
      sortColumn: q.sort_column ?? 'timestamp_created',
      sortOrder: q.sort_order ?? 'asc',
    });
    return { items: rows.map(campaignToWire) };
  });

  app.get('/api/v2/campaigns/:id', { ...guarded('campaigns', 'read'), schema: { tags, summary: 'Get campaign', ...byId } }, async (request) => {
    const row = await findCampaign(db, principalOf(request).workspaceId, request.params.id);
    if (row === undefined) throw notFound('Campaign');
    return campaignToWire(row);
  });

  app.patch('/api/v2/campaigns/:id', {
    ...guarded('campaigns', 'update'),
    schema: { tags, summary: 'Update campaign', body: UpdateCampaign, ...byId },
  }, async (request) => {
    // Unknown fields were dropped by validation; a body of only those would silently change nothing.
    const row = await updateCampaign(db, principalOf(request).workspaceId, request.params.id, splitCampaignBody(request.body));
    if (row === undefined) throw notFound('Campaign');
    return campaignToWire(row);
  });

  app.delete('/api/v2/campaigns/:id', {
    ...guarded('campaigns', 'delete'),
    schema: { tags, summary: 'Delete campaign', description: 'Deletes the campaign and every lead in it.', ...byId },
  }, async (request) => {
    const row = await deleteCampaign(db, principalOf(request).workspaceId, request.params.id);
    if (row === undefined) throw notFound('Campaign');
    return campaignToWire(row);
  });

  for (const [action, status] of [['activate', CAMPAIGN_STATUS.active], ['pause', CAMPAIGN_STATUS.paused]] as const) {
    app.post(`/api/v2/campaigns/:id/${action}`, {
      ...guarded('campaigns', 'update'),
      schema: { tags, summary: action === 'activate' ? 'Activate (start) campaign' : 'Pause campaign', ...byId },
    }, async (request) => {
      const row = await setCampaignStatus(db, principalOf(request).workspaceId, request.params.id, status);
      if (row === undefined) throw notFound('Campaign');
      return campaignToWire(row);
    });
  }
}
