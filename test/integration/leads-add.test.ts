import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';

const schedule = { schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' } ] };

async function setup(h: Harness) {
  const ws = await h.newWorkspace();
  const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'List' } });
  const campaign = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'Campaign', campaign_schedule: schedule } });
  return { key: ws.key, workspaceId: ws.id, listId: list.body.id as string, campaignId: campaign.body.id as string };
}

async function leadCount(h: Harness, workspaceId: string): Promise<number> {
  const row = await h.store.db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const counterKeys = ['leads_uploaded', 'in_blocklist', 'duplicated_leads', 'skipped_count', 'invalid_email_count', 'incomplete_count', 'duplicate_email_count'] as const;
function assertSums(body: Record<string, unknown>) {
  const sum = counterKeys.reduce((total, k) => total + Number(body[k]), 0);
  assert.equal(sum, body.total_sent, `counters ${JSON.stringify(body)} do not add up to total_sent`);
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('every counter of the spec, each lead in exactly one', async () => {
      const s = await setup(h);
      await h.request('POST', '/api/v2/block-lists-entries', { key: s.key, body: { bl_value: 'blocked.com' } });
      await h.request('POST', '/api/v2/block-lists-entries', { key: s.key, body: { bl_value: 'banned@ok.com' } });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'already@ok.com' }] } });
      const r = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: {
          list_id: s.listId,
          leads: [
            { email: 'new@ok.com', first_name: 'New', custom_variables: { tier: 1, vip: true, note: 'x', gone: null } },
            {},
            { email: 'not-an-email', first_name: 'Bad' },
            { email: 'NEW@ok.com' },
            { email: 'someone@sub.blocked.com' },
            { email: 'Banned@OK.com' },
            { email: 'already@ok.com' },
            { first_name: 'Nameonly' },
          ],
        },
      });
      assert.equal(r.status, 200);
      const { created_leads: created, blocklist_used: blocklistUsed, ...counters } = r.body;
      assert.deepEqual(counters, {
        status: 'success',
        total_sent: 8,
        leads_uploaded: 2,
        in_blocklist: 2,
        duplicated_leads: 1,
        skipped_count: 0,
        invalid_email_count: 1,
        incomplete_count: 1,
        duplicate_email_count: 1,
        remaining_in_plan: null,
      });
      assertSums(r.body);
      assert.match(blocklistUsed, /^[0-9a-f-]{36}$/);
      assert.deepEqual(created.map((c: { index: number; email: string | null }) => [c.index, c.email]), [[0, 'new@ok.com'], [7, null]]);
      const lead = await h.request('GET', `/api/v2/leads/${created[0].id}`, { key: s.key });
      assert.deepEqual(lead.body.payload, { tier: 1, vip: true, note: 'x', gone: null });
      assert.equal(lead.body.list_id, s.listId);
      assert.equal(lead.body.company_domain, 'ok.com');
      assert.equal(lead.body.upload_method, 'api');
    });

    test('campaigns: a lead needs an e-mail, custom variables grow the campaign, remaining_in_plan is null when unlimited', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: { campaign_id: s.campaignId, leads: [{ first_name: 'No email' }, { email: 'a@ok.com', custom_variables: { plan: 'pro' } }, { email: 'b@ok.com', custom_variables: { seats: 4 } }] },
      });
      assert.equal(r.body.invalid_email_count, 1);
      assert.equal(r.body.incomplete_count, 0);
      assert.equal(r.body.leads_uploaded, 2);
      assert.equal(r.body.remaining_in_plan, null);
      const campaign = await h.request('GET', `/api/v2/campaigns/${s.campaignId}`, { key: s.key });
      assert.deepEqual(Object.keys(campaign.body.custom_variables).sort(), ['plan', 'seats']);
    });

    test('the skip flags look across the workspace; skip_if_in_workspace overrides the others', async () => {
      const s = await setup(h);
      const other = await h.request('POST', '/api/v2/lead-lists', { key: s.key, body: { name: 'Other' } });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: other.body.id, leads: [{ email: 'inlist@ok.com' }] } });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'incampaign@ok.com' }] } });
      const leads = [{ email: 'inlist@ok.com' }, { email: 'incampaign@ok.com' }, { email: 'fresh@ok.com' }];

      const byList = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads, skip_if_in_list: true } });
      assert.deepEqual([byList.body.skipped_count, byList.body.leads_uploaded], [1, 2]);

      const s2 = await setup(h);
      const seedList = await h.request('POST', '/api/v2/leads/add', { key: s2.key, body: { list_id: s2.listId, leads: [{ email: 'inlist@ok.com' }] } });
      assert.equal(seedList.body.leads_uploaded, 1);
      const target = await h.request('POST', '/api/v2/lead-lists', { key: s2.key, body: { name: 'Target' } });
      const byWorkspace = await h.request('POST', '/api/v2/leads/add', {
        key: s2.key,
        body: { list_id: target.body.id, leads, skip_if_in_workspace: true, skip_if_in_list: false },
      });
      assert.deepEqual([byWorkspace.body.skipped_count, byWorkspace.body.leads_uploaded], [1, 2]);

      const byCampaign = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: { list_id: (await h.request('POST', '/api/v2/lead-lists', { key: s.key, body: { name: 'Third' } })).body.id, leads, skip_if_in_campaign: true },
      });
      assert.deepEqual([byCampaign.body.skipped_count, byCampaign.body.leads_uploaded], [1, 2]);
    });

    test('the same e-mail may sit in two lists; adding it again to the same list counts duplicated_leads, any case', async () => {
      const s = await setup(h);
      const other = await h.request('POST', '/api/v2/lead-lists', { key: s.key, body: { name: 'Other' } });
      const first = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'Jo@Ok.com' }] } });
      const elsewhere = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: other.body.id, leads: [{ email: 'jo@ok.com' }] } });
      const again = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'JO@OK.COM' }] } });
      assert.deepEqual([first.body.leads_uploaded, elsewhere.body.leads_uploaded, again.body.duplicated_leads, again.body.leads_uploaded], [1, 1, 1, 0]);
    });

    test('assigned_to: the lead\'s own, else the request\'s, else the campaign owner', async () => {
      const s = await setup(h);
      const owner = '01990000-0000-7000-8000-000000000001';
      const requestLevel = '01990000-0000-7000-8000-000000000002';
      const leadLevel = '01990000-0000-7000-8000-000000000003';
      const campaign = await h.request('POST', '/api/v2/campaigns', { key: s.key, body: { name: 'Owned', campaign_schedule: schedule, owned_by: owner } });
      const byOwner = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: campaign.body.id, leads: [{ email: 'a@ok.com' }] } });
      const byRequest = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: { campaign_id: campaign.body.id, assigned_to: requestLevel, leads: [{ email: 'b@ok.com' }, { email: 'c@ok.com', assigned_to: leadLevel }] },
      });
      const get = async (id: string) => (await h.request('GET', `/api/v2/leads/${id}`, { key: s.key })).body.assigned_to;
      assert.equal(await get(byOwner.body.created_leads[0].id), owner);
      assert.equal(await get(byRequest.body.created_leads[0].id), requestLevel);
      assert.equal(await get(byRequest.body.created_leads[1].id), leadLevel);
    });

    test('verify_leads_on_import marks the created leads pending and records a background job', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, verify_leads_on_import: true, leads: [{ email: 'a@ok.com' }, { email: 'b@ok.com' }] } });
      const lead = await h.request('GET', `/api/v2/leads/${r.body.created_leads[0].id}`, { key: s.key });
      assert.equal(lead.body.verification_status, 11);
      const jobs = await h.store.db.selectFrom('background_jobs').selectAll().where('workspace_id', '=', s.workspaceId).execute();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]?.status, 'pending');
      assert.equal(jobs[0]?.entity_id, s.listId);
      assert.deepEqual((jobs[0]?.data as { lead_ids: string[] }).lead_ids.sort(), r.body.created_leads.map((c: { id: string }) => c.id).sort());
    });

    test('a lead allowance gives remaining_in_plan and refuses a request that would pass it, writing nothing', async () => {
      const s = await setup(h);
      const set = await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { body: { lead_allowance: 3 } });
      assert.deepEqual(set.body, { workspace_id: s.workspaceId, lead_allowance: 3, leads_in_campaigns: 0, remaining_in_plan: 3 });
      const first = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'a@ok.com' }, { email: 'b@ok.com' }] } });
      assert.equal(first.body.remaining_in_plan, 1);
      const before = await leadCount(h, s.workspaceId);
      const over = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'c@ok.com' }, { email: 'd@ok.com' }] } });
      assert.equal(over.status, 402);
      assert.equal(over.body.error, 'Payment Required');
      assert.match(over.body.message, /allowance has only 1 left; nothing was added/);
      assert.equal(await leadCount(h, s.workspaceId), before);
      const exact = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'c@ok.com' }] } });
      assert.equal(exact.body.remaining_in_plan, 0);
      const lists = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'e@ok.com' }] } });
      assert.equal(lists.body.leads_uploaded, 1, 'lists are not counted against the allowance');
      const lifted = await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { body: { lead_allowance: null } });
      assert.deepEqual(lifted.body, { workspace_id: s.workspaceId, lead_allowance: null, leads_in_campaigns: 3, remaining_in_plan: null });
      const unlimited = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'f@ok.com' }] } });
      assert.equal(unlimited.body.remaining_in_plan, null);
    });

    test('concurrent requests adding the same e-mails create each lead once', async () => {
      const s = await setup(h);
      const leads = Array.from({ length: 200 }, (_, i) => ({ email: `person${i}@ok.com` }));
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) => h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: i % 2 === 0 ? leads : [...leads].reverse() } })),
      );
      for (const r of replies) {
        assert.equal(r.status, 200);
        assertSums(r.body);
      }
      assert.equal(replies.reduce((n, r) => n + r.body.leads_uploaded, 0), 200);
      assert.equal(replies.reduce((n, r) => n + r.body.duplicated_leads, 0), 200 * 5);
      assert.equal(await leadCount(h, s.workspaceId), 200);
    });

    test('1000 leads in one request', async () => {
      const s = await setup(h);
      const leads = Array.from({ length: 1000 }, (_, i) => ({ email: `bulk${i}@ok.com`, first_name: `F${i}`, custom_variables: { n: i } }));
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads } });
      assert.equal(r.body.leads_uploaded, 1000);
      assert.deepEqual(r.body.created_leads.map((c: { index: number }) => c.index), leads.map((_, i) => i));
    });
  });

  describe('errors', () => {
    test('campaign_id and list_id: both, or neither, is a 400', async () => {
      const s = await setup(h);
      const both = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, list_id: s.listId, leads: [{ email: 'a@ok.com' }] } });
      assert.deepEqual(both.body, { statusCode: 400, error: 'Bad Request', message: 'Provide either campaign_id or list_id, not both' });
      const neither = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { leads: [{ email: 'a@ok.com' }] } });
      assert.deepEqual(neither.body, { statusCode: 400, error: 'Bad Request', message: 'Provide either campaign_id or list_id' });
    });

    test('0 or 1001 leads is a 400', async () => {
      const s = await setup(h);
      const empty = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [] } });
      assert.equal(empty.body.message, 'body/leads must NOT have fewer than 1 items');
      const tooMany = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: Array.from({ length: 1001 }, () => ({ first_name: 'x' })) } });
      assert.equal(tooMany.body.message, 'body/leads must NOT have more than 1000 items');
    });

    test('a custom variable that is an object or array is a 400 naming the lead and the key; nothing is written', async () => {
      const s = await setup(h);
      for (const value of [{ nested: 1 }, [1, 2]]) {
        const r = await h.request('POST', '/api/v2/leads/add', {
          key: s.key,
          body: { list_id: s.listId, leads: [{ email: 'fine@ok.com' }, { email: 'b@ok.com', custom_variables: { good: 1, bad: value } }] },
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.message, 'body/leads/1/custom_variables/bad must be string,number,boolean,null');
      }
      assert.equal(await leadCount(h, s.workspaceId), 0);
    });

    test('an unknown lt_interest_status is a 400 naming the lead; nothing is written', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'a@ok.com', lt_interest_status: 1 }, { email: 'b@ok.com', lt_interest_status: 77 }] } });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /^body\/leads\/1\/lt_interest_status must be/);
      assert.equal(await leadCount(h, s.workspaceId), 0);
    });

    test('a NUL character anywhere is a 400 naming the field, not a failed query; nothing is written', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'a@ok.com' }, { first_name: 'Bad\u0000Name' }] } });
      assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message: 'body/leads/1/first_name must not contain a NUL (\\u0000) character' });
      const key = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'b@ok.com', custom_variables: { 'k\u0000': 1 } }] } });
      assert.equal(key.status, 400);
      assert.match(key.body.message, /^body\/leads\/0\/custom_variables\/k\\u0000 must not contain/);
      const query = await h.request('GET', '/api/v2/lead-lists?search=%00', { key: s.key });
      assert.equal(query.body.message, 'querystring/search must not contain a NUL (\\u0000) character');
      assert.equal(await leadCount(h, s.workspaceId), 0);
    });

    test('a field of the wrong type is a 400 naming it', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 42 }] } });
      assert.equal(r.body.message, 'body/leads/0/email must be string,null');
    });

    test('an unknown campaign, list or block list is a 404', async () => {
      const s = await setup(h);
      const missing = '01990000-0000-7000-8000-00000000dead';
      const campaign = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: missing, leads: [{ email: 'a@ok.com' }] } });
      assert.deepEqual(campaign.body, { statusCode: 404, error: 'Not Found', message: 'Campaign not found' });
      const list = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: missing, leads: [{ email: 'a@ok.com' }] } });
      assert.deepEqual(list.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
      const blocklist = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, blocklist_id: missing, leads: [{ email: 'a@ok.com' }] } });
      assert.deepEqual(blocklist.body, { statusCode: 404, error: 'Not Found', message: 'Block list not found' });
      assert.equal(await leadCount(h, s.workspaceId), 0);
    });

    test('blocklist_id may name the workspace default block list explicitly', async () => {
      const s = await setup(h);
      const first = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'a@ok.com' }] } });
      const explicit = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, blocklist_id: first.body.blocklist_used, leads: [{ email: 'b@ok.com' }] } });
      assert.equal(explicit.body.blocklist_used, first.body.blocklist_used);
    });
  });

  describe('security', () => {
    test('only the administrator key sets a lead allowance; a workspace can be created with one', async () => {
      const s = await setup(h);
      const own = await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { key: s.key, body: { lead_allowance: 1000000 } });
      assert.deepEqual(own.body, { statusCode: 401, error: 'Unauthorized', message: 'This route requires the instance administrator key (LEADBASE_ADMIN_KEY)' });
      const missing = await h.request('PUT', '/api/v2/workspaces/01990000-0000-7000-8000-00000000dead/lead-allowance', { body: { lead_allowance: 5 } });
      assert.equal(missing.status, 404);
      const negative = await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { body: { lead_allowance: -1 } });
      assert.equal(negative.body.message, 'body/lead_allowance must be >= 0');
      const created = await h.request('POST', '/api/v2/workspaces', { body: { name: 'Limited', lead_allowance: 1 } });
      assert.equal(created.body.lead_allowance, 1);
      const campaign = await h.request('POST', '/api/v2/campaigns', { key: created.body.api_key.key, body: { name: 'C', campaign_schedule: schedule } });
      const over = await h.request('POST', '/api/v2/leads/add', { key: created.body.api_key.key, body: { campaign_id: campaign.body.id, leads: [{ email: 'a@ok.com' }, { email: 'b@ok.com' }] } });
      assert.equal(over.status, 402);
    });

    test('no key, a bad key or a key without leads:create are 401s', async () => {
      const s = await setup(h);
      const body = { list_id: s.listId, leads: [{ email: 'a@ok.com' }] };
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key: null, body })).status, 401);
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key: 'wrong', body })).status, 401);
      const reader = await h.keyWithScopes(s.key, ['leads:read']);
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key: reader, body })).status, 401);
      const writer = await h.keyWithScopes(s.key, ['leads:create']);
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key: writer, body })).status, 200);
    });

    test("another workspace's list, campaign and block list are 404s, and its leads and block list never count", async () => {
      const mine = await setup(h);
      const theirs = await setup(h);
      await h.request('POST', '/api/v2/block-lists-entries', { key: theirs.key, body: { bl_value: 'ok.com' } });
      await h.request('POST', '/api/v2/leads/add', { key: theirs.key, body: { list_id: theirs.listId, leads: [{ email: 'a@ok.com' }] } });
      const theirBlocklist = (await h.request('POST', '/api/v2/leads/add', { key: theirs.key, body: { list_id: theirs.listId, leads: [{ first_name: 'x' }] } })).body.blocklist_used;
      for (const body of [{ list_id: theirs.listId }, { campaign_id: theirs.campaignId }, { list_id: mine.listId, blocklist_id: theirBlocklist }]) {
        const r = await h.request('POST', '/api/v2/leads/add', { key: mine.key, body: { ...body, leads: [{ email: 'a@ok.com' }] } });
        assert.equal(r.status, 404);
      }
      const r = await h.request('POST', '/api/v2/leads/add', { key: mine.key, body: { list_id: mine.listId, skip_if_in_workspace: true, leads: [{ email: 'a@ok.com' }] } });
      assert.equal(r.body.leads_uploaded, 1, 'their block list and their leads do not apply to my workspace');
    });
  });
}, describe);
