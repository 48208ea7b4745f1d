import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { badRequest, newCampaign } from './leads-fixtures.js';

async function search(h: Harness, key: string, query: string): Promise<string[]> {
  const r = await h.request<{ items: { name: string }[] }>('GET', `/api/v2/campaigns/search-by-contact?${query}`, { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((c) => c.name);
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('answers the campaigns holding a lead with the e-mail, case-insensitively, sorted as asked', async () => {
      const ws = await h.newWorkspace();
      const [a, b] = [await newCampaign(h, ws.key, { name: 'Alpha' }), await newCampaign(h, ws.key, { name: 'Beta' })];
      await newCampaign(h, ws.key, { name: 'Gamma' });
      for (const campaign of [b.id, a.id]) {
        const r = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { campaign_id: campaign, leads: [{ email: 'Pat@Example.test' }] } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const list = (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'Only a list' } })).body.id as string;
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: [{ email: 'listed@example.test' }] } });

      assert.deepEqual(await search(h, ws.key, 'search=pat@example.TEST'), ['Alpha', 'Beta']);
      assert.deepEqual(await search(h, ws.key, 'search=pat@example.test&sort_column=name&sort_order=desc'), ['Beta', 'Alpha']);
      assert.deepEqual(await search(h, ws.key, 'search=nobody@example.test'), []);
      // A lead in a list only is in no campaign.
      assert.deepEqual(await search(h, ws.key, 'search=listed@example.test'), []);
      // Without search, no lead narrows it: every campaign.
      assert.deepEqual(await search(h, ws.key, 'sort_column=name&sort_order=desc'), ['Gamma', 'Beta', 'Alpha']);
    });

    test('is served as its own path, not read as the campaign "search-by-contact"', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('GET', '/api/v2/campaigns/search-by-contact', { key: ws.key });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { items: [] });
    });
  });

  describe('errors and security', () => {
    test('refuses unknown sort words, another workspace\'s leads are not seen, and it needs campaigns:read', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      const theirs = await newCampaign(h, other.key, { name: 'Theirs' });
      await h.request('POST', '/api/v2/leads/add', { key: other.key, body: { campaign_id: theirs.id, leads: [{ email: 'pat@example.test' }] } });
      assert.deepEqual(await search(h, ws.key, 'search=pat@example.test'), []);

      const bad = await h.request('GET', '/api/v2/campaigns/search-by-contact?sort_column=id', { key: ws.key });
      assert.deepEqual(bad.body, badRequest('querystring/sort_column must be equal to one of the allowed values'));
      const leadsOnly = await h.keyWithScopes(ws.key, ['leads:read']);
      assert.equal((await h.request('GET', '/api/v2/campaigns/search-by-contact', { key: leadsOnly })).status, 401);
    });
  });
}, describe);
