/**
 * Smartlead v1's per-lead operations (update, delete, pause, resume, unsubscribe, category), the
 * lead's campaigns, the categories, global unsubscribe, campaign creation and the leads export,
 * each checked against the v2 view of the same lead.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Harness } from '../support/harness.js';
import { forEachEngine } from '../support/harness.js';
import { type CampaignAddReply, type CampaignPage, assertClientError, createCampaign, createList, v1 } from './smartlead-fixtures.js';

interface V2Lead {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  phone: string | null;
  website: string | null;
  status: number;
  lt_interest_status?: number | null;
  payload?: Record<string, unknown> | null;
  campaign?: string | null;
  list_id?: string | null;
}

interface Seeded {
  key: string;
  campaign: { uuid: string; id: number };
  /** Smartlead's lead id of each seeded e-mail, from the campaign leads page. */
  leadIds: Map<string, number>;
}

/** A workspace with one campaign holding these e-mails, and their Smartlead lead ids. */
async function seed(h: Harness, emails: readonly string[], name = 'Outreach'): Promise<Seeded> {
  const ws = await h.newWorkspace();
  const campaign = await createCampaign(h, ws.key, name);
  const added = await v1<CampaignAddReply>(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, {
    lead_list: emails.map((email, i) => ({ email, first_name: `First${i}`, company_name: 'Acme', location: 'Berlin', custom_fields: { tier: 'gold' } })),
  });
  assert.equal(added.body.upload_count, emails.length, JSON.stringify(added.body));
  return { key: ws.key, campaign, leadIds: await leadIdsOf(h, ws.key, campaign.id) };
}

