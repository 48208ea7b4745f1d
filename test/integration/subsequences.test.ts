import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SubsequenceWire } from '../../src/http/schemas/subsequence.js';
import type { Harness } from '../support/harness.js';
import { forEachEngine } from '../support/harness.js';
import { type LeadWire, MISSING_ID, addLead, addLeadLabel, badRequest, listPage, newCampaign, newList, notFound } from './leads-fixtures.js';

const schedule = (timezone: string) => ({ schedules: [{ name: 'Subsequence hours', timing: { from: '10:00', to: '12:00' }, days: { '2': true }, timezone }] });
const sequences = [{ steps: [{ type: 'email', delay: 2, pre_delay: 1, pre_delay_unit: 'hours', variants: [{ subject: 'Following up', body: 'Hi {{firstName}}' }] }] }];

async function newSubsequence(h: Harness, key: string, parent: string, extra: Record<string, unknown> = {}): Promise<SubsequenceWire> {
  const r = await h.request<SubsequenceWire>('POST', '/api/v2/subsequences', { key, body: { parent_campaign: parent, name: 'Follow-up', conditions: { lead_activity: [2] }, ...extra } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

const move = (h: Harness, key: string, id: string, subsequenceId: string) => h.request<LeadWire>('POST', '/api/v2/leads/subsequence/move', { key, body: { id, subsequence_id: subsequenceId } });
const getLead = async (h: Harness, key: string, id: string) => (await h.request<LeadWire>('GET', `/api/v2/leads/${id}`, { key })).body;
const inSubsequence = async (h: Harness, key: string, campaign: string) =>
  (await listPage(h, key, { campaign, filter: 'FILTER_VAL_IN_SUBSEQUENCE' })).items.map((l) => l.email);

forEachEngine((h) => {
  describe('happy path: the resource', () => {
    test('creates, reads, patches and deletes a subsequence under its campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const created = await h.request('POST', '/api/v2/subsequences', {
        key: ws.key,
        body: {
          parent_campaign: campaign.id,
          name: 'Openers',
          conditions: { crm_status: [1, -1], lead_activity: [2, 91], reply_contains: 'yes', invented: 1 },
          subsequence_schedule: schedule('Europe/Belgrade'),
          sequences,
          auto_variant_select: { trigger: 'reply_rate' },
          daily_limit_mode: 'custom',
          daily_limit: 50,
          ignore_account_daily_limit: true,
          unknown_field: 'dropped',
        },
      });
      assert.equal(created.status, 200);
      const s = created.body;
      assert.deepEqual(
        { parent: s.parent_campaign, workspace: s.workspace, status: s.status, name: s.name, conditions: s.conditions },
        { parent: campaign.id, workspace: ws.id, status: 0, name: 'Openers', conditions: { crm_status: [1, -1], lead_activity: [2, 91], reply_contains: 'yes' } },
      );
      assert.deepEqual(s.subsequence_schedule, schedule('Europe/Belgrade'));
      assert.deepEqual([s.daily_limit_mode, s.daily_limit, s.ignore_account_daily_limit, s.auto_variant_select], ['custom', 50, true, { trigger: 'reply_rate' }]);
      assert.equal('unknown_field' in s, false);
      assert.equal(s.timestamp_leads_updated, s.timestamp_created);
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences/${s.id}`, { key: ws.key })).body, s);

      const patched = await h.request('PATCH', `/api/v2/subsequences/${s.id}`, { key: ws.key, body: { name: 'Renamed', conditions: { reply_contains: 'maybe' }, daily_limit: null } });
      assert.equal(patched.status, 200);
      assert.deepEqual([patched.body.name, patched.body.conditions, patched.body.daily_limit], ['Renamed', { reply_contains: 'maybe' }, null]);
      // Fields the PATCH does not name are left as they were.
      assert.deepEqual([patched.body.daily_limit_mode, patched.body.sequences, patched.body.parent_campaign], ['custom', s.sequences, campaign.id]);

      const deleted = await h.request('DELETE', `/api/v2/subsequences/${s.id}`, { key: ws.key });
      assert.deepEqual([deleted.status, deleted.body.id, deleted.body.name], [200, s.id, 'Renamed']);
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences/${s.id}`, { key: ws.key })).body, notFound('Subsequence not found'));
    });

    test("without a subsequence_schedule, the parent campaign's schedule is copied", async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const campaignSchedule = (await h.request('GET', `/api/v2/campaigns/${campaign.id}`, { key: ws.key })).body.campaign_schedule;
      assert.deepEqual((await newSubsequence(h, ws.key, campaign.id)).subsequence_schedule, campaignSchedule);
    });

    test('crm_status takes the value of one of the workspace\'s lead labels', async () => {
      const ws = await h.newWorkspace();
      await addLeadLabel(h, ws.id, 7, 'positive');
      const s = await newSubsequence(h, ws.key, (await newCampaign(h, ws.key)).id, { conditions: { crm_status: [7, 2] } });
      assert.deepEqual(s.conditions.crm_status, [7, 2]);
    });

    test('lists in creation order, by parent campaign, excluding one, and by name', async () => {
      const ws = await h.newWorkspace();
      const a = (await newCampaign(h, ws.key)).id;
      const b = (await newCampaign(h, ws.key)).id;
      const made = [
        await newSubsequence(h, ws.key, a, { name: 'Opened 100%' }),
        await newSubsequence(h, ws.key, a, { name: 'Clicked' }),
        await newSubsequence(h, ws.key, b, { name: 'Opened again' }),
      ];
      const names = async (query: string) => (await h.request('GET', `/api/v2/subsequences${query}`, { key: ws.key })).body.items.map((s: SubsequenceWire) => s.name);
      const first = await h.request('GET', '/api/v2/subsequences?limit=2', { key: ws.key });
      assert.equal(first.body.next_starting_after, made[1]?.id);
      const second = await h.request('GET', `/api/v2/subsequences?limit=2&starting_after=${first.body.next_starting_after}`, { key: ws.key });
      assert.deepEqual([...first.body.items, ...second.body.items].map((s: SubsequenceWire) => s.id), made.map((s) => s.id));
      assert.equal(second.body.next_starting_after, undefined);
      assert.deepEqual(await names(`?parent_campaign=${a}`), ['Opened 100%', 'Clicked']);
      assert.deepEqual(await names(`?parent_campaign_not=${a}`), ['Opened again']);
      assert.deepEqual(await names('?search=OPENED'), ['Opened 100%', 'Opened again']);
      assert.deepEqual(await names('?search=%25'), ['Opened 100%']);
    });

    test('deleting the parent campaign deletes its subsequences', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const s = await newSubsequence(h, ws.key, campaign.id);
      await h.request('DELETE', `/api/v2/campaigns/${campaign.id}`, { key: ws.key });
      assert.equal((await h.request('GET', `/api/v2/subsequences/${s.id}`, { key: ws.key })).status, 404);
    });
  });

  describe('happy path: leads', () => {
    test('move sets subsequence_id and its timestamp, seen by GET and the in-subsequence filter; remove clears them', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const s = await newSubsequence(h, ws.key, campaign.id);
      const ada = await addLead(h, ws.key, { campaign: campaign.id, email: 'ada@example.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'bob@example.com' });

      const moved = await move(h, ws.key, ada.id, s.id);
      assert.equal(moved.status, 200);
      assert.equal(moved.body.subsequence_id, s.id);
      assert.ok(moved.body.timestamp_added_subsequence);
      assert.deepEqual(await getLead(h, ws.key, ada.id), moved.body);
      assert.deepEqual(await inSubsequence(h, ws.key, campaign.id), ['ada@example.com']);
      const touched = (await h.request('GET', `/api/v2/subsequences/${s.id}`, { key: ws.key })).body;
      assert.ok(touched.timestamp_leads_updated > s.timestamp_leads_updated);

      // Moving it again changes nothing: it was added at the first move.
      assert.deepEqual((await move(h, ws.key, ada.id, s.id)).body, moved.body);

      const removed = await h.request('POST', '/api/v2/leads/subsequence/remove', { key: ws.key, body: { id: ada.id } });
      assert.equal(removed.status, 200);
      assert.deepEqual([removed.body.subsequence_id, removed.body.timestamp_added_subsequence, removed.body.campaign], [null, null, campaign.id]);
      assert.deepEqual(await inSubsequence(h, ws.key, campaign.id), []);
      const again = await h.request('POST', '/api/v2/leads/subsequence/remove', { key: ws.key, body: { id: ada.id } });
      assert.deepEqual(again.body, removed.body);
    });

    test('a lead moves from one subsequence of its campaign to another', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const [first, second] = [await newSubsequence(h, ws.key, campaign.id), await newSubsequence(h, ws.key, campaign.id)];
      const lead = await addLead(h, ws.key, { campaign: campaign.id, email: 'ada@example.com' });
      await move(h, ws.key, lead.id, first.id);
      assert.equal((await move(h, ws.key, lead.id, second.id)).body.subsequence_id, second.id);
    });

    test('deleting a subsequence takes its leads out of it; they stay in the campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const [doomed, kept] = [await newSubsequence(h, ws.key, campaign.id), await newSubsequence(h, ws.key, campaign.id)];
      const a = await addLead(h, ws.key, { campaign: campaign.id, email: 'a@example.com' });
      const b = await addLead(h, ws.key, { campaign: campaign.id, email: 'b@example.com' });
      await move(h, ws.key, a.id, doomed.id);
      await move(h, ws.key, b.id, kept.id);
      await h.request('DELETE', `/api/v2/subsequences/${doomed.id}`, { key: ws.key });
      const lead = await getLead(h, ws.key, a.id);
      assert.deepEqual([lead.subsequence_id, lead.timestamp_added_subsequence, lead.campaign], [null, null, campaign.id]);
      assert.deepEqual(await inSubsequence(h, ws.key, campaign.id), ['b@example.com']);
    });

    test('a delete racing moves into the subsequence never leaves a lead pointing at it', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const s = await newSubsequence(h, ws.key, campaign.id);
      const leads = await Promise.all(['a', 'b', 'c'].map((n) => addLead(h, ws.key, { campaign: campaign.id, email: `${n}@example.com` })));
      const moves = leads.map((l) => move(h, ws.key, l.id, s.id));
      const deleted = h.request('DELETE', `/api/v2/subsequences/${s.id}`, { key: ws.key });
      assert.equal((await deleted).status, 200);
      for (const r of await Promise.all(moves)) assert.ok(r.status === 200 || r.status === 404, JSON.stringify(r.body));
      assert.deepEqual(await inSubsequence(h, ws.key, campaign.id), []);
    });

    test('a lead moved or copied to another campaign or a list leaves its subsequence', async () => {
      const ws = await h.newWorkspace();
      const [from, to] = [await newCampaign(h, ws.key), await newCampaign(h, ws.key)];
      const list = await newList(h, ws.key);
      const s = await newSubsequence(h, ws.key, from.id);
      const leads = [];
      for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
        const lead = await addLead(h, ws.key, { campaign: from.id, email });
        await move(h, ws.key, lead.id, s.id);
        leads.push(lead);
      }
      const [a, b, c] = leads.map((l) => l.id);
      await h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { campaign: from.id, ids: [a], to_campaign_id: to.id } });
      await h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { campaign: from.id, ids: [b], to_list_id: list } });
      await h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { campaign: from.id, ids: [c], to_campaign_id: to.id, copy_leads: true } });
      await h.runJobs();
      for (const id of [a, b]) {
        const lead = await getLead(h, ws.key, id ?? '');
        assert.deepEqual([lead.subsequence_id, lead.timestamp_added_subsequence], [null, null]);
      }
      assert.deepEqual(await inSubsequence(h, ws.key, to.id), []);
      assert.deepEqual(await inSubsequence(h, ws.key, from.id), ['c@example.com']);
    });
  });

  describe('errors', () => {
    test('create: missing conditions, bad schedule, no enabled variant, empty variants, unknown crm_status', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      const create = (body: Record<string, unknown>) => h.request('POST', '/api/v2/subsequences', { key: ws.key, body: { parent_campaign: campaign, name: 'S', conditions: {}, ...body } });
      const noConditions = await h.request('POST', '/api/v2/subsequences', { key: ws.key, body: { parent_campaign: campaign, name: 'S' } });
      assert.deepEqual(noConditions.body, badRequest("body must have required property 'conditions'"));
      assert.equal((await create({ subsequence_schedule: schedule('Mars/Olympus') })).body.message, 'body/subsequence_schedule/schedules/0/timezone must be equal to one of the allowed values');
      const disabled = [{ steps: [{ type: 'email', delay: 1, variants: [{ subject: 'a', body: 'b', v_disabled: true }] }] }];
      assert.deepEqual((await create({ sequences: disabled })).body, badRequest('body/sequences/0/steps/0/variants must have at least one variant that is not disabled (v_disabled)'));
      const empty = [{ steps: [{ type: 'email', delay: 1, variants: [] }] }];
      assert.equal((await create({ sequences: empty })).body.message, 'body/sequences/0/steps/0/variants must NOT have fewer than 1 items');
      assert.deepEqual((await create({ conditions: { crm_status: [1, 9] } })).body, badRequest('body/conditions/crm_status/1 must be a built-in interest status (1, 2, 3, 4, 0, -1, -2, -3, -4) or the value of one of your lead labels; got 9'));
      assert.equal((await create({ conditions: { lead_activity: [3] } })).status, 400);
      assert.deepEqual((await create({ daily_limit: -1 })).body, badRequest('body/daily_limit must be >= 0'));
      assert.deepEqual((await create({ parent_campaign: MISSING_ID })).body, notFound('Campaign not found'));
    });

    test('get, patch, list: unknown ids, empty patches and bad queries', async () => {
      const ws = await h.newWorkspace();
      const s = await newSubsequence(h, ws.key, (await newCampaign(h, ws.key)).id);
      assert.deepEqual((await h.request('GET', '/api/v2/subsequences/not-a-uuid', { key: ws.key })).body, badRequest('params/id must match format "uuid"'));
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const r = await h.request(method, `/api/v2/subsequences/${MISSING_ID}`, { key: ws.key, body: method === 'PATCH' ? { name: 'x' } : undefined });
        assert.deepEqual(r.body, notFound('Subsequence not found'), method);
      }
      assert.deepEqual((await h.request('PATCH', `/api/v2/subsequences/${s.id}`, { key: ws.key, body: {} })).body, badRequest('body must NOT have fewer than 1 properties'));
      const parentOnly = await h.request('PATCH', `/api/v2/subsequences/${s.id}`, { key: ws.key, body: { parent_campaign: MISSING_ID } });
      assert.deepEqual(parentOnly.body, badRequest('body has no field this route changes (unknown fields are ignored)'));
      assert.equal((await h.request('GET', '/api/v2/subsequences?limit=101', { key: ws.key })).body.message, 'querystring/limit must be <= 100');
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences?parent_campaign=${MISSING_ID}`, { key: ws.key })).body, notFound('Campaign not found'));
    });

    test('move: a lead outside the parent campaign is a 400; unknown leads and subsequences are 404s', async () => {
      const ws = await h.newWorkspace();
      const [campaign, other] = [await newCampaign(h, ws.key), await newCampaign(h, ws.key)];
      const s = await newSubsequence(h, ws.key, campaign.id);
      const elsewhere = await addLead(h, ws.key, { campaign: other.id, email: 'x@example.com' });
      const inList = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'y@example.com' });
      for (const lead of [elsewhere, inList]) {
        const r = await move(h, ws.key, lead.id, s.id);
        assert.deepEqual(r.body, badRequest(`Lead ${lead.id} is not in campaign ${campaign.id}, the parent campaign of subsequence ${s.id}: a lead can only be moved to a subsequence of its own campaign`));
        assert.equal((await getLead(h, ws.key, lead.id)).subsequence_id, null);
      }
      assert.deepEqual((await move(h, ws.key, MISSING_ID, s.id)).body, notFound('Lead not found'));
      assert.deepEqual((await move(h, ws.key, elsewhere.id, MISSING_ID)).body, notFound('Subsequence not found'));
      const noTarget = await h.request('POST', '/api/v2/leads/subsequence/move', { key: ws.key, body: { id: elsewhere.id } });
      assert.deepEqual(noTarget.body, badRequest("body must have required property 'subsequence_id'"));
      const removeMissing = await h.request('POST', '/api/v2/leads/subsequence/remove', { key: ws.key, body: { id: MISSING_ID } });
      assert.deepEqual(removeMissing.body, notFound('Lead not found'));
    });
  });

  describe('security', () => {
    test('no key and keys without the scope are 401s', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await newCampaign(h, ws.key)).id;
      assert.equal((await h.request('GET', '/api/v2/subsequences', { key: null })).status, 401);
      assert.equal((await h.request('POST', '/api/v2/leads/subsequence/move', { key: null, body: { id: MISSING_ID, subsequence_id: MISSING_ID } })).status, 401);
      const reader = await h.keyWithScopes(ws.key, ['subsequences:read', 'leads:read', 'campaigns:all']);
      const create = await h.request('POST', '/api/v2/subsequences', { key: reader, body: { parent_campaign: campaign, name: 'S', conditions: {} } });
      assert.equal(create.body.message, 'API key lacks the required scope: this route needs one of subsequences:create, subsequences:all, all:create, all:all');
      const moveDenied = await h.request('POST', '/api/v2/leads/subsequence/remove', { key: reader, body: { id: MISSING_ID } });
      assert.equal(moveDenied.body.message, 'API key lacks the required scope: this route needs one of leads:update, leads:all, all:update, all:all');
      assert.equal((await h.request('GET', '/api/v2/subsequences', { key: reader })).status, 200);
    });

    test("another workspace's subsequences, campaigns and leads are 404s exactly like missing ones", async () => {
      const [mine, theirs] = [await h.newWorkspace(), await h.newWorkspace()];
      const theirCampaign = (await newCampaign(h, theirs.key)).id;
      const theirSub = await newSubsequence(h, theirs.key, theirCampaign);
      const theirLead = await addLead(h, theirs.key, { campaign: theirCampaign, email: 't@example.com' });
      const myCampaign = (await newCampaign(h, mine.key)).id;
      const mySub = await newSubsequence(h, mine.key, myCampaign);
      const myLead = await addLead(h, mine.key, { campaign: myCampaign, email: 'm@example.com' });
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const r = await h.request(method, `/api/v2/subsequences/${theirSub.id}`, { key: mine.key, body: method === 'PATCH' ? { name: 'x' } : undefined });
        assert.deepEqual(r.body, notFound('Subsequence not found'), method);
      }
      const create = await h.request('POST', '/api/v2/subsequences', { key: mine.key, body: { parent_campaign: theirCampaign, name: 'S', conditions: {} } });
      assert.deepEqual(create.body, notFound('Campaign not found'));
      assert.deepEqual((await h.request('GET', `/api/v2/subsequences?parent_campaign_not=${theirCampaign}`, { key: mine.key })).body, notFound('Campaign not found'));
      assert.deepEqual((await h.request('GET', '/api/v2/subsequences', { key: mine.key })).body.items.map((s: SubsequenceWire) => s.id), [mySub.id]);
      assert.deepEqual((await move(h, mine.key, myLead.id, theirSub.id)).body, notFound('Subsequence not found'));
      assert.deepEqual((await move(h, mine.key, theirLead.id, mySub.id)).body, notFound('Lead not found'));
      const remove = await h.request('POST', '/api/v2/leads/subsequence/remove', { key: mine.key, body: { id: theirLead.id } });
      assert.deepEqual(remove.body, notFound('Lead not found'));
      assert.equal((await h.request('GET', `/api/v2/subsequences/${theirSub.id}`, { key: theirs.key })).body.name, 'Follow-up');
    });
  });
}, describe);
