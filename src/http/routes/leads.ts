import { companyDomainOf } from '../../domain/company-domain.js';
import { cleanEmail, isValidEmail } from '../../domain/email.js';
import { addCampaignVariables, findCampaign } from '../../store/campaign-repository.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import { isKnownInterestStatus } from '../../store/lead-label-repository.js';
import { findLeadList } from '../../store/lead-list-repository.js';
import { deleteLead, deleteLeads, findLead, insertLeadsIgnoringDuplicates, listLeads, updateLead } from '../../store/lead-repository.js';
import type { App, AppDeps } from '../app.js';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { CreateLead, DeleteLeadsBody, DeletedCount, Lead, ListLeadsBody, UpdateLead, invalidContactMessage, leadToWire } from '../schemas/lead.js';
import { guarded } from './access.js';

const tags = ['Lead'];
const byId = { params: IdParams, response: { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The vendor document does not require these request bodies, but Fastify validates even an
 * absent one: without this a bodyless /leads/list is "body must be object", not an empty filter.
 */
async function absentBodyIsEmpty(request: { body: unknown }) {
  if (request.body === undefined || request.body === null) request.body = {};
}

async function assertInterestStatus(db: Db, workspaceId: string, value: number | undefined, field: string) {
  if (value !== undefined && !(await isKnownInterestStatus(db, workspaceId, value))) {
    throw badRequest(`${field} must be a built-in interest status (1, 2, 3, 4, 0, -1, -2, -3, -4) or the value of one of your lead labels; got ${value}`);
  }
}

/** Which container a request names: exactly one of a campaign and a list. */
async function resolveContainer(db: Db, workspaceId: string, campaignId: string | null | undefined, listId: string | null | undefined, names: [string, string]) {
  const hasCampaign = campaignId !== undefined && campaignId !== null;
  const hasList = listId !== undefined && listId !== null;
  if (hasCampaign === hasList) {
    throw badRequest(hasCampaign ? `Provide either ${names[0]} or ${names[1]}, not both` : `Provide either ${names[0]} or ${names[1]}`);
  }
  if (hasCampaign) {
    const campaign = await findCampaign(db, workspaceId, campaignId);
    if (campaign === undefined) throw notFound('Campaign');
    return { kind: 'campaign' as const, id: campaign.id, ownedBy: campaign.owned_by };
  }
  const list = hasList ? await findLeadList(db, workspaceId, listId) : undefined;
  if (list === undefined) throw notFound('Lead list');
  return { kind: 'list' as const, id: list.id, ownedBy: null };
}

export function leadRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/leads', {
    ...guarded('leads', 'create'),
    schema: {
      tags,
      summary: 'Create a lead',
      description:
        'Adds one lead to a campaign (`campaign`, an e-mail is required) or a list (`list_id`, one of e-mail, first name or last name is required). A lead whose e-mail is already in that campaign or list is refused with a 400.',
      body: CreateLead,
      response: { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { workspaceId, userId } = principalOf(request);
    const body = request.body;
    const container = await resolveContainer(db, workspaceId, body.campaign, body.list_id, ['campaign', 'list_id']);
    const email = cleanEmail(body.email);
    if (container.kind === 'campaign' && email === null) throw badRequest('body/email is required when adding a lead to a campaign');
    if (container.kind === 'list' && email === null && !body.first_name?.trim() && !body.last_name?.trim()) {
      throw badRequest('A lead added to a list needs at least one of email, first_name or last_name');
    }
    if (email !== null && !isValidEmail(email)) throw badRequest(`body/email is not a valid e-mail address: "${email}"`);
    await assertInterestStatus(db, workspaceId, body.lt_interest_status, 'body/lt_interest_status');

    return db.transaction().execute(async (trx) => {
      const [created] = await insertLeadsIgnoringDuplicates(trx, [{
        id: newId(),
        workspace_id: workspaceId,
        campaign_id: container.kind === 'campaign' ? container.id : null,
        list_id: container.kind === 'list' ? container.id : null,
        email,
        first_name: body.first_name ?? null,
        last_name: body.last_name ?? null,
        company_name: body.company_name ?? null,
        company_domain: companyDomainOf(email, body.website ?? null),
        job_title: body.job_title ?? null,
        phone: body.phone ?? null,
        website: body.website ?? null,
        personalization: body.personalization ?? null,
        payload: body.custom_variables === undefined ? null : JSON.stringify(body.custom_variables),
        lt_interest_status: body.lt_interest_status ?? null,
        timestamp_last_interest_change: body.lt_interest_status === undefined ? null : new Date(),
        pl_value_lead: body.pl_value_lead ?? null,
        assigned_to: body.assigned_to ?? container.ownedBy ?? userId,
        uploaded_by_user: userId,
        verification_status: body.verify_leads_on_import === true ? 11 : null,
        enrichment_status: null,
        is_website_visitor: null,
        esp_code: null,
        esg_code: null,
        subsequence_id: null,
        timestamp_last_contact: null,
        timestamp_last_open: null,
        timestamp_last_reply: null,
        timestamp_last_click: null,
        timestamp_last_touch: null,
        timestamp_added_subsequence: null,
      }]);
      if (created === undefined) {
        throw badRequest(`A lead with the e-mail "${email ?? ''}" is already in this ${container.kind === 'campaign' ? 'campaign' : 'list'}`);
      }
      if (container.kind === 'campaign' && body.custom_variables !== undefined) {
        await addCampaignVariables(trx, container.id, Object.keys(body.custom_variables));
      }
      return leadToWire(created);
    });
  });

  app.post('/api/v2/leads/list', {
    ...guarded('leads', 'read'),
    preValidation: absentBodyIsEmpty,
    schema: {
      tags,
      summary: 'List leads',
      description:
        'Leads matching every filter given, in id (creation) order; with `distinct_contacts`, one lead per e-mail in e-mail order, and `starting_after` takes the e-mail.',
      body: ListLeadsBody,
      response: { 200: Page(Lead, 'The leads'), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const body = request.body;
    if (body.queries !== undefined && body.queries.length > 0) {
      throw badRequest('body/queries (smart view queries) is not supported by Leadbase; use the other filters');
    }
    if (body.smart_view_id !== undefined) throw notFound('Smart view');
    const contactsProblem = invalidContactMessage(body.contacts);
    if (contactsProblem !== null) throw badRequest(contactsProblem);
    if (body.starting_after !== undefined && body.distinct_contacts !== true && !UUID.test(body.starting_after)) {
      throw badRequest('body/starting_after must be the id of the last lead of the previous page (or its e-mail with distinct_contacts)');
    }
    return listLeads(db, workspaceId, { ...body, limit: body.limit ?? 100 }, leadToWire);
  });

  app.get('/api/v2/leads/:id', { ...guarded('leads', 'read'), schema: { tags, summary: 'Get lead', ...byId } }, async (request) => {
    const lead = await findLead(db, principalOf(request).workspaceId, request.params.id);
    if (lead === undefined) throw notFound('Lead');
    return leadToWire(lead);
  });

  app.patch('/api/v2/leads/:id', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: 'Update lead',
      description: '`custom_variables` are merged into the lead payload key by key (a key set to null keeps the key with a null value).',
      body: UpdateLead,
      ...byId,
    },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const { custom_variables: customVariables, ...changes } = request.body;
    await assertInterestStatus(db, workspaceId, changes.lt_interest_status, 'body/lt_interest_status');
    return db.transaction().execute(async (trx) => {
      const existing = await findLead(trx, workspaceId, request.params.id);
      if (existing === undefined) throw notFound('Lead');
      const website = changes.website !== undefined ? changes.website : existing.website;
      const lead = await updateLead(trx, workspaceId, existing.id, { ...changes, company_domain: companyDomainOf(existing.email, website) }, customVariables);
      if (lead === undefined) throw notFound('Lead');
      if (lead.campaign_id !== null && customVariables !== undefined) {
        await addCampaignVariables(trx, lead.campaign_id, Object.keys(customVariables));
      }
      return leadToWire(lead);
    });
  });

  app.delete('/api/v2/leads/:id', { ...guarded('leads', 'delete'), schema: { tags, summary: 'Delete lead', ...byId } }, async (request) => {
    const lead = await deleteLead(db, principalOf(request).workspaceId, request.params.id);
    if (lead === undefined) throw notFound('Lead');
    return leadToWire(lead);
  });

  app.delete('/api/v2/leads', {
    ...guarded('leads', 'delete'),
    preValidation: absentBodyIsEmpty,
    schema: {
      tags,
      summary: 'Delete leads in bulk',
      description: 'Deletes the leads of one campaign (`campaign_id`) or list (`list_id`), optionally only those with `status`, only `ids`, and at most `limit` (oldest first).',
      body: DeleteLeadsBody,
      response: { 200: DeletedCount, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const body = request.body;
    await resolveContainer(db, workspaceId, body.campaign_id, body.list_id, ['campaign_id', 'list_id']);
    return { count: await deleteLeads(db, workspaceId, body) };
  });
}