async function leadIdsOf(h: Harness, key: string, campaignId: number): Promise<Map<string, number>> {
  const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${campaignId}/leads?limit=100`, key);
  assert.equal(page.status, 200);
  return new Map(page.body.data.map((entry) => [entry.lead.email, entry.lead.id]));
}

function idOf(s: Seeded, email: string): number {
  const id = s.leadIds.get(email);
  assert.ok(id !== undefined, `${email} has a lead id`);
  return id;
}

/** The v2 view of the leads with this e-mail (every campaign and list), oldest first. */
async function v2Rows(h: Harness, key: string, email: string): Promise<V2Lead[]> {
  const r = await h.request<{ items: V2Lead[] }>('POST', '/api/v2/leads/list', { key, body: { search: email, limit: 100 } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((lead) => lead.email?.toLowerCase() === email);
}

async function v2InCampaign(h: Harness, s: Seeded, email: string): Promise<V2Lead> {
  const lead = (await v2Rows(h, s.key, email)).find((row) => row.campaign === s.campaign.uuid);
  assert.ok(lead !== undefined, `${email} is in the campaign`);
  return lead;
}

const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

forEachEngine((h) => {
  describe('update a campaign lead', () => {
    test('changes the person on every row, merges custom fields, answers {ok: true}', async () => {
      const s = await seed(h, ['ada@example.com']);
      const list = await createList(h, s.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, s.key, { leadList: [{ email: 'ada@example.com', first_name: 'Old' }], fileName: 'l.csv' });
      const id = idOf(s, 'ada@example.com');
      const r = await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${id}`, s.key, {
        email: 'ADA@example.com',
        first_name: 'Ada',
        last_name: 'Lovelace',
        phone_number: 5551234,
        website: 'https://analytical.example',
        linkedin_profile: 'https://linkedin.example/ada',
        custom_fields: { title: 'CTO' },
      });
      assert.deepEqual([r.status, r.body], [200, { ok: true }]);
      const rows = await v2Rows(h, s.key, 'ada@example.com');
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.deepEqual([row.first_name, row.last_name, row.phone, row.website], ['Ada', 'Lovelace', '5551234', 'https://analytical.example']);
        assert.equal(row.payload?.title, 'CTO');
        assert.equal(row.payload?.linkedin_profile, 'https://linkedin.example/ada');
      }
      // The campaign row keeps what the update did not name.
      const inCampaign = await v2InCampaign(h, s, 'ada@example.com');
      assert.deepEqual([inCampaign.company_name, inCampaign.payload?.tier, inCampaign.payload?.location], ['Acme', 'gold', 'Berlin']);
    });

    test('another e-mail, a missing e-mail or a bad field is a 400 and changes nothing', async () => {
      const s = await seed(h, ['ada@example.com']);
      const id = idOf(s, 'ada@example.com');
      const path = `/campaigns/${s.campaign.id}/leads/${id}`;
      assertClientError(await v1(h, 'POST', path, s.key, { email: 'eve@example.com', first_name: 'Eve' }), 400, "body/email must be the lead's own e-mail (ada@example.com)");
      assertClientError(await v1(h, 'POST', path, s.key, { first_name: 'Eve' }), 400, "required property 'email'");
      assertClientError(await v1(h, 'POST', path, s.key, { email: 'ada@example.com', custom_fields: { nested: { no: 1 } } }), 400, 'custom_fields');
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).first_name, 'First0');
    });
  });

  describe('pause and resume', () => {
    test('pause sets v2 status 2, resume sets it back to 1; both answer {ok: true, data: "success"}', async () => {
      const s = await seed(h, ['ada@example.com']);
      const id = idOf(s, 'ada@example.com');
      const pause = await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${id}/pause`, s.key);
      assert.deepEqual([pause.status, pause.body], [200, { ok: true, data: 'success' }]);
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, 2);
      const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${s.campaign.id}/leads`, s.key);
      assert.equal(page.body.data[0]?.status, 'PAUSED');
      // Pausing twice is no error.
      assert.equal((await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${id}/pause`, s.key)).status, 200);

      const resume = await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${id}/resume`, s.key, { resume_lead_with_delay_days: 3 });
      assert.deepEqual([resume.status, resume.body], [200, { ok: true, data: 'success' }]);
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, 1);
      // No body at all, as some clients send it.
      assert.equal((await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${id}/resume`, s.key)).status, 200);
    });

    test('a bad delay is a 400; an unsubscribed lead is neither paused nor resumed', async () => {
      const s = await seed(h, ['ada@example.com']);
      const id = idOf(s, 'ada@example.com');
      const base = `/campaigns/${s.campaign.id}/leads/${id}`;
      assertClientError(await v1(h, 'POST', `${base}/resume`, s.key, { resume_lead_with_delay_days: -1 }), 400, 'resume_lead_with_delay_days');
      assertClientError(await v1(h, 'POST', `${base}/resume`, s.key, { resume_lead_with_delay_days: 'soon' }), 400, 'resume_lead_with_delay_days');
      await v1(h, 'POST', `${base}/unsubscribe`, s.key);
      assertClientError(await v1(h, 'POST', `${base}/resume`, s.key), 400, 'is unsubscribed; only an active or paused lead can be resumed');
      assertClientError(await v1(h, 'POST', `${base}/pause`, s.key), 400, 'is unsubscribed; only an active or paused lead can be paused');
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, -2);
    });
  });

  describe('unsubscribe', () => {
    test('in one campaign: v2 status -2 there only, is_unsubscribed on v1', async () => {
      const s = await seed(h, ['ada@example.com', 'bob@example.com']);
      const other = await createCampaign(h, s.key, 'Other');
      await v1(h, 'POST', `/campaigns/${other.id}/leads`, s.key, { lead_list: [{ email: 'ada@example.com' }], settings: { ignore_duplicate_leads_in_other_campaign: true } });
      const r = await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${idOf(s, 'ada@example.com')}/unsubscribe`, s.key);
      assert.deepEqual([r.status, r.body], [200, { ok: true, success: true, message: 'Lead unsubscribed successfully' }]);
      const rows = await v2Rows(h, s.key, 'ada@example.com');
      assert.deepEqual(rows.map((row) => [row.campaign === s.campaign.uuid, row.status]).sort(), [[false, 1], [true, -2]]);
      assert.equal((await v2InCampaign(h, s, 'bob@example.com')).status, 1);
      const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${s.campaign.id}/leads`, s.key);
      const ada = page.body.data.find((entry) => entry.lead.email === 'ada@example.com');
      assert.deepEqual([ada?.status, ada?.lead.is_unsubscribed], ['STOPPED', true]);
    });

    test('everywhere: every campaign and list row of the person, answered {ok: true}', async () => {
      const s = await seed(h, ['ada@example.com']);
      const list = await createList(h, s.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, s.key, { leadList: [{ email: 'ada@example.com' }], fileName: 'l.csv' });
      const r = await v1(h, 'POST', `/leads/${idOf(s, 'ada@example.com')}/unsubscribe`, s.key);
      assert.deepEqual([r.status, r.body], [200, { ok: true }]);
      const rows = await v2Rows(h, s.key, 'ada@example.com');
      assert.deepEqual(rows.map((row) => row.status), [-2, -2]);
      const byEmail = await v1<{ is_unsubscribed: boolean }>(h, 'GET', '/leads/?email=ada@example.com', s.key);
      assert.equal(byEmail.body.is_unsubscribed, true);
      // Again: still {ok: true}, nothing left to change.
      assert.equal((await v1(h, 'POST', `/leads/${idOf(s, 'ada@example.com')}/unsubscribe`, s.key)).status, 200);
    });

    test('campaign add leaves unsubscribed e-mails out unless ignore_unsubscribe_list', async () => {
      const s = await seed(h, ['ada@example.com']);
      await v1(h, 'POST', `/leads/${idOf(s, 'ada@example.com')}/unsubscribe`, s.key);
      const next = await createCampaign(h, s.key, 'Next');
      const body = { lead_list: [{ email: 'Ada@Example.com' }, { email: 'new@example.com' }], settings: { ignore_duplicate_leads_in_other_campaign: true } };
      const skipped = await v1<CampaignAddReply>(h, 'POST', `/campaigns/${next.id}/leads`, s.key, body);
      assert.equal(skipped.status, 200);
      assert.deepEqual(
        [skipped.body.upload_count, skipped.body.unsubscribed_leads, skipped.body.duplicate_count, skipped.body.block_count, skipped.body.already_added_to_campaign],
        [1, ['Ada@Example.com'], 0, 0, 0],
      );
      const forced = await v1<CampaignAddReply>(h, 'POST', `/campaigns/${next.id}/leads`, s.key, { ...body, settings: { ...body.settings, ignore_unsubscribe_list: true } });
      assert.deepEqual([forced.body.upload_count, forced.body.unsubscribed_leads, forced.body.already_added_to_campaign], [1, [], 1]);
      const inNext = (await v2Rows(h, s.key, 'ada@example.com')).filter((row) => row.campaign === next.uuid);
      assert.equal(inNext.length, 1);
    });
  });

  describe('category', () => {
    test('sets lt_interest_status by the documented mapping, clears it with null, pause_lead pauses', async () => {
      const s = await seed(h, ['ada@example.com']);
      const path = `/campaigns/${s.campaign.id}/leads/${idOf(s, 'ada@example.com')}/category`;
      const expected: [number, number][] = [[1, 1], [2, 2], [3, -1], [6, 0], [7, -2], [101, 3], [102, 4], [103, -3], [104, -4]];
      for (const [category, interest] of expected) {
        const r = await v1(h, 'POST', path, s.key, { category_id: category });
        assert.deepEqual([r.status, r.body], [200, { ok: true, data: 'success' }]);
        assert.equal((await v2InCampaign(h, s, 'ada@example.com')).lt_interest_status, interest);
        const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${s.campaign.id}/leads`, s.key);
        assert.equal(page.body.data[0]?.lead_category_id, category);
      }
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, 1);
      await v1(h, 'POST', path, s.key, { category_id: 3, pause_lead: true });
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, 2);
      await v1(h, 'POST', path, s.key, { category_id: null });
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).lt_interest_status ?? null, null);
    });

    test('a category Leadbase does not serve, or none at all, is a 400', async () => {
      const s = await seed(h, ['ada@example.com']);
      const path = `/campaigns/${s.campaign.id}/leads/${idOf(s, 'ada@example.com')}/category`;
      assertClientError(await v1(h, 'POST', path, s.key, { category_id: 4 }), 400, 'body/category_id 4 is not a category Leadbase serves; GET /api/v1/leads/fetch-categories lists them');
      assertClientError(await v1(h, 'POST', path, s.key, {}), 400, "required property 'category_id'");
      assertClientError(await v1(h, 'POST', path, s.key, { category_id: 'hot' }), 400, 'category_id');
    });

    test('fetch-categories lists each category with its sentiment, in id order', async () => {
      const ws = await h.newWorkspace();
      const r = await v1<{ id: number; name: string; sentiment_type: string; created_at: string }[]>(h, 'GET', '/leads/fetch-categories', ws.key);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.map((c) => c.id), [1, 2, 3, 6, 7, 101, 102, 103, 104]);
      assert.deepEqual(r.body[0], { id: 1, name: 'Interested', sentiment_type: 'positive', created_at: '2026-11-28T00:00:00.000Z' });
    });
  });

  describe('delete a campaign lead', () => {
    test('removes the campaign row only; answers {ok: true, message: "success"}', async () => {
      const s = await seed(h, ['ada@example.com', 'bob@example.com']);
      const list = await createList(h, s.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, s.key, { leadList: [{ email: 'ada@example.com' }], fileName: 'l.csv' });
      const id = idOf(s, 'ada@example.com');
      const r = await v1(h, 'DELETE', `/campaigns/${s.campaign.id}/leads/${id}`, s.key);
      assert.deepEqual([r.status, r.body], [200, { ok: true, message: 'success' }]);
      const rows = await v2Rows(h, s.key, 'ada@example.com');
      assert.deepEqual(rows.map((row) => row.campaign ?? null), [null]);
      // Gone from the campaign: a second delete is a 404, and the person keeps their id.
      assertClientError(await v1(h, 'DELETE', `/campaigns/${s.campaign.id}/leads/${id}`, s.key), 404, `Lead ${id} in campaign ${s.campaign.id} not found`);
      const byEmail = await v1<{ id: number }>(h, 'GET', '/leads/?email=ada@example.com', s.key);
      assert.equal(byEmail.body.id, id);
    });
  });

  describe("a lead's campaigns", () => {
    test('every campaign the person is in, as {id, status, name}', async () => {
      const s = await seed(h, ['ada@example.com']);
      const other = await createCampaign(h, s.key, 'Other');
      await v1(h, 'POST', `/campaigns/${other.id}/leads`, s.key, { lead_list: [{ email: 'ada@example.com' }], settings: { ignore_duplicate_leads_in_other_campaign: true } });
      const r = await v1(h, 'GET', `/leads/${idOf(s, 'ada@example.com')}/campaigns`, s.key);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, [
        { id: s.campaign.id, name: 'Outreach', status: 'DRAFTED' },
        { id: other.id, name: 'Other', status: 'DRAFTED' },
      ]);
    });
  });

  describe('not found and other workspaces', () => {
    const operations = (campaignId: number, leadId: number): [string, string, unknown][] => [
      ['POST', `/campaigns/${campaignId}/leads/${leadId}`, { email: 'ada@example.com' }],
      ['DELETE', `/campaigns/${campaignId}/leads/${leadId}`, undefined],
      ['POST', `/campaigns/${campaignId}/leads/${leadId}/pause`, undefined],
      ['POST', `/campaigns/${campaignId}/leads/${leadId}/resume`, {}],
      ['POST', `/campaigns/${campaignId}/leads/${leadId}/unsubscribe`, undefined],
      ['POST', `/campaigns/${campaignId}/leads/${leadId}/category`, { category_id: 1 }],
    ];

    test('an unknown campaign or lead is a 404 naming it', async () => {
      const s = await seed(h, ['ada@example.com']);
      const id = idOf(s, 'ada@example.com');
      const unknownLead = 9_000_000_000;
      for (const [method, path, body] of operations(999_999_999, id)) assertClientError(await v1(h, method, path, s.key, body), 404, 'Campaign 999999999 not found');
      for (const [method, path, body] of operations(s.campaign.id, unknownLead)) assertClientError(await v1(h, method, path, s.key, body), 404, `Lead ${unknownLead} not found`);
      // A lead of the workspace that is not in this campaign.
      const other = await createCampaign(h, s.key, 'Other');
      for (const [method, path, body] of operations(other.id, id)) assertClientError(await v1(h, method, path, s.key, body), 404, `Lead ${id} in campaign ${other.id} not found`);
      assertClientError(await v1(h, 'POST', `/leads/${unknownLead}/unsubscribe`, s.key), 404, `Lead ${unknownLead} not found`);
      assertClientError(await v1(h, 'GET', `/leads/${unknownLead}/campaigns`, s.key), 404, `Lead ${unknownLead} not found`);
      assertClientError(await v1(h, 'GET', '/campaigns/999999999/leads-export', s.key), 404, 'Campaign 999999999 not found');
      // Ids that are not positive integers never reach the store.
      assertClientError(await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/abc/pause`, s.key), 400, 'params/lead_id');
      assertClientError(await v1(h, 'GET', '/leads/0/campaigns', s.key), 400, 'params/lead_id');
    });

    test("another workspace's lead and campaign are not found, and stay as they were", async () => {
      const owner = await seed(h, ['ada@example.com']);
      const stranger = await h.newWorkspace();
      const id = idOf(owner, 'ada@example.com');
      for (const [method, path, body] of operations(owner.campaign.id, id)) assertClientError(await v1(h, method, path, stranger.key, body), 404, 'not found');
      // The stranger's own campaign does not reach the owner's lead either.
      const theirs = await createCampaign(h, stranger.key, 'Theirs');
      for (const [method, path, body] of operations(theirs.id, id)) assertClientError(await v1(h, method, path, stranger.key, body), 404, `Lead ${id} not found`);
      assertClientError(await v1(h, 'POST', `/leads/${id}/unsubscribe`, stranger.key), 404, `Lead ${id} not found`);
      assertClientError(await v1(h, 'GET', `/leads/${id}/campaigns`, stranger.key), 404, `Lead ${id} not found`);
      assertClientError(await v1(h, 'GET', `/campaigns/${owner.campaign.id}/leads-export`, stranger.key), 404, 'not found');
      const lead = await v2InCampaign(h, owner, 'ada@example.com');
      assert.deepEqual([lead.status, lead.first_name, lead.lt_interest_status ?? null], [1, 'First0', null]);
    });

    test('a key without the leads scope may not change a lead', async () => {
      const s = await seed(h, ['ada@example.com']);
      const readOnly = await h.keyWithScopes(s.key, ['leads:read']);
      const r = await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${idOf(s, 'ada@example.com')}/pause`, readOnly);
      assert.equal(r.status, 403);
      assert.equal((await v2InCampaign(h, s, 'ada@example.com')).status, 1);
    });
  });

  describe('campaign creation', () => {
    test('creates a draft campaign that v1 and v2 both show', async () => {
      const ws = await h.newWorkspace();
      const r = await v1<{ ok: true; id: number; name: string; created_at: string }>(h, 'POST', '/campaigns/create', ws.key, { name: 'Q1 Outreach' });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body).sort(), ['created_at', 'id', 'name', 'ok']);
      assert.equal(r.body.name, 'Q1 Outreach');
      const got = await v1<{ id: number; name: string; status: string }>(h, 'GET', `/campaigns/${r.body.id}`, ws.key);
      assert.deepEqual([got.body.name, got.body.status], ['Q1 Outreach', 'DRAFTED']);
      const v2 = await h.request<{ items: { name: string; status: number; campaign_schedule: unknown }[] }>('GET', '/api/v2/campaigns?limit=10', { key: ws.key });
      assert.deepEqual(v2.body.items.map((c) => [c.name, c.status]), [['Q1 Outreach', 0]]);
      // Leads can go in at once.
      const added = await v1<CampaignAddReply>(h, 'POST', `/campaigns/${r.body.id}/leads`, ws.key, { lead_list: [{ email: 'ada@example.com' }] });
      assert.equal(added.body.upload_count, 1);
    });

    test('without a name it is "Untitled Campaign"; a client_id or a bad name is a 400', async () => {
      const ws = await h.newWorkspace();
      const r = await v1<{ name: string }>(h, 'POST', '/campaigns/create', ws.key, {});
      assert.deepEqual([r.status, r.body.name], [200, 'Untitled Campaign']);
      assertClientError(await v1(h, 'POST', '/campaigns/create', ws.key, { name: 'A', client_id: 12 }), 400, 'client_id');
      assertClientError(await v1(h, 'POST', '/campaigns/create', ws.key, { name: 'x'.repeat(5000) }), 400, 'body/name');
      const readOnly = await h.keyWithScopes(ws.key, ['campaigns:read']);
      assert.equal((await v1(h, 'POST', '/campaigns/create', readOnly, { name: 'B' })).status, 403);
    });
  });

  describe('campaign leads export', () => {
    test("a CSV of the campaign's leads with the ids, status and category v1 shows", async () => {
      const s = await seed(h, ['ada@example.com', 'bob@example.com']);
      await v1(h, 'POST', `/campaigns/${s.campaign.id}/leads/${idOf(s, 'bob@example.com')}/category`, s.key, { category_id: 1, pause_lead: true });
      const r = await v1<string>(h, 'GET', `/campaigns/${s.campaign.id}/leads-export`, s.key);
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.equal(r.headers['leadbase-lead-count'], '2');
      const rows = csvRows(r.body);
      assert.deepEqual(Object.keys(rows[0] ?? {}), [
        'id', 'campaign_lead_map_id', 'status', 'category', 'created_at', 'first_name', 'last_name', 'email', 'phone_number',
        'company_name', 'website', 'location', 'custom_fields', 'linkedin_profile', 'company_url', 'is_unsubscribed',
      ]);
      const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${s.campaign.id}/leads`, s.key);
      assert.deepEqual(rows.map((row) => [Number(row.id), Number(row.campaign_lead_map_id), row.email]), page.body.data.map((e) => [e.lead.id, e.campaign_lead_map_id, e.lead.email]));
      assert.deepEqual([rows[1]?.status, rows[1]?.category, rows[0]?.category, rows[0]?.location, rows[0]?.is_unsubscribed], ['PAUSED', 'Interested', '', 'Berlin', 'false']);
      assert.deepEqual(JSON.parse(rows[0]?.custom_fields ?? '{}'), { tier: 'gold' });
    });

    test('an empty campaign is a header line', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key, 'Empty');
      const r = await v1<string>(h, 'GET', `/campaigns/${campaign.id}/leads-export`, ws.key);
      assert.equal(r.status, 200);
      assert.equal(r.body.trim().split('\n').length, 1);
    });
  });
}, describe);
