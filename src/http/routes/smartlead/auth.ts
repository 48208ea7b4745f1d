import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type Access, type AuthContext, authenticate, authorize } from '../../auth.js';
import { ApiError, handleError } from '../../errors.js';

/**
 * Smartlead clients send their key as `?api_key=`, never as a header. The app-wide hook only
 * reads `Authorization: Bearer`, and it runs for every route that carries `config.access`;
 * the app refuses to start an /api/ route without one. So a v1 route declares `access` like
 * any other (the app's fail-closed check sees it), and this plugin's onRoute hook moves it to
 * `smartleadAccess`, which only this plugin's onRequest hook reads.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    smartleadAccess?: Access;
  }
}

const INVALID_API_KEY = 'Invalid API Key';

export function moveAccessRule(route: RouteOptions): void {
  const access = route.config?.access ?? route.config?.smartleadAccess;
  // Fail closed, as the app does: a v1 route without an access rule must not start.
  if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
  route.config = { ...route.config, access: undefined, smartleadAccess: access };
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
    const access = request.routeOptions.config.smartleadAccess;
    if (access === undefined) return;
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
