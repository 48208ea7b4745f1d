/**
 * Every path of the vendor's document under a resource Leadbase serves, called as the vendor
 * documents it: a literal segment (search-by-contact, analytics, count-launched…) must never be
 * taken for an id and answered "params/id must match format uuid". The document's own {params}
 * are filled with well-formed values, so such an answer can only come from a literal segment.
 * A path Leadbase does not serve answers 404; none answers 500.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { SPEC_PATH } from '../support/contract.js';
import { forEachEngine } from '../support/harness.js';

const RESOURCES = [
  'leads',
  'lead-lists',
  'campaigns',
  'subsequences',
  'lead-labels',
  'block-lists-entries',
  'background-jobs',
  'workspaces',
  'api-keys',
  'custom-tags',
  'custom-tag-mappings',
  'email-verification',
];

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

interface Call {
  method: string;
  specPath: string;
  url: string;
}

function vendorCalls(): Call[] {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const calls: Call[] = [];
  for (const [specPath, item] of Object.entries(spec.paths)) {
    const resource = specPath.split('/')[3] ?? '';
    if (!RESOURCES.includes(resource)) continue;
    const url = specPath.replace(/\{([^}]+)\}/g, (_match, name: string) => (name === 'email' ? encodeURIComponent('someone@example.test') : randomUUID()));
    for (const method of METHODS) if (item[method] !== undefined) calls.push({ method: method.toUpperCase(), specPath, url });
  }
  return calls;
}

forEachEngine((h) => {
  test('the walk covers the literal paths the issue names', () => {
    const paths = new Set(vendorCalls().map((c) => `${c.method} ${c.specPath}`));
    for (const expected of ['GET /api/v2/campaigns/search-by-contact', 'GET /api/v2/subsequences/analytics', 'POST /api/v2/subsequences/{id}/duplicate', 'GET /api/v2/campaigns/count-launched']) {
      assert.ok(paths.has(expected), `${expected} is not in the vendor document any more`);
    }
  });

  test('no vendor path is read as an id, and none answers 500', async (t) => {
    const ws = await h.newWorkspace();
    for (const call of vendorCalls()) {
      await t.test(`${call.method} ${call.specPath}`, async () => {
        const withBody = ['POST', 'PATCH', 'PUT'].includes(call.method);
        const r = await h.request<{ message?: string }>(call.method, call.url, { key: ws.key, ...(withBody ? { body: {} } : {}) });
        assert.ok(r.status < 500, `answered ${r.status}: ${JSON.stringify(r.body)}`);
        const message = typeof r.body === 'object' && r.body !== null ? (r.body.message ?? '') : '';
        assert.doesNotMatch(message, /^params\/\w+ must match format "uuid"$/, `a literal segment of ${call.specPath} was read as an id`);
      });
    }
  });

  test('the unserved literal paths answer the 404 of an unknown route', async () => {
    const ws = await h.newWorkspace();
    for (const path of ['/api/v2/subsequences/analytics', '/api/v2/campaigns/analytics', '/api/v2/campaigns/count-launched']) {
      const r = await h.request('GET', path, { key: ws.key });
      assert.deepEqual(r.body, { statusCode: 404, error: 'Not Found', message: `Route GET:${path} not found` });
    }
    // Still authenticated first, as every /api/v2 route.
    assert.equal((await h.request('GET', '/api/v2/subsequences/analytics', { key: null })).status, 401);
    // A malformed id is still a malformed id.
    const bad = await h.request('GET', '/api/v2/subsequences/analytic', { key: ws.key });
    assert.deepEqual(bad.body, { statusCode: 400, error: 'Bad Request', message: 'params/id must match format "uuid"' });
  });
}, describe);
