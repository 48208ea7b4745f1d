import { createLeadLabel } from '../../services/lead-label-creation.js';
import { deleteLeadLabel } from '../../services/lead-label-deletion.js';
import { getLeadLabel, listLeadLabels, updateLeadLabel } from '../../services/lead-labels.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { ErrorBody, IdParams, Page, parseIdOrTimestampCursor } from '../schemas/common.js';
import { CreateLeadLabel, DeleteLeadLabelBody, LeadLabel, ListLeadLabelsQuery, UpdateLeadLabel, leadLabelToWire } from '../schemas/lead-label.js';
import { guarded } from './access.js';

// POST /api/v2/lead-labels/ai-reply-label is not served: Leadbase has no reply classifier.


/**
 * The vendor sends `{}` in its example, but a client may send no body at all; Fastify would
 * then answer "body must be object" for a delete that needs nothing.
 */
async function absentBodyIsEmpty(request: { body: unknown }) {
  if (request.body === undefined || request.body === null) request.body = {};
}

const tags = ['Lead Label'];
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

export function leadLabelRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/lead-labels', {
    ...guarded('lead-labels', 'create'),
    schema: {
      tags,
      summary: 'Create lead label',
      description: 'The label gets a generated interest_status that leads can carry as lt_interest_status.',
      body: CreateLeadLabel,
      response: { 200: LeadLabel, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    return leadLabelToWire(await createLeadLabel(db, principal, request.body), principal.userId);
  });

  app.get('/api/v2/lead-labels', {
    ...guarded('lead-labels', 'read'),
    schema: { tags, summary: 'List lead labels', querystring: ListLeadLabelsQuery, response: { 200: Page(LeadLabel, 'The lead labels'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const principal = principalOf(request);
    const q = request.query;
    return listLeadLabels(db, principal, {
      limit: q.limit ?? 100,
      startingAfter: parseIdOrTimestampCursor(q.starting_after, 'lead label'),
      search: q.search,
      sentiment: q.interest_status,
    }, (row) => leadLabelToWire(row, principal.userId));
  });

  app.get('/api/v2/lead-labels/:id', {
    ...guarded('lead-labels', 'read'),
    schema: { tags, summary: 'Get lead label', params: IdParams, response: { 200: LeadLabel, ...errors } },
  }, async (request) => {
    const principal = principalOf(request);
    return leadLabelToWire(await getLeadLabel(db, principal, request.params.id), principal.userId);
  });

  app.patch('/api/v2/lead-labels/:id', {
    ...guarded('lead-labels', 'update'),
    schema: {
      tags,
      summary: 'Patch lead label',
      description: 'interest_status is generated and never changes; changing interest_status_label moves the label between the custom label filters of /leads/list.',
      params: IdParams,
      body: UpdateLeadLabel,
      response: { 200: LeadLabel, ...errors },
    },
  }, async (request) => {
    const principal = principalOf(request);
    return leadLabelToWire(await updateLeadLabel(db, principal, request.params.id, request.body), principal.userId);
  });

  app.delete('/api/v2/lead-labels/:id', {
    ...guarded('lead-labels', 'delete'),
    preValidation: absentBodyIsEmpty,
    schema: {
      tags,
      summary: 'Delete lead label',
      description:
        'Deletes the label. The leads carrying its value move to reassigned_status (a built-in status or another label\'s value) or, without it, lose their interest status; both in the same transaction as the delete.',
      params: IdParams,
      body: DeleteLeadLabelBody,
      response: { 200: LeadLabel, ...errors },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const label = await deleteLeadLabel(db, principal, request.params.id, request.body.reassigned_status ?? null);
    return leadLabelToWire(label, principal.userId);
  });
}
