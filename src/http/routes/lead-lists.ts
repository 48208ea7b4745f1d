import { Type } from '@sinclair/typebox';
import { createLeadList, deleteLeadList, getLeadList, leadListVerificationCounts, listLeadLists, updateLeadList } from '../../services/lead-lists.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { ErrorBody, IdParams, Page, PageLimit, SearchText, parseIdOrTimestampCursor } from '../schemas/common.js';
import { CreateLeadList, LeadList, UpdateLeadList, VerificationStats, leadListToWire } from '../schemas/lead-list.js';
import { guarded } from './access.js';



const tags = ['Lead List'];

export function leadListRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/lead-lists', {
    ...guarded('lead_lists', 'create'),
    schema: { tags, summary: 'Create lead list', body: CreateLeadList, response: { 200: LeadList, 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    return leadListToWire(await createLeadList(db, principalOf(request), request.body));
  });

  app.get('/api/v2/lead-lists', {
    ...guarded('lead_lists', 'read'),
    schema: {
      tags,
      summary: 'List lead lists',
      querystring: Type.Object({
        limit: Type.Optional(PageLimit),
        starting_after: Type.Optional(Type.String({ description: 'The id of the last list of the previous page, or a timestamp: lists created after it' })),
        has_enrichment_task: Type.Optional(Type.Boolean()),
        search: Type.Optional(SearchText({ description: 'Part of the list name, case-insensitive' })),
      }),
      response: { 200: Page(LeadList, 'The lead lists'), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    return listLeadLists(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: parseIdOrTimestampCursor(q.starting_after, 'lead list'),
      search: q.search,
      hasEnrichmentTask: q.has_enrichment_task,
    }, leadListToWire);
  });

  app.get('/api/v2/lead-lists/:id', {
    ...guarded('lead_lists', 'read'),
    schema: { tags, summary: 'Get lead list', params: IdParams, response: { 200: LeadList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    return leadListToWire(await getLeadList(db, principalOf(request), request.params.id));
  });

  app.patch('/api/v2/lead-lists/:id', {
    ...guarded('lead_lists', 'update'),
    schema: { tags, summary: 'Update lead list', params: IdParams, body: UpdateLeadList, response: { 200: LeadList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    return leadListToWire(await updateLeadList(db, principalOf(request), request.params.id, request.body));
  });

  app.delete('/api/v2/lead-lists/:id', {
    ...guarded('lead_lists', 'delete'),
    schema: {
      tags,
      summary: 'Delete lead list',
      description: 'Deletes the list and every lead in it.',
      params: IdParams,
      response: { 200: LeadList, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    return leadListToWire(await deleteLeadList(db, principalOf(request), request.params.id));
  });

  app.get('/api/v2/lead-lists/:id/verification-stats', {
    ...guarded('lead_lists', 'read'),
    schema: {
      tags,
      summary: 'Get verification statistics for a lead list',
      params: IdParams,
      response: { 200: VerificationStats, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const counts = await leadListVerificationCounts(db, principalOf(request), request.params.id);
    return {
      stats: {
        verified: counts.verified,
        invalid: counts.invalid,
        risky: counts.risky,
        catch_all: counts.catch_all,
        job_change: counts.job_change,
        verification_job_pending_leadfinder: 0,
        verification_job_pending_user: counts.pending + counts.pending_job,
      },
      total_leads: counts.total_leads,
    };
  });
}
