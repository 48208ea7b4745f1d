import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type RateLimitSettings, loadConfig } from '../../src/config.js';
import { type App, buildApp } from '../../src/http/app.js';
import { type Harness, forEachEngine } from '../support/harness.js';
import { type BlockEntry, type ErrorReply, assertClientError, countRows, createCampaign, createList, v1 } from './smartlead-fixtures.js';

interface LeadByEmail {
  id: number;
  email: string;
  first_name: string | null;
  company_name: string | null;
  custom_fields: Record<string, unknown>;
  is_unsubscribed: boolean;
  created_at: string;
  lead_campaign_data: { campaign_lead_map_id: number; campaign_id: number; campaign_name: string; status: string; lead_category_id: number | null }[];
}
interface BlockAdded {
  ok: true;
  message: string;
  data: BlockEntry[];
  valid_count: number;
  invalid_count: number;
  invalid_values: string[];
}
interface CampaignPage {
  data: { campaign_lead_map_id: number; lead: { id: number } }[];
}

/** The app as server.ts builds it, with the rate limit loadConfig read from the environment. */
async function appWithRateLimit(h: Harness, smartleadRateLimit: RateLimitSettings | false): Promise<App> {
  const { db, engine, instance } = h.store;
  return buildApp({ db, engine, adminKeyHash: instance.adminKeyHash, defaultWorkspaceId: instance.defaultWorkspaceId, smartleadRateLimit });
}

