/** POST /api/v2/leads/list: the `filter` values and the state filters (assignee, visitor, enrichment, ESG). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Updateable } from 'kysely';
import type { LeadTable } from '../../src/store/database.js';
import { forEachEngine } from '../support/harness.js';
import {
  type LeadPage,
  type LeadWire,
  addLead,
  addLeadLabel,
  emailsOf,
  listPage,
  newList,
  setLeadColumns,
  vendorFilterValues,
  workspaceOwner,
} from './leads-fixtures.js';

const contacted = new Date('2025-03-14T02:18:43.371Z');
const subsequence = '0190a000-4444-7000-8000-000000000004';

/** One lead per state, named by its e-mail's local part; the built-in interest statuses go through the API. */
const STATES: Record<string, Updateable<LeadTable>> = {
  fresh: {},
  contacted: { timestamp_last_contact: contacted },
  opened: { timestamp_last_contact: contacted, email_open_count: 2 },
  clicked: { timestamp_last_contact: contacted, email_open_count: 1, email_click_count: 1 },
  replied: { timestamp_last_contact: contacted, email_open_count: 1, email_reply_count: 1, status: 3 },
  completed: { timestamp_last_contact: contacted, status: 3 },
  bounced: { timestamp_last_contact: contacted, status: -1 },
  unsubscribed: { timestamp_last_contact: contacted, status: -2 },
  skipped: { status: -3 },
  paused: { timestamp_last_contact: contacted, status: 2 },
  valid: { verification_status: 1 },
  invalid: { verification_status: -1 },
  risky: { verification_status: -2 },
  subsequence: { subsequence_id: subsequence, timestamp_added_subsequence: contacted },
};
const INTERESTS: Record<string, number> = { interested: 1, booked: 2, met: 3, won: 4, ooo: 0, notinterested: -1, wrongperson: -2, lost: -3, noshow: -4 };

const STATUS_ONE = ['fresh', 'contacted', 'opened', 'clicked', 'valid', 'invalid', 'risky', 'subsequence', ...Object.keys(INTERESTS)];
const EXPECTED: Record<string, string[]> = {
  FILTER_VAL_CONTACTED: ['contacted', 'opened', 'clicked', 'replied', 'completed', 'bounced', 'unsubscribed', 'paused'],
  FILTER_VAL_NOT_CONTACTED: ['fresh', 'skipped', 'valid', 'invalid', 'risky', 'subsequence', ...Object.keys(INTERESTS)],
  FILTER_VAL_COMPLETED: ['replied', 'completed'],
  FILTER_VAL_UNSUBSCRIBED: ['unsubscribed'],
  FILTER_VAL_ACTIVE: STATUS_ONE,
  FILTER_LEAD_INTERESTED: ['interested'],
  FILTER_LEAD_NOT_INTERESTED: ['notinterested'],
  FILTER_LEAD_MEETING_BOOKED: ['booked'],
  FILTER_LEAD_MEETING_COMPLETED: ['met'],
  FILTER_LEAD_CLOSED: ['won'],
  FILTER_LEAD_OUT_OF_OFFICE: ['ooo'],
  FILTER_LEAD_WRONG_PERSON: ['wrongperson'],
  FILTER_LEAD_LOST: ['lost'],
  FILTER_LEAD_NO_SHOW: ['noshow'],
  FILTER_LEAD_CUSTOM_LABEL_POSITIVE: [],
  FILTER_LEAD_CUSTOM_LABEL_NEGATIVE: [],
  FILTER_VAL_BOUNCED: ['bounced'],
  FILTER_VAL_SKIPPED: ['skipped'],
  FILTER_VAL_RISKY: ['risky'],
  FILTER_VAL_INVALID: ['invalid'],
  FILTER_VAL_VALID: ['valid'],
  FILTER_VAL_IN_SUBSEQUENCE: ['subsequence'],
  FILTER_VAL_OPENED_NO_REPLY: ['opened', 'clicked'],
  FILTER_VAL_COMPLETED_NO_REPLY: ['completed'],
  FILTER_VAL_NO_OPENS: ['contacted', 'completed', 'bounced', 'unsubscribed', 'paused'],
  FILTER_VAL_REPLIED: ['replied'],
  FILTER_VAL_LINK_CLICKED: ['clicked'],
};

const names = (page: LeadPage) => emailsOf(page).map((e) => (e ?? '').split('@')[0] ?? '').sort();

