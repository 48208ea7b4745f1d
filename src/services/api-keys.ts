import type { Kysely } from 'kysely';
import { hashSecret } from '../domain/api-key-secret.js';
import { type ApiKeyRow, createApiKey as insertApiKey, deleteApiKey as deleteApiKeyRow, findApiKeyOwnerByHash, listApiKeys as listApiKeyRows } from '../store/api-key-repository.js';
import type { Database } from '../store/database.js';
import { workspaceOwner } from '../store/workspace-repository.js';
import type { Principal } from './principal.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

/**
 * Whether holding `held` covers `wanted`: a key may only hand out what it can do itself, or an
 * api_keys:create key would mint an all:all key. "all" on either side of the colon covers any value.
 */
function grants(held: readonly string[], wanted: string): boolean {
  const [resource, action] = wanted.split(':');
  return held.some((scope) => {
    const [r, a] = scope.split(':');
    return (r === 'all' || r === resource) && (a === 'all' || a === action);
  });
}

/** A created key with its secret (shown once), or the scopes the creating key could not grant. */
export type ApiKeyCreation = { outcome: 'created'; row: ApiKeyRow; secret: string } | { outcome: 'beyond-scopes'; scopes: string[] };

export async function createApiKey(db: Kysely<Database>, principal: Principal, input: { name: string; scopes: readonly string[] }): Promise<ApiKeyCreation> {
  const scopes = [...new Set(input.scopes)];
  const beyond = scopes.filter((scope) => !grants(principal.scopes, scope));
  if (beyond.length > 0) return { outcome: 'beyond-scopes', scopes: beyond };
  const { row, secret } = await insertApiKey(db, { workspaceId: principal.workspaceId, name: input.name, scopes });
  return { outcome: 'created', row, secret };
}

export const listApiKeys = inWorkspace(listApiKeyRows);

/** The key stops working at once: every request looks its key up anew. */
export const deleteApiKey = foundInWorkspace('API key', deleteApiKeyRow);

/**
 * Who a request made with this secret acts as: the instance administrator (on the default
 * workspace) when it is the admin key, a key's workspace and scopes otherwise, or undefined for
 * an unknown key.
 */
export async function principalForSecret(
  db: Kysely<Database>,
  secret: string,
  admin: { keyHash: string; workspaceId: string },
): Promise<Principal | undefined> {
  const hash = hashSecret(secret);
  if (hash === admin.keyHash) {
    const owner = await workspaceOwner(db, admin.workspaceId);
    return { workspaceId: admin.workspaceId, userId: owner, apiKeyId: null, isAdmin: true, scopes: ['all:all'] };
  }
  const key = await findApiKeyOwnerByHash(db, hash);
  if (key === undefined) return undefined;
  return { workspaceId: key.workspace_id, userId: key.owner, apiKeyId: key.id, isAdmin: false, scopes: key.scopes };
}
