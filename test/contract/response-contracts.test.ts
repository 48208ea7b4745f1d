/**
 * The contract check itself: which document each answer is held to, that an answer no document
 * covers fails, and that the documents it reads are the ones the server publishes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SMARTLEAD_SPEC_PATH, checkResponse, leadbaseContract } from '../support/contract.js';
import type { OpenApiContract } from '../support/openapi-contract.js';
import { type Harness, openHarness } from '../support/harness.js';
import { type GeneratedDocument, smartleadDocumentText } from '../support/smartlead-contract.js';

type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };

describe('contract checks', () => {
  let h: (Harness & { close(): Promise<void> }) | undefined;
  let own: OpenApiContract | undefined;
  const harness = () => {
    assert.ok(h !== undefined, 'harness not opened');
    return h;
  };
  const leadbase = () => {
    assert.ok(own !== undefined, 'document not loaded');
    return own;
  };
  const json = 'application/json; charset=utf-8';

  before(async () => {
    h = await openHarness('pglite');
    own = leadbaseContract(h.app.swagger());
  });
  after(async () => {
    await h?.close();
  });

  test('spec/smartlead-v1.openapi.json is what the server publishes for /api/v1 (else run npm run spec:smartlead)', () => {
    const generated = smartleadDocumentText(harness().app.swagger() as unknown as GeneratedDocument);
    assert.equal(readFileSync(SMARTLEAD_SPEC_PATH, 'utf8'), generated);
  });

  test('/openapi.json publishes /api/v1 with the api_key query scheme and keeps Bearer for /api/v2', async () => {
    const reply = await harness().request<GeneratedDocument & { security: unknown }>('GET', '/openapi.json');
    assert.equal(reply.status, 200);
    const document = reply.body;
    assert.deepEqual(document.components?.securitySchemes?.SmartleadApiKey, { type: 'apiKey', in: 'query', name: 'api_key' });
    assert.deepEqual(document.components?.securitySchemes?.ApiKeyAuth, { type: 'http', scheme: 'bearer' });
    assert.deepEqual(document.security, [{ ApiKeyAuth: [] }]);
    let v1 = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item) as Operation[]) {
        if (path.startsWith('/api/v1/')) {
          v1 += 1;
          assert.deepEqual(operation.security, [{ SmartleadApiKey: [] }], `${path} must take ?api_key=`);
          assert.ok(operation.responses['401'] !== undefined && operation.responses['429'] !== undefined, `${path} must document 401 and 429`);
        } else if (path.startsWith('/api/v2/')) {
          assert.equal(operation.security, undefined, `${path} must keep the document's Bearer scheme`);
        }
      }
    }
    assert.ok(v1 >= 14, `only ${v1} /api/v1 operations are published`);
  });

  test('/docs renders the same document, /api/v1 included', async () => {
    const reply = await harness().app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(reply.statusCode, 200);
    const paths = Object.keys(reply.json<GeneratedDocument>().paths);
    assert.ok(paths.includes('/api/v1/lead-list/{id}/import'), 'the Smartlead import is not in /docs');
    assert.ok(paths.includes('/api/v2/leads/add'));
  });

  test('a Smartlead answer is held to the Smartlead document', () => {
    const good = { ok: true, data: { id: 1, name: 'List', lead_count: 0, created_at: '2026-11-28T10:00:00.000Z' } };
    const ok = checkResponse({ method: 'GET', url: '/api/v1/lead-list/1?api_key=k', status: 200, contentType: json, body: good }, leadbase());
    assert.deepEqual(ok, { source: 'smartlead-v1', errors: [] });
    const bad = checkResponse({ method: 'GET', url: '/api/v1/lead-list/1', status: 200, contentType: json, body: { data: good.data } }, leadbase());
    assert.equal(bad.source, 'smartlead-v1');
    assert.match(bad.errors.join(), /must have required property 'ok'/);
    // Smartlead's 401 is its own body, not the vendor's three fields.
    assert.deepEqual(checkResponse({ method: 'GET', url: '/api/v1/lead-list/1', status: 401, contentType: json, body: { message: 'Invalid API Key' } }, leadbase()).errors, []);
    const v2Body = { statusCode: 401, error: 'Unauthorized', message: 'Invalid API Key' };
    assert.notDeepEqual(checkResponse({ method: 'GET', url: '/api/v1/lead-list/1', status: 401, contentType: json, body: v2Body }, leadbase()).errors, []);
  });

  test("an extension's answer is held to Leadbase's own document", () => {
    const healthy = { status: 'ok', store: { engine: 'pglite', answers: true } };
    assert.deepEqual(checkResponse({ method: 'GET', url: '/healthz', status: 200, contentType: json, body: healthy }, leadbase()), { source: 'leadbase', errors: [] });
    const bad = checkResponse({ method: 'GET', url: '/healthz', status: 200, contentType: json, body: { status: 'fine' } }, leadbase());
    assert.equal(bad.source, 'leadbase');
    assert.ok(bad.errors.length > 0);
    const allowance = checkResponse({ method: 'PUT', url: '/api/v2/workspaces/0190c1e4-0000-7000-8000-000000000000/lead-allowance', status: 200, contentType: json, body: { nonsense: true } }, leadbase());
    assert.equal(allowance.source, 'leadbase');
    assert.ok(allowance.errors.length > 0);
  });

  test("a status the vendor does not list must be in Leadbase's document", () => {
    const forbidden = { statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' };
    assert.deepEqual(checkResponse({ method: 'POST', url: '/api/v2/leads/add', status: 413, contentType: json, body: forbidden }, leadbase()), { source: 'leadbase', errors: [] });
    const teapot = checkResponse({ method: 'POST', url: '/api/v2/leads/add', status: 418, contentType: json, body: { statusCode: 418, error: "I'm a Teapot", message: 'no' } }, leadbase());
    assert.equal(teapot.source, 'unchecked');
    assert.match(teapot.errors.join(), /no schema covers this response/);
  });

  test('an answer on a route no document has fails, unless it is the not-found answer with the error body', () => {
    const found = checkResponse({ method: 'GET', url: '/api/v2/nowhere', status: 200, contentType: json, body: { ok: true } }, leadbase());
    assert.equal(found.source, 'unchecked');
    assert.ok(found.errors.length > 0);
    const notFound = checkResponse({ method: 'GET', url: '/api/v2/nowhere', status: 404, contentType: json, body: { statusCode: 404, error: 'Not Found', message: 'Route GET:/api/v2/nowhere not found' } }, leadbase());
    assert.deepEqual(notFound.errors, []);
    const badNotFound = checkResponse({ method: 'GET', url: '/api/v2/nowhere', status: 404, contentType: json, body: { message: 'nope', code: 'X' } }, leadbase());
    assert.ok(badNotFound.errors.length > 0);
  });

  test('a CSV download is checked for its documented content type', async () => {
    const { key } = await harness().newWorkspace();
    const csv = await harness().request('GET', '/api/v2/block-lists-entries/download', { key });
    assert.equal(csv.status, 200);
    const asHtml = checkResponse({ method: 'GET', url: '/api/v2/block-lists-entries/download', status: 200, contentType: 'text/html', body: '<p>' }, leadbase());
    assert.match(asHtml.errors.join(), /documents text\/csv, not text\/html/);
  });
});
