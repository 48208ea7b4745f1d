import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';

const weekdays = { name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true, '2': true, '3': true, '4': true, '5': true }, timezone: 'America/Chicago' };
const schedule = { start_date: '2025-09-25', end_date: null, schedules: [weekdays] };
const withSchedule = (name: string, extra: Record<string, unknown> = {}) => ({ name, campaign_schedule: schedule, ...extra });

async function create(h: Harness, key: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await h.request<{ id: string }>('POST', '/api/v2/campaigns', { key, body: withSchedule(name, extra) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id;
}

async function names(h: Harness, key: string, query: string): Promise<string[]> {
  const r = await h.request<{ items: { name: string }[] }>('GET', `/api/v2/campaigns?${query}`, { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((c) => c.name).sort();
}

const notFound = { statusCode: 404, error: 'Not Found', message: 'Campaign not found' };
const badRequest = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });
const unauthorized = (message: string) => ({ statusCode: 401, error: 'Unauthorized', message });

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates a draft campaign in the spec shape; unknown fields, status included, are ignored', async () => {
      const ws = await h.newWorkspace();
      const owner = (await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body.owner;
      const r = await h.request('POST', '/api/v2/campaigns', {
        key: ws.key,
        body: withSchedule('Launch', { daily_limit: 40, email_gap: 10, stop_on_reply: true, status: 1, id: randomUUID(), colour: 'red' }),
      });
      assert.equal(r.status, 200);
      const { id, timestamp_created: created, timestamp_updated: updated, ...rest } = r.body;
      assert.equal(created, updated);
      assert.deepEqual(rest, {
        name: 'Launch', status: 0, campaign_schedule: schedule, daily_limit: 40, email_gap: 10, stop_on_reply: true,
        custom_variables: {}, organization: ws.id, owned_by: owner,
      });

      const fetched = await h.request('GET', `/api/v2/campaigns/${r.body.id}`, { key: ws.key });
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.body, r.body);
    });

    test('keeps nested settings as sent, minus unknown fields, which are not stored out of sight', async () => {
      const ws = await h.newWorkspace();
      const clean = {
        campaign_schedule: { schedules: [weekdays] },
        sequences: [{ steps: [{ type: 'email', delay: 2, delay_unit: 'days', variants: [{ subject: 'Hi {{firstName}}', body: 'Hello' }] }] }],
        limit_emails_per_company_override: { mode: 'custom', daily_limit: 3, scope: 'per_campaign' },
        auto_variant_select: { trigger: 'reply_rate' },
        cc_list: ['boss@example.com'],
      };
      const id = await create(h, ws.key, 'Nested', {
        ...clean,
        campaign_schedule: { extra: 1, schedules: [{ ...weekdays, foo: 2, timing: { ...weekdays.timing, tz: 'x' } }] },
        sequences: [{ w: 1, steps: [{ ...clean.sequences[0]?.steps[0], x: 1, variants: [{ subject: 'Hi {{firstName}}', body: 'Hello', q: 1 }] }] }],
        auto_variant_select: { trigger: 'reply_rate', also: 'open_rate' },
        owned_by: null,
      });
      const r = await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key });
      for (const [field, value] of Object.entries(clean)) assert.deepEqual(r.body[field], value, field);
      assert.equal(r.body.owned_by, null);
      const row = await h.store.db.selectFrom('campaigns').select('settings').where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row.settings, clean);
    });

    test('PATCH changes only the named fields and settings persist', async () => {
      const ws = await h.newWorkspace();
      const id = await create(h, ws.key, 'Before', { daily_limit: 40, text_only: true });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const renamed = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { name: 'After' } });
      assert.equal(renamed.status, 200);
      assert.deepEqual([renamed.body.name, renamed.body.daily_limit, renamed.body.text_only], ['After', 40, true]);
      assert.deepEqual(renamed.body.campaign_schedule, schedule);
      assert.ok(renamed.body.timestamp_updated > renamed.body.timestamp_created);

      const limited = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { daily_limit: 75, text_only: null } });
      assert.deepEqual([limited.body.name, limited.body.daily_limit, limited.body.text_only], ['After', 75, null]);

      const evening = { schedules: [{ ...weekdays, name: 'Evenings', timing: { from: '18:00', to: '23:59' }, timezone: 'Europe/Helsinki' }] };
      const rescheduled = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { campaign_schedule: evening, colour: 'red' } });
      assert.deepEqual(rescheduled.body.campaign_schedule, evening);
      assert.equal('colour' in rescheduled.body, false);

      const fetched = await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key });
      assert.deepEqual(fetched.body, rescheduled.body);
      assert.deepEqual([fetched.body.name, fetched.body.daily_limit, fetched.body.status], ['After', 75, 0]);
    });

    test('activate sets status 1 and pause sets status 2', async () => {
      const ws = await h.newWorkspace();
      const id = await create(h, ws.key, 'Switch');
      for (const [action, status] of [['activate', 1], ['pause', 2], ['activate', 1]] as const) {
        const r = await h.request('POST', `/api/v2/campaigns/${id}/${action}`, { key: ws.key, ...(action === 'pause' ? { body: {} } : {}) });
        assert.equal(r.status, 200);
        assert.equal(r.body.status, status);
        assert.equal(r.body.name, 'Switch');
        assert.equal((await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key })).body.status, status, action);
      }
    });

    test('DELETE returns the campaign and deletes its leads; afterwards it is a 404 and no longer listed', async () => {
      const ws = await h.newWorkspace();
      const id = await create(h, ws.key, 'Doomed', { daily_limit: 5 });
      const lead = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { campaign: id, email: 'a@example.com' } });
      assert.equal(lead.status, 200);
      const before = await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key });
      const deleted = await h.request('DELETE', `/api/v2/campaigns/${id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, before.body);
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key })).body, notFound);
      assert.deepEqual((await h.request('DELETE', `/api/v2/campaigns/${id}`, { key: ws.key })).body, notFound);
      assert.deepEqual(await names(h, ws.key, ''), []);
      assert.deepEqual(await h.store.db.selectFrom('leads').select('id').where('workspace_id', '=', ws.id).execute(), []);
    });

    test('pages in creation order without repeating or skipping; the last page has no cursor', async () => {
      const ws = await h.newWorkspace();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await create(h, ws.key, `Campaign ${i}`));
      for (const limit of [3, 7, 1]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const r = await h.request('GET', `/api/v2/campaigns?limit=${limit}${cursor === undefined ? '' : `&starting_after=${cursor}`}`, { key: ws.key });
          assert.equal(r.status, 200);
          assert.ok(r.body.items.length <= limit);
          seen.push(...r.body.items.map((c: { id: string }) => c.id));
          cursor = r.body.next_starting_after;
          if (cursor !== undefined) assert.equal(cursor, seen[seen.length - 1]);
          pages++;
        } while (cursor !== undefined);
        assert.equal(pages, Math.ceil(7 / limit), `limit ${limit}`);
        assert.deepEqual(seen, ids);
      }
      const all = await h.request('GET', '/api/v2/campaigns', { key: ws.key });
      assert.equal(all.body.items.length, 7);
      assert.equal('next_starting_after' in all.body, false);
    });

    test('filters by name (case-insensitive, % taken literally), status and exclude_status', async () => {
      const ws = await h.newWorkspace();
      await create(h, ws.key, 'Summer 100% promo');
      const spring = await create(h, ws.key, 'Spring promo');
      const winter = await create(h, ws.key, 'Winter outreach');
      await h.request('POST', `/api/v2/campaigns/${spring}/activate`, { key: ws.key });
      await h.request('POST', `/api/v2/campaigns/${winter}/pause`, { key: ws.key });

      assert.deepEqual(await names(h, ws.key, 'search=PROMO'), ['Spring promo', 'Summer 100% promo']);
      assert.deepEqual(await names(h, ws.key, 'search=100%25'), ['Summer 100% promo']);
      assert.deepEqual(await names(h, ws.key, 'search=%25%25'), []);
      assert.deepEqual(await names(h, ws.key, 'search=_'), []);
      assert.deepEqual(await names(h, ws.key, 'search='), ['Spring promo', 'Summer 100% promo', 'Winter outreach']);
      assert.deepEqual(await names(h, ws.key, 'status=0'), ['Summer 100% promo']);
      assert.deepEqual(await names(h, ws.key, 'status=1'), ['Spring promo']);
      assert.deepEqual(await names(h, ws.key, 'status=3'), []);
      assert.deepEqual(await names(h, ws.key, 'exclude_status=1'), ['Summer 100% promo', 'Winter outreach']);
      assert.deepEqual(await names(h, ws.key, 'search=promo&exclude_status=0'), ['Spring promo']);
    });
  });

  describe('errors', () => {
    test('name and campaign_schedule are required', async () => {
      const ws = await h.newWorkspace();
      const noName = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { campaign_schedule: schedule } });
      assert.deepEqual(noName.body, badRequest("body must have required property 'name'"));
      const noSchedule = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'x' } });
      assert.deepEqual(noSchedule.body, badRequest("body must have required property 'campaign_schedule'"));
      const emptyName = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: withSchedule('') });
      assert.deepEqual(emptyName.body, badRequest('body/name must NOT have fewer than 1 characters'));
      const numberName = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: withSchedule('x', { name: 42 }) });
      assert.deepEqual(numberName.body, badRequest('body/name must be string'));
      assert.deepEqual(await names(h, ws.key, ''), []);
    });

    test('a bad schedule is a 400 naming the field', async () => {
      const ws = await h.newWorkspace();
      const cases: [Record<string, unknown>, string][] = [
        [{ schedules: [{ ...weekdays, timezone: 'Mars/Olympus_Mons' }] }, 'body/campaign_schedule/schedules/0/timezone must be equal to one of the allowed values'],
        [{ schedules: [{ ...weekdays, timing: { from: '25:00', to: '17:00' } }] }, 'body/campaign_schedule/schedules/0/timing/from must match pattern "^([01][0-9]|2[0-3]):([0-5][0-9])$"'],
        [{ schedules: [weekdays, { ...weekdays, timing: { from: '09:00', to: '9:60' } }] }, 'body/campaign_schedule/schedules/1/timing/to must match pattern "^([01][0-9]|2[0-3]):([0-5][0-9])$"'],
        [{ schedules: [] }, 'body/campaign_schedule/schedules must NOT have fewer than 1 items'],
        [{}, "body/campaign_schedule must have required property 'schedules'"],
        [{ schedules: [{ ...weekdays, days: {} }] }, 'body/campaign_schedule/schedules/0/days must NOT have fewer than 1 properties'],
        [{ schedules: [{ timing: weekdays.timing, days: weekdays.days, timezone: weekdays.timezone }] }, "body/campaign_schedule/schedules/0 must have required property 'name'"],
        [{ schedules: [weekdays], start_date: '25/09/2025' }, 'body/campaign_schedule/start_date must match format "date"'],
        [{ schedules: [{ ...weekdays, days: { '1': true, '7': true } }] }, 'body/campaign_schedule/schedules/0/days/7 must NOT be valid'],
      ];
      for (const [campaignSchedule, message] of cases) {
        const r = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'x', campaign_schedule: campaignSchedule } });
        assert.deepEqual(r.body, badRequest(message));
      }
      const id = await create(h, ws.key, 'Valid');
      const patched = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { campaign_schedule: { schedules: [{ ...weekdays, timezone: 'UTC' }] } } });
      assert.deepEqual(patched.body, badRequest('body/campaign_schedule/schedules/0/timezone must be equal to one of the allowed values'));
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key })).body.campaign_schedule, schedule);
    });

    test('an empty PATCH, or one naming no known field, is a 400 and changes nothing', async () => {
      const ws = await h.newWorkspace();
      const id = await create(h, ws.key, 'Same');
      const before = await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key });
      const empty = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: {} });
      assert.deepEqual(empty.body, badRequest('body must NOT have fewer than 1 properties'));
      const unknownOnly = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { status: 1, colour: 'red' } });
      assert.equal(unknownOnly.status, 400);
      assert.match(unknownOnly.body.message, /no field this route changes/);
      const nullSchedule = await h.request('PATCH', `/api/v2/campaigns/${id}`, { key: ws.key, body: { campaign_schedule: null } });
      assert.deepEqual(nullSchedule.body, badRequest('body/campaign_schedule must be object'));
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns/${id}`, { key: ws.key })).body, before.body);
    });

    test('an unknown id is a 404 and a non-UUID id a 400 for every verb', async () => {
      const ws = await h.newWorkspace();
      const missing = randomUUID();
      for (const [method, path, body] of verbs(missing)) {
        const r = await h.request(method, path, { key: ws.key, body });
        assert.deepEqual(r.body, notFound, `${method} ${path}`);
      }
      for (const [method, path, body] of verbs('not-a-uuid')) {
        const r = await h.request(method, path, { key: ws.key, body });
        assert.deepEqual(r.body, badRequest('params/id must match format "uuid"'), `${method} ${path}`);
      }
    });

    test('bad list parameters are 400s', async () => {
      const ws = await h.newWorkspace();
      const cases: [string, string][] = [
        ['limit=0', 'querystring/limit must be >= 1'],
        ['limit=101', 'querystring/limit must be <= 100'],
        ['limit=ten', 'querystring/limit must be integer'],
        ['starting_after=yesterday', 'querystring/starting_after must match format "uuid"'],
        ['status=5', 'querystring/status must be equal to one of the allowed values'],
        ['exclude_status=active', 'querystring/exclude_status must be number'],
      ];
      for (const [query, message] of cases) {
        const r = await h.request('GET', `/api/v2/campaigns?${query}`, { key: ws.key });
        assert.deepEqual(r.body, badRequest(message), query);
      }
    });
  });

  describe('security', () => {
    test('no key or a bad key is a 401', async () => {
      const none = await h.request('POST', '/api/v2/campaigns', { key: null, body: withSchedule('x') });
      assert.deepEqual(none.body, unauthorized('Missing Authorization header'));
      const bad = await h.request('GET', '/api/v2/campaigns', { key: 'nope' });
      assert.deepEqual(bad.body, unauthorized('Invalid API key'));
    });

    test('a campaigns:read key reads but cannot create, change or delete', async () => {
      const ws = await h.newWorkspace();
      const id = await create(h, ws.key, 'Mine');
      const reader = await h.keyWithScopes(ws.key, ['campaigns:read']);
      const denied = await h.request('POST', '/api/v2/campaigns', { key: reader, body: withSchedule('x') });
      const lacks = (action: string) => `API key lacks the required scope: this route needs one of campaigns:${action}, campaigns:all, all:${action}, all:all`;
      assert.deepEqual(denied.body, unauthorized(lacks('create')));
      for (const [method, path, body] of verbs(id).filter(([m]) => m !== 'GET')) {
        const r = await h.request(method, path, { key: reader, body });
        assert.deepEqual(r.body, unauthorized(lacks(method === 'DELETE' ? 'delete' : 'update')), `${method} ${path}`);
      }
      assert.equal((await h.request('GET', `/api/v2/campaigns/${id}`, { key: reader })).status, 200);
      assert.deepEqual(await names(h, reader, ''), ['Mine']);
      const writer = await h.keyWithScopes(ws.key, ['campaigns:all']);
      assert.equal((await h.request('POST', `/api/v2/campaigns/${id}/activate`, { key: writer })).body.status, 1);
    });

    test("another workspace's campaign is a 404 identical to a missing one for every verb", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const id = await create(h, theirs.key, 'Theirs', { daily_limit: 9 });
      const before = await h.request('GET', `/api/v2/campaigns/${id}`, { key: theirs.key });
      for (const [method, path, body] of verbs(id)) {
        const stranger = await h.request(method, path, { key: mine.key, body });
        const missing = await h.request(method, path.replace(id, randomUUID()), { key: mine.key, body });
        assert.equal(stranger.status, 404, `${method} ${path}`);
        assert.deepEqual(stranger.body, missing.body, `${method} ${path}`);
      }
      assert.deepEqual(await names(h, mine.key, ''), []);
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns/${id}`, { key: theirs.key })).body, before.body);
    });

    test('the admin key works in the default workspace and sees no other workspace', async () => {
      const ws = await h.newWorkspace();
      await create(h, ws.key, 'Tenant only');
      const adminId = (await h.request('POST', '/api/v2/campaigns', { body: withSchedule('Admin campaign') })).body.id;
      const listed = await h.request<{ items: { id: string; name: string }[] }>('GET', '/api/v2/campaigns?limit=100');
      assert.ok(listed.body.items.some((c) => c.id === adminId));
      assert.ok(listed.body.items.every((c) => c.name !== 'Tenant only'));
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns/${adminId}`, { key: ws.key })).body, notFound);
    });
  });
}, describe);

function verbs(id: string): [string, string, unknown][] {
  return [
    ['GET', `/api/v2/campaigns/${id}`, undefined],
    ['PATCH', `/api/v2/campaigns/${id}`, { name: 'Hijacked' }],
    ['POST', `/api/v2/campaigns/${id}/activate`, undefined],
    ['POST', `/api/v2/campaigns/${id}/pause`, undefined],
    ['DELETE', `/api/v2/campaigns/${id}`, undefined],
  ];
}
