import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../support/postgres-database.js';
import { type WireJob, setupWorkspace, waitFor } from './jobs-support.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'e2e-notify-admin-key-0123456789';
/** Far longer than the test may take: only NOTIFY can start a job here. */
const POLL_MS = '600000';
const JOBS = 4;
const LEADS_PER_JOB = 2000;



describe('several server processes on one PostgreSQL', () => {
  const servers: ServerProcess[] = [];
  let drop: (() => Promise<void>) | null = null;
  const client = { current: null as pg.Client | null };
  after(async () => {
    await Promise.all(servers.map((s) => stopServerProcess(s, 'SIGKILL')));
    await client.current?.end();
    await drop?.();
  });

  test('start together on an empty database; a job enqueued through one is started by another at once (NOTIFY) and run exactly once; all see its progress', async () => {
    const database = await createTestDatabase('leadbase_notify');
    drop = database.drop;
    const env = { DATABASE_URL: database.url, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_JOB_POLL_MS: POLL_MS, LEADBASE_JOB_BATCH_SIZE: '20' };
    // Three processes migrate one empty database at once: the migration lock serializes them.
    const [api, workerB, workerC] = await Promise.all([
      startServerProcess({ ...env, LEADBASE_WORKER: 'off' }),
      startServerProcess(env),
      startServerProcess(env),
    ]);
    assert.ok(api !== undefined && workerB !== undefined && workerC !== undefined);
    servers.push(api, workerB, workerC);
    client.current = new pg.Client({ connectionString: database.url });
    await client.current.connect();
    const migrations = await client.current.query('SELECT count(*)::int AS n FROM leadbase_migrations');
    assert.ok(migrations.rows[0].n >= 7);

    const { key, pairs } = await setupWorkspace(api, ADMIN_KEY, JOBS, LEADS_PER_JOB);

    // Enqueued through the process that runs no jobs: the others hear of it by NOTIFY only.
    const jobs: string[] = [];
    for (const pair of pairs) {
      const reply = await httpJson<WireJob>(api.base, key, 'POST', '/api/v2/leads/move', { list_id: pair.source, to_list_id: pair.target });
      assert.equal(reply.status, 200);
      jobs.push(reply.body.id);
    }
    const seenMidway = new Map<string, number>();
    const watchers = [api, workerB];
    await waitFor(
      'every job to finish',
      async () => {
        let finished = 0;
        for (const server of watchers) {
          for (const id of jobs) {
            const job = (await httpJson<WireJob>(server.base, key, 'GET', `/api/v2/background-jobs/${id}`)).body;
            if (job.status === 'in-progress' && job.progress > 0 && job.progress < 100) seenMidway.set(server.base, (seenMidway.get(server.base) ?? 0) + 1);
            if (job.status === 'success') finished++;
          }
        }
        return finished === jobs.length * watchers.length ? true : undefined;
      },
      // Bounded far below the poll interval (10 minutes).
      { timeoutMs: 60_000 },
    );
    for (const server of watchers) assert.ok((seenMidway.get(server.base) ?? 0) > 0, `${server.base} never showed a job part-way`);

    const rows = await client.current.query('SELECT id, attempts, status, data FROM background_jobs ORDER BY id');
    assert.equal(rows.rows.length, JOBS);
    for (const row of rows.rows) {
      assert.equal(row.status, 'success');
      assert.equal(row.attempts, 1, 'a job was claimed twice');
      assert.equal(row.data.success_count, LEADS_PER_JOB);
      assert.equal(row.data.failed_count, 0);
    }
    const moved = await client.current.query('SELECT count(*)::int AS n FROM leads WHERE list_id = ANY($1::uuid[])', [pairs.map((p) => p.target)]);
    assert.equal(moved.rows[0].n, JOBS * LEADS_PER_JOB);
    for (const server of servers) assert.equal(server.child.exitCode, null);
  });
});
