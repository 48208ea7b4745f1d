/** GET /api/v1/campaigns/{campaign_id}/leads/{lead_id}/message-history (and the lead-only form), filled from recorded engagement. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { assertClientError, createCampaign, v1 } from './smartlead-fixtures.js';

interface History {
  history: { stats_id: string; type: string; from: string; to: string; time: string; subject: string; email_body: string; email_seq_number: string; open_count: number; click_count: number }[];
  messages: { id: string; subject: string; direction: string; sent_at?: string; opened_at?: string; received_at?: string }[];
  from: string;
  to: string;
}

forEachEngine((h) => {
  /** A lead in a campaign, with its v2 id and its Smartlead integer id. */
  async function campaignLead(key: string, email: string) {
    const campaign = await createCampaign(h, key, `Campaign for ${email}`);
    const added = await h.request<{ id: string }>('POST', '/api/v2/leads', { key, body: { campaign: campaign.uuid, email } });
    assert.equal(added.status, 200);
    const found = await v1<{ id: number }>(h, 'GET', `/leads/?email=${encodeURIComponent(email)}`, key);
    return { campaign, leadId: added.body.id, smartleadId: found.body.id };
  }

  describe('happy path', () => {
    test('empty until engagement is recorded, then SENT for each contact and REPLY for each reply, oldest first', async () => {
      const ws = await h.newWorkspace();
      const { campaign, leadId, smartleadId } = await campaignLead(ws.key, 'ada@example.com');
      const path = `/campaigns/${campaign.id}/leads/${smartleadId}/message-history`;
      const empty = await v1<History>(h, 'GET', path, ws.key);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body, { history: [], messages: [], from: '', to: 'ada@example.com' });

      const recorded = await h.request('POST', '/api/v2/lead-events', {
        key: ws.key,
        body: {
          events: [
            { lead_id: leadId, event_type: 'contacted', timestamp: '2026-03-01T09:00:00.000Z', step: 1, from_address: 'sales@acme.test', subject: 'Hello', body: 'First touch' },
            { lead_id: leadId, event_type: 'opened', timestamp: '2026-03-01T10:00:00.000Z', step: 1, count: 3 },
            { lead_id: leadId, event_type: 'clicked', timestamp: '2026-03-01T10:01:00.000Z', step: 1 },
            { lead_id: leadId, event_type: 'contacted', timestamp: '2026-03-04T09:00:00.000Z', step: 2, from_address: 'sales@acme.test', subject: 'Following up' },
            { lead_id: leadId, event_type: 'replied', timestamp: '2026-03-05T09:00:00.000Z', step: 2, subject: 'Re: Following up', body: 'Call me' },
          ],
        },
      });
      assert.equal(recorded.status, 200);
      const full = await v1<History>(h, 'GET', path, ws.key);
      assert.equal(full.status, 200);
      assert.equal(full.body.from, 'sales@acme.test');
      assert.equal(full.body.to, 'ada@example.com');
      assert.deepEqual(
        full.body.history.map(({ type, from, to, time, subject, email_body: body, email_seq_number: seq, open_count: opens, click_count: clicks }) => [type, from, to, time, subject, body, seq, opens, clicks]),
        [
          ['SENT', 'sales@acme.test', 'ada@example.com', '2026-03-01T09:00:00.000Z', 'Hello', 'First touch', '1', 3, 1],
          ['SENT', 'sales@acme.test', 'ada@example.com', '2026-03-04T09:00:00.000Z', 'Following up', '', '2', 0, 0],
          ['REPLY', 'ada@example.com', 'sales@acme.test', '2026-03-05T09:00:00.000Z', 'Re: Following up', 'Call me', '2', 0, 0],
        ],
      );
      // The current reference page's form of the same thread.
      assert.deepEqual(
        full.body.messages.map(({ id: _id, ...message }) => message),
        [
          { subject: 'Hello', direction: 'outbound', sent_at: '2026-03-01T09:00:00.000Z', opened_at: '2026-03-01T10:00:00.000Z' },
          { subject: 'Following up', direction: 'outbound', sent_at: '2026-03-04T09:00:00.000Z' },
          { subject: 'Re: Following up', direction: 'inbound', received_at: '2026-03-05T09:00:00.000Z' },
        ],
      );
      assert.deepEqual(full.body.messages.map((message) => message.id), full.body.history.map((message) => message.stats_id));
      const everywhere = await v1<History>(h, 'GET', `/leads/${smartleadId}/message-history`, ws.key);
      assert.deepEqual(everywhere.body, full.body);
    });
  });

  describe('errors', () => {
    test('an unknown lead or campaign, or the lead in a campaign it is not in, is a 404; a non-integer id a 400', async () => {
      const ws = await h.newWorkspace();
      const { campaign, smartleadId } = await campaignLead(ws.key, 'bo@example.com');
      const other = await createCampaign(h, ws.key, 'Elsewhere');
      assertClientError(await v1(h, 'GET', `/campaigns/${campaign.id}/leads/999999999/message-history`, ws.key), 404, 'Lead 999999999 in campaign');
      assertClientError(await v1(h, 'GET', `/campaigns/999999999/leads/${smartleadId}/message-history`, ws.key), 404, 'Campaign 999999999 not found');
      assertClientError(await v1(h, 'GET', `/campaigns/${other.id}/leads/${smartleadId}/message-history`, ws.key), 404, `Lead ${smartleadId} in campaign ${other.id} not found`);
      assertClientError(await v1(h, 'GET', '/leads/999999999/message-history', ws.key), 404, 'Lead 999999999 not found');
      assertClientError(await v1(h, 'GET', '/leads/abc/message-history', ws.key), 400, 'params/lead_id must be integer');
    });
  });

  describe('security', () => {
    test("another workspace's lead is not found, and the key needs leads:read", async () => {
      const ws = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const { campaign, smartleadId } = await campaignLead(ws.key, 'cy@example.com');
      assertClientError(await v1(h, 'GET', `/leads/${smartleadId}/message-history`, stranger.key), 404);
      assertClientError(await v1(h, 'GET', `/campaigns/${campaign.id}/leads/${smartleadId}/message-history`, stranger.key), 404);
      const campaignsOnly = await h.keyWithScopes(ws.key, ['campaigns:read']);
      assertClientError(await v1(h, 'GET', `/leads/${smartleadId}/message-history`, campaignsOnly), 403);
      assert.deepEqual((await v1(h, 'GET', `/leads/${smartleadId}/message-history`, null)).body, { message: 'Invalid API Key' });
    });
  });
}, describe);
