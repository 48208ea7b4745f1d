import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Harness } from '../support/harness.js';
import { forEachEngine } from '../support/harness.js';
import { MISSING_ID, addLead, badRequest, newList, notFound, workspaceOwner } from './leads-fixtures.js';

const BASE = '/api/v2/lead-labels';

interface LabelWire {
  id: string;
  label: string;
  interest_status: number;
  interest_status_label: string;
  organization_id: string;
  created_by: string;
  timestamp_created: string;
  description?: string | null;
  use_with_ai?: boolean | null;
}

async function newLabel(h: Harness, key: string, label: string, sentiment = 'positive', extra: Record<string, unknown> = {}): Promise<LabelWire> {
  const r = await h.request<LabelWire>('POST', BASE, { key, body: { label, interest_status_label: sentiment, ...extra } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

interface LeadItem {
  email: string;
  lt_interest_status?: number;
  timestamp_last_interest_change?: string | null;
}

/** lt_interest_status of each lead of the key's workspace, by e-mail, through POST /leads/list. */
async function interestByEmail(h: Harness, key: string): Promise<Record<string, number | null>> {
  const r = await h.request<{ items: LeadItem[] }>('POST', '/api/v2/leads/list', { key, body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Object.fromEntries(r.body.items.map((l) => [l.email, l.lt_interest_status ?? null]));
}

/** POST /leads/list with this body: the leads' e-mails, sorted. */
async function listedEmails(h: Harness, key: string, body: Record<string, unknown>): Promise<string[]> {
  const r = await h.request<{ items: LeadItem[] }>('POST', '/api/v2/leads/list', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((l) => l.email).sort();
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates, reads, updates and deletes a label', async () => {
      const ws = await h.newWorkspace();
      const owner = await workspaceOwner(h, ws.key);
      const created = await newLabel(h, ws.key, 'Hot Lead', 'positive', { description: 'Ready to buy', use_with_ai: true, interest_status: 1, unknown: 'x' });
      assert.deepEqual(created, {
        id: created.id,
        timestamp_created: created.timestamp_created,
        organization_id: ws.id,
        created_by: owner,
        label: 'Hot Lead',
        interest_status_label: 'positive',
        interest_status: 5,
        description: 'Ready to buy',
        use_with_ai: true,
      });

      const fetched = await h.request('GET', `${BASE}/${created.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, created);

      const patched = await h.request('PATCH', `${BASE}/${created.id}`, { key: ws.key, body: { label: 'Warm', interest_status_label: 'neutral', description: null, use_with_ai: null, interest_status: 9 } });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body, { ...created, label: 'Warm', interest_status_label: 'neutral', description: null, use_with_ai: false });

      const deleted = await h.request('DELETE', `${BASE}/${created.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, patched.body);
      const gone = await h.request('GET', `${BASE}/${created.id}`, { key: ws.key });
      assert.deepEqual(gone.body, notFound('Lead label not found'));
    });

    test('generated values: positive and neutral count up from 5, negative down from -5, per workspace, never reused', async () => {
      const ws = await h.newWorkspace();
      const labels: LabelWire[] = [];
      for (const sentiment of ['positive', 'neutral', 'negative', 'positive', 'negative']) labels.push(await newLabel(h, ws.key, sentiment, sentiment));
      assert.deepEqual(labels.map((l) => l.interest_status), [5, 6, -5, 7, -6]);
      assert.equal((await h.request('DELETE', `${BASE}/${labels[3]?.id}`, { key: ws.key, body: {} })).body.interest_status, 7);
      assert.equal((await newLabel(h, ws.key, 'after delete')).interest_status, 8, 'a deleted value is not given out again');

      // A label written outside the API still counts.
      await h.store.db.insertInto('lead_labels').values({ id: randomUUID(), workspace_id: ws.id, label: 'planted', interest_status: 20, interest_status_label: 'positive', description: null, use_with_ai: false, created_by: null }).execute();
      assert.equal((await newLabel(h, ws.key, 'after planted')).interest_status, 21);

      const other = await h.newWorkspace();
      assert.equal((await newLabel(h, other.key, 'first')).interest_status, 5, 'each workspace has its own values');
    });

    test('concurrent creates in one workspace get distinct values', async () => {
      const ws = await h.newWorkspace();
      const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => h.request<LabelWire>('POST', BASE, { key: ws.key, body: { label: `L${i}`, interest_status_label: i % 3 === 0 ? 'negative' : 'positive' } })));
      assert.deepEqual(replies.map((r) => r.status), Array(12).fill(200));
      const values = replies.map((r) => r.body.interest_status).sort((a, b) => a - b);
      assert.deepEqual(values, [-8, -7, -6, -5, 5, 6, 7, 8, 9, 10, 11, 12]);
    });

    test('pages in creation order; starting_after also takes a timestamp', async () => {
      const ws = await h.newWorkspace();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await newLabel(h, ws.key, `Label ${i}`)).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await h.request('GET', `${BASE}?limit=3${cursor ? `&starting_after=${cursor}` : ''}`, { key: ws.key });
        assert.equal(r.status, 200);
        seen.push(...r.body.items.map((l: LabelWire) => l.id));
        cursor = r.body.next_starting_after;
        pages++;
      } while (cursor !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, ids);

      const first = await h.request('GET', `${BASE}/${ids[5]}`, { key: ws.key });
      await new Promise((r) => setTimeout(r, 5));
      const late = await newLabel(h, ws.key, 'Late');
      const after = await h.request('GET', `${BASE}?starting_after=${encodeURIComponent(first.body.timestamp_created)}`, { key: ws.key });
      assert.deepEqual(after.body.items.map((l: LabelWire) => l.id).slice(-1), [late.id]);
      assert.ok(!after.body.items.some((l: LabelWire) => l.id === ids[0]));
    });

    test('search (case-insensitive, literal %) and the interest_status filter combine', async () => {
      const ws = await h.newWorkspace();
      await newLabel(h, ws.key, 'Hot 100% lead', 'positive');
      await newLabel(h, ws.key, 'Hot but wrong', 'negative');
      await newLabel(h, ws.key, 'Lukewarm', 'neutral');
      const labels = async (query: string) => (await h.request('GET', `${BASE}?${query}`, { key: ws.key })).body.items.map((l: LabelWire) => l.label);
      assert.deepEqual(await labels('search=HOT'), ['Hot 100% lead', 'Hot but wrong']);
      assert.deepEqual(await labels('search=100%25'), ['Hot 100% lead']);
      assert.deepEqual(await labels('search=%25%25'), []);
      assert.deepEqual(await labels('interest_status=negative'), ['Hot but wrong']);
      assert.deepEqual(await labels('interest_status=neutral'), ['Lukewarm']);
      assert.deepEqual(await labels('interest_status=positive&search=wrong'), []);
    });
  });

  describe('label values on leads', () => {
    test('update-interest-status takes a label value, and the custom label filters find the leads', async () => {
      const ws = await h.newWorkspace();
      const list = await newList(h, ws.key);
      const hot = await newLabel(h, ws.key, 'Hot', 'positive');
      const cold = await newLabel(h, ws.key, 'Cold', 'negative');
      for (const email of ['a@x.com', 'b@x.com', 'c@x.com']) await addLead(h, ws.key, { list_id: list, email });
      for (const [email, value] of [['a@x.com', hot.interest_status], ['b@x.com', cold.interest_status]] as const) {
        const r = await h.request('POST', '/api/v2/leads/update-interest-status', { key: ws.key, body: { lead_email: email, interest_value: value } });
        assert.equal(r.status, 202, JSON.stringify(r.body));
      }
      await h.runJobs();
      assert.deepEqual(await interestByEmail(h, ws.key), { 'a@x.com': 5, 'b@x.com': -5, 'c@x.com': null });

      const listed = await h.request<{ items: LeadItem[] }>('POST', '/api/v2/leads/list', { key: ws.key, body: { filter: 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE' } });
      assert.deepEqual(listed.body.items.map((l) => [l.email, l.lt_interest_status]), [['a@x.com', 5]]);
      assert.ok(listed.body.items[0]?.timestamp_last_interest_change);
      assert.deepEqual(await listedEmails(h, ws.key, { filter: 'FILTER_LEAD_CUSTOM_LABEL_NEGATIVE' }), ['b@x.com']);
      // A label changing sides takes its leads with it; its value stays.
      await h.request('PATCH', `${BASE}/${hot.id}`, { key: ws.key, body: { interest_status_label: 'negative' } });
      assert.deepEqual(await listedEmails(h, ws.key, { filter: 'FILTER_LEAD_CUSTOM_LABEL_NEGATIVE' }), ['a@x.com', 'b@x.com']);
      assert.deepEqual(await listedEmails(h, ws.key, { filter: 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE' }), []);
    });

    test('PATCH /leads/{id} accepts a label value and refuses another workspace\'s', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      await newLabel(h, other.key, 'Theirs');
      const theirs = await newLabel(h, other.key, 'Theirs too');
      const list = await newList(h, ws.key);
      const lead = await addLead(h, ws.key, { list_id: list, email: 'a@x.com' });
      const mine = await newLabel(h, ws.key, 'Mine');
      const patched = await h.request<LeadItem>('PATCH', `/api/v2/leads/${lead.id}`, { key: ws.key, body: { lt_interest_status: mine.interest_status } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal(patched.body.lt_interest_status, mine.interest_status);
      assert.deepEqual(await listedEmails(h, ws.key, { filter: 'FILTER_LEAD_CUSTOM_LABEL_POSITIVE' }), ['a@x.com']);
      const refused = await h.request('PATCH', `/api/v2/leads/${lead.id}`, { key: ws.key, body: { lt_interest_status: theirs.interest_status } });
      assert.equal(refused.status, 400);
      assert.match(refused.body.message, /^body\/lt_interest_status must be a built-in interest status/);
    });
  });

  describe('delete with reassigned_status', () => {
    async function labelledLeads(ws: { id: string; key: string }) {
      const list = await newList(h, ws.key);
      const hot = await newLabel(h, ws.key, 'Hot');
      const cold = await newLabel(h, ws.key, 'Cold', 'negative');
      for (const email of ['a@x.com', 'b@x.com', 'c@x.com']) await addLead(h, ws.key, { list_id: list, email });
      const set = (email: string, value: number) => h.store.db.updateTable('leads').set({ lt_interest_status: value }).where('workspace_id', '=', ws.id).where('email', '=', email).execute();
      await set('a@x.com', hot.interest_status);
      await set('b@x.com', hot.interest_status);
      await set('c@x.com', cold.interest_status);
      return { list, hot, cold };
    }

    test('moves the leads that carried the label to a built-in status, stamping the change', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      const { hot } = await labelledLeads(ws);
      // Another workspace's lead with the same number is not this label's lead.
      await labelledLeads(other);
      const r = await h.request('DELETE', `${BASE}/${hot.id}`, { key: ws.key, body: { reassigned_status: 1 } });
      assert.equal(r.status, 200);
      assert.equal(r.body.id, hot.id);
      const interested = await h.request('POST', '/api/v2/leads/list', { key: ws.key, body: { filter: 'FILTER_LEAD_INTERESTED' } });
      assert.deepEqual(interested.body.items.map((l: { email: string }) => l.email).sort(), ['a@x.com', 'b@x.com']);
      assert.ok(interested.body.items.every((l: { timestamp_last_interest_change?: string }) => l.timestamp_last_interest_change !== undefined));
      assert.deepEqual(await interestByEmail(h, ws.key), { 'a@x.com': 1, 'b@x.com': 1, 'c@x.com': -5 });
      assert.deepEqual(await interestByEmail(h, other.key), { 'a@x.com': 5, 'b@x.com': 5, 'c@x.com': -5 });
    });

    test('moves them to another label\'s value, or without reassigned_status clears them', async () => {
      const ws = await h.newWorkspace();
      const { hot, cold } = await labelledLeads(ws);
      const moved = await h.request('DELETE', `${BASE}/${cold.id}`, { key: ws.key, body: { reassigned_status: hot.interest_status } });
      assert.equal(moved.status, 200);
      assert.deepEqual(await interestByEmail(h, ws.key), { 'a@x.com': 5, 'b@x.com': 5, 'c@x.com': 5 });
      // No body at all, as many clients send a DELETE.
      const cleared = await h.request('DELETE', `${BASE}/${hot.id}`, { key: ws.key });
      assert.equal(cleared.status, 200);
      assert.deepEqual(await interestByEmail(h, ws.key), { 'a@x.com': null, 'b@x.com': null, 'c@x.com': null });
      const leads = await h.request('POST', '/api/v2/leads/list', { key: ws.key, body: {} });
      assert.deepEqual(leads.body.items.map((l: { lt_interest_status?: number }) => l.lt_interest_status), [undefined, undefined, undefined]);
    });

    test('two deletes that name each other as target: one wins, the other finds its target gone', async () => {
      const ws = await h.newWorkspace();
      const { hot, cold } = await labelledLeads(ws);
      const replies = await Promise.all([
        h.request('DELETE', `${BASE}/${hot.id}`, { key: ws.key, body: { reassigned_status: cold.interest_status } }),
        h.request('DELETE', `${BASE}/${cold.id}`, { key: ws.key, body: { reassigned_status: hot.interest_status } }),
      ]);
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 400]);
      const survivor = replies[0]?.status === 200 ? cold : hot;
      const all = Object.values(await interestByEmail(h, ws.key));
      assert.deepEqual(all, [survivor.interest_status, survivor.interest_status, survivor.interest_status]);
    });

    test('a bad reassigned_status is a 400 that changes nothing', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      await newLabel(h, other.key, 'Foreign');
      const foreign = await newLabel(h, other.key, 'Foreign 2');
      const { hot } = await labelledLeads(ws);
      const del = (body: unknown) => h.request('DELETE', `${BASE}/${hot.id}`, { key: ws.key, body });
      assert.deepEqual((await del({ reassigned_status: 99 })).body, badRequest('body/reassigned_status must be a built-in interest status (1, 2, 3, 4, 0, -1, -2, -3, -4) or the value of another of your lead labels; got 99'));
      assert.equal((await del({ reassigned_status: foreign.interest_status })).status, 400, "another workspace's label value is unknown here");
      assert.deepEqual((await del({ reassigned_status: 5 })).body, badRequest('body/reassigned_status must differ from the value of the label being deleted (5)'));
      assert.deepEqual((await del({ reassigned_status: 1.5 })).body, badRequest('body/reassigned_status must be integer'));
      assert.deepEqual((await del({ reassigned_status: '1' })).body, badRequest('body/reassigned_status must be integer'));
      assert.equal((await h.request('GET', `${BASE}/${hot.id}`, { key: ws.key })).status, 200);
      assert.deepEqual(await interestByEmail(h, ws.key), { 'a@x.com': 5, 'b@x.com': 5, 'c@x.com': -5 });
    });
  });

  describe('errors', () => {
    test('create: missing, empty and wrongly typed fields are 400s naming the field', async () => {
      const ws = await h.newWorkspace();
      const post = async (body: unknown) => (await h.request('POST', BASE, { key: ws.key, body })).body;
      assert.deepEqual(await post({ interest_status_label: 'positive' }), badRequest("body must have required property 'label'"));
      assert.deepEqual(await post({ label: 'x' }), badRequest("body must have required property 'interest_status_label'"));
      assert.deepEqual(await post({ label: '', interest_status_label: 'positive' }), badRequest('body/label must NOT have fewer than 1 characters'));
      assert.deepEqual(await post({ label: 7, interest_status_label: 'positive' }), badRequest('body/label must be string'));
      assert.deepEqual(await post({ label: 'x', interest_status_label: 'great' }), badRequest('body/interest_status_label must be equal to one of the allowed values'));
      assert.deepEqual(await post({ label: 'x', interest_status_label: 'positive', use_with_ai: 'yes' }), badRequest('body/use_with_ai must be boolean,null'));
    });

    test('patch, list and id: bad input is a 400', async () => {
      const ws = await h.newWorkspace();
      const label = await newLabel(h, ws.key, 'L');
      const patch = async (body: unknown) => (await h.request('PATCH', `${BASE}/${label.id}`, { key: ws.key, body })).body;
      assert.deepEqual(await patch({}), badRequest('body must NOT have fewer than 1 properties'));
      assert.deepEqual(await patch({ label: '' }), badRequest('body/label must NOT have fewer than 1 characters'));
      assert.deepEqual(await patch({ interest_status_label: null }), badRequest('body/interest_status_label must be string'));
      const get = async (url: string) => (await h.request('GET', url, { key: ws.key })).body;
      assert.deepEqual(await get(`${BASE}?limit=0`), badRequest('querystring/limit must be >= 1'));
      assert.deepEqual(await get(`${BASE}?interest_status=1`), badRequest('querystring/interest_status must be equal to one of the allowed values'));
      assert.deepEqual(await get(`${BASE}?starting_after=yesterday`), badRequest('querystring/starting_after must be a lead label id (the next_starting_after of the previous page) or an ISO 8601 timestamp'));
      assert.deepEqual(await get(`${BASE}/not-a-uuid`), badRequest('params/id must match format "uuid"'));
      assert.deepEqual(await get(`${BASE}/${MISSING_ID}`), notFound('Lead label not found'));
    });

    test('the AI reply label endpoint is not served', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', `${BASE}/ai-reply-label`, { key: ws.key, body: { reply_text: 'Interested!' } });
      assert.equal(r.status, 404);
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without the scope are 401s', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await h.request('GET', BASE, { key: null })).body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
      assert.deepEqual((await h.request('GET', BASE, { key: 'nope' })).body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' });
      const readOnly = await h.keyWithScopes(ws.key, ['lead-labels:read']);
      const denied = await h.request('POST', BASE, { key: readOnly, body: { label: 'x', interest_status_label: 'positive' } });
      assert.deepEqual(denied.body, { statusCode: 401, error: 'Unauthorized', message: 'API key lacks the required scope: this route needs one of lead-labels:create, lead-labels:all, all:create, all:all' });
      const label = await newLabel(h, ws.key, 'L');
      assert.equal((await h.request('PATCH', `${BASE}/${label.id}`, { key: readOnly, body: { label: 'y' } })).status, 401);
      assert.equal((await h.request('DELETE', `${BASE}/${label.id}`, { key: readOnly })).status, 401);
      assert.equal((await h.request('GET', BASE, { key: readOnly })).status, 200);
      const leadsOnly = await h.keyWithScopes(ws.key, ['leads:all']);
      assert.equal((await h.request('GET', `${BASE}/${label.id}`, { key: leadsOnly })).status, 401);
      const labelsAll = await h.keyWithScopes(ws.key, ['lead-labels:all']);
      assert.equal((await h.request('PATCH', `${BASE}/${label.id}`, { key: labelsAll, body: { label: 'y' } })).status, 200);
    });

    test("another workspace's label is a 404 exactly like a missing one, never listed, and untouched", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const label = await newLabel(h, theirs.key, 'Theirs');
      for (const [method, body] of [['GET', undefined], ['PATCH', { label: 'x' }], ['DELETE', { reassigned_status: 1 }]] as const) {
        const r = await h.request(method, `${BASE}/${label.id}`, { key: mine.key, body });
        assert.deepEqual(r.body, notFound('Lead label not found'), method);
      }
      assert.deepEqual((await h.request('GET', BASE, { key: mine.key })).body.items, []);
      assert.deepEqual((await h.request('GET', `${BASE}/${label.id}`, { key: theirs.key })).body, label);
    });
  });
}, describe);
