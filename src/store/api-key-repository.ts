import type { Selectable } from 'kysely';
import { SECRET_PREFIX_LENGTH, generateSecret, hashSecret } from '../domain/api-key-secret.js';
import type { ApiKeyTable, Db } from './database.js';
import { newId } from './ids.js';
import { type PageResult, toPage } from './paging.js';

export type ApiKeyRow = Selectable<ApiKeyTable>;

export async function createApiKey(
  db: Db,
  input: { workspaceId: string; name: string; scopes: string[] },
): Promise<{ row: ApiKeyRow; secret: string }> {
  const secret = generateSecret();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: newId(),
      workspace_id: input.workspaceId,
      name: input.name,
      scopes: input.scopes,
      key_hash: hashSecret(secret),
      key_prefix: secret.slice(0, SECRET_PREFIX_LENGTH),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, secret };
}

export async function findApiKeyBySecret(db: Db, secret: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', hashSecret(secret)).executeTakeFirst();
}

/** The key with this hash and its workspace's owner: who a request made with it acts as. */
export async function findApiKeyOwnerByHash(
  db: Db,
  keyHash: string,
): Promise<{ id: string; workspace_id: string; scopes: string[]; owner: string } | undefined> {
  return db
    .selectFrom('api_keys')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select(['api_keys.id', 'api_keys.workspace_id', 'api_keys.scopes', 'workspaces.owner'])
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst();
}

export async function listApiKeys<T>(
  db: Db,
  workspaceId: string,
  page: { limit: number; startingAfter?: string | undefined },
  map: (row: ApiKeyRow) => T,
): Promise<PageResult<T>> {
  let query = db.selectFrom('api_keys').selectAll().where('workspace_id', '=', workspaceId);
  if (page.startingAfter !== undefined) query = query.where('id', '>', page.startingAfter);
  const rows = await query.orderBy('id').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => r.id, map);
}

export async function deleteApiKey(db: Db, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db.deleteFrom('api_keys').where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}