forEachEngine((h) => {
  describe('happy path', () => {
    test('every filter value of the vendor document is accepted and selects the leads in that state', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      for (const [name, values] of Object.entries(STATES)) {
        const lead = await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com` });
        if (Object.keys(values).length > 0) await setLeadColumns(h, lead.id, values);
      }
      for (const [name, value] of Object.entries(INTERESTS)) await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com`, lt_interest_status: value });

      const vendorValues = vendorFilterValues();
      assert.equal(vendorValues.length, 27);
      assert.deepEqual([...vendorValues].sort(), Object.keys(EXPECTED).sort(), 'every vendor value has an expectation here');
      for (const filter of vendorValues) {
        assert.deepEqual(names(await listPage(h, ws.key, { filter })), [...(EXPECTED[filter] ?? ['(no expectation)'])].sort(), filter);
      }
      // "pe" is in opened (contacted), skipped and wrongperson (not contacted).
      const combined = await listPage(h, ws.key, { filter: 'FILTER_VAL_CONTACTED', search: 'pe' });
      assert.deepEqual(names(combined), ['opened'], 'a filter combines with search');
    });

    test('custom label filters select leads whose interest status is a positive or negative label of this workspace', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      await addLeadLabel(h, ws.id, 5, 'positive');
      await addLeadLabel(h, ws.id, 6, 'positive');
      await addLeadLabel(h, ws.id, -5, 'negative');
      await addLeadLabel(h, ws.id, 7, 'neutral');
      await addLeadLabel(h, other.id, 8, 'positive');
      const listId = await newList(h, ws.key);
      for (const value of [5, 6, -5, 7, 1]) {
        const r = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: `l${value}@example.com`, lt_interest_status: value } });
        assert.equal(r.status, 200);
      }
      // A value only another workspace's labels know: the API refuses it, so it is planted.
      const stray = await addLead(h, ws.key, { list_id: listId, email: 'l8@example.com' });
      await setLeadColumns(h, stray.id, { lt_interest_status: 8 });

      const filtered = async (filter: string) => {
        const r = await h.request('POST', '/api/v2/leads/list', { key: ws.key, body: { filter } });
        assert.equal(r.status, 200);
        return (r.body as LeadPage).items.map((l: LeadWire) => l.email);
      };
      assert.deepEqual(await filtered('FILTER_LEAD_CUSTOM_LABEL_POSITIVE'), ['l5@example.com', 'l6@example.com']);
      assert.deepEqual(await filtered('FILTER_LEAD_CUSTOM_LABEL_NEGATIVE'), ['l-5@example.com']);
      assert.deepEqual(await filtered('FILTER_LEAD_INTERESTED'), ['l1@example.com']);
    });

    test('organization_user_ids select leads by assignee', async () => {
      const ws = await h.newWorkspace();
      const owner = await workspaceOwner(h, ws.key);
      const [ann, bob] = ['0190a000-5555-7000-8000-000000000005', '0190a000-6666-7000-8000-000000000006'];
      const listId = await newList(h, ws.key);
      await addLead(h, ws.key, { list_id: listId, email: 'ann@example.com', assigned_to: ann });
      await addLead(h, ws.key, { list_id: listId, email: 'bob@example.com', assigned_to: bob });
      await addLead(h, ws.key, { list_id: listId, email: 'owner@example.com' });
      const unassigned = await addLead(h, ws.key, { list_id: listId, email: 'nobody@example.com' });
      await setLeadColumns(h, unassigned.id, { assigned_to: null });
      const by = async (ids: string[]) => names(await listPage(h, ws.key, { organization_user_ids: ids }));
      assert.deepEqual(await by([ann]), ['ann']);
      assert.deepEqual(await by([ann, bob]), ['ann', 'bob']);
      assert.deepEqual(await by([owner]), ['owner']);
      assert.deepEqual(await by(['0190a000-7777-7000-8000-000000000007']), []);
      assert.deepEqual(await by([]), []);
    });

    test('is_website_visitor: true selects visitors, false everyone else (unknown included)', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      for (const [name, value] of [['visitor', true], ['notvisitor', false], ['unknown', null]] as const) {
        const lead = await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com` });
        await setLeadColumns(h, lead.id, { is_website_visitor: value });
      }
      assert.deepEqual(names(await listPage(h, ws.key, { is_website_visitor: true })), ['visitor']);
      assert.deepEqual(names(await listPage(h, ws.key, { is_website_visitor: false })), ['notvisitor', 'unknown']);
    });

    test('enrichment_status selects each status exactly', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const statuses: [string, number | null][] = [['enriched', 1], ['unavailable', -1], ['pending', 11], ['error', -2], ['never', null]];
      for (const [name, value] of statuses) {
        const lead = await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com` });
        await setLeadColumns(h, lead.id, { enrichment_status: value });
      }
      for (const [name, value] of statuses) {
        if (value === null) continue;
        const page = await listPage(h, ws.key, { enrichment_status: value });
        assert.deepEqual(names(page), [name], String(value));
        assert.equal(page.items[0]?.enrichment_status, value);
      }
    });

    test('esg_code selects a code, "none" the leads without one and "all" every lead', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const codes: [string, number | null][] = [['queued', 0], ['barracuda', 1], ['cisco', 4], ['without', null]];
      for (const [name, value] of codes) {
        const lead = await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com` });
        await setLeadColumns(h, lead.id, { esg_code: value });
      }
      const by = async (code: string) => names(await listPage(h, ws.key, { esg_code: code }));
      assert.deepEqual(await by('0'), ['queued'], '0 (in queue) is a code, not the absence of one');
      assert.deepEqual(await by('1'), ['barracuda']);
      assert.deepEqual(await by('2'), []);
      assert.deepEqual(await by('3'), []);
      assert.deepEqual(await by('4'), ['cisco']);
      assert.deepEqual(await by('none'), ['without']);
      assert.deepEqual(await by('all'), ['barracuda', 'cisco', 'queued', 'without']);
      assert.equal((await listPage(h, ws.key, { esg_code: '1' })).items[0]?.esg_code, 1);
    });
  });
}, describe);
