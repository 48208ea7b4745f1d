import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SubsequenceWire } from '../../src/http/schemas/subsequence.js';
import { type Harness, forEachEngine } from '../support/harness.js';
import { MISSING_ID, badRequest, newCampaign, notFound } from './leads-fixtures.js';

const sequences = [{ steps: [{ type: 'email', delay: 2, variants: [{ subject: 'Following up', body: 'Hi {{firstName}}' }] }] }];
const schedule = { schedules: [{ name: 'Mornings', timing: { from: '09:00', to: '11:00' }, days: { '1': true }, timezone: 'Europe/Belgrade' }] };

async function newSubsequence(h: Harness, key: string, parent: string): Promise<SubsequenceWire> {
  const r = await h.request<SubsequenceWire>('POST', '/api/v2/subsequences', {
    key,
    body: { parent_campaign: parent, name: 'Openers', conditions: { lead_activity: [2], reply_contains: 'yes' }, sequences, subsequence_schedule: schedule, daily_limit: 20 },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** What a duplicate must share with its source: everything but its id, parent, name and timestamps. */
function sharedFields(s: SubsequenceWire) {
  const { id: _id, parent_campaign: _parent, name: _name, timestamp_created: _created, timestamp_leads_updated: _touched, ...rest } = s;
  return rest;
}

forEachEngine((h) => {
  describe('happy path', () => {
    test('duplicates a subsequence into another campaign, with its conditions, steps and schedule', async () => {
      const ws = await h.newWorkspace();
      const [from, to] = [await newCampaign(h, ws.key), await newCampaign(h, ws.key)];
      const source = await newSubsequence(h, ws.key, from.id);
      const r = await h.request<SubsequenceWire>('POST', `/api/v2/subsequences/${source.id}/duplicate`, { key: ws.key, body: { parent_campaign: to.id, name: 'Openers (copy)' } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.notEqual(r.body.id, source.id);
      assert.deepEqual([r.body.parent_campaign, r.body.name], [to.id, 'Openers (copy)']);
      assert.deepEqual(sharedFields(r.body), sharedFields(source));
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences/${r.body.id}`, { key: ws.key })).body, r.body);
      // The source is untouched.
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences/${source.id}`, { key: ws.key })).body, source);
    });

    test('without a name the copy keeps the source\'s; the same campaign is a valid target', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const source = await newSubsequence(h, ws.key, campaign.id);
      const r = await h.request<SubsequenceWire>('POST', `/api/v2/subsequences/${source.id}/duplicate`, { key: ws.key, body: { parent_campaign: campaign.id } });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.parent_campaign, r.body.name], [campaign.id, 'Openers']);
      const page = await h.request<{ items: unknown[] }>('GET', `/api/v2/subsequences?parent_campaign=${campaign.id}`, { key: ws.key });
      assert.equal(page.body.items.length, 2);
    });
  });

  describe('errors and security', () => {
    test('an unknown subsequence or campaign is 404, another workspace\'s too; parent_campaign is required', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const source = await newSubsequence(h, ws.key, campaign.id);
      const theirCampaign = await newCampaign(h, other.key);
      const theirs = await newSubsequence(h, other.key, theirCampaign.id);
      const duplicate = (id: string, body: unknown) => h.request('POST', `/api/v2/subsequences/${id}/duplicate`, { key: ws.key, body });
      assert.deepEqual((await duplicate(MISSING_ID, { parent_campaign: campaign.id })).body, notFound('Subsequence not found'));
      assert.deepEqual((await duplicate(theirs.id, { parent_campaign: campaign.id })).body, notFound('Subsequence not found'));
      assert.deepEqual((await duplicate(source.id, { parent_campaign: theirCampaign.id })).body, notFound('Campaign not found'));
      assert.deepEqual((await duplicate(source.id, {})).body, badRequest("body must have required property 'parent_campaign'"));
      assert.deepEqual((await duplicate(source.id, { parent_campaign: campaign.id, name: '' })).body, badRequest('body/name must NOT have fewer than 1 characters'));
      const reader = await h.keyWithScopes(ws.key, ['subsequences:read']);
      const refused = await h.request('POST', `/api/v2/subsequences/${source.id}/duplicate`, { key: reader, body: { parent_campaign: campaign.id } });
      assert.equal(refused.status, 401);
      assert.match(refused.body.message, /subsequences:create/);
    });
  });
}, describe);
