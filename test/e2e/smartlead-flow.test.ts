/**
 * A Smartlead script against a fresh Leadbase server (the built server as a child process, over
 * real HTTP), changing nothing but its base URL: create a list, import twice, read the counters,
 * list the leads; add some to a campaign and page them back. The counts must agree with the
 * v2 view of the same leads.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase } from '../support/postgres-database.js';
import { fetchChecked } from '../support/http-contract.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'e2e-smartlead-admin-key-0123456789';
const TIMEOUT_MS = 240_000;
interface Counters {
  total_leads: number;
  imported: number;
  duplicates: number;
  blocked: number;
}
interface SmartleadList {
  id: number;
  name: string;
  lead_count: number;
}
interface CampaignLeads {
  total_leads: string;
  data: { campaign_lead_map_id: number; lead: { id: number; email: string; company_name: string | null } }[];
}

/** What Smartlead clients do: the key in the query string, JSON bodies, `message || error` on failure. */
class SmartleadClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    url.searchParams.set('api_key', this.apiKey);
    const { response, body: data } = await fetchChecked(url.origin, `${url.pathname}${url.search}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const failure = data as { message?: string; error?: string };
      throw new Error(`Smartlead API ${response.status}: ${failure.message ?? failure.error ?? ''}`);
    }
    return data as T;
  }

  createLeadList = async (listName: string) => (await this.call<{ data: SmartleadList }>('POST', '/lead-list/', { listName })).data;
  getLeadList = async (id: number) => (await this.call<{ data: SmartleadList }>('GET', `/lead-list/${id}`)).data;
  importLeads = async (id: number, leadList: unknown[], fileName: string) =>
    (await this.call<{ ok: boolean; data: Counters }>('POST', `/lead-list/${id}/import`, { leadList, fileName, csvSettings: { ignoreGlobalBlockList: false } })).data;
  blockDomains = (domains: string[]) => this.call<{ ok: boolean }>('POST', '/leads/add-domain-block-list', { domain_block_list: domains });
  listCampaigns = () => this.call<{ id: number; name: string }[]>('GET', '/campaigns/');
  addLeadsToCampaign = (id: number, leadList: unknown[]) => this.call<Record<string, unknown>>('POST', `/campaigns/${id}/leads`, { lead_list: leadList, settings: {} });
  campaignLeads = (id: number, offset: number, limit: number) => this.call<CampaignLeads>('GET', `/campaigns/${id}/leads?offset=${offset}&limit=${limit}`);
  leadByEmail = (email: string) => this.call<{ id?: number; lead_campaign_data?: unknown[] }>('GET', `/leads/?email=${encodeURIComponent(email)}`);
  // The Smartlead CLI's campaign-lead commands, each as the wire shape its reference page gives.
  createCampaign = (name: string) => this.call<{ ok: boolean; id: number; name: string }>('POST', '/campaigns/create', { name });
  updateLead = (campaignId: number, leadId: number, fields: Record<string, unknown>) => this.call<{ ok: boolean }>('POST', `/campaigns/${campaignId}/leads/${leadId}`, fields);
  pauseLead = (campaignId: number, leadId: number) => this.call<{ ok: boolean; data: string }>('POST', `/campaigns/${campaignId}/leads/${leadId}/pause`);
  resumeLead = (campaignId: number, leadId: number, days?: number) =>
    this.call<{ ok: boolean; data: string }>('POST', `/campaigns/${campaignId}/leads/${leadId}/resume`, days === undefined ? undefined : { resume_lead_with_delay_days: days });
  unsubscribeLead = (campaignId: number, leadId: number) => this.call<{ success: boolean; message: string }>('POST', `/campaigns/${campaignId}/leads/${leadId}/unsubscribe`);
  setCategory = (campaignId: number, leadId: number, categoryId: number | null, pauseLead = false) =>
    this.call<{ ok: boolean }>('POST', `/campaigns/${campaignId}/leads/${leadId}/category`, { category_id: categoryId, pause_lead: pauseLead });
  fetchCategories = () => this.call<{ id: number; name: string }[]>('GET', '/leads/fetch-categories');
  deleteLead = (campaignId: number, leadId: number) => this.call<{ ok: boolean; message: string }>('DELETE', `/campaigns/${campaignId}/leads/${leadId}`);
  leadCampaigns = (leadId: number) => this.call<{ id: number; name: string; status: string }[]>('GET', `/leads/${leadId}/campaigns`);
  exportLeads = (campaignId: number) => this.call<string>('GET', `/campaigns/${campaignId}/leads-export`);
}

interface V2LeadView {
  id: string;
  email: string;
  first_name: string | null;
  status: number;
  lt_interest_status?: number | null;
  payload?: Record<string, unknown> | null;
}

/** The campaign's lead with this e-mail as v2 shows it, or undefined when it is not there. */
async function v2LeadInCampaign(base: string, key: string, campaign: string, email: string): Promise<V2LeadView | undefined> {
  const page = await httpJson<{ items: V2LeadView[] }>(base, key, 'POST', '/api/v2/leads/list', { campaign, search: email, limit: 10 });
  assert.equal(page.status, 200);
  const found = page.body.items.find((lead) => lead.email === email);
  if (found === undefined) return undefined;
  // The single-lead read shows the same fields.
  const single = await httpJson<V2LeadView>(base, key, 'GET', `/api/v2/leads/${found.id}`);
  assert.equal(single.status, 200);
  return single.body;
}

const row = (i: number, domain = 'prospects.example') => ({ email: `lead${i}@${domain}`, first_name: `Lead${i}`, company: `Company ${i}`, phone_number: `+1 555 ${i}`, custom_fields: { source_row: i } });

async function freshStore(engine: 'pglite' | 'postgres'): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'leadbase-smartlead-'));
    return { env: { LEADBASE_DATA_DIR: dir, DATABASE_URL: '' }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createTestDatabase('leadbase_smartlead');
  return { env: { DATABASE_URL: database.url }, dispose: database.drop };
}

/** Every lead of a list or campaign as v2 shows them. */
async function v2Emails(base: string, key: string, filter: { list_id: string } | { campaign: string }): Promise<string[]> {
  const emails: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await httpJson<{ items: { email: string }[]; next_starting_after?: string }>(base, key, 'POST', '/api/v2/leads/list', {
      ...filter,
      limit: 100,
      ...(cursor === undefined ? {} : { starting_after: cursor }),
    });
    assert.equal(page.status, 200);
    emails.push(...page.body.items.map((l) => l.email));
    cursor = page.body.next_starting_after;
  } while (cursor !== undefined);
  return emails.sort();
}

for (const engine of ['pglite', 'postgres'] as const) {
  describe(`a Smartlead script against a fresh server (${engine})`, { timeout: TIMEOUT_MS }, () => {
    let server: ServerProcess | undefined;
    let store: Awaited<ReturnType<typeof freshStore>> | undefined;

    before(async () => {
      store = await freshStore(engine);
      server = await startServerProcess({ ...store.env, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_WORKER: 'off' });
    });
    after(async () => {
      if (server !== undefined) await stopServerProcess(server);
      await store?.dispose();
    });

    test('create a list, import twice, read the counters, list the leads; then a campaign', async () => {
      assert.ok(server !== undefined);
      const base = server.base;
      const ws = await httpJson<{ api_key: { key: string } }>(base, ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Smartlead user' });
      assert.equal(ws.status, 200);
      const key = ws.body.api_key.key;
      const smartlead = new SmartleadClient(`${base}/api/v1`, key);

      await smartlead.blockDomains(['competitor.example']);
      const list = await smartlead.createLeadList('Q1 prospects');
      assert.deepEqual([list.name, list.lead_count], ['Q1 prospects', 0]);

      const first = await smartlead.importLeads(list.id, Array.from({ length: 50 }, (_, i) => row(i)), 'q1-part-1.csv');
      assert.deepEqual(first, { ...first, total_leads: 50, imported: 50, duplicates: 0, blocked: 0 });

      // 20 already imported, 10 new, 2 repeated within the file, 3 blocked, 1 without an e-mail.
      const second = await smartlead.importLeads(
        list.id,
        [
          ...Array.from({ length: 20 }, (_, i) => row(i)),
          ...Array.from({ length: 10 }, (_, i) => row(50 + i)),
          row(50),
          row(51),
          ...Array.from({ length: 3 }, (_, i) => row(i, 'competitor.example')),
          { first_name: 'No e-mail' },
        ],
        'q1-part-2.csv',
      );
      assert.deepEqual(second, { ...second, total_leads: 36, imported: 10, duplicates: 22, blocked: 3 });

      assert.equal((await smartlead.getLeadList(list.id)).lead_count, 60);

      // The same leads through v2.
      const v2Lists = await httpJson<{ items: { id: string; name: string }[] }>(base, key, 'GET', '/api/v2/lead-lists');
      const listUuid = v2Lists.body.items.find((l) => l.name === 'Q1 prospects')?.id;
      assert.ok(listUuid !== undefined);
      const inList = await v2Emails(base, key, { list_id: listUuid });
      assert.deepEqual(inList, Array.from({ length: 60 }, (_, i) => `lead${i}@prospects.example`).sort());

      // A campaign made by the operator in v2, filled and read by the script in v1.
      const campaign = await httpJson<{ id: string }>(base, key, 'POST', '/api/v2/campaigns', {
        name: 'Q1 outreach',
        campaign_schedule: { schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] },
      });
      assert.equal(campaign.status, 200);
      const campaignId = (await smartlead.listCampaigns()).find((c) => c.name === 'Q1 outreach')?.id;
      assert.ok(campaignId !== undefined);
      const added = await smartlead.addLeadsToCampaign(campaignId, Array.from({ length: 45 }, (_, i) => row(i)));
      assert.deepEqual([added.upload_count, added.total_leads, added.duplicate_count, added.already_added_to_campaign], [45, 45, 0, 0]);

      const paged: CampaignLeads['data'] = [];
      for (let offset = 0; ; offset += 20) {
        const page = await smartlead.campaignLeads(campaignId, offset, 20);
        assert.equal(page.total_leads, '45');
        paged.push(...page.data);
        if (page.data.length < 20) break;
      }
      assert.equal(paged.length, 45);
      assert.equal(new Set(paged.map((p) => p.campaign_lead_map_id)).size, 45);
      assert.equal(paged[0]?.lead.company_name, 'Company 0');
      assert.deepEqual(paged.map((p) => p.lead.email).sort(), await v2Emails(base, key, { campaign: campaign.body.id }));

      const person = await smartlead.leadByEmail('lead0@prospects.example');
      assert.equal(person.id, paged[0]?.lead.id);
      assert.equal(person.lead_campaign_data?.length, 1);
      assert.deepEqual(await smartlead.leadByEmail('nobody@prospects.example'), {});
      await assert.rejects(smartlead.getLeadList(list.id + 1000), /Smartlead API 404: Lead list \d+ not found/);
    });

    test("the CLI's campaign-lead commands, each checked in the v2 view of the same lead", async () => {
      assert.ok(server !== undefined);
      const base = server.base;
      const ws = await httpJson<{ api_key: { key: string } }>(base, ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Smartlead CLI user' });
      const key = ws.body.api_key.key;
      const smartlead = new SmartleadClient(`${base}/api/v1`, key);

      const created = await smartlead.createCampaign('CLI outreach');
      assert.deepEqual([created.ok, created.name], [true, 'CLI outreach']);
      const v2Campaigns = await httpJson<{ items: { id: string; name: string }[] }>(base, key, 'GET', '/api/v2/campaigns');
      const campaignUuid = v2Campaigns.body.items.find((c) => c.name === 'CLI outreach')?.id;
      assert.ok(campaignUuid !== undefined);
      await smartlead.addLeadsToCampaign(created.id, [row(1), row(2)]);
      const page = await smartlead.campaignLeads(created.id, 0, 100);
      const leadId = page.data.find((entry) => entry.lead.email === 'lead1@prospects.example')?.lead.id;
      assert.ok(leadId !== undefined);
      const email = 'lead1@prospects.example';
      const view = async () => {
        const lead = await v2LeadInCampaign(base, key, campaignUuid, email);
        assert.ok(lead !== undefined, 'the lead is in the campaign');
        return lead;
      };

      assert.deepEqual(await smartlead.updateLead(created.id, leadId, { email, first_name: 'Grace', custom_fields: { title: 'Admiral' } }), { ok: true });
      const updated = await view();
      assert.deepEqual([updated.first_name, updated.payload?.title, updated.payload?.source_row], ['Grace', 'Admiral', 1]);

      assert.deepEqual(await smartlead.pauseLead(created.id, leadId), { ok: true, data: 'success' });
      assert.equal((await view()).status, 2);
      assert.deepEqual(await smartlead.resumeLead(created.id, leadId, 2), { ok: true, data: 'success' });
      assert.equal((await view()).status, 1);

      const categories = await smartlead.fetchCategories();
      const interested = categories.find((c) => c.name === 'Interested')?.id;
      assert.ok(interested !== undefined);
      await smartlead.setCategory(created.id, leadId, interested);
      assert.equal((await view()).lt_interest_status, 1);
      assert.deepEqual((await smartlead.leadCampaigns(leadId)).map((c) => c.name), ['CLI outreach']);

      const exported = await smartlead.exportLeads(created.id);
      const lines = exported.trim().split('\n');
      assert.equal(lines.length, 3);
      assert.ok(lines.some((line) => line.startsWith(`${leadId},`) && line.includes('Interested') && line.includes(email)), exported);

      assert.deepEqual(await smartlead.unsubscribeLead(created.id, leadId), { ok: true, success: true, message: 'Lead unsubscribed successfully' });
      assert.equal((await view()).status, -2);

      assert.deepEqual(await smartlead.deleteLead(created.id, leadId), { ok: true, message: 'success' });
      assert.equal(await v2LeadInCampaign(base, key, campaignUuid, email), undefined);
      await assert.rejects(smartlead.pauseLead(created.id, leadId), new RegExp(`Smartlead API 404: Lead ${leadId} in campaign ${created.id} not found`));
    });
  });
}
