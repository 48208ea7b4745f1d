/**
 * Text a client sends that PostgreSQL cannot store or code must not copy: lone UTF-16 surrogates
 * (JSON's "\ud800"), prototype keys, deep nesting, over-long paths. Each is a 4xx with the vendor
 * body naming the field, the same everywhere; before, jsonb fields failed with a 500 and text
 * columns silently stored U+FFFD.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { addLead, badRequest, newCampaign, newList } from './leads-fixtures.js';
import { createCampaign, createList, v1 } from './smartlead-fixtures.js';

const LONE = '\ud800';
const SURROGATE = 'must not contain a lone surrogate (an unpaired \\ud800-\\udfff escape, usually text cut in the middle of an emoji)';
const refusal = (path: string) => badRequest(`${path} ${SURROGATE}`);

async function leadCount(h: Harness, workspaceId: string): Promise<number> {
  const row = await h.store.db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

const schedule = (name: string) => ({ schedules: [{ name, timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] });

forEachEngine((h) => {
  describe('lone surrogates', () => {
    test('in a custom variable of POST /leads, PATCH /leads/{id} and a 1000-lead /leads/add: a 400 naming it, nothing written', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const create = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', custom_variables: { x: `cut ${LONE}` } } });
      assert.deepEqual(create.body, refusal('body/custom_variables/x'));
      const lead = await addLead(h, ws.key, { list_id: listId, email: 'b@example.com' });
      const patch = await h.request('PATCH', `/api/v2/leads/${lead.id}`, { key: ws.key, body: { custom_variables: { x: LONE } } });
      assert.deepEqual(patch.body, refusal('body/custom_variables/x'));
      const leads = Array.from({ length: 1000 }, (_, i) => ({ email: `p${i}@example.com`, custom_variables: { x: i === 3 ? LONE : 'fine' } }));
      const add = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: listId, leads } });
      assert.deepEqual(add.body, refusal('body/leads/3/custom_variables/x'));
      assert.equal(await leadCount(h, ws.id), 1);
    });

    test('in a plain text field: refused the same way, not stored as U+FFFD', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const r = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', first_name: `Ann${LONE}` } });
      assert.deepEqual(r.body, refusal('body/first_name'));
      const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: `List ${LONE}` } });
      assert.deepEqual(list.body, refusal('body/name'));
      const query = await h.request('GET', '/api/v2/lead-lists?search=%ED%A0%80', { key: ws.key });
      assert.equal(query.status, 200, 'invalid UTF-8 in a query string decodes to U+FFFD, which is text');
      assert.equal(await leadCount(h, ws.id), 0);
    });

    test('in an object key: refused, the key shown escaped', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const r = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', custom_variables: { [`k${LONE}`]: 1 } } });
      assert.deepEqual(r.body, refusal('body/custom_variables/k\\ud800'));
    });

    test('a paired surrogate (an emoji) is text and round-trips', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const lead = await addLead(h, ws.key, { list_id: listId, email: 'a@example.com', first_name: 'Ann 😀', custom_variables: { 'mood 😀': 'happy 😀' } });
      assert.equal(lead.first_name, 'Ann 😀');
      assert.deepEqual(lead.payload, { 'mood 😀': 'happy 😀' });
    });

    test('in campaign schedule names, sequence subjects and subsequences', async () => {
      const ws = await h.newWorkspace();
      const named = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'C', campaign_schedule: schedule(LONE) } });
      assert.deepEqual(named.body, refusal('body/campaign_schedule/schedules/0/name'));
      const sequences = [{ steps: [{ type: 'email', delay: 1, variants: [{ subject: `Hi ${LONE}`, body: 'b' }] }] }];
      const subject = await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'C', campaign_schedule: schedule('s'), sequences } });
      assert.deepEqual(subject.body, refusal('body/sequences/0/steps/0/variants/0/subject'));
      const campaign = await newCampaign(h, ws.key);
      const sub = await h.request('POST', '/api/v2/subsequences', {
        key: ws.key,
        body: { parent_campaign: campaign.id, name: 'Follow-up', conditions: { lead_activity: [2] }, sequences },
      });
      assert.deepEqual(sub.body, refusal('body/sequences/0/steps/0/variants/0/subject'));
    });

    test('in /leads/move search and update-interest-status lead_email', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const to = await newList(h, ws.key, 'To');
      const move = await h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { list_id: listId, search: LONE, to_list_id: to } });
      assert.deepEqual(move.body, refusal('body/search'));
      const interest = await h.request('POST', '/api/v2/leads/update-interest-status', { key: ws.key, body: { lead_email: `a${LONE}@example.com`, interest_value: 1 } });
      assert.deepEqual(interest.body, refusal('body/lead_email'));
    });

    test('in Smartlead import and campaign-lead custom_fields', async () => {
      const ws = await h.newWorkspace();
      const list = await createList(h, ws.key);
      const lead = (i: number) => ({ email: `p${i}@example.com`, custom_fields: { x: i === 1 ? LONE : 'ok' } });
      const imported = await v1(h, 'POST', `/lead-list/${list}/import`, ws.key, { fileName: 'f.csv', leadList: [lead(0), lead(1)] });
      assert.deepEqual(imported.body, refusal('body/leadList/1/custom_fields/x'));
      const campaign = await createCampaign(h, ws.key);
      const added = await v1(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [lead(0), lead(1)] });
      assert.deepEqual(added.body, refusal('body/lead_list/1/custom_fields/x'));
      assert.equal(await leadCount(h, ws.id), 0);
    });
  });

  describe('prototype keys', () => {
    test('__proto__ anywhere is a 400 naming it, not "Body is not valid JSON"; nothing is polluted', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const top = await h.request('POST', '/api/v2/leads', { key: ws.key, rawBody: JSON.stringify({ list_id: listId, email: 'a@example.com' }).replace('{', '{"__proto__":{"polluted":1},') });
      assert.deepEqual(top.body, badRequest('body/__proto__ is not accepted: "__proto__" is reserved and cannot be a key'));
      const nested = await h.request('POST', '/api/v2/leads', { key: ws.key, rawBody: `{"list_id":"${listId}","email":"a@example.com","custom_variables":{"__proto__":"x"}}` });
      assert.deepEqual(nested.body, badRequest('body/custom_variables/__proto__ is not accepted: "__proto__" is reserved and cannot be a key'));
      const ctor = await h.request('POST', '/api/v2/leads', { key: ws.key, rawBody: `{"list_id":"${listId}","constructor":{"prototype":{"polluted":1}}}` });
      assert.deepEqual(ctor.body, badRequest('body/constructor is not accepted: a "constructor" object cannot have a "prototype" key'));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(await leadCount(h, ws.id), 0);
    });
  });

  describe('shape of the request', () => {
    test('100,000 nested arrays are a 400, not a stack overflow', async () => {
      const ws = await h.newWorkspace();
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const inField = await h.request('POST', '/api/v2/leads', { key: ws.key, rawBody: `{"email":"a@example.com","custom_variables":{"x":${deep}}}` });
      assert.equal(inField.status, 400);
      assert.match(inField.body.message, /^body\/custom_variables\/x\/0\/0\/.* nests arrays and objects more than 32 levels deep$/);
      const whole = await h.request('POST', '/api/v2/leads/list', { key: ws.key, rawBody: deep });
      assert.equal(whole.status, 400);
      assert.match(whole.body.message, /nests arrays and objects more than 32 levels deep$/);
    });

    test('an over-long path segment is a 414 with the vendor body', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('GET', `/api/v2/leads/${'a'.repeat(101)}`, { key: ws.key });
      assert.deepEqual(r.body, { statusCode: 414, error: 'URI Too Long', message: 'A path segment is longer than 100 characters; no id or name in a path is that long' });
    });
  });
}, describe);
