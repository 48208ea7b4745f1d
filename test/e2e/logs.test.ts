/**
 * What the built server prints, read from its stdout as an operator's log collector would: keys
 * (the Smartlead `?api_key=`, Bearer) and lead data never appear, at the most verbose level;
 * every request has an id, in its log lines and on its answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { fetchChecked } from '../support/http-contract.js';
import { type TestDatabase, createTestDatabase } from '../support/postgres-database.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'e2e-logs-admin-key-0123456789';
const WRONG_KEY = 'e2e-logs-wrong-key-9876543210';
const TIMEOUT_MS = 240_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// The lead the database refuses: none of it may reach the log.
const LEAD = { email: 'ada.lovelace@example.com', first_name: 'Augusta', last_name: 'Byron-King' };

interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  req?: { url?: string };
  res?: { statusCode?: number };
  err?: { type?: string; message?: string; code?: string; constraint?: string; stack?: string };
}

interface Answer {
  status: number;
  requestId: string | null;
  body: unknown;
}

let server: ServerProcess;
let database: TestDatabase;
let sent = 0;

/** One request over real HTTP with its own request id (unless told otherwise); every answer is checked against its document. */
async function send(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  sent += 1;
  const { response, body } = await fetchChecked(server.base, path, { method, headers: { 'x-request-id': `logs-test-${sent}`, ...options.headers }, ...(options.body !== undefined ? { body: options.body } : {}) });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body };
}

const bearer = { authorization: `Bearer ${ADMIN_KEY}` };
const json = { ...bearer, 'content-type': 'application/json' };

function logLines(): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The lines of one request, once its completion has been logged (stdout arrives a little after the answer). */
async function linesOf(requestId: string): Promise<LogLine[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = logLines().filter((line) => line.reqId === requestId);
    if (lines.some((line) => line.msg === 'request completed') || Date.now() > deadline) return lines;
    await sleep(50);
  }
}

/** The first error the server logged with an error attached (only one request here fails on the server's side). */
async function errorLine(): Promise<LogLine> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = logLines().find((candidate) => candidate.level >= 50 && candidate.err !== undefined);
    if (line !== undefined) return line;
    assert.ok(Date.now() < deadline, `no error was logged:\n${server.output().slice(-3000)}`);
    await sleep(50);
  }
}

function assertNoSecretOrLead(output: string): void {
  for (const secret of [ADMIN_KEY, WRONG_KEY, LEAD.email, LEAD.first_name, LEAD.last_name]) {
    const at = output.indexOf(secret);
    assert.equal(at, -1, `the log holds "${secret}": …${output.slice(Math.max(0, at - 300), at + 100)}…`);
  }
}

before(async () => {
  database = await createTestDatabase('leadbase_logs');
  server = await startServerProcess({ DATABASE_URL: database.url, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_LOG_LEVEL: 'trace', LEADBASE_WORKER: 'off' });
});

after(async () => {
  if (server !== undefined) await stopServerProcess(server);
  await database?.drop();
});

describe('keys stay out of the log', () => {
  test('the Smartlead ?api_key= is redacted from every URL logged, whatever the answer', { timeout: TIMEOUT_MS }, async () => {
    const answers = [
      await send('GET', `/api/v1/campaigns?api_key=${ADMIN_KEY}`),
      await send('GET', `/api/v1/campaigns/?limit=5&api_key=${WRONG_KEY}`),
      await send('GET', `/api/v1/no-such-route?x=1&api_key=${ADMIN_KEY}`),
      await send('GET', `/api/v1/campaigns?api%5Fkey=${ADMIN_KEY}`),
      await send('GET', `/api/v1/campaigns/not-a-number?api_key=${ADMIN_KEY}`),
      await send('POST', `/api/v1/lead-list/?api_key=${ADMIN_KEY}`, { headers: { 'content-type': 'application/json' }, body: '{"listName": ' }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 401, 404, 200, 400, 400],
    );
    await linesOf(answers.at(-1)?.requestId ?? '');
    assertNoSecretOrLead(server.output());
    const incoming = await Promise.all(answers.map(async (answer) => (await linesOf(answer.requestId ?? '')).find((line) => line.msg === 'incoming request')?.req?.url));
    assert.deepEqual(incoming, [
      '/api/v1/campaigns?api_key=[REDACTED]',
      '/api/v1/campaigns/?limit=5&api_key=[REDACTED]',
      '/api/v1/no-such-route?x=1&api_key=[REDACTED]',
      '/api/v1/campaigns?api%5Fkey=[REDACTED]',
      '/api/v1/campaigns/not-a-number?api_key=[REDACTED]',
      '/api/v1/lead-list/?api_key=[REDACTED]',
    ]);
  });

  test('a Bearer key is never logged, on success or failure', { timeout: TIMEOUT_MS }, async () => {
    const answers = [
      await send('GET', '/api/v2/lead-lists', { headers: bearer }),
      await send('GET', '/api/v2/no-such-route', { headers: bearer }),
      await send('GET', '/api/v2/lead-lists', { headers: { authorization: `Bearer ${WRONG_KEY}`, cookie: `session=${WRONG_KEY}` } }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 404, 401],
    );
    for (const answer of answers) assert.ok((await linesOf(answer.requestId ?? '')).length >= 2, `no log lines for ${String(answer.requestId)}`);
    assertNoSecretOrLead(server.output());
  });
});

