/** PATCH /api/v2/leads/{id}. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import {
  type ErrorReply,
  type LeadWire,
  MISSING_ID,
  addLead,
  addLeadLabel,
  badRequest,
  campaignVariables,
  newCampaign,
  newList,
  notFound,
} from './leads-fixtures.js';

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

forEachEngine((h) => {
  const patch = (key: string, id: string, body: unknown) => h.request<LeadWire>('PATCH', `/api/v2/leads/${id}`, { key, body });
  const patchError = (key: string, id: string, body: unknown) => h.request<ErrorReply>('PATCH', `/api/v2/leads/${id}`, { key, body });

  describe('happy path', () => {
    test('changes only the fields named and moves timestamp_updated', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com', first_name: 'Jo', last_name: 'Doe', phone: '1' });
      await pause();
      const assignee = '0190a000-3333-7000-8000-000000000003';
      const r = await patch(ws.key, lead.id, { first_name: 'Joanna', phone: null, job_title: 'CTO', pl_value_lead: 'Low', personalization: 'Hi', company_name: 'Acme', assigned_to: assignee });
      assert.equal(r.status, 200);
      assert.deepEqual(
        { ...r.body, timestamp_updated: lead.timestamp_updated },
        { ...lead, first_name: 'Joanna', phone: null, job_title: 'CTO', pl_value_lead: 'Low', personalization: 'Hi', company_name: 'Acme', assigned_to: assignee },
      );
      assert.ok(Date.parse(r.body.timestamp_updated) > Date.parse(lead.timestamp_updated));
      const fetched = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, r.body);
      const unassigned = await patch(ws.key, lead.id, { assigned_to: null });
      assert.equal(unassigned.body.assigned_to, null);
    });

    test('custom_variables merge into the payload key by key and keep their types', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com', custom_variables: { seats: 12, tier: 'gold', vip: true } });
      const merged = await patch(ws.key, lead.id, { custom_variables: { tier: 'silver', churned: false, score: 0, ratio: 1.25 } });
      assert.equal(merged.status, 200);
      assert.deepEqual(merged.body.payload, { seats: 12, tier: 'silver', vip: true, churned: false, score: 0, ratio: 1.25 });
      const nulled = await patch(ws.key, lead.id, { custom_variables: { vip: null } });
      assert.deepEqual(nulled.body.payload, { seats: 12, tier: 'silver', vip: null, churned: false, score: 0, ratio: 1.25 });
      const untouched = await patch(ws.key, lead.id, { first_name: 'Jo' });
      assert.deepEqual(untouched.body.payload, nulled.body.payload, 'a PATCH without custom_variables leaves the payload alone');
    });

    test('custom_variables give a lead without a payload one', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      assert.equal(lead.payload, null);
      const r = await patch(ws.key, lead.id, { custom_variables: { source: 'fair', year: 2025 } });
      assert.deepEqual(r.body.payload, { source: 'fair', year: 2025 });
    });

    test("custom_variables on a campaign lead grow the campaign's custom variables", async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const lead = await addLead(h, ws.key, { campaign: campaign.id, email: 'jo@example.com', custom_variables: { a: 1 } });
      await patch(ws.key, lead.id, { custom_variables: { b: 'x', c: null } });
      assert.deepEqual(await campaignVariables(h, ws.key, campaign.id), { a: 'a', b: 'b', c: 'c' });
    });

    test('lt_interest_status stamps timestamp_last_interest_change; other changes leave the stamp', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      assert.equal(lead.timestamp_last_interest_change, null);
      assert.equal('lt_interest_status' in lead, false);
      const first = await patch(ws.key, lead.id, { lt_interest_status: -1 });
      assert.equal(first.body.lt_interest_status, -1);
      const stamp = first.body.timestamp_last_interest_change;
      assert.ok(typeof stamp === 'string');
      await pause();
      const other = await patch(ws.key, lead.id, { first_name: 'Jo' });
      assert.equal(other.body.timestamp_last_interest_change, stamp);
      assert.equal(other.body.lt_interest_status, -1);
      const second = await patch(ws.key, lead.id, { lt_interest_status: 0 });
      assert.equal(second.body.lt_interest_status, 0);
      assert.ok(Date.parse(second.body.timestamp_last_interest_change ?? '') > Date.parse(stamp));
    });

    test("a lead label's interest status is accepted", async () => {
      const ws = await h.newWorkspace();
      await addLeadLabel(h, ws.id, 99, 'negative');
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      const r = await h.request('PATCH', `/api/v2/leads/${lead.id}`, { key: ws.key, body: { lt_interest_status: 99 } });
      assert.equal(r.status, 200);
      assert.equal((r.body as LeadWire).lt_interest_status, 99);
    });

    test('a new website recomputes company_domain when the lead has no e-mail, and only then', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const nameOnly = await addLead(h, ws.key, { list_id: listId, first_name: 'Ann', website: 'old.example' });
      assert.equal(nameOnly.company_domain, 'old.example');
      const moved = await patch(ws.key, nameOnly.id, { website: 'https://www.New-Site.io/team' });
      assert.equal(moved.body.company_domain, 'new-site.io');
      assert.equal(moved.body.website, 'https://www.New-Site.io/team');
      const renamed = await patch(ws.key, nameOnly.id, { first_name: 'Anna' });
      assert.equal(renamed.body.company_domain, 'new-site.io', 'a change that is not the website keeps the domain');
      const cleared = await patch(ws.key, nameOnly.id, { website: null });
      assert.equal(cleared.body.company_domain, '');

      const withEmail = await addLead(h, ws.key, { list_id: listId, email: 'bo@mail.example.com' });
      const r = await patch(ws.key, withEmail.id, { website: 'https://elsewhere.org' });
      assert.equal(r.body.company_domain, 'mail.example.com');
    });

    test('fields PATCH does not have (email, list_id, campaign) are ignored like any unknown field', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const lead = await addLead(h, ws.key, { list_id: listId, email: 'jo@example.com' });
      const r = await patch(ws.key, lead.id, { first_name: 'Jo', email: 'other@example.com', list_id: await newList(h, ws.key), campaign: MISSING_ID });
      assert.equal(r.status, 200);
      assert.equal(r.body.email, 'jo@example.com');
      assert.equal(r.body.list_id, listId);
      assert.equal(r.body.campaign, null);
      assert.equal(r.body.first_name, 'Jo');
    });
  });

  describe('errors', () => {
    test('an empty body is a 400', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      const r = await patchError(ws.key, lead.id, {});
      assert.deepEqual(r.body, badRequest('body must NOT have fewer than 1 properties'));
    });

    test('a field of the wrong type is a 400 naming the field, and nothing is written', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com', first_name: 'Jo', custom_variables: { a: 1 } });
      const cases: [Record<string, unknown>, string][] = [
        [{ first_name: 42 }, 'body/first_name must be string,null'],
        [{ website: false }, 'body/website must be string,null'],
        [{ lt_interest_status: 'interested' }, 'body/lt_interest_status must be integer'],
        [{ lt_interest_status: null }, 'body/lt_interest_status must be integer'],
        [{ assigned_to: 'bob' }, 'body/assigned_to must match format "uuid"'],
        [{ custom_variables: ['a'] }, 'body/custom_variables must be object'],
        [{ first_name: 'New', custom_variables: { nested: { deep: true } } }, 'body/custom_variables/nested must be string,number,boolean,null'],
        [{ first_name: 'New', custom_variables: { list: [1, 2] } }, 'body/custom_variables/list must be string,number,boolean,null'],
      ];
      for (const [body, message] of cases) {
        const r = await patchError(ws.key, lead.id, body);
        assert.deepEqual(r.body, badRequest(message), JSON.stringify(body));
      }
      const after = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.deepEqual(after.body, lead);
    });

    test('an interest status that is neither built in nor a lead label is a 400', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      const r = await patchError(ws.key, lead.id, { lt_interest_status: 99 });
      assert.deepEqual(r.body, badRequest('body/lt_interest_status must be a built-in interest status (1, 2, 3, 4, 0, -1, -2, -3, -4) or the value of one of your lead labels; got 99'));
      const fraction = await patchError(ws.key, lead.id, { lt_interest_status: 2.5 });
      assert.deepEqual(fraction.body, badRequest('body/lt_interest_status must be integer'));
    });

    test('a missing lead is a 404 and a non-UUID id a 400', async () => {
      const ws = await h.newWorkspace();
      const missing = await patchError(ws.key, MISSING_ID, { first_name: 'x' });
      assert.deepEqual(missing.body, notFound('Lead not found'));
      const badId = await patchError(ws.key, 'nope', { first_name: 'x' });
      assert.deepEqual(badId.body, badRequest('params/id must match format "uuid"'));
    });
  });

  describe('security', () => {
    test('a key without leads:update cannot patch', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'jo@example.com' });
      const readOnly = await h.keyWithScopes(ws.key, ['leads:read']);
      const denied = await patchError(readOnly, lead.id, { first_name: 'x' });
      assert.deepEqual(denied.body, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'API key lacks the required scope: this route needs one of leads:update, leads:all, all:update, all:all',
      });
      const none = await h.request<ErrorReply>('PATCH', `/api/v2/leads/${lead.id}`, { key: null, body: { first_name: 'x' } });
      assert.deepEqual(none.body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
      const updater = await h.keyWithScopes(ws.key, ['leads:update']);
      assert.equal((await patch(updater, lead.id, { first_name: 'x' })).status, 200);
    });

    test("another workspace's lead cannot be patched, even with a label value of the caller's", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      await addLeadLabel(h, mine.id, 77, 'positive');
      const lead = await addLead(h, theirs.key, { list_id: await newList(h, theirs.key), email: 'jo@example.com' });
      const r = await patchError(mine.key, lead.id, { lt_interest_status: 77, custom_variables: { x: 1 } });
      assert.deepEqual(r.body, notFound('Lead not found'));
      const still = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: theirs.key });
      assert.deepEqual(still.body, lead);
    });
  });
}, describe);
