import { createApiKey, deleteApiKey, listApiKeys } from '../../services/api-keys.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { unauthorized } from '../errors.js';
import { ApiKey, ApiKeyListQuery, CreateApiKey, apiKeyToWire } from '../schemas/api-key.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import { guarded } from './access.js';

const tags = ['API Key'];

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
    const created = await createApiKey(db, principalOf(request), request.body);
    if (created.outcome === 'beyond-scopes') throw unauthorized(`API key cannot grant scopes it does not hold: ${created.scopes.join(', ')}`);
    return apiKeyToWire(created.row, created.secret);
  });

  app.get('/api/v2/api-keys', {
    ...guarded('api_keys', 'read'),
    schema: { tags, summary: 'List API keys', querystring: ApiKeyListQuery, response: { 200: Page(ApiKey, 'The API keys; `key` shows only the first characters'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const cursor = request.query.starting_after;
    return listApiKeys(db, principalOf(request), { limit: request.query.limit ?? 100, startingAfter: cursor }, (row) => apiKeyToWire(row));
  });

  app.delete('/api/v2/api-keys/:id', {
    ...guarded('api_keys', 'delete'),
    schema: { tags, summary: 'Delete API key', description: 'The key stops working at once.', params: IdParams, response: { 200: ApiKey, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    return apiKeyToWire(await deleteApiKey(db, principalOf(request), request.params.id));
  });
}
