import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type MergeableLead, fill, isMissing, later, mergeLeads, mergePayload, payloadKeysGained } from '../../src/domain/lead-merge.js';

const CAMPAIGN = 'c0000000-0000-7000-8000-000000000001';
const OTHER_CAMPAIGN = 'c0000000-0000-7000-8000-000000000002';
const at = (iso: string) => new Date(iso);

function lead(fields: Partial<MergeableLead> = {}): MergeableLead {
  return {
    campaign_id: CAMPAIGN,
    email: null,
    first_name: null,
    last_name: null,
    company_name: null,
    job_title: null,
    phone: null,
    website: null,
    personalization: null,
    pl_value_lead: null,
    payload: null,
    status: 1,
    lt_interest_status: null,
    timestamp_last_interest_change: null,
    assigned_to: null,
    uploaded_by_user: null,
    verification_status: null,
    enrichment_status: null,
    esp_code: null,
    esg_code: null,
    is_website_visitor: null,
    subsequence_id: null,
    timestamp_added_subsequence: null,
    email_open_count: 0,
    email_reply_count: 0,
    email_click_count: 0,
    timestamp_last_contact: null,
    timestamp_last_open: null,
    timestamp_last_reply: null,
    timestamp_last_click: null,
    timestamp_last_touch: null,
    ...fields,
  };
}

describe('merge building blocks', () => {
  test('missing means null, undefined or white space only; 0 and false are values', () => {
    for (const v of [null, undefined, '', '   ', '\t\n']) assert.equal(isMissing(v), true, JSON.stringify(v));
    for (const v of ['x', 0, false, ' a ']) assert.equal(isMissing(v), false, JSON.stringify(v));
  });

  test('fill keeps the destination unless it is missing, and never replaces it with a missing value', () => {
    assert.equal(fill('dest', 'src'), 'dest');
    assert.equal(fill(null, 'src'), 'src');
    assert.equal(fill('  ', 'src'), 'src');
    assert.equal(fill('', null), '');
    assert.equal(fill(0, 5), 0);
    assert.equal(fill(false, true), false);
  });

  test('later picks the later moment and ignores a missing one', () => {
    assert.deepEqual(later(at('2025-01-01T00:00:00Z'), at('2025-02-01T00:00:00Z')), at('2025-02-01T00:00:00Z'));
    assert.deepEqual(later(at('2025-03-01T00:00:00Z'), at('2025-02-01T00:00:00Z')), at('2025-03-01T00:00:00Z'));
    assert.deepEqual(later(null, at('2025-02-01T00:00:00Z')), at('2025-02-01T00:00:00Z'));
    assert.deepEqual(later(at('2025-02-01T00:00:00Z'), null), at('2025-02-01T00:00:00Z'));
    assert.equal(later(null, null), null);
  });

  test('payloads merge key by key: union of keys, destination wins unless its value is missing', () => {
    const merged = mergePayload({ a: 'dest', b: null, c: '', d: 0, e: false }, { a: 'src', b: 'src-b', c: 'src-c', d: 9, e: true, f: 'only-src' });
    assert.deepEqual(merged, { a: 'dest', b: 'src-b', c: 'src-c', d: 0, e: false, f: 'only-src' });
    assert.deepEqual(mergePayload({ k: null }, {}), { k: null });
    assert.deepEqual(mergePayload(null, { a: 1 }), { a: 1 });
    assert.deepEqual(mergePayload({ a: 1 }, null), { a: 1 });
    assert.equal(mergePayload(null, null), null);
  });
});

