import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { defineJobHandler } from '../../src/jobs/handler.js';
import { moveLeadsHandler } from '../../src/jobs/handlers/move-leads.js';
import { enqueueJob } from '../../src/jobs/queue.js';
import { Worker } from '../../src/jobs/worker.js';
import { insertJob } from '../../src/store/job-queue-repository.js';
import { startDnsServer } from '../support/dns-server.js';
import { type Harness, forEachEngine } from '../support/harness.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A job kind of this test's own whose every batch throws: the worker's real retry path. */
const failing = defineJobHandler({
  payload: Type.Object({}),
  prepare: async () => undefined,
  async commit() {
    throw new Error('the batch broke');
  },
});

const finishing = defineJobHandler({
  payload: Type.Object({}),
  prepare: async () => undefined,
  commit: async () => ({ done: true, progress: 100, data: { finished: true } }),
});

function testWorker(h: Harness): Worker {
  return new Worker(h.store.db, { 'test-failing': failing, 'test-finishing': finishing }, { leaseMs: 60_000, pollMs: 1_000, batchSize: 10, logger: quiet });
}

async function insertTestJob(h: Harness, workspaceId: string, kind: string, data: Record<string, unknown> = {}): Promise<string> {
  const row = await insertJob(h.store.db, { workspaceId, userId: null, type: kind, entityType: null, entityId: null, data: { ...data, kind }, visible: false });
  return row.id;
}