describe('lead data stays out of the log', () => {
  test('a database error carrying the row is logged by class, SQLSTATE and constraint only', { timeout: TIMEOUT_MS }, async () => {
    // A real refusal by PostgreSQL, whose error detail quotes the whole failing row.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`ALTER TABLE leads ADD CONSTRAINT logs_test_no_ada CHECK (email IS DISTINCT FROM '${LEAD.email}')`);
    } finally {
      await client.end();
    }
    const list = await send('POST', '/api/v2/lead-lists', { headers: json, body: JSON.stringify({ name: 'Logs' }) });
    assert.equal(list.status, 200);
    const listId = (list.body as { id: string }).id;
    // The one answer here that no document lists: a 500 is what this provoked fault must give.
    const response = await fetch(`${server.base}/api/v2/leads`, { method: 'POST', headers: { ...json, 'x-request-id': 'logs-test-fault' }, body: JSON.stringify({ list_id: listId, ...LEAD }) });
    const refused = { status: response.status, requestId: response.headers.get('x-request-id') };
    assert.equal(refused.status, 500);
    const line = await errorLine();
    assert.doesNotMatch(JSON.stringify(line), /ada\.lovelace|Augusta|Byron/, 'the logged error quotes the lead');
    assert.equal(line.reqId, refused.requestId);
    const logged = line.err;
    assert.ok(logged !== undefined);
    assert.equal(logged.code, '23514');
    assert.equal(logged.constraint, 'logs_test_no_ada');
    assert.equal(logged.type, 'DatabaseError');
    assert.match(logged.message ?? '', /violates check constraint "logs_test_no_ada"/);
    assert.match(logged.stack ?? '', /^DatabaseError: .*\n\s+at /);
    assert.deepEqual(Object.keys(logged).sort(), ['code', 'constraint', 'message', 'stack', 'table', 'type']);
    assertNoSecretOrLead(server.output());
  });
});

describe('request ids', () => {
  test("a client's x-request-id is kept, in its log lines and on its answer", { timeout: TIMEOUT_MS }, async () => {
    const answer = await send('GET', '/api/v2/lead-lists', { headers: { ...bearer, 'x-request-id': 'checkout-7f3a:retry=2' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.requestId, 'checkout-7f3a:retry=2');
    const messages = (await linesOf('checkout-7f3a:retry=2')).map((line) => line.msg);
    assert.ok(messages.includes('incoming request') && messages.includes('request completed'), JSON.stringify(messages));
  });

  test('an id that is too long, has spaces or is repeated is replaced by a new one', { timeout: TIMEOUT_MS }, async () => {
    for (const given of ['x'.repeat(129), 'two words', 'a, b', '']) {
      const answer = await send('GET', '/healthz', { headers: { 'x-request-id': given } });
      assert.equal(answer.status, 200);
      assert.match(answer.requestId ?? '', UUID, `"${given.slice(0, 20)}" gave ${String(answer.requestId)}`);
      assert.ok((await linesOf(answer.requestId ?? '')).length >= 2, 'the new id is the one logged');
    }
    assert.equal((await send('GET', '/healthz', { headers: { 'x-request-id': 'y'.repeat(128) } })).requestId, 'y'.repeat(128));
  });

  test('without one, every answer gets its own, errors and unknown routes included', { timeout: TIMEOUT_MS }, async () => {
    const plain = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
      fetch(`${server.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const responses = [
      await plain('GET', '/healthz'),
      await plain('GET', '/api/v2/lead-lists'),
      await plain('GET', '/api/v2/lead-lists/not-a-uuid', bearer),
      await plain('GET', '/api/no-such-route'),
      await plain('POST', '/api/v2/lead-lists', json, '{"name": '),
      await plain('GET', '/api/v1/campaigns'),
    ];
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 401, 400, 404, 400, 401],
    );
    const ids = responses.map((response) => response.headers.get('x-request-id') ?? '');
    for (const id of ids) assert.match(id, UUID);
    assert.equal(new Set(ids).size, ids.length, 'ids repeat');
    await Promise.all(responses.map((response) => response.text()));
  });

  test('after a shutdown the log still holds no key and no lead', { timeout: TIMEOUT_MS }, async () => {
    assert.equal(await stopServerProcess(server), 0);
    assertNoSecretOrLead(server.output());
    assert.ok(logLines().every((line) => line.msg === undefined || !line.msg.includes('api_key=') || line.msg.includes('api_key=[REDACTED]')));
  });
});
