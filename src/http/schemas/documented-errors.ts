import type { TSchema } from '@sinclair/typebox';
import type { RouteOptions } from 'fastify';
import { ErrorBody } from './common.js';

type ResponseMap = Record<string, unknown>;

/**
 * The error answers a route can give follow from what it is, not from what its author remembered
 * to list: it authenticates (401), it validates input when it has any (400), it looks an item up
 * when its path names one (404, or 414 for an id longer than any id), it reads a body when it takes one (413 too large, 415 not JSON),
 * and every route reads the store, which may be unavailable (503). Entries the route declares
 * itself win; these only fill the gaps, so the generated document and the contract tests see
 * every status a client can meet.
 */
export function errorStatusesOf(route: Pick<RouteOptions, 'schema'>): number[] {
  const schema = route.schema ?? {};
  const statuses = [401, 503];
  if (schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined) statuses.push(400);
  if (schema.params !== undefined) statuses.push(404, 414);
  if (schema.body !== undefined) statuses.push(413, 415);
  return statuses.sort();
}

/** Adds the statuses of `errorStatusesOf` (and any `extra`) the route does not declare, as `body`. */
export function documentErrorAnswers(route: RouteOptions, extra: readonly number[] = [], body: TSchema = ErrorBody): void {
  const schema = route.schema ?? {};
  if (schema.hide === true) return;
  const declared = (schema.response ?? {}) as ResponseMap;
  const added: ResponseMap = {};
  for (const status of [...errorStatusesOf(route), ...extra]) {
    // Named as JSON: a route that `produces` CSV still answers its errors in JSON, and the
    // generated document would otherwise say text/csv for them too.
    if (declared[String(status)] === undefined) added[String(status)] = { description: body.description ?? 'An error', content: { 'application/json': { schema: body } } };
  }
  route.schema = { ...schema, response: { ...declared, ...added } };
}
