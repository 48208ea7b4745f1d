import {
  deleteCampaignLead,
  pauseCampaignLead,
  resumeCampaignLead,
  setCampaignLeadCategory,
  unsubscribeCampaignLead,
  updateCampaignLead,
} from '../../../services/smartlead-campaign-leads.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import {
  CampaignLeadParams,
  LeadCategoryBody,
  OkAnswer,
  OkDataAnswer,
  OkMessageAnswer,
  ResumeLeadBody,
  UnsubscribeAnswer,
  UpdateCampaignLeadBody,
} from '../../schemas/smartlead.js';
import { guarded } from '../access.js';

/** Smartlead's pages show these POSTs without a body; an absent one is an empty one. */
async function absentBodyIsEmpty(request: { body: unknown }) {
  if (request.body === undefined || request.body === null) request.body = {};
}

/**
 * The operations on one lead of a campaign (`/campaigns/{id}/leads/{lead_id}…`), each answering
 * as Smartlead's reference page for it does. `lead_id` is the lead's Smartlead id (the `lead.id`
 * of the campaign leads page and of the lead by e-mail).
 */
export function smartleadCampaignLeadRoutes(v1: App, { db }: AppDeps): void {
  const ref = (params: { id: number; lead_id: number }) => ({ campaignId: params.id, leadId: params.lead_id });

  v1.post('/api/v1/campaigns/:id/leads/:lead_id', {
    ...guarded('leads', 'update'),
    schema: { params: CampaignLeadParams, body: UpdateCampaignLeadBody, response: { 200: OkAnswer } },
  }, async (request) => {
    await updateCampaignLead(db, principalOf(request), ref(request.params), request.body);
    return { ok: true as const };
  });

  v1.delete('/api/v1/campaigns/:id/leads/:lead_id', {
    ...guarded('leads', 'delete'),
    schema: { params: CampaignLeadParams, response: { 200: OkMessageAnswer } },
  }, async (request) => {
    await deleteCampaignLead(db, principalOf(request), ref(request.params));
    return { ok: true as const, message: 'success' };
  });

  v1.post('/api/v1/campaigns/:id/leads/:lead_id/pause', {
    ...guarded('leads', 'update'),
    schema: { params: CampaignLeadParams, response: { 200: OkDataAnswer } },
  }, async (request) => {
    await pauseCampaignLead(db, principalOf(request), ref(request.params));
    return { ok: true as const, data: 'success' };
  });

  v1.post('/api/v1/campaigns/:id/leads/:lead_id/resume', {
    ...guarded('leads', 'update'),
    preValidation: absentBodyIsEmpty,
    schema: { params: CampaignLeadParams, body: ResumeLeadBody, response: { 200: OkDataAnswer } },
  }, async (request) => {
    await resumeCampaignLead(db, principalOf(request), ref(request.params));
    return { ok: true as const, data: 'success' };
  });

  v1.post('/api/v1/campaigns/:id/leads/:lead_id/unsubscribe', {
    ...guarded('leads', 'update'),
    schema: { params: CampaignLeadParams, response: { 200: UnsubscribeAnswer } },
  }, async (request) => {
    await unsubscribeCampaignLead(db, principalOf(request), ref(request.params));
    return { ok: true as const, success: true as const, message: 'Lead unsubscribed successfully' };
  });

  v1.post('/api/v1/campaigns/:id/leads/:lead_id/category', {
    ...guarded('leads', 'update'),
    schema: { params: CampaignLeadParams, body: LeadCategoryBody, response: { 200: OkDataAnswer } },
  }, async (request) => {
    await setCampaignLeadCategory(db, principalOf(request), ref(request.params), request.body.category_id, request.body.pause_lead === true);
    return { ok: true as const, data: 'success' };
  });
}
