import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { type Campaign, type CampaignAddReply, type CampaignPage, assertClientError, countRows, createCampaign, createList, people, v1 } from './smartlead-fixtures.js';

const ALL_FIELDS = [
  'already_added_to_campaign',
  'block_count',
  'bounce_count',
  'duplicate_count',
  'invalid_email_count',
  'invalid_emails',
  'is_lead_limit_exhausted',
  'lead_import_stopped_count',
  'ok',
  'total_leads',
  'unsubscribed_leads',
  'upload_count',
];

const addTo = (h: Parameters<typeof v1>[0], key: string, id: number, body: unknown) => v1<CampaignAddReply>(h, 'POST', `/campaigns/${id}/leads`, key, body);

/** The counters every lead lands in exactly one of. */
const sumOf = (r: CampaignAddReply) => r.upload_count + r.block_count + r.duplicate_count + r.invalid_email_count + r.already_added_to_campaign;

forEachEngine((h) => {
  describe('campaigns', () => {
    test('a v2 campaign has a stable integer id in v1', async () => {
      const ws = await h.newWorkspace();
      const { id, uuid } = await createCampaign(h, ws.key, 'Outreach');
      const r = await v1<Campaign>(h, 'GET', `/campaigns/${id}`, ws.key);
      assert.equal(r.status, 200);
      assert.deepEqual({ id: r.body.id, name: r.body.name, status: r.body.status }, { id, name: 'Outreach', status: 'DRAFTED' });
      const v2 = await h.request('GET', `/api/v2/campaigns/${uuid}`, { key: ws.key });
      assert.equal(JSON.stringify(v2.body).includes('smartlead'), false);
      const stranger = await h.newWorkspace();
      assertClientError(await v1(h, 'GET', `/campaigns/${id}`, stranger.key), 404, `Campaign ${id} not found`);
      assert.deepEqual((await v1<Campaign[]>(h, 'GET', '/campaigns', stranger.key)).body, []);
    });
  });

  describe('adding leads', () => {
    test('answers every counter Smartlead clients read; leads land in the v2 campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      const r = await addTo(h, ws.key, campaign.id, {
        lead_list: [
          { email: 'ada@example.com', first_name: 'Ada', company_name: 'Engines', phone_number: '+44 1', custom_fields: { tier: 'gold' } },
          { email: 'ADA@example.com' },
          { email: 'broken' },
          { first_name: 'No e-mail' },
        ],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(Object.keys(r.body).sort(), ALL_FIELDS);
      assert.deepEqual(r.body, {
        ok: true,
        upload_count: 1,
        total_leads: 4,
        block_count: 0,
        duplicate_count: 1,
        invalid_email_count: 2,
        invalid_emails: ['broken', ''],
        already_added_to_campaign: 0,
        unsubscribed_leads: [],
        is_lead_limit_exhausted: false,
        lead_import_stopped_count: 0,
        bounce_count: 0,
      });
      const v2 = await h.request<{ items: { email: string; campaign: string }[] }>('POST', '/api/v2/leads/list', { key: ws.key, body: { campaign: campaign.uuid } });
      assert.deepEqual(v2.body.items.map((l) => [l.email, l.campaign]), [['ada@example.com', campaign.uuid]]);
    });

    test('a lead already in this campaign is already_added, one in another campaign a duplicate unless ignored', async () => {
      const ws = await h.newWorkspace();
      const first = await createCampaign(h, ws.key, 'First');
      const second = await createCampaign(h, ws.key, 'Second');
      await addTo(h, ws.key, first.id, { lead_list: [{ email: 'a@example.com' }, { email: 'b@example.com' }] });
      // Being in a list does not count: lists and campaigns are separate in Smartlead too.
      const list = await createList(h, ws.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, ws.key, { leadList: [{ email: 'c@example.com' }], fileName: 'l.csv' });

      const again = await addTo(h, ws.key, first.id, { lead_list: [{ email: 'a@example.com' }, { email: 'c@example.com' }] });
      assert.deepEqual([again.body.upload_count, again.body.already_added_to_campaign, again.body.duplicate_count], [1, 1, 0]);

      const strict = await addTo(h, ws.key, second.id, { lead_list: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'd@example.com' }] });
      assert.deepEqual([strict.body.upload_count, strict.body.duplicate_count, strict.body.already_added_to_campaign], [1, 2, 0]);

      const lenient = await addTo(h, ws.key, second.id, {
        lead_list: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'd@example.com' }],
        settings: { ignore_duplicate_leads_in_other_campaign: true },
      });
      assert.deepEqual([lenient.body.upload_count, lenient.body.duplicate_count, lenient.body.already_added_to_campaign], [2, 0, 1]);
      for (const r of [again, strict, lenient]) assert.equal(sumOf(r.body), r.body.total_leads);
    });

    test('the block list applies unless ignore_global_block_list; the other two flags are accepted', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      await v1(h, 'POST', '/leads/add-domain-block-list', ws.key, { domain_block_list: ['blocked.com'] });
      const rows = [{ email: 'x@blocked.com' }, { email: 'ok@example.com' }];
      const checked = await addTo(h, ws.key, campaign.id, { lead_list: rows, settings: { ignore_unsubscribe_list: true, ignore_community_bounce_list: false } });
      assert.deepEqual([checked.body.block_count, checked.body.upload_count], [1, 1]);
      const ignored = await addTo(h, ws.key, campaign.id, { lead_list: rows, settings: { ignore_global_block_list: true } });
      assert.deepEqual([ignored.body.block_count, ignored.body.upload_count, ignored.body.already_added_to_campaign], [0, 1, 1]);
    });

    test('bad input is a 400 with message and error, and nothing is written', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      const cases: [unknown, string][] = [
        [{}, "required property 'lead_list'"],
        [{ lead_list: [] }, 'body/lead_list must NOT have fewer than 1 items'],
        [{ lead_list: people(401) }, 'body/lead_list must NOT have more than 400 items'],
        [{ lead_list: [{ email: ['a@example.com'] }] }, 'body/lead_list/0/email'],
        [{ lead_list: people(1), settings: { ignore_global_block_list: 'yes' } }, 'body/settings/ignore_global_block_list must be boolean'],
      ];
      for (const [body, message] of cases) assertClientError(await addTo(h, ws.key, campaign.id, body), 400, message);
      assert.equal(await countRows(h, 'leads', ws.id), 0);
    });

    test("another workspace's campaign is a 404 and nothing is written", async () => {
      const owner = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const campaign = await createCampaign(h, owner.key);
      assertClientError(await addTo(h, stranger.key, campaign.id, { lead_list: people(2) }), 404, `Campaign ${campaign.id} not found`);
      assertClientError(await v1(h, 'GET', `/campaigns/${campaign.id}/leads`, stranger.key), 404);
      assert.equal(await countRows(h, 'leads', stranger.id), 0);
      assert.equal(await countRows(h, 'leads', owner.id), 0);
    });

    test('over the lead allowance: nothing is written and the answer says the import stopped', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      await h.store.db.updateTable('workspaces').set({ lead_allowance: 2 }).where('id', '=', ws.id).execute();
      const r = await addTo(h, ws.key, campaign.id, { lead_list: people(3) });
      assert.equal(r.status, 200);
      assert.deepEqual(
        [r.body.is_lead_limit_exhausted, r.body.lead_import_stopped_count, r.body.upload_count, r.body.total_leads],
        [true, 3, 0, 3],
      );
      assert.equal(typeof r.body.message, 'string');
      assert.equal(await countRows(h, 'leads', ws.id), 0);
    });
  });

  describe('listing leads', () => {
    test('pages by offset and limit with Smartlead\'s nested shape; total_leads is a string', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      await addTo(h, ws.key, campaign.id, {
        lead_list: [
          { email: 'ada@example.com', first_name: 'Ada', last_name: 'L', company_name: 'Engines', phone_number: '+44 1', website: 'engines.example', location: 'London', linkedin_profile: 'li/ada', company_url: 'engines.example', custom_fields: { tier: 'gold' } },
          ...people(4),
        ],
      });
      const page = await v1<CampaignPage>(h, 'GET', `/campaigns/${campaign.id}/leads?offset=0&limit=2`, ws.key);
      assert.equal(page.status, 200);
      assert.deepEqual([page.body.total_leads, page.body.offset, page.body.limit, page.body.data.length], ['5', 0, 2, 2]);
      const first = page.body.data[0];
      assert.ok(first !== undefined);
      assert.deepEqual(Object.keys(first).sort(), ['campaign_lead_map_id', 'created_at', 'lead', 'lead_category_id', 'status']);
      assert.equal(first.status, 'STARTED');
      assert.equal(first.lead_category_id, null);
      const { id, ...lead } = first.lead;
      assert.ok(Number.isInteger(id));
      assert.deepEqual(lead, {
        first_name: 'Ada',
        last_name: 'L',
        email: 'ada@example.com',
        phone_number: '+44 1',
        company_name: 'Engines',
        website: 'engines.example',
        location: 'London',
        linkedin_profile: 'li/ada',
        company_url: 'engines.example',
        custom_fields: { tier: 'gold' },
        is_unsubscribed: false,
        unsubscribed_client_id_map: null,
      });

      const rest = await v1<CampaignPage>(h, 'GET', `/campaigns/${campaign.id}/leads?offset=2&limit=100`, ws.key);
      assert.deepEqual(rest.body.data.map((d) => d.lead.email), ['person1@example.com', 'person2@example.com', 'person3@example.com']);
      // Ids are stable from one read to the next.
      const again = await v1<CampaignPage>(h, 'GET', `/campaigns/${campaign.id}/leads`, ws.key);
      assert.deepEqual(again.body.data.slice(0, 2).map((d) => [d.campaign_lead_map_id, d.lead.id]), page.body.data.map((d) => [d.campaign_lead_map_id, d.lead.id]));
      assert.equal(again.body.limit, 100);
    });

    test('one person keeps one lead id across campaigns; each membership has its own map id', async () => {
      const ws = await h.newWorkspace();
      const a = await createCampaign(h, ws.key, 'A');
      const b = await createCampaign(h, ws.key, 'B');
      await addTo(h, ws.key, a.id, { lead_list: [{ email: 'ada@example.com' }] });
      await addTo(h, ws.key, b.id, { lead_list: [{ email: 'Ada@Example.com' }], settings: { ignore_duplicate_leads_in_other_campaign: true } });
      const inA = (await v1<CampaignPage>(h, 'GET', `/campaigns/${a.id}/leads`, ws.key)).body.data[0];
      const inB = (await v1<CampaignPage>(h, 'GET', `/campaigns/${b.id}/leads`, ws.key)).body.data[0];
      assert.ok(inA !== undefined && inB !== undefined);
      assert.equal(inA.lead.id, inB.lead.id);
      assert.notEqual(inA.campaign_lead_map_id, inB.campaign_lead_map_id);
    });

    test('bad paging is a 400', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      assertClientError(await v1(h, 'GET', `/campaigns/${campaign.id}/leads?limit=101`, ws.key), 400, 'querystring/limit');
      assertClientError(await v1(h, 'GET', `/campaigns/${campaign.id}/leads?offset=x`, ws.key), 400, 'querystring/offset');
      assertClientError(await v1(h, 'GET', '/campaigns/x/leads', ws.key), 400, 'params/id');
    });
  });
}, describe);
