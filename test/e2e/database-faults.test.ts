/**
 * The built server against a PostgreSQL that fails under it: backends terminated, the cluster
 * crashed (`pg_ctl stop -m immediate`) and restarted, and every PostgreSQL process frozen with
 * SIGSTOP and thawed with SIGCONT. The server must stay up, answer 503 with the vendor's error
 * body and Retry-After while the database is gone, and serve again once it is back. Each suite
 * runs its own throwaway cluster: the suite's shared one is never crashed or frozen.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { fetchChecked } from '../support/http-contract.js';
import { type FaultyPostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'database-faults-admin-key-0123456789';
const TIMEOUT = { timeout: 240_000 };
// Generous bounds for "answered, not hung": far above the configured timeouts, far below a hang.
const ANSWER_BOUND_MS = 30_000;
const RECOVERY_BOUND_MS = 60_000;
// Small timeouts so that a frozen database is given up on quickly.
const DB_LIMITS = { LEADBASE_DB_CONNECT_TIMEOUT_MS: '1000', LEADBASE_DB_STATEMENT_TIMEOUT_MS: '2000', LEADBASE_DB_POOL_TIMEOUT_MS: '2000' };

interface Answer {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

/** One request over real HTTP, its answer checked against its document (test/support/http-contract.ts). */
async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<Answer> {
  const { response, body: parsed } = await fetchChecked(server.base, path, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: parsed };
}

