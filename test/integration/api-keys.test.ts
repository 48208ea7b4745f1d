import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Static } from '@sinclair/typebox';
import type { ApiKey } from '../../src/http/schemas/api-key.js';
import { type Harness, forEachEngine } from '../support/harness.js';

type Key = Static<typeof ApiKey>;

const schedule = { schedules: [{ name: 'All week', timing: { from: '08:00', to: '18:00' }, days: { '1': true }, timezone: 'Asia/Kolkata' }] };
const badRequest = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });
const unauthorized = (message: string) => ({ statusCode: 401, error: 'Unauthorized', message });
const notFound = { statusCode: 404, error: 'Not Found', message: 'API key not found' };

async function createKey(h: Harness, key: string, name: string, scopes: string[]): Promise<Key> {
  const r = await h.request<Key>('POST', '/api/v2/api-keys', { key, body: { name, scopes } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function listAll(h: Harness, key: string): Promise<Key[]> {
  const r = await h.request<{ items: Key[]; next_starting_after?: string }>('GET', '/api/v2/api-keys', { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.next_starting_after, undefined);
  return r.body.items;
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates a key whose secret is shown once and works as a Bearer key with its scopes', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', '/api/v2/api-keys', { key: ws.key, body: { name: 'Reporting', scopes: ['campaigns:read', 'campaigns:read'], colour: 'red' } });
      assert.equal(r.status, 200);
      assert.equal(r.body.name, 'Reporting');
      assert.deepEqual(r.body.scopes, ['campaigns:read']);
      assert.equal(r.body.organization_id, ws.id);
      assert.equal('colour' in r.body, false);
      const secret: string = r.body.key;
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);

      const reads = await h.request('GET', '/api/v2/campaigns', { key: secret });
      assert.equal(reads.status, 200);
      const writes = await h.request('POST', '/api/v2/campaigns', { key: secret, body: { name: 'x', campaign_schedule: schedule } });
      assert.deepEqual(writes.body, unauthorized('API key lacks the required scope: this route needs one of campaigns:create, campaigns:all, all:create, all:all'));
      const listsKeys = await h.request('GET', '/api/v2/api-keys', { key: secret });
      assert.equal(listsKeys.status, 401);

      const listed = (await listAll(h, ws.key)).find((k) => k.id === r.body.id);
      assert.ok(listed !== undefined);
      assert.notEqual(listed.key, secret);
      assert.equal(listed.key, `${secret.slice(0, 6)}…`);
      assert.deepEqual({ ...listed, key: secret }, r.body);
    });

    test("lists the workspace's keys, the first all:all key included, with every secret masked", async () => {
      const ws = await h.newWorkspace();
      const made = await createKey(h, ws.key, 'Second', ['leads:all', 'lead_lists:read']);
      const listed = await listAll(h, ws.key);
      assert.equal(listed.length, 2);
      const [first, second] = listed;
      assert.deepEqual(first?.scopes, ['all:all']);
      assert.equal(second?.id, made.id);
      for (const k of listed) {
        assert.match(k.key, /^.{6}…$/);
        assert.equal(k.organization_id, ws.id);
      }
      assert.ok(!JSON.stringify(listed).includes(ws.key));
      assert.ok(!JSON.stringify(listed).includes(made.key));
    });

    test('pages in creation order without repeating or skipping; the last page has no cursor', async () => {
      const ws = await h.newWorkspace();
      const ids = [(await listAll(h, ws.key))[0]?.id];
      for (let i = 0; i < 4; i++) ids.push((await createKey(h, ws.key, `Key ${i}`, ['leads:read'])).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await h.request('GET', `/api/v2/api-keys?limit=2${cursor === undefined ? '' : `&starting_after=${cursor}`}`, { key: ws.key });
        assert.equal(r.status, 200);
        seen.push(...r.body.items.map((k: Key) => k.id));
        cursor = r.body.next_starting_after;
        pages++;
      } while (cursor !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ids);
    });

    test('DELETE returns the key, masked, and the key stops working at once', async () => {
      const ws = await h.newWorkspace();
      const made = await createKey(h, ws.key, 'Temporary', ['all:read']);
      assert.equal((await h.request('GET', '/api/v2/campaigns', { key: made.key })).status, 200);
      const deleted = await h.request('DELETE', `/api/v2/api-keys/${made.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, { ...made, key: `${made.key.slice(0, 6)}…` });
      const after = await h.request('GET', '/api/v2/campaigns', { key: made.key });
      assert.deepEqual(after.body, unauthorized('Invalid API key'));
      assert.deepEqual((await listAll(h, ws.key)).map((k) => k.id).includes(made.id), false);
      assert.deepEqual((await h.request('DELETE', `/api/v2/api-keys/${made.id}`, { key: ws.key })).body, notFound);
    });

    test('a key can delete itself, and is refused from the next request on', async () => {
      const ws = await h.newWorkspace();
      const made = await createKey(h, ws.key, 'Self', ['api_keys:all']);
      assert.equal((await h.request('DELETE', `/api/v2/api-keys/${made.id}`, { key: made.key })).status, 200);
      assert.deepEqual((await h.request('GET', '/api/v2/api-keys', { key: made.key })).body, unauthorized('Invalid API key'));
    });

    test('an api_keys key hands out the scopes it holds itself', async () => {
      const ws = await h.newWorkspace();
      const manager = await createKey(h, ws.key, 'Manager', ['api_keys:create', 'leads:all', 'all:read']);
      const minted = await createKey(h, manager.key, 'Minted', ['leads:delete', 'campaigns:read', 'all:read']);
      assert.deepEqual(minted.scopes, ['leads:delete', 'campaigns:read', 'all:read']);
      assert.equal((await h.request('GET', '/api/v2/campaigns', { key: minted.key })).status, 200);
    });
  });

  describe('errors', () => {
    test('an unknown scope, no scopes and no name are 400s', async () => {
      const ws = await h.newWorkspace();
      const cases: [unknown, string][] = [
        [{ name: 'x', scopes: ['campaigns:read', 'everything:all'] }, 'body/scopes/1 must be equal to one of the allowed values'],
        [{ name: 'x', scopes: [] }, 'body/scopes must NOT have fewer than 1 items'],
        [{ name: 'x', scopes: 'all:all' }, 'body/scopes must be array'],
        [{ name: 'x' }, "body must have required property 'scopes'"],
        [{ scopes: ['all:all'] }, "body must have required property 'name'"],
        [{ name: '', scopes: ['all:all'] }, 'body/name must NOT have fewer than 1 characters'],
      ];
      for (const [body, message] of cases) {
        const r = await h.request('POST', '/api/v2/api-keys', { key: ws.key, body });
        assert.deepEqual(r.body, badRequest(message), JSON.stringify(body));
      }
      assert.equal((await listAll(h, ws.key)).length, 1);
    });

    test('an unknown id is a 404 and a non-UUID id a 400', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await h.request('DELETE', `/api/v2/api-keys/${randomUUID()}`, { key: ws.key })).body, notFound);
      const r = await h.request('DELETE', '/api/v2/api-keys/42', { key: ws.key });
      assert.deepEqual(r.body, badRequest('params/id must match format "uuid"'));
    });

    test('bad list parameters are 400s, not server errors', async () => {
      const ws = await h.newWorkspace();
      const cases: [string, string][] = [
        ['limit=0', 'querystring/limit must be >= 1'],
        ['limit=101', 'querystring/limit must be <= 100'],
        ['starting_after=zzz', 'querystring/starting_after must match format "uuid"'],
      ];
      for (const [query, message] of cases) {
        const r = await h.request('GET', `/api/v2/api-keys?${query}`, { key: ws.key });
        assert.deepEqual(r.body, badRequest(message), query);
      }
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without the scope are 401s', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await h.request('GET', '/api/v2/api-keys', { key: null })).body, unauthorized('Missing Authorization header'));
      assert.deepEqual((await h.request('GET', '/api/v2/api-keys', { key: `${ws.key}x` })).body, unauthorized('Invalid API key'));
      const reader = await h.keyWithScopes(ws.key, ['api_keys:read']);
      const denied = await h.request('POST', '/api/v2/api-keys', { key: reader, body: { name: 'x', scopes: ['api_keys:read'] } });
      assert.deepEqual(denied.body, unauthorized('API key lacks the required scope: this route needs one of api_keys:create, api_keys:all, all:create, all:all'));
      const own = (await h.request('GET', '/api/v2/api-keys', { key: reader })).body.items.find((k: Key) => k.name === 'scopes api_keys:read');
      const cannotDelete = await h.request('DELETE', `/api/v2/api-keys/${own.id}`, { key: reader });
      assert.deepEqual(cannotDelete.body, unauthorized('API key lacks the required scope: this route needs one of api_keys:delete, api_keys:all, all:delete, all:all'));
    });

    test('a key cannot grant scopes it does not hold', async () => {
      const ws = await h.newWorkspace();
      const creator = await h.keyWithScopes(ws.key, ['api_keys:create', 'leads:read']);
      for (const [scopes, beyond] of [
        [['all:all'], 'all:all'],
        [['leads:read', 'leads:all', 'api_keys:delete'], 'leads:all, api_keys:delete'],
        [['all:read'], 'all:read'],
      ] as const) {
        const r = await h.request('POST', '/api/v2/api-keys', { key: creator, body: { name: 'escalate', scopes } });
        assert.deepEqual(r.body, unauthorized(`API key cannot grant scopes it does not hold: ${beyond}`));
      }
      assert.equal((await listAll(h, ws.key)).length, 2);
    });

    test("another workspace's key is a 404 like a missing one, is never listed and keeps working", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const theirKey = await createKey(h, theirs.key, 'Theirs', ['campaigns:read']);
      const r = await h.request('DELETE', `/api/v2/api-keys/${theirKey.id}`, { key: mine.key });
      assert.deepEqual(r.body, notFound);
      const listed = await listAll(h, mine.key);
      assert.equal(listed.length, 1);
      assert.ok(listed.every((k) => k.organization_id === mine.id));
      const paged = await h.request('GET', `/api/v2/api-keys?starting_after=${theirKey.id}`, { key: mine.key });
      assert.ok(paged.body.items.every((k: Key) => k.organization_id === mine.id));
      assert.equal((await h.request('GET', '/api/v2/campaigns', { key: theirKey.key })).status, 200);
      assert.equal((await listAll(h, theirs.key)).length, 2);
    });

    test('a new key acts in its own workspace only', async () => {
      const a = await h.newWorkspace('A');
      const b = await h.newWorkspace('B');
      const aKey = await createKey(h, a.key, 'A reader', ['workspaces:read', 'campaigns:all']);
      const current = await h.request('GET', '/api/v2/workspaces/current', { key: aKey.key });
      assert.equal(current.body.id, a.id);
      const made = await h.request('POST', '/api/v2/campaigns', { key: aKey.key, body: { name: 'From A', campaign_schedule: schedule } });
      assert.equal(made.body.organization, a.id);
      assert.deepEqual((await h.request('GET', '/api/v2/campaigns', { key: b.key })).body.items, []);
    });
  });
}, describe);
