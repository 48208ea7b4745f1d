/** POST /api/v2/lead-events (a Leadbase extension): engagement played back onto leads, by the vendor's rules. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { type LeadWire, MISSING_ID, addLead, badRequest, newCampaign, newList, notFound } from './leads-fixtures.js';

const URL = '/api/v2/lead-events';
const unauthorized = (message: string) => ({ statusCode: 401, error: 'Unauthorized', message });
const STEP_ID = '0190a000-1111-7000-8000-00000000000a';
const SUBSEQUENCE_STEP_ID = '0190a000-1111-7000-8000-00000000000b';

forEachEngine((h) => {
  const record = (key: string, events: Record<string, unknown>[]) => h.request('POST', URL, { key, body: { events } });
  const lead = async (key: string, id: string) => (await h.request<LeadWire>('GET', `/api/v2/leads/${id}`, { key })).body;

  describe('happy path', () => {
    test('contacted, opened, clicked and replied update every field the vendor shows', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const { id } = await addLead(h, ws.key, { campaign: campaign.id, email: 'ada@example.com' });
      const fresh = await lead(ws.key, id);
      assert.equal(fresh.status, 1);
      assert.deepEqual(fresh.status_summary, {});
      assert.deepEqual(fresh.status_summary_subseq, {});
      for (const field of ['last_step_from', 'last_step_id', 'last_step_timestamp_executed', 'last_contacted_from', 'email_opened_step', 'email_opened_variant',
        'email_replied_step', 'email_replied_variant', 'email_clicked_step', 'email_clicked_variant'] as const) {
        assert.equal(fresh[field], null, field);
      }

      const r = await record(ws.key, [
        { lead_id: id, event_type: 'contacted', timestamp: '2026-03-02T09:00:00.000Z', step: 1, variant: 2, step_id: STEP_ID, from_address: 'sales@acme.test', esp_code: 1 },
        { lead_id: id, event_type: 'opened', timestamp: '2026-03-02T10:00:00.000Z', step: 1, variant: 2, count: 2 },
        { lead_id: id, event_type: 'clicked', timestamp: '2026-03-02T10:05:00.000Z', step: 1, variant: 2 },
        { lead_id: id, event_type: 'replied', timestamp: '2026-03-03T08:00:00.000Z', step: 1, variant: 2, subject: 'Re: hello', body: 'Tell me more' },
      ]);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { recorded: 4, leads_updated: 1, unsubscribed: 0 });

      const after = await lead(ws.key, id);
      assert.equal(after.status, 3, 'a reply completes the lead: the vendor stops on reply by default');
      assert.equal(after.email_open_count, 2);
      assert.equal(after.email_click_count, 1);
      assert.equal(after.email_reply_count, 1);
      assert.equal(after.timestamp_last_contact, '2026-03-02T09:00:00.000Z');
      assert.equal(after.timestamp_last_open, '2026-03-02T10:00:00.000Z');
      assert.equal(after.timestamp_last_click, '2026-03-02T10:05:00.000Z');
      assert.equal(after.timestamp_last_reply, '2026-03-03T08:00:00.000Z');
      assert.equal(after.timestamp_last_touch, '2026-03-03T08:00:00.000Z');
      assert.equal(after.esp_code, 1);
      assert.equal(after.last_step_from, 'campaign');
      assert.equal(after.last_step_id, STEP_ID);
      assert.equal(after.last_step_timestamp_executed, '2026-03-02T09:00:00.000Z');
      assert.equal(after.last_contacted_from, 'sales@acme.test');
      assert.deepEqual([after.email_opened_step, after.email_opened_variant], [1, 2]);
      assert.deepEqual([after.email_clicked_step, after.email_clicked_variant], [1, 2]);
      assert.deepEqual([after.email_replied_step, after.email_replied_variant], [1, 2]);
      assert.deepEqual(after.status_summary, { lastStep: { from: 'campaign', stepID: STEP_ID, timestamp_executed: '2026-03-02T09:00:00.000Z' } });
      assert.deepEqual(after.status_summary_subseq, {});
      assert.ok(after.timestamp_updated > fresh.timestamp_updated);
    });

    test('an older event counts but never moves a "last" field back', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const { id } = await addLead(h, ws.key, { list_id: listId, email: 'late@example.com' });
      await record(ws.key, [
        { lead_id: id, event_type: 'contacted', timestamp: '2026-04-10T09:00:00.000Z', step: 2, step_id: STEP_ID, from_address: 'new@acme.test' },
        { lead_id: id, event_type: 'opened', timestamp: '2026-04-10T12:00:00.000Z', step: 2, variant: 1 },
      ]);
      const late = await record(ws.key, [
        { lead_id: id, event_type: 'contacted', timestamp: '2026-04-01T09:00:00.000Z', step: 1, from_address: 'old@acme.test' },
        { lead_id: id, event_type: 'opened', timestamp: '2026-04-01T12:00:00.000Z', step: 1, variant: 1 },
      ]);
      assert.equal(late.status, 200);
      const after = await lead(ws.key, id);
      assert.equal(after.email_open_count, 2, 'the old open still counts');
      assert.equal(after.timestamp_last_open, '2026-04-10T12:00:00.000Z');
      assert.equal(after.email_opened_step, 2);
      assert.equal(after.timestamp_last_contact, '2026-04-10T09:00:00.000Z');
      assert.equal(after.last_step_id, STEP_ID);
      assert.equal(after.last_contacted_from, 'new@acme.test');
      assert.deepEqual(after.status_summary, { lastStep: { from: 'campaign', stepID: STEP_ID, timestamp_executed: '2026-04-10T09:00:00.000Z' } });
    });

    test('the status only climbs: completed < bounced < unsubscribed, and a campaign that does not stop on reply keeps the lead active', async () => {
      const ws = await h.newWorkspace();
      const keepsGoing = await newCampaign(h, ws.key, { stop_on_reply: false });
      const stops = await newCampaign(h, ws.key);
      const a = await addLead(h, ws.key, { campaign: keepsGoing.id, email: 'a@example.com' });
      const b = await addLead(h, ws.key, { campaign: stops.id, email: 'b@example.com' });
      await record(ws.key, [{ lead_id: a.id, event_type: 'replied' }, { lead_id: b.id, event_type: 'bounced', esp_code: 2 }]);
      assert.equal((await lead(ws.key, a.id)).status, 1);
      assert.equal((await lead(ws.key, a.id)).email_reply_count, 1);
      const bounced = await lead(ws.key, b.id);
      assert.equal(bounced.status, -1);
      assert.equal(bounced.esp_code, 2);
      await record(ws.key, [{ lead_id: b.id, event_type: 'replied' }, { lead_id: b.id, event_type: 'completed' }]);
      assert.equal((await lead(ws.key, b.id)).status, -1, 'a reply recorded late does not revive a bounced lead');
      await record(ws.key, [{ lead_id: b.id, event_type: 'unsubscribed' }, { lead_id: a.id, event_type: 'completed' }]);
      assert.equal((await lead(ws.key, b.id)).status, -2);
      assert.equal((await lead(ws.key, a.id)).status, 3);
    });

    test('a subsequence step fills status_summary_subseq and last_step_*, and leaves the campaign summary alone', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const { id } = await addLead(h, ws.key, { campaign: campaign.id, email: 'sub@example.com' });
      await record(ws.key, [
        { lead_id: id, event_type: 'contacted', timestamp: '2026-05-01T09:00:00.000Z', step_id: STEP_ID },
        { lead_id: id, event_type: 'contacted', timestamp: '2026-05-05T09:00:00.000Z', step_id: SUBSEQUENCE_STEP_ID, source: 'subsequence' },
      ]);
      const after = await lead(ws.key, id);
      assert.deepEqual(after.status_summary, { lastStep: { from: 'campaign', stepID: STEP_ID, timestamp_executed: '2026-05-01T09:00:00.000Z' } });
      assert.deepEqual(after.status_summary_subseq, { from: 'subsequence', stepID: SUBSEQUENCE_STEP_ID, timestampExecuted: '2026-05-05T09:00:00.000Z' });
      assert.equal(after.last_step_from, 'subsequence');
      assert.equal(after.last_step_id, SUBSEQUENCE_STEP_ID);
    });

    test('an unsubscribe puts the address on the block list only when the workspace says add_unsub_to_block', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const first = await addLead(h, ws.key, { list_id: listId, email: 'Quiet@Example.com' });
      const r = await record(ws.key, [{ lead_id: first.id, event_type: 'unsubscribed' }]);
      assert.deepEqual(r.body, { recorded: 1, leads_updated: 1, unsubscribed: 1 });
      assert.equal((await lead(ws.key, first.id)).status, -2);
      const entries = async () => (await h.request('GET', '/api/v2/block-lists-entries', { key: ws.key })).body.items.map((e: { bl_value: string }) => e.bl_value);
      assert.deepEqual(await entries(), []);

      await h.request('PATCH', '/api/v2/workspaces/current', { key: ws.key, body: { add_unsub_to_block: true } });
      const second = await addLead(h, ws.key, { list_id: listId, email: 'gone@example.com' });
      await record(ws.key, [{ email: 'GONE@example.com', event_type: 'unsubscribed' }]);
      assert.equal((await lead(ws.key, second.id)).status, -2);
      assert.deepEqual(await entries(), ['gone@example.com']);
      // The block list now keeps the address out of the workspace.
      const again = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: await newList(h, ws.key, 'Other'), leads: [{ email: 'gone@example.com' }] } });
      assert.equal(again.body.leads_uploaded, 0);
    });

    test('by e-mail: the one lead with that address, or the one in the campaign or list named', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const listId = await newList(h, ws.key);
      const inCampaign = await addLead(h, ws.key, { campaign: campaign.id, email: 'twice@example.com' });
      const inList = await addLead(h, ws.key, { list_id: listId, email: 'twice@example.com' });
      const once = await addLead(h, ws.key, { list_id: listId, email: 'once@example.com' });
      const r = await record(ws.key, [
        { email: 'Once@Example.com', event_type: 'opened' },
        { email: 'twice@example.com', campaign: campaign.id, event_type: 'contacted', step: 1 },
        { email: 'twice@example.com', list_id: listId, event_type: 'clicked' },
      ]);
      assert.deepEqual(r.body, { recorded: 3, leads_updated: 3, unsubscribed: 0 });
      assert.equal((await lead(ws.key, once.id)).email_open_count, 1);
      assert.notEqual((await lead(ws.key, inCampaign.id)).timestamp_last_contact, null);
      assert.equal((await lead(ws.key, inCampaign.id)).email_click_count, 0);
      assert.equal((await lead(ws.key, inList.id)).email_click_count, 1);
    });
  });

  describe('errors', () => {
    test('one bad event refuses the whole request and nothing is recorded', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const listId = await newList(h, ws.key);
      const { id } = await addLead(h, ws.key, { campaign: campaign.id, email: 'twice@example.com' });
      await addLead(h, ws.key, { list_id: listId, email: 'twice@example.com' });
      const good = { lead_id: id, event_type: 'opened' };
      const cases: [Record<string, unknown>, number, string][] = [
        [{ email: 'nobody@example.com', event_type: 'opened' }, 404, 'body/events/1: a lead with email nobody@example.com not found'],
        [{ lead_id: MISSING_ID, event_type: 'opened' }, 404, `body/events/1: lead ${MISSING_ID} not found`],
        [{ email: 'twice@example.com', event_type: 'opened' }, 400, 'body/events/1: twice@example.com is a lead in 2 places; name its campaign or list_id, or send lead_id'],
        [{ email: 'twice@example.com', list_id: MISSING_ID, event_type: 'opened' }, 404, `body/events/1: a lead with email twice@example.com in list ${MISSING_ID} not found`],
        [{ event_type: 'opened' }, 400, 'body/events/1 must name its lead by lead_id or by email (one of the two)'],
        [{ lead_id: id, email: 'twice@example.com', event_type: 'opened' }, 400, 'body/events/1 must name its lead by lead_id or by email (one of the two)'],
        [{ lead_id: id, campaign: campaign.id, event_type: 'opened' }, 400, 'body/events/1: campaign and list_id narrow an email; an event naming lead_id takes neither'],
        [{ lead_id: id, event_type: 'bounced', count: 2 }, 400, 'body/events/1/count is for opened, clicked and replied events only; a bounced event happens once'],
        [{ lead_id: id, event_type: 'opened', timestamp: '2999-01-01T00:00:00.000Z' }, 400, 'body/events/1/timestamp 2999-01-01T00:00:00.000Z is in the future'],
        [{ email: 'not an address', event_type: 'opened' }, 400, 'body/events/1/email is not a valid e-mail address: "not an address"'],
        [{ lead_id: id, event_type: 'sent' }, 400, 'body/events/1/event_type must be equal to one of the allowed values'],
        [{ lead_id: id, event_type: 'opened', timestamp: 'yesterday' }, 400, 'body/events/1/timestamp must match format "date-time"'],
        [{ lead_id: id, event_type: 'opened', esp_code: 4 }, 400, 'body/events/1/esp_code must be equal to one of the allowed values'],
      ];
      for (const [bad, status, message] of cases) {
        const r = await record(ws.key, [good, bad]);
        assert.equal(r.status, status, JSON.stringify(bad));
        assert.equal(r.body.message, message, JSON.stringify(bad));
      }
      assert.equal((await lead(ws.key, id)).email_open_count, 0, 'the good event of each refused request was not recorded');
    });

    test('an empty request or more than 1000 events is a 400', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await record(ws.key, [])).body, badRequest('body/events must NOT have fewer than 1 items'));
      const many = Array.from({ length: 1001 }, () => ({ lead_id: MISSING_ID, event_type: 'opened' }));
      assert.deepEqual((await record(ws.key, many)).body, badRequest('body/events must NOT have more than 1000 items'));
      assert.deepEqual((await h.request('POST', URL, { key: ws.key, body: {} })).body, badRequest("body must have required property 'events'"));
    });
  });

  describe('security', () => {
    test('recording needs leads:update, and another workspace\'s lead is not found', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      const { id } = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'mine@example.com' });
      const reader = await h.keyWithScopes(ws.key, ['leads:read']);
      assert.deepEqual(
        (await record(reader, [{ lead_id: id, event_type: 'replied' }])).body,
        unauthorized('API key lacks the required scope: this route needs one of leads:update, leads:all, all:update, all:all'),
      );
      const updater = await h.keyWithScopes(ws.key, ['leads:update']);
      assert.equal((await record(updater, [{ lead_id: id, event_type: 'opened' }])).status, 200);
      assert.deepEqual((await record(other.key, [{ lead_id: id, event_type: 'replied' }])).body, notFound(`body/events/0: lead ${id} not found`));
      assert.deepEqual((await record(other.key, [{ email: 'mine@example.com', event_type: 'replied' }])).body, notFound('body/events/0: a lead with email mine@example.com not found'));
      assert.equal((await lead(ws.key, id)).email_reply_count, 0);
      assert.equal((await h.request('POST', URL, { key: null, body: { events: [{ lead_id: id, event_type: 'opened' }] } })).status, 401);
    });
  });
}, describe);
