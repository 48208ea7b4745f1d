import type { FastifyReply, FastifyRequest } from 'fastify';
import { handleNotFound } from '../errors.js';

/**
 * Literal path segments of the vendor's document that Leadbase does not serve, but that sit
 * where one of its `/:id` routes takes an id: GET /campaigns/analytics would otherwise be read as
 * the campaign "analytics" and answered "params/id must match format uuid", which tells a client
 * its request was wrong when it was right for a route Leadbase lacks. They answer the 404 any
 * unknown route gets. test/contract/vendor-literal-paths.test.ts walks the document for them.
 */
const UNSERVED_LITERALS: Readonly<Record<string, readonly string[]>> = {
  '/api/v2/campaigns/:id': ['analytics', 'count-launched'],
  '/api/v2/subsequences/:id': ['analytics'],
};

/** A preValidation hook: runs after the route is matched and the caller authenticated, before the id's format is checked. */
export async function unservedVendorLiteral(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const literals = UNSERVED_LITERALS[request.routeOptions.url ?? ''];
  if (literals === undefined) return undefined;
  const { id } = request.params as { id?: unknown };
  // Returning the reply that was sent ends the request here (Fastify's rule for async hooks).
  return typeof id === 'string' && literals.includes(id) ? handleNotFound(request, reply) : undefined;
}
