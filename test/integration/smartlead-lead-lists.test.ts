import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TEST_ADMIN_KEY, forEachEngine } from '../support/harness.js';
import { type ListAnswer, assertClientError, countRows, createList, v1, v2ListId } from './smartlead-fixtures.js';

interface ListsAnswer {
  ok: true;
  data: ListAnswer['data'][];
}
interface V2List {
  id: string;
  name: string;
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates, reads, renames and deletes a list by its integer id', async () => {
      const ws = await h.newWorkspace();
      const created = await v1<ListAnswer>(h, 'POST', '/lead-list/', ws.key, { listName: 'Enterprise' });
      assert.equal(created.status, 200);
      assert.equal(created.body.ok, true);
      const { id } = created.body.data;
      assert.ok(Number.isInteger(id) && id > 0);
      assert.deepEqual(Object.keys(created.body.data).sort(), ['created_at', 'id', 'lead_count', 'name']);
      assert.equal(created.body.data.name, 'Enterprise');
      assert.equal(created.body.data.lead_count, 0);

      const fetched = await v1<ListAnswer>(h, 'GET', `/lead-list/${id}`, ws.key);
      assert.deepEqual(fetched.body, created.body);

      const renamed = await v1<ListAnswer>(h, 'PUT', `/lead-list/${id}`, ws.key, { listName: 'Enterprise 2' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.data.name, 'Enterprise 2');
      assert.equal(renamed.body.data.id, id);

      const deleted = await v1<ListAnswer>(h, 'DELETE', `/lead-list/${id}`, ws.key);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.data.id, id);
      assertClientError(await v1(h, 'GET', `/lead-list/${id}`, ws.key), 404, `Lead list ${id} not found`);
    });

    test('takes `name` as well as `listName`, with or without the trailing slash', async () => {
      const ws = await h.newWorkspace();
      const r = await v1<ListAnswer>(h, 'POST', '/lead-list', ws.key, { name: 'By name' });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.name, 'By name');
      const renamed = await v1<ListAnswer>(h, 'PUT', `/lead-list/${r.body.data.id}`, ws.key, { name: 'Renamed' });
      assert.equal(renamed.body.data.name, 'Renamed');
      const all = await v1<ListsAnswer>(h, 'GET', '/lead-list', ws.key);
      assert.deepEqual(all.body.data.map((l) => l.name), ['Renamed']);
    });

    test('lists are the v2 lists: same rows both ways, and v2 never sees the integer', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key, 'Made in v1');
      const fromV2 = await h.request<V2List>('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Made in v2' } });
      const v2Lists = await h.request<{ items: V2List[] }>('GET', '/api/v2/lead-lists', { key: ws.key });
      assert.deepEqual(v2Lists.body.items.map((l) => l.name), ['Made in v1', 'Made in v2']);
      assert.equal(JSON.stringify(v2Lists.body).includes('smartlead'), false);
      assert.equal(v2Lists.body.items[0]?.id, await v2ListId(h, id));

      const v1Lists = await v1<ListsAnswer>(h, 'GET', '/lead-list/', ws.key);
      assert.deepEqual(v1Lists.body.data.map((l) => l.name), ['Made in v1', 'Made in v2']);
      const v2Made = v1Lists.body.data[1];
      assert.ok(v2Made !== undefined && v2Made.id > id);

      // A rename through v2 shows in v1 under the same integer; the integer never changes.
      await h.request('PATCH', `/api/v2/lead-lists/${fromV2.body.id}`, { key: ws.key, body: { name: 'Renamed in v2' } });
      const again = await v1<ListAnswer>(h, 'GET', `/lead-list/${v2Made.id}`, ws.key);
      assert.equal(again.body.data.name, 'Renamed in v2');
      // Deleting through v1 deletes the v2 list.
      await v1(h, 'DELETE', `/lead-list/${v2Made.id}`, ws.key);
      assert.equal((await h.request('GET', `/api/v2/lead-lists/${fromV2.body.id}`, { key: ws.key })).status, 404);
    });

    test('pages by offset and limit (default 10) and filters by listName', async () => {
      const ws = await h.newWorkspace();
      const ids: number[] = [];
      for (let i = 0; i < 12; i++) ids.push(await createList(h, ws.key, i % 3 === 0 ? `Summer ${i}` : `Winter ${i}`));
      const first = await v1<ListsAnswer>(h, 'GET', '/lead-list/', ws.key);
      assert.deepEqual(first.body.data.map((l) => l.id), ids.slice(0, 10));
      const second = await v1<ListsAnswer>(h, 'GET', '/lead-list/?offset=10&limit=5', ws.key);
      assert.deepEqual(second.body.data.map((l) => l.id), ids.slice(10));
      const summer = await v1<ListsAnswer>(h, 'GET', '/lead-list/?listName=summer&limit=1000', ws.key);
      assert.deepEqual(summer.body.data.map((l) => l.name), ['Summer 0', 'Summer 3', 'Summer 6', 'Summer 9']);
    });

    test('lead_count counts the leads of the list', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key, 'Counted');
      const listUuid = await v2ListId(h, id);
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: listUuid, leads: [{ email: 'a@example.com' }, { email: 'b@example.com' }] } });
      const r = await v1<ListAnswer>(h, 'GET', `/lead-list/${id}`, ws.key);
      assert.equal(r.body.data.lead_count, 2);
      const deleted = await v1<ListAnswer>(h, 'DELETE', `/lead-list/${id}`, ws.key);
      assert.equal(deleted.body.data.lead_count, 2);
      assert.equal(await countRows(h, 'leads', ws.id), 0);
    });
  });

  describe('errors', () => {
    test('a missing or bad name is a 400 with message and error, and nothing is created', async () => {
      const ws = await h.newWorkspace();
      assertClientError(await v1(h, 'POST', '/lead-list/', ws.key, {}), 400, "required property 'listName'");
      assertClientError(await v1(h, 'POST', '/lead-list/', ws.key, { listName: '' }), 400, 'body/listName');
      assertClientError(await v1(h, 'POST', '/lead-list/', ws.key, { listName: 42 }), 400, 'body/listName must be string');
      assertClientError(await h.request('POST', `/api/v1/lead-list/?api_key=${ws.key}`, { key: null, rawBody: '{"listName": ' }), 400);
      assert.equal(await countRows(h, 'lead_lists', ws.id), 0);
    });

    test('bad paging and ids are 400s naming the parameter', async () => {
      const ws = await h.newWorkspace();
      assertClientError(await v1(h, 'GET', '/lead-list/?limit=0', ws.key), 400, 'querystring/limit');
      assertClientError(await v1(h, 'GET', '/lead-list/?limit=1001', ws.key), 400, 'querystring/limit');
      assertClientError(await v1(h, 'GET', '/lead-list/?offset=-1', ws.key), 400, 'querystring/offset');
      assertClientError(await v1(h, 'GET', '/lead-list/abc', ws.key), 400, 'params/id must be integer');
      assertClientError(await v1(h, 'GET', '/lead-list/0', ws.key), 400, 'params/id');
      assertClientError(await v1(h, 'PUT', '/lead-list/1', ws.key, {}), 400, 'listName');
    });

    test("another workspace's list is a 404, for reading, renaming and deleting", async () => {
      const owner = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const id = await createList(h, owner.key, 'Private');
      for (const [method, body] of [['GET', undefined], ['PUT', { listName: 'Mine now' }], ['DELETE', undefined]] as const) {
        assertClientError(await v1(h, method, `/lead-list/${id}`, stranger.key, body), 404, `Lead list ${id} not found`);
      }
      const listed = await v1<ListsAnswer>(h, 'GET', '/lead-list/', stranger.key);
      assert.deepEqual(listed.body.data, []);
      const still = await v1<ListAnswer>(h, 'GET', `/lead-list/${id}`, owner.key);
      assert.equal(still.body.data.name, 'Private');
    });
  });

  describe('security', () => {
    test('a missing, empty, wrong or header-only key is 401 {"message":"Invalid API Key"}', async () => {
      const ws = await h.newWorkspace();
      const expected = { message: 'Invalid API Key' };
      for (const path of ['/lead-list/', '/lead-list/?api_key=', '/lead-list/?api_key=nope']) {
        const r = await v1(h, 'GET', path, null);
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, expected);
      }
      // Smartlead has no header form: a Bearer header alone does not authenticate v1.
      const header = await h.request('GET', '/api/v1/lead-list/', { key: ws.key });
      assert.deepEqual([header.status, header.body], [401, expected]);
      // The key is checked before the body: a bad key with a bad body is still a 401.
      const both = await v1(h, 'POST', '/lead-list/', 'nope', { listName: 42 });
      assert.deepEqual([both.status, both.body], [401, expected]);
    });

    test('v2 scopes apply: a read-only key reads but cannot create (403 naming the scope)', async () => {
      const ws = await h.newWorkspace();
      const reader = await h.keyWithScopes(ws.key, ['lead_lists:read']);
      assert.equal((await v1(h, 'GET', '/lead-list/', reader)).status, 200);
      assertClientError(await v1(h, 'POST', '/lead-list/', reader, { listName: 'x' }), 403, 'lead_lists:create');
      assert.equal(await countRows(h, 'lead_lists', ws.id), 0);
    });

    test('the administrator key works in the default workspace', async () => {
      const r = await v1<ListAnswer>(h, 'POST', '/lead-list/', TEST_ADMIN_KEY, { listName: 'Admin list' });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.name, 'Admin list');
    });
  });
}, describe);
