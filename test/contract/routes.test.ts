/**
 * The route table itself against the vendor's OpenAPI document: a route the vendor does not have
 * is a client call that works against Leadbase and nowhere else, and a scope rule that differs
 * from the vendor's lets a restricted key do more (or less) than it could there.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { AppDeps } from '../../src/http/app.js';
import { type Access, acceptedScopes } from '../../src/http/auth.js';
import { registerRoutes } from '../../src/http/routes/index.js';
import { validatorCompiler } from '../../src/http/validation.js';
import { SPEC_PATH } from '../support/contract.js';
import { type Harness, openHarness } from '../support/harness.js';

interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

interface SpecOperation {
  description?: string;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

/** Routes that are Leadbase's own, documented as extensions in README.md and docs/compatibility.md. */
const EXTENSIONS = new Set(['POST /api/v2/workspaces', 'PUT /api/v2/workspaces/:id/lead-allowance']);

/** Leadbase's own routes that a workspace key with the right scope may call (docs/verification.md). */
const SCOPED_EXTENSIONS = new Map<string, Access>([
  ['POST /api/v2/lead-lists/:id/verify', { resource: 'lead_lists', action: 'update' }],
  ['POST /api/v2/leads/export', { resource: 'leads', action: 'read' }],
  ['POST /api/v2/lead-events', { resource: 'leads', action: 'update' }],
]);

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

// Parameter names differ between the two documents ({id} vs {lead_id}); only their places matter.
const shapeOfSpecPath = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const shapeOfFastifyUrl = (url: string) => url.replace(/:[^/]+/g, '{}');

/**
 * "Requires one of the following scopes: `a`, `b`" in an operation's description, or null. A few
 * descriptions say it twice (POST /email-verification: once with only `email_verifications:create`,
 * then the usual four); the scopes of every such line count.
 */
function scopesListedIn(description: string | undefined): string[] | null {
  const lines = [...(description ?? '').matchAll(/Requires one of the following scopes:([^\n]*)/g)].map((m) => m[1] ?? '');
  if (lines.length === 0) return null;
  return [...new Set(lines.flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '')))];
}

function loadSpecOperations(): Map<string, SpecOperation> {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDocument;
  const operations = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.has(method)) operations.set(`${method.toUpperCase()} ${shapeOfSpecPath(path)}`, operation as SpecOperation);
    }
  }
  return operations;
}

/**
 * buildApp gives no way in before its routes exist, and an onRoute hook only sees routes added
 * after it; so the same registerRoutes runs on a bare instance that records every route with its
 * config. The first test checks that this record and the served app agree.
 */
async function collectRoutes(deps: AppDeps): Promise<RegisteredRoute[]> {
  const routes: RegisteredRoute[] = [];
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method: String(method), url: route.url, access: route.config?.access });
  });
  registerRoutes(app, deps);
  await app.ready();
  await app.close();
  return routes;
}

