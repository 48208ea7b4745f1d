import { Type } from '@sinclair/typebox';
import { getBackgroundJob, listBackgroundJobs } from '../../services/background-jobs.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { BackgroundJob, JOB_STATUSES, JobListQuery, jobToWire } from '../schemas/background-job.js';
import { isUuid } from '../../domain/uuid.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { guarded } from './access.js';

const tags = ['Background Job'];

function commaList(value: string | undefined, field: string, check: (item: string) => boolean, expected: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = items.find((item) => !check(item));
  if (bad !== undefined) throw badRequest(`querystring/${field} must be a comma-separated list of ${expected}; "${bad}" is not one`);
  return items;
}

export function backgroundJobRoutes(app: App, { db }: AppDeps) {
  app.get('/api/v2/background-jobs', {
    ...guarded('background-jobs', 'read'),
    schema: { tags, summary: 'List background jobs', querystring: JobListQuery, response: { 200: Page(BackgroundJob, 'The background jobs'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const q = request.query;
    const ids = [...(commaList(q.ids, 'ids', isUuid, 'job ids') ?? []), ...(commaList(q.included_ids, 'included_ids', isUuid, 'job ids') ?? [])];
    return listBackgroundJobs(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      ids: q.ids === undefined && q.included_ids === undefined ? undefined : ids,
      excludedIds: commaList(q.excluded_ids, 'excluded_ids', isUuid, 'job ids'),
      type: q.type,
      entityType: q.entity_type,
      entityIds: commaList(q.entity_id, 'entity_id', isUuid, 'entity ids'),
      statuses: commaList(q.status, 'status', (s) => (JOB_STATUSES as readonly string[]).includes(s), JOB_STATUSES.join(', ')),
      sortColumn: q.sort_column ?? 'created_at',
      sortOrder: q.sort_order ?? 'asc',
    }, (row) => jobToWire(row));
  });

  app.get('/api/v2/background-jobs/:id', {
    ...guarded('background-jobs', 'read'),
    schema: {
      tags,
      summary: 'Get background job',
      params: IdParams,
      querystring: Type.Object({ data_fields: Type.Optional(Type.String({ description: 'Comma-separated keys of `data` to include' })) }),
      response: { 200: BackgroundJob, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const job = await getBackgroundJob(db, principalOf(request), request.params.id);
    const fields = request.query.data_fields?.split(',').map((f) => f.trim()).filter((f) => f !== '') ?? null;
    return jobToWire(job, fields);
  });
}
