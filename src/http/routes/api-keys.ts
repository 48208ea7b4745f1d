import { createApiKey, deleteApiKey, listApiKeys } from '../../store/api-key-repository.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { notFound, unauthorized } from '../errors.js';
import { ApiKey, ApiKeyListQuery, CreateApiKey, apiKeyToWire } from '../schemas/api-key.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { guarded } from './access.js';

const tags = ['API Key'];

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

export function apiKeyRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/api-keys', {
    ...guarded('api_keys', 'create'),
    schema: {
      tags,
      summary: 'Create API key',
      description: 'The answer holds the secret in `key`; it is never shown again. A key can grant only scopes it holds itself.',
      body: CreateApiKey,
      response: { 200: ApiKey, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const { workspaceId, scopes: held } = principalOf(request);
    const scopes = [...new Set(request.body.scopes)];
    const beyond = scopes.filter((scope) => !grants(held, scope));
    if (beyond.length > 0) throw unauthorized(`API key cannot grant scopes it does not hold: ${beyond.join(', ')}`);
    const { row, secret } = await createApiKey(db, { workspaceId, name: request.body.name, scopes });
    return apiKeyToWire(row, secret);
  });

  app.get('/api/v2/api-keys', {
    ...guarded('api_keys', 'read'),
    schema: { tags, summary: 'List API keys', querystring: ApiKeyListQuery, response: { 200: Page(ApiKey, 'The API keys; `key` shows only the first characters'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const cursor = request.query.starting_after;
    return listApiKeys(db, principalOf(request).workspaceId, { limit: request.query.limit ?? 100, startingAfter: cursor }, (row) => apiKeyToWire(row));
  });

  app.delete('/api/v2/api-keys/:id', {
    ...guarded('api_keys', 'delete'),
    schema: { tags, summary: 'Delete API key', description: 'The key stops working at once.', params: IdParams, response: { 200: ApiKey, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const row = await deleteApiKey(db, principalOf(request).workspaceId, request.params.id);
    if (row === undefined) throw notFound('API key');
    return apiKeyToWire(row);
  });
}
