import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type AuthContext, authenticate, authorize } from '../../auth.js';
import { ApiError, handleError } from '../../errors.js';

const INVALID_API_KEY = 'Invalid API Key';

/**
 * Smartlead clients send their key as `?api_key=`, never as a header: every v1 route's access
 * rule is marked so, which the app-wide Bearer hook skips and apiKeyHook below takes. A v1 route
 * without an access rule must not start (fail closed, as the app does for every /api/ route).
 */
export function useQueryCredential(route: RouteOptions): void {
  const access = route.config?.access;
  if (access === undefined || access === 'admin') throw new Error(`route ${String(route.method)} ${route.url} declares no scope rule`);
  route.config = { ...route.config, access: { ...access, credential: 'query' } };
}

/** The key from the query string; a repeated or empty parameter is no key. */
function apiKeyOf(request: FastifyRequest): string | null {
  const query = request.query;
  if (typeof query !== 'object' || query === null || !('api_key' in query)) return null;
  const key = query.api_key;
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : null;
}

/** Resolves `?api_key=` with the same keys and scopes as v2; every failure to identify is Smartlead's 401. */
export function apiKeyHook(ctx: AuthContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'admin' || access.credential !== 'query') return;
    const key = apiKeyOf(request);
    if (key === null) throw new ApiError(401, INVALID_API_KEY);
    const principal = await authenticate(ctx, key).catch((error: unknown) => {
      throw error instanceof ApiError && error.statusCode === 401 ? new ApiError(401, INVALID_API_KEY) : error;
    });
    try {
      authorize(principal, access);
    } catch (error) {
      // The key is good but may not do this: a 403 says so, where a 401 would send the user
      // looking for a typo in a key that works.
      if (error instanceof ApiError) throw new ApiError(403, error.message);
      throw error;
    }
    request.principal = principal;
  };
}

/**
 * Smartlead's 401 body is exactly `{"message":"Invalid API Key"}`. Every other error keeps the
 * app's `{statusCode, error, message}`: clients read `message || error`, and both are strings.
 */
export function handleSmartleadError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError && error.statusCode === 401) return reply.code(401).send({ message: INVALID_API_KEY });
  return handleError(error, request, reply);
}
