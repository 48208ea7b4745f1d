import type { FastifyRequest } from 'fastify';
import { principalForSecret } from '../services/api-keys.js';
import type { Db } from '../store/database.js';
import type { Principal } from '../services/principal.js';
import { unauthorized } from './errors.js';

export type ScopeAction = 'read' | 'create' | 'update' | 'delete';

/**
 * What a route demands: a scope on a resource (as the vendor names them), or the admin key.
 * `credential: 'query'` marks a route whose key comes as `?api_key=` (the Smartlead surface,
 * which authenticates itself); every other route takes `Authorization: Bearer`.
 */
export type Access = { resource: string; action: ScopeAction; credential?: 'query' } | 'admin';

export type { Principal } from '../services/principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The scopes that satisfy an access rule, in the order the vendor's documentation lists them. */
export function acceptedScopes(access: Exclude<Access, 'admin'>): string[] {
  return [`${access.resource}:${access.action}`, `${access.resource}:all`, `all:${access.action}`, 'all:all'];
}

export interface AuthContext {
  db: Db;
  adminKeyHash: string;
  defaultWorkspaceId: string;
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw unauthorized('Missing Authorization header');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] === undefined) throw unauthorized('Authorization header must have the form "Bearer <API key>"');
  return match[1];
}

/** Resolves the key of a request to its workspace; throws a 401 for a missing or unknown key. */
export async function authenticate(ctx: AuthContext, token: string): Promise<Principal> {
  const principal = await principalForSecret(ctx.db, token, { keyHash: ctx.adminKeyHash, workspaceId: ctx.defaultWorkspaceId });
  if (principal === undefined) throw unauthorized('Invalid API key');
  return principal;
}

export function authorize(principal: Principal, access: Access): void {
  if (access === 'admin') {
    if (!principal.isAdmin) throw unauthorized('This route requires the instance administrator key (LEADBASE_ADMIN_KEY)');
    return;
  }
  const accepted = acceptedScopes(access);
  if (!accepted.some((scope) => principal.scopes.includes(scope))) {
    throw unauthorized(`API key lacks the required scope: this route needs one of ${accepted.join(', ')}`);
  }
}

/** The onRequest step of every /api/v2 route: authenticate, then check the route's access rule. */
export function authHook(ctx: AuthContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const access = request.routeOptions.config.access;
    if (access === undefined || (access !== 'admin' && access.credential === 'query')) return;
    const principal = await authenticate(ctx, bearerToken(request));
    authorize(principal, access);
    request.principal = principal;
  };
}

/** The authenticated principal; routes with an access rule always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized('Missing Authorization header');
  return request.principal;
}
