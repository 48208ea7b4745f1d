import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { MISSING_ID, badRequest, newCampaign, notFound } from './leads-fixtures.js';

interface Tag {
  id: string;
  label: string;
  description?: string | null;
  organization_id: string;
  timestamp_created: string;
  timestamp_updated: string;
}

async function newTag(h: Harness, key: string, label: string, description?: string): Promise<Tag> {
  const r = await h.request<Tag>('POST', '/api/v2/custom-tags', { key, body: { label, ...(description !== undefined ? { description } : {}) } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function toggle(h: Harness, key: string, body: Record<string, unknown>) {
  return h.request('POST', '/api/v2/custom-tags/toggle-resource', { key, body: { resource_type: 2, assign: true, ...body } });
}

/** The ids of GET /campaigns with this query, sorted. */
async function campaignIds(h: Harness, key: string, query: string): Promise<string[]> {
  const r = await h.request<{ items: { id: string }[] }>('GET', `/api/v2/campaigns?${query}`, { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((c) => c.id).sort();
}

async function tagLabels(h: Harness, key: string, query: string): Promise<string[]> {
  const r = await h.request<{ items: Tag[] }>('GET', `/api/v2/custom-tags?${query}`, { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((t) => t.label).sort();
}

const sorted = (...ids: string[]) => [...ids].sort();

forEachEngine((h) => {
  describe('happy path: tags', () => {
    test('creates (label trimmed), reads, lists, patches and deletes a tag', async () => {
      const ws = await h.newWorkspace();
      const tag = await newTag(h, ws.key, '  Q4 push  ', 'Quarter four');
      assert.deepEqual({ label: tag.label, description: tag.description, organization_id: tag.organization_id }, { label: 'Q4 push', description: 'Quarter four', organization_id: ws.id });
      assert.deepEqual((await h.request('GET', `/api/v2/custom-tags/${tag.id}`, { key: ws.key })).body, tag);
      await newTag(h, ws.key, 'Enterprise');
      assert.deepEqual(await tagLabels(h, ws.key, ''), ['Enterprise', 'Q4 push']);
      assert.deepEqual(await tagLabels(h, ws.key, 'search=q4'), ['Q4 push']);
      assert.deepEqual(await tagLabels(h, ws.key, `tag_ids=${tag.id}`), ['Q4 push']);

      const patched = await h.request<Tag>('PATCH', `/api/v2/custom-tags/${tag.id}`, { key: ws.key, body: { label: 'Q1 push', description: null } });
      assert.equal(patched.status, 200);
      assert.deepEqual({ label: patched.body.label, description: patched.body.description }, { label: 'Q1 push', description: null });

      const deleted = await h.request<Tag>('DELETE', `/api/v2/custom-tags/${tag.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.id, tag.id);
      assert.deepEqual((await h.request('GET', `/api/v2/custom-tags/${tag.id}`, { key: ws.key })).body, notFound('Custom tag not found'));
    });

    test('pages through tags with limit and next_starting_after', async () => {
      const ws = await h.newWorkspace();
      for (const label of ['a', 'b', 'c']) await newTag(h, ws.key, label);
      const first = await h.request<{ items: Tag[]; next_starting_after?: string }>('GET', '/api/v2/custom-tags?limit=2', { key: ws.key });
      assert.deepEqual(first.body.items.map((t) => t.label), ['a', 'b']);
      const second = await h.request<{ items: Tag[]; next_starting_after?: string }>('GET', `/api/v2/custom-tags?limit=2&starting_after=${first.body.next_starting_after ?? ''}`, { key: ws.key });
      assert.deepEqual(second.body.items.map((t) => t.label), ['c']);
      assert.equal(second.body.next_starting_after, undefined);
    });
  });

  describe('happy path: tags on campaigns', () => {
    test('GET /campaigns?tag_ids= returns the campaigns carrying any of the tags, and only them', async () => {
      const ws = await h.newWorkspace();
      const [a, b, c] = [await newCampaign(h, ws.key, { name: 'A' }), await newCampaign(h, ws.key, { name: 'B' }), await newCampaign(h, ws.key, { name: 'C' })];
      const [x, y, unused] = [await newTag(h, ws.key, 'X'), await newTag(h, ws.key, 'Y'), await newTag(h, ws.key, 'Unused')];
      assert.deepEqual((await toggle(h, ws.key, { tag_ids: [x.id], resource_ids: [a.id] })).body, { success: true });
      assert.deepEqual((await toggle(h, ws.key, { tag_ids: [y.id], resource_ids: [b.id, a.id] })).body, { success: true });

      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${x.id}`), [a.id]);
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${y.id}`), sorted(a.id, b.id));
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${x.id},${y.id}`), sorted(a.id, b.id));
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${unused.id}`), []);
      assert.deepEqual(await campaignIds(h, ws.key, ''), sorted(a.id, b.id, c.id));
      // Combined with the other filters, not instead of them.
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${y.id}&search=B`), [b.id]);

      // The mappings, and the tags of a campaign.
      const mappings = await h.request<{ items: { tag_id: string; resource_id: string; resource_type: number; organization_id: string }[] }>('GET', '/api/v2/custom-tag-mappings', { key: ws.key });
      assert.deepEqual(
        mappings.body.items.map((m) => `${m.tag_id === x.id ? 'X' : 'Y'}→${m.resource_id === a.id ? 'A' : 'B'} ${m.resource_type} ${m.organization_id === ws.id}`).sort(),
        ['X→A 2 true', 'Y→A 2 true', 'Y→B 2 true'],
      );
      const ofB = await h.request<{ items: { tag_id: string }[] }>('GET', `/api/v2/custom-tag-mappings?resource_ids=${b.id}`, { key: ws.key });
      assert.deepEqual(ofB.body.items.map((m) => m.tag_id), [y.id]);
      assert.deepEqual(await tagLabels(h, ws.key, `resource_ids=${a.id}`), ['X', 'Y']);

      // Assigning twice changes nothing; unassigning takes the tag off.
      await toggle(h, ws.key, { tag_ids: [x.id], resource_ids: [a.id] });
      assert.equal((await h.request<{ items: unknown[] }>('GET', '/api/v2/custom-tag-mappings', { key: ws.key })).body.items.length, 3);
      await toggle(h, ws.key, { tag_ids: [y.id], resource_ids: [a.id], assign: false });
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${y.id}`), [b.id]);
    });

    test('selected_all tags every campaign, those matching search, less the excluded ones', async () => {
      const ws = await h.newWorkspace();
      const [spring, summer, winter] = [await newCampaign(h, ws.key, { name: 'Spring sale' }), await newCampaign(h, ws.key, { name: 'Summer sale' }), await newCampaign(h, ws.key, { name: 'Winter' })];
      const sale = await newTag(h, ws.key, 'Sale');
      assert.equal((await toggle(h, ws.key, { tag_ids: [sale.id], selected_all: true, search: 'sale', excluded_resource_ids: [summer.id] })).status, 200);
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${sale.id}`), [spring.id]);
      await toggle(h, ws.key, { tag_ids: [sale.id], selected_all: true, filter: { search: 'Winter' } });
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${sale.id}`), sorted(spring.id, winter.id));
      await toggle(h, ws.key, { tag_ids: [sale.id], selected_all: true, assign: false });
      assert.deepEqual(await campaignIds(h, ws.key, `tag_ids=${sale.id}`), []);
    });

    test('deleting a tag or a campaign takes its mappings with it', async () => {
      const ws = await h.newWorkspace();
      const [a, b] = [await newCampaign(h, ws.key), await newCampaign(h, ws.key)];
      const [x, y] = [await newTag(h, ws.key, 'X'), await newTag(h, ws.key, 'Y')];
      await toggle(h, ws.key, { tag_ids: [x.id, y.id], resource_ids: [a.id, b.id] });
      await h.request('DELETE', `/api/v2/custom-tags/${x.id}`, { key: ws.key });
      await h.request('DELETE', `/api/v2/campaigns/${a.id}`, { key: ws.key });
      const left = await h.request<{ items: { tag_id: string; resource_id: string }[] }>('GET', '/api/v2/custom-tag-mappings', { key: ws.key });
      assert.deepEqual(left.body.items.map((m) => [m.tag_id, m.resource_id]), [[y.id, b.id]]);
    });

    test('ai_sales_agent_id: Leadbase has no AI sales agents, so no campaign matches', async () => {
      const ws = await h.newWorkspace();
      await newCampaign(h, ws.key);
      assert.deepEqual(await campaignIds(h, ws.key, `ai_sales_agent_id=${MISSING_ID}`), []);
      const bad = await h.request('GET', '/api/v2/campaigns?ai_sales_agent_id=agent-7', { key: ws.key });
      assert.deepEqual(bad.body, badRequest('querystring/ai_sales_agent_id must match format "uuid"'));
    });
  });

  describe('errors', () => {
    test('labels are unique in the workspace once trimmed; blank labels and unknown ids are refused', async () => {
      const ws = await h.newWorkspace();
      const tag = await newTag(h, ws.key, 'Hot');
      await newTag(h, ws.key, 'Cold');
      assert.deepEqual((await h.request('POST', '/api/v2/custom-tags', { key: ws.key, body: { label: ' Hot ' } })).body, badRequest('body/label "Hot" is already the label of another custom tag in this workspace'));
      assert.deepEqual((await h.request('PATCH', `/api/v2/custom-tags/${tag.id}`, { key: ws.key, body: { label: 'Cold' } })).body, badRequest('body/label "Cold" is already the label of another custom tag in this workspace'));
      assert.deepEqual((await h.request('POST', '/api/v2/custom-tags', { key: ws.key, body: { label: '   ' } })).body, badRequest('body/label must match pattern ".*\\S.*"'));
      assert.deepEqual((await h.request('PATCH', `/api/v2/custom-tags/${MISSING_ID}`, { key: ws.key, body: { label: 'New' } })).body, notFound('Custom tag not found'));
      assert.deepEqual((await h.request('DELETE', `/api/v2/custom-tags/${MISSING_ID}`, { key: ws.key })).body, notFound('Custom tag not found'));
      assert.deepEqual((await h.request('GET', '/api/v2/custom-tags/not-a-tag', { key: ws.key })).body, badRequest('params/id must match format "uuid"'));
    });

    test('the filters refuse what is not a list of ids', async () => {
      const ws = await h.newWorkspace();
      const message = 'querystring/tag_ids must be a comma-separated list of UUIDs; "hot" is not one';
      assert.deepEqual((await h.request('GET', `/api/v2/campaigns?tag_ids=${MISSING_ID},hot`, { key: ws.key })).body, badRequest(message));
      assert.deepEqual((await h.request('GET', '/api/v2/custom-tags?tag_ids=hot', { key: ws.key })).body, badRequest(message));
      assert.deepEqual(
        (await h.request('GET', '/api/v2/custom-tag-mappings?resource_ids=x', { key: ws.key })).body,
        badRequest('querystring/resource_ids must be a comma-separated list of UUIDs; "x" is not one'),
      );
    });

    test('a toggle that names an unknown tag or campaign, or accounts, changes nothing', async () => {
      const ws = await h.newWorkspace();
      const a = await newCampaign(h, ws.key);
      const x = await newTag(h, ws.key, 'X');
      const cases: [Record<string, unknown>, { statusCode: number; error: string; message: string }][] = [
        [{ tag_ids: [x.id, MISSING_ID], resource_ids: [a.id] }, notFound(`Custom tag ${MISSING_ID} not found`)],
        [{ tag_ids: [x.id], resource_ids: [a.id, MISSING_ID] }, notFound(`Campaign ${MISSING_ID} not found`)],
        [{ tag_ids: [x.id], resource_ids: [a.id], resource_type: 1 }, badRequest('body/resource_type 1 means e-mail accounts, which Leadbase does not have: custom tags go on campaigns (resource_type 2)')],
        [{ tag_ids: [x.id] }, badRequest('body/resource_ids is required unless body/selected_all is true')],
        [{ tag_ids: [x.id], selected_all: true, filter: 'ACC_FILTER_PAUSED' }, badRequest('body/filter ACC_FILTER_PAUSED selects e-mail accounts, which Leadbase does not have')],
        [{ tag_ids: [x.id], selected_all: true, filter: { tag_ids: [x.id] } }, badRequest('body/filter/tag_ids is not supported by Leadbase: select the campaigns by body/resource_ids or body/search')],
        [{ tag_ids: [], resource_ids: [a.id] }, badRequest('body/tag_ids must NOT have fewer than 1 items')],
      ];
      for (const [body, expected] of cases) {
        assert.deepEqual((await toggle(h, ws.key, body)).body, expected, JSON.stringify(body));
      }
      assert.deepEqual((await h.request<{ items: unknown[] }>('GET', '/api/v2/custom-tag-mappings', { key: ws.key })).body.items, []);
    });
  });

  describe('security', () => {
    test('another workspace\'s tags and campaigns are unknown; scopes are the vendor\'s', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      const theirs = await newTag(h, other.key, 'Theirs');
      const mine = await newCampaign(h, ws.key);
      assert.equal((await h.request('GET', `/api/v2/custom-tags/${theirs.id}`, { key: ws.key })).status, 404);
      assert.deepEqual((await toggle(h, ws.key, { tag_ids: [theirs.id], resource_ids: [mine.id] })).body, notFound(`Custom tag ${theirs.id} not found`));
      assert.deepEqual(await tagLabels(h, ws.key, ''), []);

      const reader = await h.keyWithScopes(ws.key, ['custom_tags:read']);
      const refused = await h.request('POST', '/api/v2/custom-tags', { key: reader, body: { label: 'Nope' } });
      assert.equal(refused.status, 401);
      assert.match(refused.body.message, /custom_tags:create/);
      assert.equal((await h.request('GET', '/api/v2/custom-tag-mappings', { key: reader })).status, 401);
      const mappingReader = await h.keyWithScopes(ws.key, ['custom_tag_mappings:read']);
      assert.equal((await h.request('GET', '/api/v2/custom-tag-mappings', { key: mappingReader })).status, 200);
    });
  });
}, describe);
