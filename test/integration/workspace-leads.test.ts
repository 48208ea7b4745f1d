/**
 * Workspace leads (issue 12): a lead with neither campaign nor list, created by POST /api/v2/leads
 * without `campaign` and `list_id` as the vendor's CreateLead allows. Listed, moved and copied
 * like any other lead, once per e-mail among them, and counted by skip_if_in_workspace.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { moveJob } from './leads-fixtures.js';

const schedule = { schedules: [{ name: 'W', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };

async function setup(h: Harness) {
  const ws = await h.newWorkspace();
  const list = (await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'L' } })).body.id as string;
  const campaign = (await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'C', campaign_schedule: schedule } })).body.id as string;
  return { key: ws.key, workspaceId: ws.id, list, campaign };
}

async function createWorkspaceLead(h: Harness, key: string, body: Record<string, unknown>) {
  const r = await h.request('POST', '/api/v2/leads', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { id: string; email: string | null; campaign: string | null; list_id: string | null };
}

const workspaceLeads = { in_campaign: false, in_list: false };

async function emailsListed(h: Harness, key: string, filter: Record<string, unknown>): Promise<string[]> {
  const r = await h.request('POST', '/api/v2/leads/list', { key, body: { ...filter, limit: 100 } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((l: { email: string | null }) => l.email ?? '').sort();
}

forEachEngine((h) => {
  describe('creating a workspace lead', () => {
    test("the Instantly MCP server's create_lead body (no campaign, no list_id) creates a lead with both null", async () => {
      const s = await setup(h);
      // What the MCP server's create_lead tool sends: the person's fields and nothing about where.
      const lead = await createWorkspaceLead(h, s.key, {
        email: 'Jane.Roe@Example.com',
        first_name: 'Jane',
        last_name: 'Roe',
        company_name: 'Example Inc.',
        personalization: 'Loved your talk',
        website: 'https://example.com',
        phone: '+15551234567',
        custom_variables: { source: 'mcp' },
      });
      assert.deepEqual([lead.campaign, lead.list_id, lead.email], [null, null, 'Jane.Roe@Example.com']);
      const fetched = await h.request('GET', `/api/v2/leads/${lead.id}`, { key: s.key });
      assert.deepEqual(fetched.body, lead);
    });

    test('one e-mail once among the workspace leads (any case); the same e-mail may still sit in a list', async () => {
      const s = await setup(h);
      await createWorkspaceLead(h, s.key, { email: 'a@ok.com' });
      const again = await h.request('POST', '/api/v2/leads', { key: s.key, body: { email: 'A@OK.com', campaign: null, list_id: null } });
      assert.equal(again.status, 400);
      assert.equal(again.body.message, 'A lead with the e-mail "A@OK.com" is already in this workspace (among its leads with no campaign or list)');
      const inList = await h.request('POST', '/api/v2/leads', { key: s.key, body: { list_id: s.list, email: 'a@ok.com' } });
      assert.equal(inList.status, 200);
      // Without an e-mail a name will do, as for a list lead; nothing at all is refused.
      await createWorkspaceLead(h, s.key, { first_name: 'Nameless' });
      await createWorkspaceLead(h, s.key, { first_name: 'Nameless' });
      const nothing = await h.request('POST', '/api/v2/leads', { key: s.key, body: { company_name: 'Acme' } });
      assert.equal(nothing.status, 400);
      assert.equal(nothing.body.message, 'A lead added to the workspace needs at least one of email, first_name or last_name');
    });

    test('the block list and the allowance: blocked is refused; a workspace lead does not spend the allowance', async () => {
      const s = await setup(h);
      await h.request('POST', '/api/v2/block-lists-entries', { key: s.key, body: { bl_value: 'blocked.com' } });
      const blocked = await h.request('POST', '/api/v2/leads', { key: s.key, body: { email: 'x@blocked.com' } });
      assert.equal(blocked.status, 400);
      assert.match(blocked.body.message, /block list/);
      const allowance = await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { body: { lead_allowance: 0 } });
      assert.equal(allowance.status, 200);
      await createWorkspaceLead(h, s.key, { email: 'free@ok.com' });
    });

    test('POST /leads/add keeps its rule: one of campaign_id and list_id', async () => {
      const s = await setup(h);
      const r = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { leads: [{ email: 'a@ok.com' }] } });
      assert.equal(r.status, 400);
      assert.equal(r.body.message, 'Provide either campaign_id or list_id');
    });
  });

  describe('skip_if_in_workspace counts workspace leads', () => {
    test('bulk add into a list skips an e-mail held by a workspace lead; a workspace lead skips one held by a list', async () => {
      const s = await setup(h);
      await createWorkspaceLead(h, s.key, { email: 'w@ok.com' });
      const add = await h.request('POST', '/api/v2/leads/add', {
        key: s.key,
        body: { list_id: s.list, skip_if_in_workspace: true, return_outcomes: true, leads: [{ email: 'w@ok.com' }, { email: 'l@ok.com' }] },
      });
      assert.deepEqual([add.body.leads_uploaded, add.body.skipped_count], [1, 1]);
      assert.equal(add.body.outcomes[0].reason, 'skipped: already a lead of this workspace with no campaign or list (skip_if_in_workspace)');
      // skip_if_in_list and skip_if_in_campaign look at lists and campaigns only.
      const other = await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaign, skip_if_in_list: true, skip_if_in_campaign: true, leads: [{ email: 'w@ok.com' }] } });
      assert.equal(other.body.leads_uploaded, 1);
      const skipped = await h.request('POST', '/api/v2/leads', { key: s.key, body: { email: 'l@ok.com', skip_if_in_workspace: true } });
      assert.equal(skipped.status, 400);
      assert.match(skipped.body.message, /skip_if_in_\*/);
      await createWorkspaceLead(h, s.key, { email: 'l@ok.com' });
    });
  });

  describe('listing, moving and copying workspace leads', () => {
    test('/leads/list finds them with in_campaign: false and in_list: false', async () => {
      const s = await setup(h);
      await createWorkspaceLead(h, s.key, { email: 'w1@ok.com' });
      await createWorkspaceLead(h, s.key, { email: 'w2@ok.com' });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.list, leads: [{ email: 'l@ok.com' }] } });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { campaign_id: s.campaign, leads: [{ email: 'c@ok.com' }] } });
      assert.deepEqual(await emailsListed(h, s.key, workspaceLeads), ['w1@ok.com', 'w2@ok.com']);
      assert.deepEqual(await emailsListed(h, s.key, { in_list: true }), ['l@ok.com']);
      assert.deepEqual(await emailsListed(h, s.key, {}), ['c@ok.com', 'l@ok.com', 'w1@ok.com', 'w2@ok.com']);
    });

    test('a move into a list and a copy into a campaign (which spends the allowance); ids select among workspace leads', async () => {
      const s = await setup(h);
      const w1 = await createWorkspaceLead(h, s.key, { email: 'w1@ok.com' });
      await createWorkspaceLead(h, s.key, { email: 'w2@ok.com' });
      await createWorkspaceLead(h, s.key, { email: 'w3@ok.com' });
      await h.request('POST', '/api/v2/leads/add', { key: s.key, body: { list_id: s.list, leads: [{ email: 'w3@ok.com' }] } });
      const moved = await moveJob(h, s.key, { ...workspaceLeads, ids: [w1.id], to_list_id: s.list });
      assert.deepEqual([moved.data.success_count, moved.data.failed_count], [1, 0]);
      assert.deepEqual(await emailsListed(h, s.key, { list_id: s.list }), ['w1@ok.com', 'w3@ok.com']);
      await h.request('PUT', `/api/v2/workspaces/${s.workspaceId}/lead-allowance`, { body: { lead_allowance: 1 } });
      const copied = await moveJob(h, s.key, { ...workspaceLeads, to_campaign_id: s.campaign, copy_leads: true });
      assert.deepEqual([copied.data.success_count, copied.data.failed_count, copied.data.not_moved_over_allowance], [1, 1, 1]);
      assert.deepEqual(await emailsListed(h, s.key, { campaign: s.campaign }), ['w2@ok.com']);
      assert.deepEqual(await emailsListed(h, s.key, workspaceLeads), ['w2@ok.com', 'w3@ok.com']);
      // The list already holds w3: moving it there leaves it a workspace lead.
      const into = await moveJob(h, s.key, { ...workspaceLeads, to_list_id: s.list });
      assert.deepEqual([into.data.success_count, into.data.failed_count], [1, 1]);
      assert.deepEqual(await emailsListed(h, s.key, workspaceLeads), ['w3@ok.com']);
    });

    test('ids without a source are still refused unless the selection is the workspace leads', async () => {
      const s = await setup(h);
      const w = await createWorkspaceLead(h, s.key, { email: 'w@ok.com' });
      const r = await h.request('POST', '/api/v2/leads/move', { key: s.key, body: { ids: [w.id], to_list_id: s.list } });
      assert.equal(r.status, 400);
      assert.match(r.body.message, /provide campaign or list_id/);
    });

    test('a merge cannot give a workspace lead an e-mail another workspace lead holds', async () => {
      const s = await setup(h);
      const nameless = await createWorkspaceLead(h, s.key, { first_name: 'Nameless' });
      const holder = await createWorkspaceLead(h, s.key, { email: 'm@ok.com' });
      const listLead = await h.request('POST', '/api/v2/leads', { key: s.key, body: { list_id: s.list, email: 'm@ok.com' } });
      const merge = await h.request('POST', '/api/v2/leads/merge', { key: s.key, body: { lead_id: listLead.body.id, destination_lead_id: nameless.id } });
      assert.equal(merge.status, 400);
      assert.match(merge.body.message, new RegExp(`Lead ${holder.id} already has the e-mail "m@ok.com"`));
    });
  });
}, describe);
