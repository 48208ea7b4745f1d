import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates, reads, updates and deletes a list', async () => {
      const ws = await h.newWorkspace();
      const created = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Summer 2025', unknown_field: 'ignored' } });
      assert.equal(created.status, 200);
      assert.equal(created.body.name, 'Summer 2025');
      assert.equal(created.body.organization_id, ws.id);
      assert.equal(created.body.has_enrichment_task, false);
      assert.equal('unknown_field' in created.body, false);

      const fetched = await h.request('GET', `/api/v2/lead-lists/${created.body.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, created.body);

      const patched = await h.request('PATCH', `/api/v2/lead-lists/${created.body.id}`, { key: ws.key, body: { name: 'Renamed', has_enrichment_task: true } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.name, 'Renamed');
      assert.equal(patched.body.has_enrichment_task, true);

      const deleted = await h.request('DELETE', `/api/v2/lead-lists/${created.body.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.id, created.body.id);
      const gone = await h.request('GET', `/api/v2/lead-lists/${created.body.id}`, { key: ws.key });
      assert.equal(gone.status, 404);
      assert.deepEqual(gone.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
    });

    test('pages in creation order without repeating or skipping, the last page has no cursor', async () => {
      const ws = await h.newWorkspace();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: `List ${i}` } });
        ids.push(r.body.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await h.request('GET', `/api/v2/lead-lists?limit=3${cursor ? `&starting_after=${cursor}` : ''}`, { key: ws.key });
        assert.equal(r.status, 200);
        seen.push(...r.body.items.map((l: { id: string }) => l.id));
        cursor = r.body.next_starting_after;
        pages++;
      } while (cursor !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ids);
    });

    test('filters by search (case-insensitive, literal %) and has_enrichment_task', async () => {
      const ws = await h.newWorkspace();
      await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Summer 100% leads' } });
      await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Winter', has_enrichment_task: true } });
      const bySearch = await h.request('GET', '/api/v2/lead-lists?search=SUMMER%20100%25', { key: ws.key });
      assert.deepEqual(bySearch.body.items.map((l: { name: string }) => l.name), ['Summer 100% leads']);
      const percentOnly = await h.request('GET', '/api/v2/lead-lists?search=%25%25', { key: ws.key });
      assert.equal(percentOnly.body.items.length, 0);
      const enriched = await h.request('GET', '/api/v2/lead-lists?has_enrichment_task=true', { key: ws.key });
      assert.deepEqual(enriched.body.items.map((l: { name: string }) => l.name), ['Winter']);
      const notEnriched = await h.request('GET', '/api/v2/lead-lists?has_enrichment_task=false', { key: ws.key });
      assert.deepEqual(notEnriched.body.items.map((l: { name: string }) => l.name), ['Summer 100% leads']);
    });

    test('starting_after also takes a timestamp', async () => {
      const ws = await h.newWorkspace();
      const first = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'First' } });
      await new Promise((r) => setTimeout(r, 5));
      await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Second' } });
      const r = await h.request('GET', `/api/v2/lead-lists?starting_after=${encodeURIComponent(first.body.timestamp_created)}`, { key: ws.key });
      assert.deepEqual(r.body.items.map((l: { name: string }) => l.name), ['Second']);
    });

    test('verification stats count the leads of the list', async () => {
      const ws = await h.newWorkspace();
      const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'L' } });
      await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: list.body.id, email: 'a@example.com' } });
      await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: list.body.id, email: 'b@example.com', verify_leads_on_import: true } });
      const stats = await h.request('GET', `/api/v2/lead-lists/${list.body.id}/verification-stats`, { key: ws.key });
      assert.equal(stats.status, 200);
      assert.equal(stats.body.total_leads, 2);
      assert.equal(stats.body.stats.verification_job_pending_user, 1);
      assert.equal(stats.body.stats.verified, 0);
    });
  });

  describe('errors', () => {
    test('a missing name is a 400 naming the field', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: {} });
      assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message: "body must have required property 'name'" });
    });

    test('a name of the wrong type is a 400 naming the field, not a silent conversion', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 42 } });
      assert.equal(r.status, 400);
      assert.equal(r.body.message, 'body/name must be string');
    });

    test('malformed JSON is a 400', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, rawBody: '{"name": ' });
      assert.equal(r.status, 400);
      assert.equal(r.body.error, 'Bad Request');
    });

    test('a non-UUID id is a 400', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('GET', '/api/v2/lead-lists/not-a-uuid', { key: ws.key });
      assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message: 'params/id must match format "uuid"' });
    });

    test('an empty PATCH and a bad limit or cursor are 400s', async () => {
      const ws = await h.newWorkspace();
      const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'L' } });
      const empty = await h.request('PATCH', `/api/v2/lead-lists/${list.body.id}`, { key: ws.key, body: {} });
      assert.equal(empty.status, 400);
      assert.equal(empty.body.message, 'body must NOT have fewer than 1 properties');
      const limit = await h.request('GET', '/api/v2/lead-lists?limit=101', { key: ws.key });
      assert.equal(limit.body.message, 'querystring/limit must be <= 100');
      const cursor = await h.request('GET', '/api/v2/lead-lists?starting_after=yesterday', { key: ws.key });
      assert.equal(cursor.status, 400);
      assert.match(cursor.body.message, /starting_after/);
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without the scope are 401s', async () => {
      const ws = await h.newWorkspace();
      const none = await h.request('GET', '/api/v2/lead-lists', { key: null });
      assert.deepEqual(none.body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
      const bad = await h.request('GET', '/api/v2/lead-lists', { key: 'nope' });
      assert.deepEqual(bad.body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' });
      const readOnly = await h.keyWithScopes(ws.key, ['lead_lists:read']);
      const denied = await h.request('POST', '/api/v2/lead-lists', { key: readOnly, body: { name: 'x' } });
      assert.equal(denied.status, 401);
      assert.equal(denied.body.message, 'API key lacks the required scope: this route needs one of lead_lists:create, lead_lists:all, all:create, all:all');
      const allowed = await h.request('GET', '/api/v2/lead-lists', { key: readOnly });
      assert.equal(allowed.status, 200);
    });

    test("another workspace's list is a 404 exactly like a missing one, and never listed", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const list = await h.request('POST', '/api/v2/lead-lists', { key: theirs.key, body: { name: 'Theirs' } });
      for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
        const r = await h.request(method, `/api/v2/lead-lists/${list.body.id}`, { key: mine.key, body });
        assert.deepEqual(r.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
      }
      const listing = await h.request('GET', '/api/v2/lead-lists', { key: mine.key });
      assert.deepEqual(listing.body.items, []);
      const stillThere = await h.request('GET', `/api/v2/lead-lists/${list.body.id}`, { key: theirs.key });
      assert.equal(stillThere.body.name, 'Theirs');
    });
  });
}, describe);
