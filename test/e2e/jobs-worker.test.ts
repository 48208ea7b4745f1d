import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../support/postgres-database.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';
import { type WireJob, setupWorkspace, waitFor } from './jobs-support.js';

const ADMIN_KEY = 'e2e-jobs-admin-key-0123456789';

async function freshDatabase(): Promise<{ url: string; client: pg.Client; drop(): Promise<void> }> {
  const database = await createTestDatabase('leadbase_jobs');
  return { ...database, client: new pg.Client({ connectionString: database.url }) };
}

describe('background jobs on PostgreSQL with real server processes', () => {
  const servers: ServerProcess[] = [];
  const databases: { client: pg.Client; drop(): Promise<void> }[] = [];
  const start = async (url: string, env: Record<string, string> = {}) => {
    const server = await startServerProcess({ DATABASE_URL: url, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_JOB_POLL_MS: '100', ...env });
    servers.push(server);
    return server;
  };
  after(async () => {
    await Promise.all(servers.map((s) => stopServerProcess(s, 'SIGKILL')));
    for (const db of databases) {
      await db.client.end().catch(() => undefined);
      await db.drop();
    }
  });

  test('a job whose worker is killed mid-job is taken up after its lease and finishes without applying a batch twice', async () => {
    const db = await freshDatabase();
    databases.push(db);
    await db.client.connect();
    const first = await start(db.url, { LEADBASE_JOB_BATCH_SIZE: '10', LEADBASE_JOB_LEASE_MS: '1500' });
    const { key, pairs } = await setupWorkspace(first, ADMIN_KEY, 1, 4000);
    const pair = pairs[0];
    assert.ok(pair);
    const job = (await httpJson<WireJob>(first.base, key, 'POST', '/api/v2/leads/move', { list_id: pair.source, to_list_id: pair.target })).body;
    await waitFor('the job to be part-way', async () => {
      const current = (await httpJson<WireJob>(first.base, key, 'GET', `/api/v2/background-jobs/${job.id}`)).body;
      assert.notEqual(current.status, 'success', 'the job finished before it could be interrupted; make it bigger');
      return current.progress > 0 ? current : undefined;
    });
    await stopServerProcess(first, 'SIGKILL');
    const interrupted = await db.client.query('SELECT status, attempts FROM background_jobs WHERE id = $1', [job.id]);
    assert.equal(interrupted.rows[0].status, 'in-progress');

    const second = await start(db.url, { LEADBASE_JOB_BATCH_SIZE: '500', LEADBASE_JOB_LEASE_MS: '1500' });
    const done = await waitFor('the job to finish', async () => {
      const current = (await httpJson<WireJob>(second.base, key, 'GET', `/api/v2/background-jobs/${job.id}`)).body;
      return current.status === 'success' ? current : undefined;
    });
    assert.equal(done.data.success_count, 4000);
    assert.equal(done.data.failed_count, 0);
    assert.equal(new Set(done.data.moved_lead_emails).size, done.data.moved_lead_emails.length);
    const counts = await db.client.query('SELECT list_id, count(*)::int AS n FROM leads GROUP BY list_id');
    assert.deepEqual(counts.rows, [{ list_id: pair.target, n: 4000 }]);
    const attempts = await db.client.query('SELECT attempts FROM background_jobs WHERE id = $1', [job.id]);
    assert.equal(attempts.rows[0].attempts, 2);
    await stopServerProcess(second);
  });

  test('two server processes on one database never run one job twice; LEADBASE_WORKER=off runs none', async () => {
    const db = await freshDatabase();
    databases.push(db);
    await db.client.connect();
    const apiOnly = await start(db.url, { LEADBASE_WORKER: 'off' });
    const { key, pairs } = await setupWorkspace(apiOnly, ADMIN_KEY, 6, 300);
    const jobs: string[] = [];
    for (const pair of pairs) {
      jobs.push((await httpJson<WireJob>(apiOnly.base, key, 'POST', '/api/v2/leads/move', { list_id: pair.source, to_list_id: pair.target })).body.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const untouched = await db.client.query("SELECT count(*)::int AS n FROM background_jobs WHERE status = 'pending'");
    assert.equal(untouched.rows[0].n, 6, 'a server with LEADBASE_WORKER=off must not run jobs');

    await Promise.all([start(db.url, { LEADBASE_JOB_BATCH_SIZE: '25' }), start(db.url, { LEADBASE_JOB_BATCH_SIZE: '25' })]);
    await waitFor('every job to finish', async () => {
      const r = await db.client.query("SELECT count(*)::int AS n FROM background_jobs WHERE status = 'success'");
      return r.rows[0].n === 6 ? true : undefined;
    });
    const rows = await db.client.query('SELECT attempts, data FROM background_jobs ORDER BY id');
    for (const row of rows.rows) {
      assert.equal(row.attempts, 1, 'a job was claimed twice');
      assert.equal(row.data.success_count, 300);
    }
    const counts = await db.client.query('SELECT count(*)::int AS n FROM leads WHERE list_id = ANY($1::uuid[])', [pairs.map((p) => p.target)]);
    assert.equal(counts.rows[0].n, 6 * 300);
  });
});
