import type { Static } from '@sinclair/typebox';
import { createLeadList, deleteLeadList, getLeadList, leadListImports, listLeadListsWithCounts, updateLeadList } from '../../../services/lead-lists.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { badRequest } from '../../errors.js';
import { ImportsAnswer, LeadListAnswer, LeadListsAnswer, ListLeadListsQuery, ListNameBody, SmartleadIdParams } from '../../schemas/smartlead.js';
import { importToWire, leadListToSmartlead } from '../../schemas/smartlead-wire.js';
import { guarded } from '../access.js';

/** Smartlead's pages say `listName`; some clients send `name`. */
function listNameOf(body: Static<typeof ListNameBody>): string {
  const name = body.listName ?? body.name;
  if (name === undefined) throw badRequest("body must have required property 'listName' (or 'name')");
  return name;
}

/** The same lists as /api/v2/lead-lists, addressed by their integer id. */
export function smartleadLeadListRoutes(v1: App, { db }: AppDeps): void {
  for (const url of ['/api/v1/lead-list', '/api/v1/lead-list/']) {
    v1.post(url, {
      ...guarded('lead_lists', 'create'),
      schema: { body: ListNameBody, response: { 200: LeadListAnswer } },
    }, async (request) => {
      const list = await createLeadList(db, principalOf(request), { name: listNameOf(request.body) });
      return { ok: true as const, data: leadListToSmartlead(list) };
    });

    v1.get(url, {
      ...guarded('lead_lists', 'read'),
      schema: { querystring: ListLeadListsQuery, response: { 200: LeadListsAnswer } },
    }, async (request) => {
      const q = request.query;
      const lists = await listLeadListsWithCounts(db, principalOf(request), { name: q.listName, limit: q.limit ?? 10, offset: q.offset ?? 0 });
      return { ok: true as const, data: lists.map(leadListToSmartlead) };
    });
  }

  v1.get('/api/v1/lead-list/:id', {
    ...guarded('lead_lists', 'read'),
    schema: { params: SmartleadIdParams, response: { 200: LeadListAnswer } },
  }, async (request) => {
    return { ok: true as const, data: leadListToSmartlead(await getLeadList(db, principalOf(request), request.params.id)) };
  });

  v1.put('/api/v1/lead-list/:id', {
    ...guarded('lead_lists', 'update'),
    schema: { params: SmartleadIdParams, body: ListNameBody, response: { 200: LeadListAnswer } },
  }, async (request) => {
    const updated = await updateLeadList(db, principalOf(request), request.params.id, { name: listNameOf(request.body) });
    return { ok: true as const, data: leadListToSmartlead(updated) };
  });

  v1.delete('/api/v1/lead-list/:id', {
    ...guarded('lead_lists', 'delete'),
    schema: { params: SmartleadIdParams, response: { 200: LeadListAnswer } },
  }, async (request) => {
    // The answer shows the list as it was, lead count included; its leads go with it.
    const deleted = await deleteLeadList(db, principalOf(request), request.params.id);
    return { ok: true as const, data: leadListToSmartlead(deleted) };
  });

  // A Leadbase extension: the imports of a list with their file names and counters.
  v1.get('/api/v1/lead-list/:id/imports', {
    ...guarded('lead_lists', 'read'),
    schema: { params: SmartleadIdParams, response: { 200: ImportsAnswer } },
  }, async (request) => {
    return { ok: true as const, data: (await leadListImports(db, principalOf(request), request.params.id)).map(importToWire) };
  });
}