function assertUnavailable(answer: Answer, what: string): void {
  assert.equal(answer.status, 503, `${what}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.retryAfter, '5', `${what}: Retry-After`);
  const body = answer.body as { statusCode: number; error: string; message: string };
  assert.equal(body.statusCode, 503);
  assert.equal(body.error, 'Service Unavailable');
  assert.match(body.message, /^The database is unavailable .* Retry in 5 seconds/);
}

/** Requests that touch the database in different ways: reads, single writes, a bulk transaction. */
const WORKLOAD: Array<(server: ServerProcess, listId: string, n: number) => Promise<Answer>> = [
  (server) => call(server, 'GET', '/api/v2/lead-lists?limit=10'),
  (server, listId) => call(server, 'POST', '/api/v2/leads/list', { list_id: listId, limit: 50 }),
  (server, listId, n) => call(server, 'POST', '/api/v2/leads', { list_id: listId, email: `one-${n}@example.com` }),
  (server, listId, n) =>
    call(server, 'POST', '/api/v2/leads/add', { list_id: listId, leads: Array.from({ length: 200 }, (_, i) => ({ email: `bulk-${n}-${i}@example.com` })) }),
];

/** Runs the workload from `clients` concurrent clients until `stop` resolves; answers every status seen. */
async function runWorkload(server: ServerProcess, listId: string, clients: number, stop: Promise<void>): Promise<Answer[]> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const answers: Answer[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stopped) {
        n += 1;
        const request = WORKLOAD[n % WORKLOAD.length];
        assert.ok(request !== undefined);
        answers.push(await request(server, listId, n));
      }
    }),
  );
  return answers;
}

/** Retries a request until it answers 200: the server recovers by itself, without a restart. */
async function eventuallyOk(server: ServerProcess, method: string, path: string, body?: unknown): Promise<Answer> {
  const deadline = Date.now() + RECOVERY_BOUND_MS;
  let last: Answer | undefined;
  while (Date.now() < deadline) {
    last = await call(server, method, path, body);
    if (last.status === 200) return last;
    await sleep(250);
  }
  assert.fail(`${method} ${path} did not recover: ${JSON.stringify(last)}`);
}

async function health(server: ServerProcess): Promise<{ status: number; body: { status: string; store: { answers: boolean } } }> {
  const response = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(ANSWER_BOUND_MS) });
  return { status: response.status, body: (await response.json()) as { status: string; store: { answers: boolean } } };
}

function assertAlive(server: ServerProcess): void {
  assert.equal(server.child.exitCode, null, `the server exited:\n${server.output()}`);
  assert.equal(server.child.signalCode, null, `the server was killed:\n${server.output()}`);
  assert.doesNotMatch(server.output(), /Unhandled 'error' event|uncaughtException/);
}

async function createList(server: ServerProcess, name: string): Promise<string> {
  const list = await eventuallyOk(server, 'POST', '/api/v2/lead-lists', { name });
  return (list.body as { id: string }).id;
}

describe('PostgreSQL faults under a running server', () => {
  let cluster: FaultyPostgresCluster | undefined;
  let server: ServerProcess | undefined;

  const running = () => {
    assert.ok(cluster !== undefined && server !== undefined, 'set-up failed');
    return { cluster, server };
  };

  before(async () => {
    cluster = await startPostgresCluster();
    server = await startServerProcess({ DATABASE_URL: cluster.url, LEADBASE_ADMIN_KEY: ADMIN_KEY, ...DB_LIMITS });
  });

  after(async () => {
    // A failed test may leave the cluster frozen: thaw it, or stopping it would wait forever.
    try {
      cluster?.signalAll('SIGCONT');
    } catch {
      // not running
    }
    if (server !== undefined) await stopServerProcess(server, 'SIGKILL');
    cluster?.stop();
  });

  test('terminated backends: requests in flight answer 503 with Retry-After, the process lives, the next requests succeed', TIMEOUT, async () => {
    const { cluster, server } = running();
    const listId = await createList(server, 'Terminated backends');
    const admin = new pg.Client({ connectionString: cluster.url });
    admin.on('error', () => undefined); // a later test crashes the cluster under it
    await admin.connect();
    try {
      let killing = true;
      let stopWorkload: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => {
        stopWorkload = resolve;
      });
      const workload = runWorkload(server, listId, 6, stopped);
      // Its failure (the server died) is reported when it is awaited below, not as an unhandled rejection now.
      workload.catch(() => undefined);
      // Terminate every client backend but ours, over and over, while the requests run.
      const deadline = Date.now() + 4_000;
      while (killing && server.child.exitCode === null) {
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        await sleep(50);
        killing = Date.now() < deadline;
      }
      stopWorkload();
      const answers = await workload;
      const statuses = new Set(answers.map((a) => a.status));
      assert.deepEqual([...statuses].filter((s) => s !== 200 && s !== 503), [], `only 200 and 503 are acceptable, got ${[...statuses].join(', ')}`);
      const unavailable = answers.filter((a) => a.status === 503);
      assert.ok(unavailable.length > 0, `no request met a terminated connection in ${answers.length} requests`);
      for (const answer of unavailable) assertUnavailable(answer, 'a request whose connection was terminated');
    } finally {
      await admin.end();
    }
    assertAlive(server);
    // Broken connections were dropped, not handed out again: every route works right away.
    assert.equal((await call(server, 'GET', '/api/v2/lead-lists?limit=10')).status, 200);
    assert.equal((await call(server, 'POST', '/api/v2/leads/list', { list_id: listId, limit: 10 })).status, 200);
    assert.equal((await health(server)).status, 200);
  });

  test('PostgreSQL crashes and comes back: 503 and health "unavailable" while it is down, served again after, without a restart', TIMEOUT, async () => {
    const { cluster, server } = running();
    const listId = await createList(server, 'Crash');
    let stopWorkload: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stopWorkload = resolve;
    });
    const workload = runWorkload(server, listId, 4, stopped);
    workload.catch(() => undefined);
    await sleep(300);
    cluster.crash();
    try {
      await sleep(300);
      stopWorkload();
      const answers = await workload;
      assert.deepEqual(answers.filter((a) => a.status !== 200 && a.status !== 503).map((a) => a.status), []);
      for (const answer of answers.filter((a) => a.status === 503)) assertUnavailable(answer, 'a request when PostgreSQL crashed');
      assertAlive(server);

      // Down: every route answers 503, and health says so.
      for (const [method, path, body] of [
        ['GET', '/api/v2/lead-lists', undefined],
        ['POST', '/api/v2/leads/list', { list_id: listId }],
        ['POST', '/api/v2/lead-lists', { name: 'while down' }],
        ['GET', '/api/v2/api-keys', undefined],
        ['GET', `/api/v1/campaigns?api_key=${ADMIN_KEY}`, undefined],
      ] as const) {
        assertUnavailable(await call(server, method, path, body), `${method} ${path} while PostgreSQL is down`);
      }
      const down = await health(server);
      assert.equal(down.status, 503);
      assert.deepEqual(down.body, { status: 'unavailable', store: { engine: 'postgres', answers: false } });
    } finally {
      // Later tests need it, whatever this one found.
      cluster.restart();
    }
    await eventuallyOk(server, 'GET', '/api/v2/lead-lists');
    assert.equal((await call(server, 'POST', '/api/v2/leads', { list_id: listId, email: 'after-the-crash@example.com' })).status, 200);
    assert.equal((await health(server)).status, 200);
    assertAlive(server);
  });

  test('PostgreSQL frozen (SIGSTOP): requests answer 503 within the timeouts, health at once; all is well after SIGCONT', TIMEOUT, async (context) => {
    const { cluster, server } = running();
    const listId = await createList(server, 'Frozen');
    cluster.signalAll('SIGSTOP');
    const frozenAt = Date.now();
    try {
      // Requests already holding a connection and requests that need a new one both give up.
      const answers = await Promise.all([
        call(server, 'GET', '/api/v2/lead-lists'),
        call(server, 'POST', '/api/v2/leads/list', { list_id: listId }),
        call(server, 'POST', '/api/v2/leads', { list_id: listId, email: 'frozen@example.com' }),
        ...Array.from({ length: 12 }, () => call(server, 'GET', '/api/v2/lead-lists?limit=1')),
      ]);
      for (const answer of answers) assertUnavailable(answer, 'a request while PostgreSQL is frozen');
      // Figures for the reader, not assertions: how long the configured timeouts took here.
      context.diagnostic(`all ${answers.length} requests answered 503 within ${Date.now() - frozenAt} ms of the freeze`);
      const healthAsked = Date.now();
      const frozen = await health(server);
      context.diagnostic(`/healthz answered ${frozen.status} in ${Date.now() - healthAsked} ms`);
      assert.equal(frozen.status, 503);
      assert.equal(frozen.body.status, 'unavailable');
      assertAlive(server);
    } finally {
      cluster.signalAll('SIGCONT');
    }
    await eventuallyOk(server, 'POST', '/api/v2/leads/list', { list_id: listId });
    assert.equal((await call(server, 'POST', '/api/v2/leads', { list_id: listId, email: 'thawed@example.com' })).status, 200);
    assert.equal((await health(server)).status, 200);
    assertAlive(server);
  });
});