describe('mergeLeads', () => {
  test("the destination's text fields win; the source fills null and blank ones", () => {
    const merged = mergeLeads(
      lead({ first_name: 'Ada', last_name: '', company_name: null, job_title: 'CTO', phone: null, personalization: '  ', pl_value_lead: 'High' }),
      lead({ first_name: 'Augusta', last_name: 'Lovelace', company_name: 'Analytical', job_title: 'Engineer', phone: '+44', personalization: 'Hi', pl_value_lead: 'Low' }),
    );
    assert.equal(merged.first_name, 'Ada');
    assert.equal(merged.last_name, 'Lovelace');
    assert.equal(merged.company_name, 'Analytical');
    assert.equal(merged.job_title, 'CTO');
    assert.equal(merged.phone, '+44');
    assert.equal(merged.personalization, 'Hi');
    assert.equal(merged.pl_value_lead, 'High');
  });

  test('assigned_to, uploaded_by_user and enrichment_status: destination unless null', () => {
    const keep = mergeLeads(lead({ assigned_to: 'u-d', uploaded_by_user: 'up-d', enrichment_status: 1 }), lead({ assigned_to: 'u-s', uploaded_by_user: 'up-s', enrichment_status: -1 }));
    assert.deepEqual([keep.assigned_to, keep.uploaded_by_user, keep.enrichment_status], ['u-d', 'up-d', 1]);
    const filled = mergeLeads(lead(), lead({ assigned_to: 'u-s', uploaded_by_user: 'up-s', enrichment_status: -1 }));
    assert.deepEqual([filled.assigned_to, filled.uploaded_by_user, filled.enrichment_status], ['u-s', 'up-s', -1]);
  });

  test('counters add up', () => {
    const merged = mergeLeads(lead({ email_open_count: 3, email_reply_count: 1, email_click_count: 0 }), lead({ email_open_count: 4, email_reply_count: 2, email_click_count: 5 }));
    assert.deepEqual([merged.email_open_count, merged.email_reply_count, merged.email_click_count], [7, 3, 5]);
  });

  test('each last-activity timestamp is the later of the two', () => {
    const early = at('2025-01-01T00:00:00Z');
    const late = at('2025-06-01T00:00:00Z');
    const merged = mergeLeads(
      lead({ timestamp_last_contact: late, timestamp_last_open: early, timestamp_last_reply: null, timestamp_last_click: late, timestamp_last_touch: early }),
      lead({ timestamp_last_contact: early, timestamp_last_open: late, timestamp_last_reply: early, timestamp_last_click: null, timestamp_last_touch: late }),
    );
    assert.deepEqual(
      [merged.timestamp_last_contact, merged.timestamp_last_open, merged.timestamp_last_reply, merged.timestamp_last_click, merged.timestamp_last_touch],
      [late, late, early, late, late],
    );
  });

  test("interest status: the destination's unless null, and its change time travels with it", () => {
    const d = at('2025-01-01T00:00:00Z');
    const s = at('2025-05-01T00:00:00Z');
    const kept = mergeLeads(lead({ lt_interest_status: -1, timestamp_last_interest_change: d }), lead({ lt_interest_status: 1, timestamp_last_interest_change: s }));
    assert.deepEqual([kept.lt_interest_status, kept.timestamp_last_interest_change], [-1, d]);
    const taken = mergeLeads(lead({ lt_interest_status: null, timestamp_last_interest_change: d }), lead({ lt_interest_status: 0, timestamp_last_interest_change: s }));
    assert.deepEqual([taken.lt_interest_status, taken.timestamp_last_interest_change], [0, s]);
    const neither = mergeLeads(lead({ timestamp_last_interest_change: d }), lead({ timestamp_last_interest_change: s }));
    assert.deepEqual([neither.lt_interest_status, neither.timestamp_last_interest_change], [null, d]);
  });

  test("status is the destination's, except that an unsubscribed source makes it unsubscribed", () => {
    assert.equal(mergeLeads(lead({ status: 3 }), lead({ status: -1 })).status, 3);
    assert.equal(mergeLeads(lead({ status: 1 }), lead({ status: -2 })).status, -2);
    assert.equal(mergeLeads(lead({ status: -2 }), lead({ status: 1 })).status, -2);
  });

  test('is_website_visitor is true when either lead was one; otherwise destination unless null', () => {
    assert.equal(mergeLeads(lead({ is_website_visitor: false }), lead({ is_website_visitor: true })).is_website_visitor, true);
    assert.equal(mergeLeads(lead({ is_website_visitor: true }), lead({ is_website_visitor: null })).is_website_visitor, true);
    assert.equal(mergeLeads(lead({ is_website_visitor: null }), lead({ is_website_visitor: false })).is_website_visitor, false);
    assert.equal(mergeLeads(lead(), lead()).is_website_visitor, null);
  });

  test("the destination's e-mail wins with its verification, ESP and ESG codes, even where those are null", () => {
    const merged = mergeLeads(
      lead({ email: 'ada@dest.example', verification_status: null, esp_code: 1, esg_code: null }),
      lead({ email: 'ada@src.example', verification_status: 1, esp_code: 2, esg_code: 3 }),
    );
    assert.deepEqual([merged.email, merged.verification_status, merged.esp_code, merged.esg_code], ['ada@dest.example', null, 1, null]);
  });

  test('without a destination e-mail the source gives its address together with its codes', () => {
    const merged = mergeLeads(lead({ email: null, verification_status: 11, esp_code: 1 }), lead({ email: 'ada@src.example', verification_status: -1, esp_code: null, esg_code: 2 }));
    assert.deepEqual([merged.email, merged.verification_status, merged.esp_code, merged.esg_code], ['ada@src.example', -1, null, 2]);
  });

  test('the same address in either case: the destination keeps its spelling and the source fills its codes', () => {
    const merged = mergeLeads(lead({ email: 'Ada@Example.com', verification_status: null, esp_code: 1 }), lead({ email: 'ada@example.COM', verification_status: 1, esp_code: 2, esg_code: 4 }));
    assert.deepEqual([merged.email, merged.verification_status, merged.esp_code, merged.esg_code], ['Ada@Example.com', 1, 1, 4]);
  });

  test('company_domain is worked out again from the merged e-mail, or the merged website', () => {
    assert.equal(mergeLeads(lead(), lead({ email: 'ada@Src.Example' })).company_domain, 'src.example');
    assert.equal(mergeLeads(lead({ website: null }), lead({ website: 'https://www.analytical.example/about' })).company_domain, 'analytical.example');
    assert.equal(mergeLeads(lead(), lead()).company_domain, '');
  });

  test("subsequence: the destination's; the source's only when the destination has none and both share a campaign", () => {
    const when = at('2025-04-01T00:00:00Z');
    const sub = { subsequence_id: 'sub-s', timestamp_added_subsequence: when };
    const same = mergeLeads(lead(), lead(sub));
    assert.deepEqual([same.subsequence_id, same.timestamp_added_subsequence], ['sub-s', when]);
    const kept = mergeLeads(lead({ subsequence_id: 'sub-d', timestamp_added_subsequence: null }), lead(sub));
    assert.deepEqual([kept.subsequence_id, kept.timestamp_added_subsequence], ['sub-d', null]);
    const otherCampaign = mergeLeads(lead(), lead({ ...sub, campaign_id: OTHER_CAMPAIGN }));
    assert.deepEqual([otherCampaign.subsequence_id, otherCampaign.timestamp_added_subsequence], [null, null]);
    const bothInLists = mergeLeads(lead({ campaign_id: null }), lead({ ...sub, campaign_id: null }));
    assert.equal(bothInLists.subsequence_id, null);
  });

  test('payloadKeysGained lists the keys the destination did not have', () => {
    const destination = lead({ payload: { a: 1, b: null } });
    const merged = mergeLeads(destination, lead({ payload: { b: 'x', c: true, d: null } }));
    assert.deepEqual(merged.payload, { a: 1, b: 'x', c: true, d: null });
    assert.deepEqual(payloadKeysGained(destination, merged).sort(), ['c', 'd']);
    assert.deepEqual(payloadKeysGained(lead(), mergeLeads(lead(), lead())), []);
  });
});
