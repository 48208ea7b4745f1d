import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';

interface RowOutcome {
  index: number;
  outcome: string;
  id: string | null;
  reason: string;
}

async function setup(h: Harness) {
  const ws = await h.newWorkspace();
  const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'List' } });
  const campaign = await h.request('POST', '/api/v2/campaigns', {
    key: ws.key,
    body: { name: 'Campaign', campaign_schedule: { schedules: [{ name: 'W', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] } },
  });
  return { key: ws.key, listId: list.body.id as string, campaignId: campaign.body.id as string };
}

forEachEngine((h) => {
  describe('per-row outcomes (return_outcomes)', () => {
    test('without the flag the answer is exactly the vendor\'s: no outcomes field', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'a@ok.com' }] } });
      assert.equal(r.status, 200);
      assert.equal('outcomes' in r.body, false);
      const off = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'b@ok.com' }], return_outcomes: false } });
      assert.equal('outcomes' in off.body, false);
    });

    test('one entry per lead in request order, every outcome with its id and reason', async () => {
      const s = await setup(h);
      await h.request('POST', '/api/v2/block-lists-entries', { key: s.key, body: { bl_value: 'blocked.com' } });
      await h.request('POST', '/api/v2/block-lists-entries', { key: s.key, body: { bl_value: 'banned@ok.com' } });
      const seeded = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'already@ok.com' }] } });
      const existingId = seeded.body.created_leads[0].id as string;
      const r = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: {
          list_id: s.listId,
          return_outcomes: true,
          leads: [
            { email: 'new@ok.com' },
            {},
            { email: 'not-an-email', first_name: 'Bad' },
            { email: 'NEW@ok.com' },
            { email: 'someone@sub.blocked.com' },
            { email: 'Banned@OK.com' },
            { email: 'Already@ok.com' },
            { first_name: 'Nameonly' },
          ],
        },
      });
      assert.equal(r.status, 200);
      const outcomes = r.body.outcomes as RowOutcome[];
      const created = r.body.created_leads as { index: number; id: string }[];
      const idAt = (index: number) => created.find((c) => c.index === index)?.id;
      assert.deepEqual(outcomes, [
        { index: 0, outcome: 'created', id: idAt(0), reason: 'added to this list' },
        { index: 1, outcome: 'incomplete', id: null, reason: 'a lead added to a list needs at least one of email, first_name or last_name' },
        { index: 2, outcome: 'invalid_email', id: null, reason: '"not-an-email" is not a valid e-mail address' },
        { index: 3, outcome: 'duplicate_email', id: null, reason: 'the same e-mail appears earlier in this request (index 0)' },
        { index: 4, outcome: 'in_blocklist', id: null, reason: 'the domain blocked.com is on the block list' },
        { index: 5, outcome: 'in_blocklist', id: null, reason: 'the e-mail banned@ok.com is on the block list' },
        { index: 6, outcome: 'duplicated_lead', id: existingId, reason: 'already in this list' },
        { index: 7, outcome: 'created', id: idAt(7), reason: 'added to this list' },
      ]);
      // The counters still say the same thing.
      assert.deepEqual([r.body.leads_uploaded, r.body.incomplete_count, r.body.invalid_email_count, r.body.duplicate_email_count, r.body.in_blocklist, r.body.duplicated_leads], [2, 1, 1, 1, 2, 1]);
    });

    test('campaign targets: a lead without an e-mail, and a duplicate the probe did not look for', async () => {
      const s = await setup(h);
      const first = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'x@ok.com' }] } });
      const r = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: { campaign_id: s.campaignId, return_outcomes: true, leads: [{ first_name: 'No e-mail' }, { email: 'X@OK.com' }] },
      });
      assert.deepEqual(r.body.outcomes, [
        { index: 0, outcome: 'invalid_email', id: null, reason: 'a lead added to a campaign needs an e-mail' },
        { index: 1, outcome: 'duplicated_lead', id: first.body.created_leads[0].id, reason: 'already in this campaign' },
      ]);
    });

    test('skipped leads name the flag, where the e-mail was found and the lead found there', async () => {
      const s = await setup(h);
      const inCampaign = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaignId, leads: [{ email: 'c@ok.com' }] } });
      const inList = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'l@ok.com' }] } });
      const other = await h.request('POST', '/api/v2/lead-lists', { key: s.key, body: { name: 'Other' } });
      const leads = [{ email: 'c@ok.com' }, { email: 'l@ok.com' }];
      const byCampaign = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: other.body.id, leads, skip_if_in_campaign: true, return_outcomes: true } });
      assert.deepEqual(byCampaign.body.outcomes[0], {
        index: 0,
        outcome: 'skipped',
        id: inCampaign.body.created_leads[0].id,
        reason: 'skipped: already in a campaign of this workspace (skip_if_in_campaign)',
      });
      assert.equal(byCampaign.body.outcomes[1].outcome, 'created');
      const third = await h.request('POST', '/api/v2/lead-lists', { key: s.key, body: { name: 'Third' } });
      const byWorkspace = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: third.body.id, leads: [{ email: 'l@ok.com' }], skip_if_in_workspace: true, return_outcomes: true } });
      assert.deepEqual(byWorkspace.body.outcomes, [
        { index: 0, outcome: 'skipped', id: inList.body.created_leads[0].id, reason: 'skipped: already in a list of this workspace (skip_if_in_workspace)' },
      ]);
    });

    test('a bad return_outcomes is a 400 naming the field', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.listId, leads: [{ email: 'a@ok.com' }], return_outcomes: 'yes' } });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /return_outcomes/);
    });

    test('the extension is in /openapi.json', async () => {
      const r = await h.request('GET', '/openapi.json');
      const operation = r.body.paths['/api/v2/leads/add'].post;
      assert.ok(operation.requestBody.content['application/json'].schema.properties.return_outcomes);
      const answer = operation.responses['200'].content['application/json'].schema;
      assert.deepEqual(answer.properties.outcomes.items.properties.outcome.enum, [
        'created', 'incomplete', 'invalid_email', 'duplicate_email', 'in_blocklist',
        // Only Smartlead's campaign add asks for it; listed because the outcomes are one list.
        'unsubscribed',
        'skipped', 'duplicated_lead',
      ]);
      assert.match(operation.description, /return_outcomes/);
    });
  });
}, describe);
