import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Harness, Reply } from '../support/harness.js';
import { forEachEngine } from '../support/harness.js';
import {
  type LeadWire,
  MISSING_ID,
  addLead,
  badRequest,
  campaignVariables,
  listPage,
  newCampaign,
  newList,
  notFound,
  setLeadColumns,
} from './leads-fixtures.js';

const merge = (h: Harness, key: string | null, source: string, destination: string): Promise<Reply<LeadWire>> =>
  h.request<LeadWire>('POST', '/api/v2/leads/merge', { key, body: { lead_id: source, destination_lead_id: destination } });
const getLead = (h: Harness, key: string, id: string) => h.request<LeadWire>('GET', `/api/v2/leads/${id}`, { key });
const early = new Date('2025-01-01T00:00:00.000Z');
const late = new Date('2025-06-01T00:00:00.000Z');

forEachEngine((h) => {
  describe('happy path', () => {
    test('the destination keeps its values and place; the source fills the gaps and is deleted', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const destination = await addLead(h, ws.key, {
        campaign: campaign.id, email: 'ada@example.com', first_name: 'Ada', last_name: '', job_title: null, lt_interest_status: 2,
        custom_variables: { tier: 'gold', region: null },
      });
      const source = await addLead(h, ws.key, {
        list_id: await newList(h, ws.key), email: 'ada.lovelace@example.org', first_name: 'Augusta', last_name: 'Lovelace', job_title: 'Engineer',
        phone: '+44 20', lt_interest_status: -1, custom_variables: { tier: 'silver', region: 'EU', industry: 'Computing' },
      });
      await setLeadColumns(h, destination.id, { email_open_count: 2, email_reply_count: 1, timestamp_last_open: early, timestamp_last_reply: late });
      await setLeadColumns(h, source.id, {
        email_open_count: 3, email_click_count: 4, timestamp_last_open: late, timestamp_last_reply: early, timestamp_last_click: early, upload_method: 'manual',
      });

      const merged = await merge(h, ws.key, source.id, destination.id);
      assert.equal(merged.status, 200);
      const m = merged.body;
      assert.deepEqual([m.id, m.campaign, m.list_id, m.email, m.company_domain], [destination.id, campaign.id, null, 'ada@example.com', 'example.com']);
      assert.deepEqual([m.first_name, m.last_name, m.job_title, m.phone, m.lt_interest_status], ['Ada', 'Lovelace', 'Engineer', '+44 20', 2]);
      assert.deepEqual(m.payload, { tier: 'gold', region: 'EU', industry: 'Computing' });
      assert.deepEqual([m.email_open_count, m.email_reply_count, m.email_click_count], [5, 1, 4]);
      assert.deepEqual([m.timestamp_last_open, m.timestamp_last_reply, m.timestamp_last_click], [late, late, early].map((d) => d.toISOString()));
      assert.deepEqual([m.timestamp_created, m.upload_method, m.timestamp_updated > destination.timestamp_updated], [destination.timestamp_created, 'api', true]);

      assert.deepEqual((await getLead(h, ws.key, destination.id)).body, m);
      assert.deepEqual((await getLead(h, ws.key, source.id)).body, notFound('Lead not found'));
      assert.deepEqual((await listPage(h, ws.key, {})).items.map((l) => l.id), [destination.id]);
      // The payload key the destination gained is now one of its campaign's variables.
      assert.equal((await campaignVariables(h, ws.key, campaign.id))?.industry, 'industry');
    });

    test('a destination without an e-mail takes the source\'s, even from the same list', async () => {
      const ws = await h.newWorkspace();
      const list = await newList(h, ws.key);
      const destination = await addLead(h, ws.key, { list_id: list, first_name: 'Ada', website: 'https://www.ada.example' });
      const source = await addLead(h, ws.key, { list_id: list, email: 'Ada@Lovelace.example' });
      await setLeadColumns(h, source.id, { verification_status: 1, esp_code: 1 });
      const m = (await merge(h, ws.key, source.id, destination.id)).body;
      assert.deepEqual([m.email, m.company_domain, m.website, m.verification_status, m.esp_code], ['Ada@Lovelace.example', 'lovelace.example', 'https://www.ada.example', 1, 1]);
      const byEmail = await listPage(h, ws.key, { list_id: list, contacts: ['ada@lovelace.example'] });
      assert.deepEqual(byEmail.items.map((l) => l.id), [destination.id]);
    });

    test('an unsubscribed source leaves the destination unsubscribed; interest status fills a null one', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      const destination = await addLead(h, ws.key, { campaign, email: 'a@example.com' });
      const source = await addLead(h, ws.key, { campaign, email: 'b@example.com', lt_interest_status: -2 });
      await setLeadColumns(h, source.id, { status: -2 });
      const m = (await merge(h, ws.key, source.id, destination.id)).body;
      assert.deepEqual([m.status, m.lt_interest_status, m.timestamp_last_interest_change], [-2, -2, source.timestamp_last_interest_change]);
      assert.deepEqual((await listPage(h, ws.key, { campaign, filter: 'FILTER_VAL_UNSUBSCRIBED' })).items.map((l) => l.id), [destination.id]);
    });

    test('the source\'s subsequence follows it into a destination of the same campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      const sub = await h.request('POST', '/api/v2/subsequences', { key: ws.key, body: { parent_campaign: campaign, name: 'S', conditions: {} } });
      const destination = await addLead(h, ws.key, { campaign, email: 'a@example.com' });
      const source = await addLead(h, ws.key, { campaign, email: 'b@example.com' });
      const moved = await h.request<LeadWire>('POST', '/api/v2/leads/subsequence/move', { key: ws.key, body: { id: source.id, subsequence_id: sub.body.id } });
      const m = (await merge(h, ws.key, source.id, destination.id)).body;
      assert.deepEqual([m.subsequence_id, m.timestamp_added_subsequence], [sub.body.id, moved.body.timestamp_added_subsequence]);
      assert.deepEqual((await listPage(h, ws.key, { campaign, filter: 'FILTER_VAL_IN_SUBSEQUENCE' })).items.map((l) => l.id), [destination.id]);
    });

    test('two merges of the same pair at once, either way round: one merges, the other finds its source gone', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      const a = await addLead(h, ws.key, { campaign, email: 'a@example.com' });
      const b = await addLead(h, ws.key, { campaign, email: 'b@example.com' });
      const replies = await Promise.all([merge(h, ws.key, a.id, b.id), merge(h, ws.key, b.id, a.id)]);
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 404]);
      assert.equal((await listPage(h, ws.key, { campaign })).items.length, 1);
    });
  });

  describe('errors', () => {
    test('the same lead twice is a 400; a missing source or destination is a 404 naming which', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { campaign: (await newCampaign(h, ws.key)).id, email: 'a@example.com' });
      assert.deepEqual((await merge(h, ws.key, lead.id, lead.id.toUpperCase())).body, badRequest('lead_id and destination_lead_id are the same lead: name two different leads to merge'));
      assert.deepEqual((await merge(h, ws.key, MISSING_ID, lead.id)).body, notFound('Lead not found'));
      assert.deepEqual((await merge(h, ws.key, lead.id, MISSING_ID)).body, notFound('Destination lead not found'));
      assert.equal((await getLead(h, ws.key, lead.id)).status, 200);
    });

    test('a body without both ids, or with a non-UUID, is a 400 naming the field', async () => {
      const ws = await h.newWorkspace();
      const missing = await h.request('POST', '/api/v2/leads/merge', { key: ws.key, body: { lead_id: MISSING_ID } });
      assert.deepEqual(missing.body, badRequest("body must have required property 'destination_lead_id'"));
      const bad = await h.request('POST', '/api/v2/leads/merge', { key: ws.key, body: { lead_id: 'nope', destination_lead_id: MISSING_ID } });
      assert.deepEqual(bad.body, badRequest('body/lead_id must match format "uuid"'));
    });

    test('an e-mail a third lead holds in the destination\'s list is a 400, and nothing changes', async () => {
      const ws = await h.newWorkspace();
      const list = await newList(h, ws.key);
      const destination = await addLead(h, ws.key, { list_id: list, first_name: 'Ada' });
      const holder = await addLead(h, ws.key, { list_id: list, email: 'ada@example.com' });
      const source = await addLead(h, ws.key, { campaign: (await newCampaign(h, ws.key)).id, email: 'ADA@example.com' });
      const r = await merge(h, ws.key, source.id, destination.id);
      assert.deepEqual(r.body, badRequest(
        `Lead ${holder.id} already has the e-mail "ADA@example.com" in the destination's list, so the destination cannot take it from lead ${source.id}: merge ${holder.id} first`,
      ));
      assert.deepEqual((await getLead(h, ws.key, destination.id)).body, destination);
      assert.deepEqual((await getLead(h, ws.key, source.id)).body, source);
    });
  });

  describe('security', () => {
    test('no key, and a key without leads:update, are 401s that merge nothing', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      const a = await addLead(h, ws.key, { campaign, email: 'a@example.com' });
      const b = await addLead(h, ws.key, { campaign, email: 'b@example.com' });
      assert.deepEqual((await merge(h, null, a.id, b.id)).body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
      const reader = await h.keyWithScopes(ws.key, ['leads:read', 'leads:delete']);
      const denied = await merge(h, reader, a.id, b.id);
      assert.deepEqual(denied.body, { statusCode: 401, error: 'Unauthorized', message: 'API key lacks the required scope: this route needs one of leads:update, leads:all, all:update, all:all' });
      assert.equal((await listPage(h, ws.key, { campaign })).items.length, 2);
    });

    test("another workspace's lead, as source or destination, is a 404 and stays untouched", async () => {
      const [mine, theirs] = [await h.newWorkspace(), await h.newWorkspace()];
      const my = await addLead(h, mine.key, { campaign: (await newCampaign(h, mine.key)).id, email: 'm@example.com' });
      const their = await addLead(h, theirs.key, { campaign: (await newCampaign(h, theirs.key)).id, email: 't@example.com', first_name: 'T' });
      assert.deepEqual((await merge(h, mine.key, their.id, my.id)).body, notFound('Lead not found'));
      assert.deepEqual((await merge(h, mine.key, my.id, their.id)).body, notFound('Destination lead not found'));
      assert.deepEqual((await getLead(h, theirs.key, their.id)).body, their);
      assert.deepEqual((await getLead(h, mine.key, my.id)).body, my);
    });
  });
}, describe);