forEachEngine((h) => {
  describe('lead by e-mail', () => {
    test('finds the person in every campaign, with the ids the campaign pages show', async () => {
      const ws = await h.newWorkspace();
      const a = await createCampaign(h, ws.key, 'Alpha');
      const b = await createCampaign(h, ws.key, 'Beta');
      await v1(h, 'POST', `/campaigns/${a.id}/leads`, ws.key, { lead_list: [{ email: 'ada@example.com', first_name: 'Ada', custom_fields: { tier: 'gold' } }] });
      await v1(h, 'POST', `/campaigns/${b.id}/leads`, ws.key, { lead_list: [{ email: 'ada@example.com', first_name: 'Ada' }], settings: { ignore_duplicate_leads_in_other_campaign: true } });
      const list = await createList(h, ws.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, ws.key, { leadList: [{ email: 'ada@example.com' }], fileName: 'l.csv' });

      const r = await v1<LeadByEmail>(h, 'GET', '/leads/?email=ADA%40example.com', ws.key);
      assert.equal(r.status, 200);
      assert.equal(r.body.email, 'ada@example.com');
      assert.equal(r.body.first_name, 'Ada');
      assert.deepEqual(r.body.lead_campaign_data.map((c) => [c.campaign_id, c.campaign_name, c.status]), [[a.id, 'Alpha', 'STARTED'], [b.id, 'Beta', 'STARTED']]);
      const pageA = await v1<CampaignPage>(h, 'GET', `/campaigns/${a.id}/leads`, ws.key);
      assert.equal(pageA.body.data[0]?.lead.id, r.body.id);
      assert.equal(pageA.body.data[0]?.campaign_lead_map_id, r.body.lead_campaign_data[0]?.campaign_lead_map_id);
      // Both spellings of the path work.
      const noSlash = await v1<LeadByEmail>(h, 'GET', '/leads?email=ada@example.com', ws.key);
      assert.equal(noSlash.body.id, r.body.id);
    });

    test('an unknown e-mail, or one in another workspace, is {} with 200', async () => {
      const owner = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const list = await createList(h, owner.key);
      await v1(h, 'POST', `/lead-list/${list}/import`, owner.key, { leadList: [{ email: 'private@example.com' }], fileName: 'l.csv' });
      for (const [key, email] of [[owner.key, 'nobody@example.com'], [stranger.key, 'private@example.com']] as const) {
        const r = await v1(h, 'GET', `/leads/?email=${email}`, key);
        assert.deepEqual([r.status, r.body], [200, {}]);
      }
      const found = await v1<LeadByEmail>(h, 'GET', '/leads/?email=private@example.com', owner.key);
      assert.deepEqual(found.body.lead_campaign_data, []);
    });

    test('a missing or malformed e-mail is a 400', async () => {
      const ws = await h.newWorkspace();
      assertClientError(await v1(h, 'GET', '/leads/', ws.key), 400, "required property 'email'");
      assertClientError(await v1(h, 'GET', '/leads/?email=nope', ws.key), 400, 'querystring/email must be an e-mail address');
    });
  });

  describe('domain block list', () => {
    test('adds e-mails and domains to the v2 block list and pages them back', async () => {
      const ws = await h.newWorkspace();
      const r = await v1<BlockAdded>(h, 'POST', '/leads/add-domain-block-list', ws.key, { domain_block_list: ['Spam.com', 'boss@corp.example', 'spam.com', 'not a domain'] });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.data.map((e) => e.email_or_domain), ['spam.com', 'boss@corp.example']);
      assert.deepEqual([r.body.valid_count, r.body.invalid_count, r.body.invalid_values], [3, 1, ['not a domain']]);
      const v2 = await h.request<{ items: { bl_value: string }[] }>('GET', '/api/v2/block-lists-entries', { key: ws.key });
      assert.deepEqual(v2.body.items.map((e) => e.bl_value), ['spam.com', 'boss@corp.example']);

      const page = await v1<BlockEntry[]>(h, 'GET', '/leads/get-domain-block-list?offset=1&limit=1', ws.key);
      assert.deepEqual(page.body.map((e) => e.email_or_domain), ['boss@corp.example']);
      assert.deepEqual(Object.keys(page.body[0] ?? {}).sort(), ['created_at', 'email_or_domain', 'id', 'source']);
      const filtered = await v1<BlockEntry[]>(h, 'GET', '/leads/get-domain-block-list?filter_email_or_domain=SPAM', ws.key);
      assert.deepEqual(filtered.body.map((e) => e.email_or_domain), ['spam.com']);
    });

    test('bad input is a 400 and nothing is written; entries are per workspace', async () => {
      const ws = await h.newWorkspace();
      assertClientError(await v1(h, 'POST', '/leads/add-domain-block-list', ws.key, {}), 400, "required property 'domain_block_list'");
      assertClientError(await v1(h, 'POST', '/leads/add-domain-block-list', ws.key, { domain_block_list: [] }), 400, 'must NOT have fewer than 1 items');
      assertClientError(await v1(h, 'POST', '/leads/add-domain-block-list', ws.key, { domain_block_list: 'spam.com' }), 400, 'must be array');
      assertClientError(await v1(h, 'GET', '/leads/get-domain-block-list?limit=1001', ws.key), 400, 'querystring/limit');
      assert.equal(await countRows(h, 'block_list_entries', ws.id), 0);
      const other = await h.newWorkspace();
      await v1(h, 'POST', '/leads/add-domain-block-list', other.key, { domain_block_list: ['other.com'] });
      assert.deepEqual((await v1<BlockEntry[]>(h, 'GET', '/leads/get-domain-block-list', ws.key)).body, []);
    });
  });

  describe('rate limit', () => {
    test('a key over its limit gets 429 with Retry-After; other keys are not affected', async () => {
      const app = await appWithRateLimit(h, loadConfig({ LEADBASE_SMARTLEAD_RATE_LIMIT_MAX: '3', LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS: '60' }).smartleadRateLimit);
      try {
        const ws = await h.newWorkspace();
        const other = await h.newWorkspace();
        const get = (key: string) => app.inject({ method: 'GET', url: `/api/v1/lead-list/?api_key=${key}` });
        for (let i = 0; i < 3; i++) assert.equal((await get(ws.key)).statusCode, 200);
        const limited = await get(ws.key);
        assert.equal(limited.statusCode, 429);
        const retryAfter = Number(limited.headers['retry-after']);
        assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${String(limited.headers['retry-after'])}`);
        const body = limited.json<ErrorReply>();
        assert.equal(body.error, 'Too Many Requests');
        assert.match(body.message, /3 requests every 60 seconds/);
        assert.equal((await get(other.key)).statusCode, 200);
        // v2 is not limited by the v1 plugin.
        const v2 = await app.inject({ method: 'GET', url: '/api/v2/lead-lists', headers: { authorization: `Bearer ${ws.key}` } });
        assert.equal(v2.statusCode, 200);
      } finally {
        await app.close();
      }
    });
  });
}, describe);