async function jobRow(h: Harness, id: string) {
  const row = await h.store.db
    .selectFrom('background_jobs')
    .select(['status', 'attempts', 'max_attempts', 'last_error', 'data', 'locked_by'])
    .select(sql<number>`extract(epoch from run_at - updated_at)`.as('backoff_seconds'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...row, backoff_seconds: Number(row.backoff_seconds) };
}

/** Makes a job that waits for its back-off runnable now: the test does not wait the seconds out. */
async function makeDue(h: Harness, id: string): Promise<void> {
  await h.store.db.updateTable('background_jobs').set({ run_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

forEachEngine((h) => {
  describe('attempts and back-off', () => {
    test('a failing job is tried again with exponential back-off, keeps its last error, and fails once its attempts are spent', async () => {
      const ws = await h.newWorkspace();
      const id = await insertTestJob(h, ws.id, 'test-failing');
      const worker = testWorker(h);
      for (let attempt = 1; attempt < 5; attempt++) {
        assert.equal(await worker.drain(), 1);
        const row = await jobRow(h, id);
        assert.equal(row.status, 'pending', `after attempt ${attempt}`);
        assert.equal(row.attempts, attempt);
        assert.equal(row.last_error, 'unexpected error: the batch broke');
        assert.equal(row.backoff_seconds, 2 ** attempt);
        assert.equal(row.locked_by, null);
        // Not due yet: a drain leaves it alone.
        assert.equal(await worker.drain(), 0);
        await makeDue(h, id);
      }
      assert.equal(await worker.drain(), 1);
      const spent = await jobRow(h, id);
      assert.equal(spent.status, 'failed');
      assert.equal(spent.attempts, 5);
      assert.equal(spent.last_error, 'unexpected error: the batch broke');
      assert.equal(spent.data.error, 'unexpected error: the batch broke');
      await makeDue(h, id);
      assert.equal(await worker.drain(), 0, 'a failed job is never taken up again');
    });

    test('a job whose worker keeps dying (its lease runs out) is failed once its attempts are spent, not reclaimed for ever', async () => {
      const ws = await h.newWorkspace();
      const dying = await insertTestJob(h, ws.id, 'test-finishing');
      const resumable = await insertTestJob(h, ws.id, 'test-finishing');
      const abandon = (id: string, attempts: number) =>
        h.store.db
          .updateTable('background_jobs')
          .set({ status: 'in-progress', locked_by: 'worker-that-died', locked_until: sql<Date>`now() - interval '1 second'`, attempts })
          .where('id', '=', id)
          .execute();
      await abandon(dying, 5);
      await abandon(resumable, 4);
      assert.equal(await testWorker(h).drain(), 1);
      const failed = await jobRow(h, dying);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.data.error, 'its worker stopped before finishing it 5 times (the lease ran out each time); not trying again');
      assert.equal(failed.last_error, failed.data.error);
      const resumed = await jobRow(h, resumable);
      assert.equal(resumed.status, 'success');
      assert.equal(resumed.attempts, 5);
    });

    test('a worker stopped between batches hands its job back without spending an attempt', async () => {
      const ws = await h.newWorkspace();
      const list = (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'S' } })).body.id as string;
      const target = (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'T' } })).body.id as string;
      const leads = Array.from({ length: 200 }, (_, i) => ({ email: `s${i}@stop.test` }));
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads } })).status, 200);
      const job = (await h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { list_id: list, to_list_id: target } })).body.id as string;
      const worker = new Worker(h.store.db, { 'move-leads': moveLeadsHandler }, { leaseMs: 60_000, pollMs: 60_000, batchSize: 1, logger: quiet });
      worker.start();
      for (let row = await jobRow(h, job); row.status === 'pending'; row = await jobRow(h, job)) await new Promise((resolve) => setTimeout(resolve, 5));
      await worker.stop();
      const handedBack = await jobRow(h, job);
      assert.equal(handedBack.status, 'pending');
      assert.equal(handedBack.attempts, 0);
      assert.equal(handedBack.locked_by, null);
      await h.runJobs();
      const done = await h.request('GET', `/api/v2/background-jobs/${job}`, { key: ws.key });
      assert.equal(done.body.status, 'success');
      assert.equal(done.body.data.success_count, 200);
      assert.equal((await jobRow(h, job)).attempts, 1);
    });
  });

  describe('payloads', () => {
    test('a payload that does not fit its kind is refused when enqueued, naming what is wrong', async () => {
      const ws = await h.newWorkspace();
      await assert.rejects(
        enqueueJob(h.store.db, { workspaceId: ws.id, userId: null, type: 'move-leads', kind: 'move-leads', entityType: null, entityId: null, data: { filter: {}, options: { to_list_id: ws.id, limit: 0 } } }),
        { message: 'refusing to enqueue a move-leads job: data.options.limit expected integer to be greater or equal to 1' },
      );
      const stored = await h.store.db.selectFrom('background_jobs').select('id').where('workspace_id', '=', ws.id).execute();
      assert.deepEqual(stored, []);
    });

    test('a stored payload that does not fit fails its job clearly when claimed; nothing is touched', async () => {
      const ws = await h.newWorkspace();
      const id = await insertTestJob(h, ws.id, 'move-leads', { options: { to_list_id: ws.id } });
      await h.store.db.updateTable('background_jobs').set({ visible: true }).where('id', '=', id).execute();
      assert.equal(await h.runJobs(), 1);
      const job = await h.request('GET', `/api/v2/background-jobs/${id}`, { key: ws.key });
      assert.equal(job.body.status, 'failed');
      assert.equal(job.body.data.error, "this move-leads job's data does not fit its kind: data.filter expected required property");
      assert.equal((await jobRow(h, id)).attempts, 1);
    });
  });

  describe('verification', () => {
    test('the DNS look-ups of a batch hold no connection: the API answers while they wait', async () => {
      const silent = await startDnsServer({}, 'silent');
      try {
        const ws = await h.newWorkspace();
        const list = (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Verify' } })).body.id as string;
        const added = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, verify_leads_on_import: true, leads: [{ email: 'ann@slow.test' }] } });
        assert.equal(added.status, 200);
        const running = h.runJobs({ dnsServers: silent.servers, dnsTimeoutMs: 1_000 });
        while (silent.queries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        const answered = await h.request('GET', '/api/v2/lead-lists', { key: ws.key });
        assert.equal(answered.status, 200);
        // The job asks the root's NS (is the resolver there at all?) only after the lead's own
        // look-up gave up: the request was answered while that look-up still waited.
        assert.deepEqual(silent.queries.filter((q) => q.startsWith('NS')), []);
        await running;
      } finally {
        await silent.close();
      }
    });
  });
}, describe);
