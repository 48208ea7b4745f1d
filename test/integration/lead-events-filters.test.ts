/**
 * The /leads/list filters that only engagement can make true, reached through recorded events
 * (POST /api/v2/lead-events) instead of planted columns: each with leads that match and leads that
 * do not, and "push repliers to my CRM" as a client would write it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { type LeadPage, type LeadWire, addLead, emailsOf, listPage, newCampaign, vendorFilterValues } from './leads-fixtures.js';

const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;

/** Each lead's history, named by its e-mail's local part. `keepsgoing` is in a campaign with stop_on_reply: false. */
const HISTORIES: Record<string, string[]> = {
  fresh: [],
  contacted: ['contacted'],
  opened: ['contacted', 'opened', 'opened'],
  clicked: ['contacted', 'opened', 'clicked'],
  replied: ['contacted', 'opened', 'replied'],
  completed: ['contacted', 'completed'],
  bounced: ['contacted', 'bounced'],
  unsubscribed: ['contacted', 'unsubscribed'],
  keepsgoing: ['contacted', 'replied'],
};

const ENGAGEMENT_FILTERS: Record<string, string[]> = {
  FILTER_VAL_CONTACTED: ['bounced', 'clicked', 'completed', 'contacted', 'keepsgoing', 'opened', 'replied', 'unsubscribed'],
  FILTER_VAL_NOT_CONTACTED: ['fresh'],
  FILTER_VAL_COMPLETED: ['completed', 'replied'],
  FILTER_VAL_UNSUBSCRIBED: ['unsubscribed'],
  FILTER_VAL_ACTIVE: ['clicked', 'contacted', 'fresh', 'keepsgoing', 'opened'],
  FILTER_VAL_BOUNCED: ['bounced'],
  FILTER_VAL_OPENED_NO_REPLY: ['clicked', 'opened'],
  FILTER_VAL_COMPLETED_NO_REPLY: ['completed'],
  FILTER_VAL_NO_OPENS: ['bounced', 'completed', 'contacted', 'keepsgoing', 'unsubscribed'],
  FILTER_VAL_REPLIED: ['keepsgoing', 'replied'],
  FILTER_VAL_LINK_CLICKED: ['clicked'],
};

const names = (page: LeadPage) => emailsOf(page).map((e) => (e ?? '').split('@')[0] ?? '').sort();

forEachEngine((h) => {
  describe('happy path', () => {
    test('every filter engagement makes reachable selects exactly the leads whose events put them there', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const keepsGoing = await newCampaign(h, ws.key, { stop_on_reply: false });
      const events: Record<string, unknown>[] = [];
      for (const [name, history] of Object.entries(HISTORIES)) {
        const lead = await addLead(h, ws.key, { campaign: name === 'keepsgoing' ? keepsGoing.id : campaign.id, email: `${name}@example.com` });
        history.forEach((type, index) => events.push({ lead_id: lead.id, event_type: type, timestamp: at(index + 1), step: 1 }));
      }
      const r = await h.request('POST', '/api/v2/lead-events', { key: ws.key, body: { events } });
      assert.equal(r.status, 200, JSON.stringify(r.body));

      const all = vendorFilterValues();
      for (const filter of all) {
        // The filters on interest, verification, subsequence and skipping hold for none of these leads.
        const expected = ENGAGEMENT_FILTERS[filter] ?? [];
        assert.deepEqual(names(await listPage(h, ws.key, { filter })), expected, filter);
      }
      assert.equal(Object.keys(ENGAGEMENT_FILTERS).filter((filter) => all.includes(filter)).length, 11);
    });

    test('push repliers to my CRM: replies recorded in bulk by e-mail, then paged out with the replied filter', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const emails = Array.from({ length: 30 }, (_, i) => `person${String(i).padStart(2, '0')}@example.com`);
      const added = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { campaign_id: campaign.id, leads: emails.map((email) => ({ email })) } });
      assert.equal(added.body.leads_uploaded, 30);
      const repliers = emails.filter((_, i) => i % 3 === 0);
      const events = [
        ...emails.map((email) => ({ email, campaign: campaign.id, event_type: 'contacted', timestamp: at(1), step: 1 })),
        ...repliers.map((email, i) => ({ email: email.toUpperCase(), event_type: 'replied', timestamp: at(2 + (i % 5)), step: 1, body: 'Sounds good' })),
      ];
      const recorded = await h.request('POST', '/api/v2/lead-events', { key: ws.key, body: { events } });
      assert.deepEqual(recorded.body, { recorded: 40, leads_updated: 30, unsubscribed: 0 });

      // The script: page through the replied filter, pushing each lead it has not pushed yet.
      const pushed: LeadWire[] = [];
      let startingAfter: string | undefined;
      do {
        const page = await listPage(h, ws.key, { campaign: campaign.id, filter: 'FILTER_VAL_REPLIED', limit: 4, ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}) });
        pushed.push(...page.items);
        startingAfter = page.next_starting_after;
      } while (startingAfter !== undefined);
      assert.deepEqual(pushed.map((lead) => lead.email).sort(), repliers);
      for (const lead of pushed) {
        assert.equal(lead.email_reply_count, 1);
        assert.equal(lead.status, 3);
        assert.equal(lead.email_replied_step, 1);
        assert.ok(lead.timestamp_last_reply !== null && lead.timestamp_last_reply !== undefined && lead.timestamp_last_reply >= at(2));
      }
    });
  });
}, describe);
