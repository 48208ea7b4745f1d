/**
 * The built server as an operator runs it (`node dist/src/main.js`, configured by environment
 * only), over real HTTP: first start, graceful shutdown, restart on the same store, start-up
 * errors, and two instances sharing one PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { fetchChecked } from '../support/http-contract.js';
import { freePort } from '../support/postgres-cluster.js';
import { type TestDatabase, createTestDatabase } from '../support/postgres-database.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
// From here up to the repository root, where `npm start` runs.
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// PGlite compiles its WebAssembly on start; a slow CI machine needs the margin.
const START_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 180_000;
const ADMIN_KEY_BANNER = 'created an administrator API key';

interface Server {
  child: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when a signal killed it) once the process has ended. */
  exited: Promise<number | null>;
}

const started: Server[] = [];

/**
 * The environment a reader of the README would have: the variables the brief sets, and none of
 * ours that could leak in from the test runner's own environment.
 */
function serverEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'HOST', 'LEADBASE_DATA_DIR', 'DATABASE_URL', 'LEADBASE_ADMIN_KEY', 'LEADBASE_LOG_LEVEL']) delete env[name];
  return { ...env, ...settings };
}

function startServer(settings: Record<string, string>, port: number): Server {
  const child = spawn(process.execPath, [MAIN], { cwd: REPO_ROOT, env: serverEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, port, stdout: () => out, stderr: () => err, exited };
  started.push(server);
  return server;
}

const isRunning = (server: Server) => server.child.exitCode === null && server.child.signalCode === null;

/** The server the previous test of a sequence started. */
function latest(): Server {
  const server = started[started.length - 1];
  assert.ok(server !== undefined, 'no server was started');
  return server;
}

async function waitHealthy(server: Server): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isRunning(server)) {
      throw new Error(`server exited (${String(server.child.exitCode)}) before it was healthy:\n${server.stderr()}\n${server.stdout()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      if (response.status === 200) {
        const body = (await response.json()) as { status: string };
        assert.equal(body.status, 'ok');
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server was not healthy after ${START_TIMEOUT_MS} ms:\n${server.stderr()}\n${server.stdout()}`);
}

