/**
 * Inputs of /leads/list, /leads/move and /leads/bulk-assign that used to be dropped without a
 * word (the body schema strips unknown keys): each now works or is refused naming it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { moveJob } from './leads-fixtures.js';

async function setup(h: Harness) {
  const ws = await h.newWorkspace();
  const mk = async (name: string) => (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name } })).body.id as string;
  const source = await mk('Source');
  const target = await mk('Target');
  const r = await h.request('POST', '/api/v2/leads/add', {
    key: ws.key,
    body: { list_id: source, leads: [{ email: 'hot@ok.com', lt_interest_status: 1 }, { email: 'lost@ok.com', lt_interest_status: -3 }, { email: 'plain@ok.com' }] },
  });
  assert.equal(r.status, 200);
  return { key: ws.key, source, target };
}

async function listed(h: Harness, key: string, body: Record<string, unknown>) {
  const r = await h.request('POST', '/api/v2/leads/list', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items as { email: string; lt_interest_status?: number; timestamp_last_interest_change?: string | null }[];
}

forEachEngine((h) => {
  describe('/leads/list interest_status', () => {
    test('filters on lt_interest_status, built-in or a lead label value; it also selects for a move', async () => {
      const s = await setup(h);
      assert.deepEqual((await listed(h, s.key, { interest_status: 1 })).map((l) => l.email), ['hot@ok.com']);
      assert.deepEqual((await listed(h, s.key, { interest_status: -3, list_id: s.source })).map((l) => l.email), ['lost@ok.com']);
      assert.deepEqual(await listed(h, s.key, { interest_status: 4 }), []);
      const job = await moveJob(h, s.key, { list_id: s.source, interest_status: 1, to_list_id: s.target });
      assert.equal(job.data.success_count, 1);
      assert.deepEqual((await listed(h, s.key, { list_id: s.target })).map((l) => l.email), ['hot@ok.com']);
      const bad = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { interest_status: 'hot' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /interest_status/);
    });
  });

  describe('/leads/move reset_interest_status, check_duplicates, ignore_resource_filter_clauses', () => {
    test('reset_interest_status: true clears the status of moved and copied leads; absent or false keeps it', async () => {
      const s = await setup(h);
      const kept = await moveJob(h, s.key, { list_id: s.source, contacts: ['hot@ok.com'], to_list_id: s.target, reset_interest_status: false });
      assert.equal(kept.data.success_count, 1);
      assert.equal((await listed(h, s.key, { list_id: s.target }))[0]?.lt_interest_status, 1);
      await moveJob(h, s.key, { list_id: s.target, to_list_id: s.source, reset_interest_status: true });
      const back = await listed(h, s.key, { contacts: ['hot@ok.com'] });
      assert.equal(back.length, 1);
      assert.equal(back[0]?.lt_interest_status, undefined, 'the status is gone');
      assert.notEqual(back[0]?.timestamp_last_interest_change, null, 'resetting is an interest change');
      await moveJob(h, s.key, { list_id: s.source, contacts: ['lost@ok.com'], to_list_id: s.target, copy_leads: true, reset_interest_status: true });
      assert.equal((await listed(h, s.key, { list_id: s.target }))[0]?.lt_interest_status, undefined);
      assert.equal((await listed(h, s.key, { list_id: s.source, contacts: ['lost@ok.com'] }))[0]?.lt_interest_status, -3, 'the original keeps its status');
    });

    test('check_duplicates: false is refused naming it; true is what every move does', async () => {
      const s = await setup(h);
      const refused = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source, to_list_id: s.target, check_duplicates: false } });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /^body\/check_duplicates: false is not supported/);
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.target, leads: [{ email: 'plain@ok.com' }] } });
      const job = await moveJob(h, s.key, { list_id: s.source, to_list_id: s.target, check_duplicates: true });
      assert.deepEqual([job.data.success_count, job.data.failed_count], [2, 1]);
    });

    test('ignore_resource_filter_clauses: Leadbase saves no clauses, so either value selects by the body alone', async () => {
      const s = await setup(h);
      const job = await moveJob(h, s.key, { list_id: s.source, search: 'hot', to_list_id: s.target, ignore_resource_filter_clauses: false });
      assert.equal(job.data.success_count, 1);
      const all = await moveJob(h, s.key, { list_id: s.source, to_list_id: s.target, ignore_resource_filter_clauses: true });
      assert.equal(all.data.success_count, 2);
    });
  });

  describe('/leads/bulk-assign has_clause', () => {
    test('has_clause: true is refused naming it; false assigns by the body', async () => {
      const s = await setup(h);
      const user = '01990000-0000-7000-8000-0000000000aa';
      const refused = await h.request('POST', '/api/v2/leads/bulk-assign', { key: s.key, body: { list_id: s.source, organization_user_ids: [user], has_clause: true } });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /^body\/has_clause: true/);
      assert.equal(await h.runJobs(), 0, 'nothing was queued');
      const ok = await h.request('POST', '/api/v2/leads/bulk-assign', { key: s.key, body: { list_id: s.source, organization_user_ids: [user], has_clause: false, interest_status: 1 } });
      assert.equal(ok.status, 202);
      await h.runJobs();
      const assigned = await listed(h, s.key, { organization_user_ids: [user] });
      assert.deepEqual(assigned.map((l) => l.email), ['hot@ok.com']);
    });
  });
}, describe);
