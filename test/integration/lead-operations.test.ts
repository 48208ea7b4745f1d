import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';

const schedule = { schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };

async function setup(h: Harness) {
  const ws = await h.newWorkspace();
  const mk = async (name: string) => (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name } })).body.id as string;
  const campaign = (await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'C', campaign_schedule: schedule } })).body.id as string;
  return { key: ws.key, workspaceId: ws.id, source: await mk('Source'), target: await mk('Target'), campaign };
}

async function add(h: Harness, key: string, target: { list_id?: string; campaign_id?: string }, emails: string[]) {
  const r = await h.request('POST', '/api/v2/leads/add', { key, body: { ...target, leads: emails.map((email) => ({ email })) } });
  assert.equal(r.status, 200);
  return r.body.created_leads as { id: string; email: string }[];
}

async function emailsIn(h: Harness, key: string, filter: Record<string, unknown>): Promise<string[]> {
  const r = await h.request('POST', '/api/v2/leads/list', { key, body: { ...filter, limit: 100 } });
  return r.body.items.map((l: { email: string }) => l.email).sort();
}

forEachEngine((h) => {
  describe('move', () => {
    test('moves the matching leads in batches; one already in the destination is counted, not duplicated', async () => {
      const s = await setup(h);
      await add(h, s.key, { list_id: s.source }, ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com', 'f@x.com', 'g@x.com']);
      await add(h, s.key, { list_id: s.target }, ['c@x.com']);
      const job = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source, to_list_id: s.target } });
      assert.equal(job.status, 200);
      assert.equal(job.body.type, 'move-leads');
      assert.equal(job.body.status, 'pending');
      assert.equal(job.body.entity_type, 'list');
      assert.equal(job.body.entity_id, s.target);
      assert.equal(job.body.data.total_to_process, 7);

      assert.equal(await h.runJobs(), 1);
      const done = await h.request('GET', `/api/v2/background-jobs/${job.body.id}`, { key: s.key });
      assert.equal(done.body.status, 'success');
      assert.equal(done.body.progress, 100);
      assert.equal(done.body.data.success_count, 6);
      assert.equal(done.body.data.failed_count, 1);
      assert.equal(done.body.data.moved_lead_emails.length, 6);
      assert.deepEqual(await emailsIn(h, s.key, { list_id: s.source }), ['c@x.com']);
      assert.deepEqual(await emailsIn(h, s.key, { list_id: s.target }), ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com', 'f@x.com', 'g@x.com']);
      const fields = await h.request('GET', `/api/v2/background-jobs/${job.body.id}?data_fields=success_count`, { key: s.key });
      assert.deepEqual(fields.body.data, { success_count: 6 });
    });

    test('to a campaign with limit, assigned_to and a search filter', async () => {
      const s = await setup(h);
      await add(h, s.key, { list_id: s.source }, ['ann1@x.com', 'ann2@x.com', 'ann3@x.com', 'bob@x.com']);
      const owner = '01990000-0000-7000-8000-0000000000aa';
      const job = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source, search: 'ann', limit: 2, to_campaign_id: s.campaign, assigned_to: owner } });
      assert.equal(job.body.data.total_to_process, 2);
      await h.runJobs();
      const moved = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { campaign: s.campaign } });
      assert.deepEqual(moved.body.items.map((l: { email: string }) => l.email), ['ann1@x.com', 'ann2@x.com']);
      for (const lead of moved.body.items) {
        assert.equal(lead.assigned_to, owner);
        assert.equal(lead.list_id, null);
      }
    });

    test('copy_leads copies; skip_leads_in_verification and check_duplicates_in_campaigns leave leads where they are', async () => {
      const s = await setup(h);
      const created = await add(h, s.key, { list_id: s.source }, ['p@x.com', 'q@x.com', 'r@x.com']);
      await h.store.db.updateTable('leads').set({ verification_status: 11 }).where('id', '=', created[0]?.id ?? '').execute();
      const other = (await h.request('POST', '/api/v2/campaigns', { key: s.key, body: { name: 'Other', campaign_schedule: schedule } })).body.id as string;
      await add(h, s.key, { campaign_id: other }, ['q@x.com']);
      await h.request('POST', '/api/v2/leads/move', {
        key: s.key,
        body: { list_id: s.source, to_campaign_id: s.campaign, copy_leads: true, skip_leads_in_verification: true, check_duplicates_in_campaigns: true },
      });
      await h.runJobs();
      assert.deepEqual(await emailsIn(h, s.key, { campaign: s.campaign }), ['r@x.com']);
      assert.deepEqual(await emailsIn(h, s.key, { list_id: s.source }), ['p@x.com', 'q@x.com', 'r@x.com']);
      const jobs = await h.request('GET', '/api/v2/background-jobs?type=move-leads&status=success', { key: s.key });
      assert.equal(jobs.body.items.length, 1);
      assert.equal(jobs.body.items[0].data.failed_count, 2);
    });

    test('errors: destination both/neither, ids without a source, unknown destination', async () => {
      const s = await setup(h);
      const neither = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source } });
      assert.deepEqual(neither.body, { statusCode: 400, error: 'Bad Request', message: 'Provide either to_campaign_id or to_list_id (exactly one)' });
      const both = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { to_list_id: s.target, to_campaign_id: s.campaign } });
      assert.equal(both.status, 400);
      const ids = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { ids: ['01990000-0000-7000-8000-0000000000aa'], to_list_id: s.target } });
      assert.equal(ids.body.message, 'ids filters within a campaign or list: provide campaign or list_id with it (or in_campaign: false and in_list: false for the workspace leads)');
      const missing = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source, to_list_id: '01990000-0000-7000-8000-0000000000aa' } });
      assert.deepEqual(missing.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
    });
  });

  describe('bulk-assign and update-interest-status', () => {
    test('bulk-assign hands the leads out in turn', async () => {
      const s = await setup(h);
      await add(h, s.key, { list_id: s.source }, ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com']);
      const users = ['01990000-0000-7000-8000-000000000001', '01990000-0000-7000-8000-000000000002'];
      const r = await h.request('POST', '/api/v2/leads/bulk-assign', { key: s.key, body: { list_id: s.source, organization_user_ids: users } });
      assert.equal(r.status, 202);
      assert.deepEqual(r.body, { status: 'accepted', message: 'Your request will be processed in a background job' });
      await h.runJobs();
      const leads = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { list_id: s.source } });
      assert.deepEqual(leads.body.items.map((l: { assigned_to: string }) => l.assigned_to), [users[0], users[1], users[0], users[1], users[0]]);
      const mine = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { organization_user_ids: [users[1]] } });
      assert.equal(mine.body.items.length, 2);
      const empty = await h.request('POST', '/api/v2/leads/bulk-assign', { key: s.key, body: { list_id: s.source, organization_user_ids: [] } });
      assert.equal(empty.body.message, 'body/organization_user_ids must NOT have fewer than 1 items');
    });

    test('update-interest-status sets, scopes and resets by e-mail, stamping the change time', async () => {
      const s = await setup(h);
      await add(h, s.key, { list_id: s.source }, ['Jo@X.com']);
      await add(h, s.key, { list_id: s.target }, ['jo@x.com']);
      const r = await h.request('POST', '/api/v2/leads/update-interest-status', { key: s.key, body: { lead_email: 'JO@x.com', interest_value: 2, list_id: s.source } });
      assert.equal(r.status, 202);
      assert.deepEqual(r.body, { message: 'Lead interest status update background job submitted' });
      await h.runJobs();
      const [source] = (await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { list_id: s.source } })).body.items;
      const [target] = (await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { list_id: s.target } })).body.items;
      assert.equal(source.lt_interest_status, 2);
      assert.ok(source.timestamp_last_interest_change);
      assert.equal(target.lt_interest_status, undefined);
      const booked = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { filter: 'FILTER_LEAD_MEETING_BOOKED' } });
      assert.equal(booked.body.items.length, 1);

      await h.request('POST', '/api/v2/leads/update-interest-status', { key: s.key, body: { lead_email: 'jo@x.com', interest_value: null } });
      await h.runJobs();
      const all = await h.request('POST', '/api/v2/leads/list', { key: s.key, body: { contacts: ['jo@x.com'] } });
      assert.deepEqual(all.body.items.map((l: { lt_interest_status?: number }) => l.lt_interest_status), [undefined, undefined]);

      const bad = await h.request('POST', '/api/v2/leads/update-interest-status', { key: s.key, body: { lead_email: 'jo@x.com', interest_value: 99 } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /^body\/interest_value must be a built-in interest status/);
      const badId = await h.request('POST', '/api/v2/leads/update-interest-status', { key: s.key, body: { lead_email: 'jo@x.com', interest_value: 1, campaign_id: 'nope' } });
      assert.equal(badId.body.message, 'body/campaign_id must match format "uuid"');
    });
  });

  describe('background jobs', () => {
    test('lists with filters, sorting and paging; internal jobs are not listed', async () => {
      const s = await setup(h);
      await add(h, s.key, { list_id: s.source }, ['a@x.com']);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { list_id: s.source, to_list_id: s.target } })).body.id);
      await h.request('POST', '/api/v2/leads/bulk-assign', { key: s.key, body: { organization_user_ids: ['01990000-0000-7000-8000-000000000001'] } });
      const page1 = await h.request('GET', '/api/v2/background-jobs?limit=2', { key: s.key });
      assert.deepEqual(page1.body.items.map((j: { id: string }) => j.id), ids.slice(0, 2));
      const page2 = await h.request('GET', `/api/v2/background-jobs?limit=2&starting_after=${page1.body.next_starting_after}`, { key: s.key });
      assert.deepEqual(page2.body.items.map((j: { id: string }) => j.id), ids.slice(2));
      assert.equal(page2.body.next_starting_after, undefined);
      const desc = await h.request('GET', '/api/v2/background-jobs?sort_order=desc', { key: s.key });
      assert.deepEqual(desc.body.items.map((j: { id: string }) => j.id), [...ids].reverse());
      const some = await h.request('GET', `/api/v2/background-jobs?ids=${ids[0]},${ids[2]}&excluded_ids=${ids[2]}`, { key: s.key });
      assert.deepEqual(some.body.items.map((j: { id: string }) => j.id), [ids[0]]);
      const byEntity = await h.request('GET', `/api/v2/background-jobs?entity_type=list&entity_id=${s.target}&status=pending,in-progress`, { key: s.key });
      assert.equal(byEntity.body.items.length, 3);
      const badStatus = await h.request('GET', '/api/v2/background-jobs?status=done', { key: s.key });
      assert.equal(badStatus.status, 400);
      assert.match(badStatus.body.message, /^querystring\/status must be a comma-separated list of pending, in-progress/);
    });

    test("another workspace's job is a 404 and never listed; a key without background-jobs scope is refused", async () => {
      const mine = await setup(h);
      const theirs = await setup(h);
      const job = await h.request('POST', '/api/v2/leads/move', { key: theirs.key, body: { list_id: theirs.source, to_list_id: theirs.target } });
      const r = await h.request('GET', `/api/v2/background-jobs/${job.body.id}`, { key: mine.key });
      assert.deepEqual(r.body, { statusCode: 404, error: 'Not Found', message: 'Background job not found' });
      assert.deepEqual((await h.request('GET', '/api/v2/background-jobs', { key: mine.key })).body.items, []);
      const leadsOnly = await h.keyWithScopes(mine.key, ['leads:all']);
      assert.equal((await h.request('GET', '/api/v2/background-jobs', { key: leadsOnly })).status, 401);
      assert.equal((await h.request('POST', '/api/v2/leads/move', { key: await h.keyWithScopes(mine.key, ['leads:read']), body: { to_list_id: mine.target } })).status, 401);
    });
  });
}, describe);
