/** DELETE /api/v2/leads: the leads of one campaign or list, narrowed by status, ids and limit. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import {
  type ErrorReply,
  type LeadWire,
  MISSING_ID,
  addLead,
  badRequest,
  emailsOf,
  listPage,
  newCampaign,
  newList,
  notFound,
  setLeadColumns,
} from './leads-fixtures.js';

forEachEngine((h) => {
  const bulkDelete = (key: string, body: unknown) => h.request<{ count: number }>('DELETE', '/api/v2/leads', { key, body });
  const bulkDeleteError = (key: string, body: unknown) => h.request<ErrorReply>('DELETE', '/api/v2/leads', { key, body });

  /** Leads a@, b@, … in one list, oldest first. */
  async function listWithLeads(key: string, count: number): Promise<{ listId: string; leads: LeadWire[] }> {
    const listId = await newList(h, key);
    const leads: LeadWire[] = [];
    for (let i = 0; i < count; i++) leads.push(await addLead(h, key, { list_id: listId, email: `${String.fromCharCode(97 + i)}@example.com` }));
    return { listId, leads };
  }

  describe('happy path', () => {
    test("deletes every lead of a list and nothing outside it", async () => {
      const ws = await h.newWorkspace();
      const { listId } = await listWithLeads(ws.key, 3);
      const other = await listWithLeads(ws.key, 2);
      const campaign = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { campaign: campaign.id, email: 'a@example.com' });
      const r = await bulkDelete(ws.key, { list_id: listId });
      assert.deepEqual(r.body, { count: 3 });
      assert.equal((await listPage(h, ws.key, { list_id: listId })).items.length, 0);
      assert.equal((await listPage(h, ws.key, { list_id: other.listId })).items.length, 2);
      assert.equal((await listPage(h, ws.key, { campaign: campaign.id })).items.length, 1);
      const again = await bulkDelete(ws.key, { list_id: listId });
      assert.deepEqual(again.body, { count: 0 });
    });

    test('deletes the leads of a campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { campaign: campaign.id, email: 'a@example.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'b@example.com' });
      const listId = await newList(h, ws.key);
      await addLead(h, ws.key, { list_id: listId, email: 'a@example.com' });
      const r = await bulkDelete(ws.key, { campaign_id: campaign.id });
      assert.deepEqual(r.body, { count: 2 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, {})), ['a@example.com']);
    });

    test('status deletes only the leads with that status', async () => {
      const ws = await h.newWorkspace();
      const { listId, leads } = await listWithLeads(ws.key, 4);
      const [a, b, c] = leads;
      assert.ok(a !== undefined && b !== undefined && c !== undefined);
      await setLeadColumns(h, a.id, { status: 3 });
      await setLeadColumns(h, b.id, { status: -1 });
      await setLeadColumns(h, c.id, { status: 3 });
      const completed = await bulkDelete(ws.key, { list_id: listId, status: 3 });
      assert.deepEqual(completed.body, { count: 2 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { list_id: listId })), ['b@example.com', 'd@example.com']);
      const paused = await bulkDelete(ws.key, { list_id: listId, status: 2 });
      assert.deepEqual(paused.body, { count: 0 });
    });

    test('ids deletes only those leads, and only inside the campaign or list named', async () => {
      const ws = await h.newWorkspace();
      const { listId, leads } = await listWithLeads(ws.key, 3);
      const elsewhere = await listWithLeads(ws.key, 1);
      const ids = [leads[0]?.id, leads[2]?.id, elsewhere.leads[0]?.id, MISSING_ID];
      const r = await bulkDelete(ws.key, { list_id: listId, ids });
      assert.deepEqual(r.body, { count: 2 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { list_id: listId })), ['b@example.com']);
      assert.equal((await listPage(h, ws.key, { list_id: elsewhere.listId })).items.length, 1);
      const empty = await bulkDelete(ws.key, { list_id: listId, ids: [] });
      assert.deepEqual(empty.body, { count: 0 }, 'an empty ids array deletes nothing rather than everything');
      assert.equal((await listPage(h, ws.key, { list_id: listId })).items.length, 1);
    });

    test('limit deletes at most that many, oldest first, and combines with status', async () => {
      const ws = await h.newWorkspace();
      const { listId, leads } = await listWithLeads(ws.key, 5);
      const r = await bulkDelete(ws.key, { list_id: listId, limit: 2 });
      assert.deepEqual(r.body, { count: 2 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { list_id: listId })), ['c@example.com', 'd@example.com', 'e@example.com']);
      for (const lead of leads.slice(2)) if (lead.email !== 'c@example.com') await setLeadColumns(h, lead.id, { status: -2 });
      const unsubscribed = await bulkDelete(ws.key, { list_id: listId, status: -2, limit: 1 });
      assert.deepEqual(unsubscribed.body, { count: 1 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { list_id: listId })), ['c@example.com', 'e@example.com']);
      const big = await bulkDelete(ws.key, { list_id: listId, limit: 10000 });
      assert.deepEqual(big.body, { count: 2 });
    });
  });

  describe('errors', () => {
    test('exactly one of campaign_id and list_id, and it must exist', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const campaign = await newCampaign(h, ws.key);
      assert.deepEqual((await bulkDeleteError(ws.key, {})).body, badRequest('Provide either campaign_id or list_id'));
      assert.deepEqual((await bulkDeleteError(ws.key, undefined)).body, badRequest('Provide either campaign_id or list_id'), 'no body at all');
      assert.deepEqual((await bulkDeleteError(ws.key, { status: 1 })).body, badRequest('Provide either campaign_id or list_id'));
      assert.deepEqual((await bulkDeleteError(ws.key, { campaign_id: campaign.id, list_id: listId })).body, badRequest('Provide either campaign_id or list_id, not both'));
      assert.deepEqual((await bulkDeleteError(ws.key, { list_id: MISSING_ID })).body, notFound('Lead list not found'));
      assert.deepEqual((await bulkDeleteError(ws.key, { campaign_id: MISSING_ID })).body, notFound('Campaign not found'));
    });

    test('a field of the wrong type or out of range is a 400 naming the field, and nothing is deleted', async () => {
      const ws = await h.newWorkspace();
      const { listId } = await listWithLeads(ws.key, 2);
      const cases: [Record<string, unknown>, string][] = [
        [{ list_id: 'abc' }, 'body/list_id must match format "uuid"'],
        [{ list_id: null }, 'body/list_id must be string'],
        [{ list_id: listId, status: 5 }, 'body/status must be equal to one of the allowed values'],
        [{ list_id: listId, status: '1' }, 'body/status must be number'],
        [{ list_id: listId, limit: 0 }, 'body/limit must be >= 1'],
        [{ list_id: listId, limit: 10001 }, 'body/limit must be <= 10000'],
        [{ list_id: listId, limit: 1.5 }, 'body/limit must be integer'],
        [{ list_id: listId, ids: 'x' }, 'body/ids must be array'],
        [{ list_id: listId, ids: ['x'] }, 'body/ids/0 must match format "uuid"'],
      ];
      for (const [body, message] of cases) {
        assert.deepEqual((await bulkDeleteError(ws.key, body)).body, badRequest(message), JSON.stringify(body));
      }
      assert.equal((await listPage(h, ws.key, { list_id: listId })).items.length, 2);
    });
  });

  describe('security', () => {
    test('a key without leads:delete cannot delete', async () => {
      const ws = await h.newWorkspace();
      const { listId } = await listWithLeads(ws.key, 1);
      const readOnly = await h.keyWithScopes(ws.key, ['leads:read', 'leads:update']);
      const denied = await bulkDeleteError(readOnly, { list_id: listId });
      assert.deepEqual(denied.body, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'API key lacks the required scope: this route needs one of leads:delete, leads:all, all:delete, all:all',
      });
      const none = await h.request<ErrorReply>('DELETE', '/api/v2/leads', { key: null, body: { list_id: listId } });
      assert.equal(none.status, 401);
      assert.equal((await listPage(h, ws.key, {})).items.length, 1);
      const deleter = await h.keyWithScopes(ws.key, ['all:delete']);
      assert.deepEqual((await bulkDelete(deleter, { list_id: listId })).body, { count: 1 });
    });

    test("another workspace's list and campaign are 404s, and their leads cannot be reached by id", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const their = await listWithLeads(theirs.key, 2);
      const theirCampaign = await newCampaign(h, theirs.key);
      await addLead(h, theirs.key, { campaign: theirCampaign.id, email: 'c@example.com' });
      assert.deepEqual((await bulkDeleteError(mine.key, { list_id: their.listId })).body, notFound('Lead list not found'));
      assert.deepEqual((await bulkDeleteError(mine.key, { campaign_id: theirCampaign.id })).body, notFound('Campaign not found'));
      const myListId = await newList(h, mine.key);
      const byIds = await bulkDelete(mine.key, { list_id: myListId, ids: their.leads.map((l) => l.id) });
      assert.deepEqual(byIds.body, { count: 0 });
      assert.equal((await listPage(h, theirs.key, {})).items.length, 3);
    });
  });
}, describe);
