import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';

const schedule = { schedules: [{ name: 'Mornings', timing: { from: '07:30', to: '11:00' }, days: { '2': true }, timezone: 'Europe/Istanbul' }] };
const badRequest = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });
const unauthorized = (message: string) => ({ statusCode: 401, error: 'Unauthorized', message });
const adminOnly = unauthorized('This route requires the instance administrator key (LEADBASE_ADMIN_KEY)');

forEachEngine((h) => {
  describe('happy path', () => {
    test('the admin key creates a workspace with its first all:all key, secret included', async () => {
      const r = await h.request('POST', '/api/v2/workspaces', { body: { name: 'Acme', org_logo_url: 'https://x.test/a.png', owner: 'me' } });
      assert.equal(r.status, 200);
      const { api_key: apiKey, lead_allowance: allowance, ...workspace } = r.body;
      assert.equal(allowance, null, 'unlimited unless the administrator sets one');
      assert.equal(workspace.name, 'Acme');
      assert.equal(workspace.org_logo_url, null);
      assert.match(workspace.owner, /^[0-9a-f-]{36}$/);
      assert.equal(workspace.timestamp_created, workspace.timestamp_updated);
      assert.deepEqual(apiKey.scopes, ['all:all']);
      assert.equal(apiKey.organization_id, workspace.id);
      assert.match(apiKey.key, /^[A-Za-z0-9_-]{43}$/);

      const current = await h.request('GET', '/api/v2/workspaces/current', { key: apiKey.key });
      assert.equal(current.status, 200);
      assert.deepEqual(current.body, workspace);
      const keys = await h.request('GET', '/api/v2/api-keys', { key: apiKey.key });
      assert.deepEqual(keys.body.items, [{ ...apiKey, key: `${apiKey.key.slice(0, 6)}…` }]);
    });

    test('PATCH current changes only the named fields', async () => {
      const ws = await h.newWorkspace('Before');
      const before = (await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const logo = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { org_logo_url: 'https://example.com/logo.png' } });
      assert.equal(logo.status, 200);
      assert.equal(logo.body.name, 'Before');
      assert.equal(logo.body.org_logo_url, 'https://example.com/logo.png');
      assert.equal(logo.body.id, ws.id);
      assert.equal(logo.body.owner, before.owner);
      assert.equal(logo.body.timestamp_created, before.timestamp_created);
      assert.ok(logo.body.timestamp_updated > before.timestamp_updated);

      const renamed = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { name: 'After', id: before.id.replace(/.$/, '0') } });
      assert.equal(renamed.body.name, 'After');
      assert.equal(renamed.body.id, ws.id);
      assert.equal(renamed.body.org_logo_url, 'https://example.com/logo.png');

      const cleared = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { org_logo_url: null } });
      assert.equal(cleared.body.org_logo_url, null);
      assert.equal(cleared.body.name, 'After');
      assert.deepEqual((await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body, cleared.body);
    });

    test("every field of the vendor's Workspace is present, and its two settings are settable", async () => {
      const ws = await h.newWorkspace('Fields');
      const current = await h.request('GET', '/api/v2/workspaces/current', { key: ws.key });
      const vendorFields = ['id', 'timestamp_created', 'timestamp_updated', 'scheduled_for_removal_at', 'owner', 'name', 'plan_id', 'plan_id_bundle', 'add_unsub_to_block',
        'default_opportunity_value', 'plan_id_leadfinder', 'plan_id_verification', 'org_logo_url', 'org_client_domain', 'plan_id_crm', 'plan_id_website_visitor', 'plan_id_inbox_placement'];
      assert.deepEqual(Object.keys(current.body).sort(), [...vendorFields].sort());
      // A self-hosted instance: no plans, no white-label domain, never scheduled for removal.
      for (const field of vendorFields.filter((name) => name.startsWith('plan_id') && name !== 'plan_id_verification')) assert.equal(current.body[field], null, field);
      assert.deepEqual(current.body.plan_id_verification, {});
      assert.equal(current.body.org_client_domain, null);
      assert.equal(current.body.scheduled_for_removal_at, null);
      assert.equal(current.body.add_unsub_to_block, false, 'an unsubscribe blocks nobody unless asked');
      assert.equal(current.body.default_opportunity_value, null);

      const set = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { add_unsub_to_block: true, default_opportunity_value: 250.5 } });
      assert.equal(set.status, 200);
      assert.equal(set.body.add_unsub_to_block, true);
      assert.equal(set.body.default_opportunity_value, 250.5);
      assert.equal(set.body.name, 'Fields');
      assert.deepEqual((await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body, set.body);
      const cleared = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { default_opportunity_value: null } });
      assert.equal(cleared.body.default_opportunity_value, null);
      assert.equal(cleared.body.add_unsub_to_block, true);
      // The plan fields are read-only: a PATCH naming only them changes nothing and says so.
      const readOnly = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { plan_id: 'pid_hg_v1' } });
      assert.deepEqual(readOnly.body, badRequest('body has no field this route changes (unknown fields are ignored)'));
      const bad = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { add_unsub_to_block: 'yes' } });
      assert.deepEqual(bad.body, badRequest('body/add_unsub_to_block must be boolean'));
      const negative = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { default_opportunity_value: -1 } });
      assert.deepEqual(negative.body, badRequest('body/default_opportunity_value must be >= 0'));
    });

    test('the admin key acts on the default workspace', async () => {
      const ws = await h.newWorkspace();
      const current = await h.request('GET', '/api/v2/workspaces/current');
      assert.equal(current.status, 200);
      assert.equal(current.body.id, h.store.instance.defaultWorkspaceId);
      assert.notEqual(current.body.id, ws.id);
    });

    test('a narrower key reads and updates its workspace with the workspaces scopes', async () => {
      const ws = await h.newWorkspace('Scoped');
      const reader = await h.keyWithScopes(ws.key, ['workspaces:read']);
      assert.equal((await h.request('GET', '/api/v2/workspaces/current', { key: reader })).body.name, 'Scoped');
      const editor = await h.keyWithScopes(ws.key, ['workspaces:update']);
      assert.equal((await h.request('PATCH', '/api/v2/workspaces/current', { key: editor, body: { name: 'Edited' } })).body.name, 'Edited');
    });
  });

  describe('errors', () => {
    test('creating without a usable name is a 400', async () => {
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { body: {} })).body, badRequest("body must have required property 'name'"));
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { body: { name: '' } })).body, badRequest('body/name must NOT have fewer than 1 characters'));
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { body: { name: 7 } })).body, badRequest('body/name must be string'));
    });

    test('an empty PATCH, or one naming no known field, is a 400 and changes nothing', async () => {
      const ws = await h.newWorkspace('Steady');
      const before = (await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body;
      const empty = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: {} });
      assert.deepEqual(empty.body, badRequest('body must NOT have fewer than 1 properties'));
      const unknownOnly = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { owner: 'someone-else' } });
      assert.deepEqual(unknownOnly.body, badRequest('body has no field this route changes (unknown fields are ignored)'));
      const cases: [unknown, string][] = [
        [{ name: '' }, 'body/name must NOT have fewer than 1 characters'],
        [{ name: null }, 'body/name must be string'],
        [{ org_logo_url: 5 }, 'body/org_logo_url must be string,null'],
      ];
      for (const [body, message] of cases) {
        const r = await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body });
        assert.deepEqual(r.body, badRequest(message), JSON.stringify(body));
      }
      assert.deepEqual((await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body, before);
    });
  });

  describe('security', () => {
    test('only the admin key creates workspaces', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { key: ws.key, body: { name: 'Mine' } })).body, adminOnly);
      const everything = await h.keyWithScopes(ws.key, ['workspaces:all']);
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { key: everything, body: { name: 'Mine' } })).body, adminOnly);
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { key: null, body: { name: 'Mine' } })).body, unauthorized('Missing Authorization header'));
      assert.deepEqual((await h.request('POST', '/api/v2/workspaces', { key: 'test-admin-key', body: { name: 'Mine' } })).body, unauthorized('Invalid API key'));
    });

    test('a key without the workspaces scopes is refused', async () => {
      const ws = await h.newWorkspace('Guarded');
      const leadsOnly = await h.keyWithScopes(ws.key, ['leads:all']);
      const read = await h.request('GET', '/api/v2/workspaces/current', { key: leadsOnly });
      assert.deepEqual(read.body, unauthorized('API key lacks the required scope: this route needs one of workspaces:read, workspaces:all, all:read, all:all'));
      const reader = await h.keyWithScopes(ws.key, ['workspaces:read']);
      const write = await h.request('PATCH', '/api/v2/workspaces/current', { key: reader, body: { name: 'Hijacked' } });
      assert.deepEqual(write.body, unauthorized('API key lacks the required scope: this route needs one of workspaces:update, workspaces:all, all:update, all:all'));
      assert.equal((await h.request('GET', '/api/v2/workspaces/current', { key: ws.key })).body.name, 'Guarded');
    });

    test('two workspaces never see or change each other', async () => {
      const a = await h.newWorkspace('A');
      const b = await h.newWorkspace('B');
      assert.notEqual(a.id, b.id);
      await h.request('PATCH', '/api/v2/workspaces/current', { key: a.key, body: { name: 'A renamed', org_logo_url: 'https://a.test/logo.png' } });
      const bNow = await h.request('GET', '/api/v2/workspaces/current', { key: b.key });
      assert.equal(bNow.body.name, 'B');
      assert.equal(bNow.body.org_logo_url, null);
      assert.notEqual(bNow.body.owner, (await h.request('GET', '/api/v2/workspaces/current', { key: a.key })).body.owner);

      const campaign = await h.request('POST', '/api/v2/campaigns', { key: a.key, body: { name: 'A only', campaign_schedule: schedule } });
      const list = await h.request('POST', '/api/v2/lead-lists', { key: a.key, body: { name: 'A list' } });
      assert.deepEqual((await h.request('GET', '/api/v2/campaigns', { key: b.key })).body.items, []);
      assert.deepEqual((await h.request('GET', '/api/v2/lead-lists', { key: b.key })).body.items, []);
      assert.equal((await h.request('GET', `/api/v2/campaigns/${campaign.body.id}`, { key: b.key })).status, 404);
      assert.equal((await h.request('GET', `/api/v2/lead-lists/${list.body.id}`, { key: b.key })).status, 404);
      const bKeys = await h.request('GET', '/api/v2/api-keys', { key: b.key });
      assert.deepEqual(bKeys.body.items.map((k: { organization_id: string }) => k.organization_id), [b.id]);
      assert.equal((await h.request('GET', '/api/v2/campaigns', { key: a.key })).body.items.length, 1);
    });
  });
}, describe);
