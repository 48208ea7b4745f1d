import type { Outcome, TargetKind } from '../../domain/import-plan.js';
import { isUuid } from '../../domain/uuid.js';
import { createLead, getLead, listLeadPage, removeLead, removeLeads, updateLeadFields } from '../../services/leads.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { CreateLead, DeleteLeadsBody, DeletedCount, Lead, ListLeadsBody, UpdateLead, leadToWire } from '../schemas/lead.js';
import { guarded } from './access.js';
import { assertSupportedSelection } from './lead-selection.js';

const tags = ['Lead'];
const byId = { params: IdParams, response: { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } };

/**
 * The vendor document does not require these request bodies, but Fastify validates even an
 * absent one: without this a bodyless /leads/list is "body must be object", not an empty filter.
 */
async function absentBodyIsEmpty(request: { body: unknown }) {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** Why a single lead was not created, in the words a person needs; the bulk route counts these instead. */
function refusal(outcome: Outcome, email: string | null, target: TargetKind): string {
  const where = target === 'workspace' ? 'workspace (among its leads with no campaign or list)' : target;
  switch (outcome) {
    case 'incomplete':
      return `A lead added to ${target === 'workspace' ? 'the workspace' : 'a list'} needs at least one of email, first_name or last_name`;
    case 'invalid_email':
      return email === null ? 'body/email is required when adding a lead to a campaign' : `body/email is not a valid e-mail address: "${email}"`;
    case 'in_blocklist':
      return `The e-mail "${email ?? ''}" is on the workspace's block list`;
    case 'skipped':
      return `A lead with the e-mail "${email ?? ''}" is already in this workspace and a skip_if_in_* flag was set`;
    case 'unsubscribed':
      return `The e-mail "${email ?? ''}" has unsubscribed in this workspace`;
    case 'duplicated_lead':
    case 'duplicate_email':
      return `A lead with the e-mail "${email ?? ''}" is already in this ${where}`;
    case 'created':
      return 'created';
  }
}

export function leadRoutes(app: App, { db, onJobEnqueued }: AppDeps) {
  app.post('/api/v2/leads', {
    ...guarded('leads', 'create'),
    schema: {
      tags,
      summary: 'Create a lead',
      description:
        'Adds one lead to a campaign (`campaign`, an e-mail is required), a list (`list_id`, one of e-mail, first name or last name is required) or, with neither, to the workspace alone (a workspace lead, held to the list rule and once per e-mail among the workspace leads), by the rules of POST /api/v2/leads/add. A lead that bulk add would not create (invalid e-mail, on the block list, skipped by a skip_if_in_* flag, already in that campaign or list) is refused with a 400 saying which.',
      body: CreateLead,
      response: { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { campaign, list_id: listId, blocklist_id: blocklistId, verify_leads_on_import: verify, verify_leads_for_lead_finder: _finder, ...lead } = request.body;
    const outcome = await createLead(db, principalOf(request), { campaignId: campaign, listId, lead, blocklistId, verify, flags: request.body });
    if (outcome.kind === 'refused') throw badRequest(refusal(outcome.outcome, outcome.email, outcome.target));
    if (outcome.verificationQueued) onJobEnqueued?.();
    return leadToWire(outcome.lead);
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
    const body = request.body;
    assertSupportedSelection(body);
    if (body.starting_after !== undefined && body.distinct_contacts !== true && !isUuid(body.starting_after)) {
      throw badRequest('body/starting_after must be the id of the last lead of the previous page (or its e-mail with distinct_contacts)');
    }
    const page = await listLeadPage(db, principalOf(request), { ...body, limit: body.limit ?? 100 });
    return { ...page, items: page.items.map(leadToWire) };
  });

  app.get('/api/v2/leads/:id', { ...guarded('leads', 'read'), schema: { tags, summary: 'Get lead', ...byId } }, async (request) => {
    const lead = await getLead(db, principalOf(request), request.params.id);
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
    const { custom_variables: customVariables, ...changes } = request.body;
    const lead = await updateLeadFields(db, principalOf(request), request.params.id, { changes, customVariables });
    if (lead === undefined) throw notFound('Lead');
    return leadToWire(lead);
  });

  app.delete('/api/v2/leads/:id', { ...guarded('leads', 'delete'), schema: { tags, summary: 'Delete lead', ...byId } }, async (request) => {
    const lead = await removeLead(db, principalOf(request), request.params.id);
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
    return { count: await removeLeads(db, principalOf(request), request.body) };
  });
}