/** The key main.ts prints on a store's first start; null when none was printed. */
function printedAdminKey(server: Server): string | null {
  return /shown only this once:\s+(\S+)/.exec(server.stdout())?.[1] ?? null;
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<number | null> {
  if (isRunning(server)) server.child.kill(signal);
  return server.exited;
}

interface Reply<T> {
  status: number;
  body: T;
}

/** One request over real HTTP; every JSON answer is checked against the vendor's document. */
async function call<T>(server: Server, key: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const { response, text, body: parsed } = await fetchChecked(`http://127.0.0.1:${server.port}`, path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  assert.match(response.headers.get('content-type') ?? '', /application\/json/, `${method} ${path} answered ${response.status}: ${text}`);
  return { status: response.status, body: parsed as T };
}

interface LeadList {
  id: string;
  name: string;
}
interface Lead {
  id: string;
  email: string;
  first_name: string | null;
  company_domain: string;
}
interface LeadPage {
  items: Lead[];
  next_starting_after?: string;
}

/** Every lead of a list, one page of `limit` at a time, following next_starting_after. */
async function allLeads(server: Server, key: string, listId: string, limit: number): Promise<{ emails: string[]; pages: number }> {
  const emails: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await call<LeadPage>(server, key, 'POST', '/api/v2/leads/list', { list_id: listId, limit, ...(cursor !== undefined ? { starting_after: cursor } : {}) });
    assert.equal(page.status, 200);
    assert.ok(page.body.items.length <= limit);
    emails.push(...page.body.items.map((lead) => lead.email));
    pages += 1;
    cursor = page.body.next_starting_after;
  } while (cursor !== undefined);
  return { emails, pages };
}

after(async () => {
  // Whatever a failed test left running must not outlive the suite.
  for (const server of started) {
    if (isRunning(server)) server.child.kill('SIGKILL');
  }
  await Promise.all(started.map((server) => server.exited));
});

describe('the built server on the embedded store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadbase-e2e-'));
  const emails = ['ada@example.com', 'Grace@Example.org', 'linus@example.net'];
  let port = 0;
  let adminKey = '';
  let listId = '';

  before(async () => {
    port = await freePort();
  });

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('first start prints an admin key once and becomes healthy', { timeout: TEST_TIMEOUT_MS }, async () => {
    const server = startServer({ LEADBASE_DATA_DIR: dataDir, PORT: String(port) }, port);
    await waitHealthy(server);
    const key = printedAdminKey(server);
    assert.ok(key !== null, `no admin key on stdout:\n${server.stdout()}`);
    adminKey = key;
    assert.equal(server.stdout().split(ADMIN_KEY_BANNER).length, 2, 'the admin key banner is printed exactly once');
  });

  test('creates a list and leads over HTTP and pages through them', { timeout: TEST_TIMEOUT_MS }, async () => {
    const server = latest();
    assert.ok(isRunning(server), 'the server of the previous test is not running');
    const list = await call<LeadList>(server, adminKey, 'POST', '/api/v2/lead-lists', { name: 'Conference 2025' });
    assert.equal(list.status, 200);
    assert.equal(list.body.name, 'Conference 2025');
    listId = list.body.id;
    for (const email of emails) {
      const lead = await call<Lead>(server, adminKey, 'POST', '/api/v2/leads', { list_id: listId, email, first_name: 'Ada' });
      assert.equal(lead.status, 200);
      assert.equal(lead.body.email, email);
    }
    const paged = await allLeads(server, adminKey, listId, 2);
    assert.deepEqual(paged.emails, emails);
    assert.equal(paged.pages, 2);
  });

  test('SIGTERM shuts it down with exit code 0', { timeout: TEST_TIMEOUT_MS }, async () => {
    const server = latest();
    assert.equal(await stop(server, 'SIGTERM'), 0, server.stderr());
  });

  test('a restart on the same data dir keeps the key and the data, and prints no new key', { timeout: TEST_TIMEOUT_MS }, async () => {
    const server = startServer({ LEADBASE_DATA_DIR: dataDir, PORT: String(port) }, port);
    await waitHealthy(server);
    assert.equal(printedAdminKey(server), null);
    assert.ok(!server.stdout().includes(ADMIN_KEY_BANNER), 'a second start printed an admin key');
    const list = await call<LeadList>(server, adminKey, 'GET', `/api/v2/lead-lists/${listId}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.name, 'Conference 2025');
    assert.deepEqual((await allLeads(server, adminKey, listId, 100)).emails, emails);
  });

  test('SIGINT shuts it down with exit code 0', { timeout: TEST_TIMEOUT_MS }, async () => {
    const server = latest();
    assert.equal(await stop(server, 'SIGINT'), 0, server.stderr());
  });
});

describe('start-up refuses a bad configuration, naming the variable', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadbase-e2e-config-'));

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [variable, value] of [['PORT', 'abc'], ['DATABASE_URL', 'mysql://root@localhost/leads']] as const) {
    test(`${variable}=${value}`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const port = await freePort();
      const server = startServer({ LEADBASE_DATA_DIR: dataDir, PORT: String(port), [variable]: value }, port);
      const code = await server.exited;
      assert.notEqual(code, 0);
      assert.notEqual(code, null, 'the process was killed rather than exiting');
      assert.match(server.stderr(), new RegExp(`configuration error: ${variable} `));
    });
  }
});

describe('two servers against one PostgreSQL database', () => {
  let database: TestDatabase | undefined;
  const servers: Server[] = [];

  before(async () => {
    database = await createTestDatabase('leadbase_e2e');
  });

  after(async () => {
    await Promise.all(servers.map((server) => stop(server, 'SIGTERM')));
    await database?.drop();
  });

  test('both start at once on a new database, bootstrap it once and share its data', { timeout: TEST_TIMEOUT_MS }, async () => {
    assert.ok(database !== undefined);
    const url = database.url;
    // Started together, both find an empty database: migrations and bootstrap run under locks.
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      servers.push(startServer({ DATABASE_URL: url, PORT: String(port) }, port));
    }
    const [a, b] = servers;
    assert.ok(a !== undefined && b !== undefined);
    await Promise.all([waitHealthy(a), waitHealthy(b)]);

    const keys = servers.map(printedAdminKey).filter((key): key is string => key !== null);
    assert.equal(keys.length, 1, `exactly one server creates the admin key, got ${keys.length}`);
    const [adminKey] = keys;
    assert.ok(adminKey !== undefined);

    const list = await call<LeadList>(a, adminKey, 'POST', '/api/v2/lead-lists', { name: 'Shared' });
    assert.equal(list.status, 200);
    const lead = await call<Lead>(b, adminKey, 'POST', '/api/v2/leads', { list_id: list.body.id, email: 'ada@example.com', first_name: 'Ada' });
    assert.equal(lead.status, 200);
    const fromA = await allLeads(a, adminKey, list.body.id, 100);
    assert.deepEqual(fromA.emails, ['ada@example.com']);

    for (const server of [a, b]) assert.equal(await stop(server, 'SIGTERM'), 0, server.stderr());
  });
});
