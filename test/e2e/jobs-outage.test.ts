import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { type FaultyPostgresCluster, startPostgresCluster } from '../support/postgres-cluster.js';
import { type WireJob, setupWorkspace, waitFor } from './jobs-support.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'e2e-outage-admin-key-0123456789';
const LEADS = 5000;



// Its own cluster: this test stops PostgreSQL, which the suite's shared one must never see.
describe('a job across a PostgreSQL outage', () => {
  let cluster: FaultyPostgresCluster | null = null;
  let server: ServerProcess | null = null;
  after(async () => {
    if (server !== null) await stopServerProcess(server, 'SIGKILL');
    try {
      cluster?.stop();
    } catch {
      // already stopped by a failed test: its files are removed all the same
    }
  });

  test('PostgreSQL stopped with -m immediate mid-job and started again: the job resumes and finishes with exact counters, the server stays up', async () => {
    cluster = await startPostgresCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE leadbase_outage');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/leadbase_outage');
    server = await startServerProcess({ DATABASE_URL: url, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_JOB_BATCH_SIZE: '10', LEADBASE_JOB_POLL_MS: '200' });
    const base = server.base;

    const { key, pairs } = await setupWorkspace(server, ADMIN_KEY, 1, LEADS);
    const [pair] = pairs;
    assert.ok(pair !== undefined);
    const { source, target } = pair;
    const job = (await httpJson<WireJob>(base, key, 'POST', '/api/v2/leads/move', { list_id: source, to_list_id: target })).body;
    await waitFor('the job to be part-way', async () => {
      const current = (await httpJson<WireJob>(base, key, 'GET', `/api/v2/background-jobs/${job.id}`)).body;
      assert.notEqual(current.status, 'success', 'the job finished before the outage; make it bigger');
      return current.progress > 0 ? current : undefined;
    });

    cluster.crash();
    // The worker meets the outage mid-batch and then finds nothing listening; it must wait.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(server.child.exitCode, null, `the server died in the outage:\n${server.output()}`);
    cluster.restart();

    const done = await waitFor(
      'the job to finish',
      async () => {
        const current = await httpJson<WireJob>(base, key, 'GET', `/api/v2/background-jobs/${job.id}`);
        return current.status === 200 && current.body.status === 'success' ? current.body : undefined;
      },
      // While the database comes back the API may answer 503 or not at all: keep asking.
      { timeoutMs: 120_000, ignoreErrors: true },
    );
    assert.equal(done.data.success_count, LEADS);
    assert.equal(done.data.failed_count, 0);
    assert.equal(done.data.moved_lead_emails.length, LEADS);
    assert.equal(new Set(done.data.moved_lead_emails).size, LEADS);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const counts = await check.query('SELECT list_id, count(*)::int AS n FROM leads GROUP BY list_id');
      assert.deepEqual(counts.rows, [{ list_id: target, n: LEADS }]);
      const row = await check.query('SELECT attempts FROM background_jobs WHERE id = $1', [job.id]);
      assert.equal(row.rows[0].attempts, 1, 'waiting out an outage spends no attempt');
    } finally {
      await check.end();
    }
    assert.equal(server.child.exitCode, null);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});