describe('the route table against the vendor OpenAPI document', () => {
  let h: (Harness & { close(): Promise<void> }) | undefined;
  let apiRoutes: RegisteredRoute[] = [];
  const specOperations = loadSpecOperations();

  const harness = () => {
    assert.ok(h !== undefined, 'harness not opened');
    return h;
  };

  before(async () => {
    h = await openHarness('pglite');
    const all = await collectRoutes({
      db: h.store.db,
      engine: h.store.engine,
      adminKeyHash: h.store.instance.adminKeyHash,
      defaultWorkspaceId: h.store.instance.defaultWorkspaceId,
    });
    // Fastify adds a HEAD twin to every GET; the vendor documents only the GET.
    const gets = new Set(all.filter((r) => r.method === 'GET').map((r) => r.url));
    apiRoutes = all.filter((r) => r.url.startsWith('/api/v2/') && !(r.method === 'HEAD' && gets.has(r.url)));
  });

  after(async () => {
    await h?.close();
  });

  test('the recorded routes are the ones the built app serves', async () => {
    const app = harness().app;
    assert.ok(apiRoutes.length > 0, 'no /api/v2 routes were recorded');
    for (const route of apiRoutes) {
      assert.ok(app.hasRoute({ method: route.method as 'GET', url: route.url }), `${route.method} ${route.url} is not in the built app`);
    }
    // Anything buildApp adds outside registerRoutes shows in its generated document.
    const served = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
    const recorded = new Set(apiRoutes.map((r) => `${r.method} ${shapeOfFastifyUrl(r.url)}`));
    for (const [path, item] of Object.entries(served.paths)) {
      if (!path.startsWith('/api/v2/')) continue;
      for (const method of Object.keys(item).filter((m) => HTTP_METHODS.has(m))) {
        const key = `${method.toUpperCase()} ${shapeOfSpecPath(path)}`;
        assert.ok(recorded.has(key), `${key} is served but was not recorded from registerRoutes`);
      }
    }
  });

  test('every /api/v2 route is a vendor operation with the same method', async (t) => {
    for (const route of apiRoutes) {
      const key = `${route.method} ${shapeOfFastifyUrl(route.url)}`;
      await t.test(`${route.method} ${route.url}`, () => {
        if (EXTENSIONS.has(`${route.method} ${route.url}`) || SCOPED_EXTENSIONS.has(`${route.method} ${route.url}`)) return;
        assert.ok(specOperations.has(key), `${route.method} ${route.url} is not in the vendor document: document it as a Leadbase extension or remove it`);
      });
    }
  });

  test('each route accepts exactly the scopes the vendor lists for it', async (t) => {
    let compared = 0;
    for (const route of apiRoutes) {
      await t.test(`${route.method} ${route.url}`, () => {
        const operation = specOperations.get(`${route.method} ${shapeOfFastifyUrl(route.url)}`);
        const listed = scopesListedIn(operation?.description);
        // Where the vendor lists no scopes there is nothing to compare (e.g. verification-stats).
        if (listed === null) return;
        compared += 1;
        assert.ok(route.access !== undefined && route.access !== 'admin', `${route.method} ${route.url} must take a scope rule, not ${JSON.stringify(route.access)}`);
        assert.deepEqual([...acceptedScopes(route.access)].sort(), [...listed].sort());
      });
    }
    // A change in the vendor's wording must not turn this into a test that compares nothing.
    assert.ok(compared > 0, 'no operation description listed its scopes');
  });

  test('the extensions are admin-only', () => {
    for (const extension of EXTENSIONS) {
      const route = apiRoutes.find((r) => `${r.method} ${r.url}` === extension);
      assert.ok(route !== undefined, `${extension} is listed as an extension but not registered`);
      assert.equal(route.access, 'admin');
      assert.equal(specOperations.has(`${route.method} ${shapeOfFastifyUrl(route.url)}`), false, `${extension} is in the vendor document now: check its shape`);
    }
  });

  test('the scoped extensions keep their scope rule', () => {
    for (const [extension, access] of SCOPED_EXTENSIONS) {
      const route = apiRoutes.find((r) => `${r.method} ${r.url}` === extension);
      assert.ok(route !== undefined, `${extension} is listed as an extension but not registered`);
      assert.deepEqual(route.access, access);
      assert.equal(specOperations.has(`${route.method} ${shapeOfFastifyUrl(route.url)}`), false, `${extension} is in the vendor document now: check its shape`);
    }
  });

  test('GET /openapi.json serves the generated document', async () => {
    const reply = await harness().app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(reply.statusCode, 200);
    assert.match(String(reply.headers['content-type']), /application\/json/);
    const document = reply.json<OpenApiDocument>();
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/v2/leads/list']?.post !== undefined, 'POST /api/v2/leads/list is missing from the served document');
    const workspaces = document.paths['/api/v2/workspaces']?.post as { summary?: string } | undefined;
    assert.match(workspaces?.summary ?? '', /Leadbase extension/);
  });

  test('/docs answers 200 with the API reference page', async () => {
    const reply = await harness().app.inject({ method: 'GET', url: '/docs' });
    assert.equal(reply.statusCode, 200);
    assert.match(String(reply.headers['content-type']), /text\/html/);
  });
});
