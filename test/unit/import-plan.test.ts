import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Decision, type Presence, countOutcomes, decideCandidates, screenBatch } from '../../src/domain/import-plan.js';

const outcomes = (decisions: Decision[]) => Object.fromEntries(decisions.map((d) => [d.index, d.outcome]));
const none: Presence = { inTarget: false, inAnyCampaign: false, inAnyList: false };

describe('screenBatch', () => {
  test('a list lead needs an e-mail or a name; none is incomplete', () => {
    const { rejected, candidates } = screenBatch([{ first_name: 'Ann' }, { last_name: 'Lee' }, {}, { email: '  ', first_name: ' ' }, { email: 'a@b.co' }], 'list');
    assert.deepEqual(outcomes(rejected), { 2: 'incomplete', 3: 'incomplete' });
    assert.deepEqual(candidates.map((c) => c.index), [0, 1, 4]);
    assert.equal(candidates[0]?.emailKey, null);
  });

  test('a campaign lead needs a valid e-mail: missing or malformed is invalid_email', () => {
    const { rejected, candidates } = screenBatch([{ first_name: 'Ann' }, { email: 'nope' }, { email: 'a@b.co' }, { email: null }], 'campaign');
    assert.deepEqual(outcomes(rejected), { 0: 'invalid_email', 1: 'invalid_email', 3: 'invalid_email' });
    assert.deepEqual(candidates.map((c) => c.index), [2]);
  });

  test('a malformed e-mail beats a name on a list lead: it is invalid, not created without it', () => {
    const { rejected } = screenBatch([{ email: 'bad@', first_name: 'Ann' }], 'list');
    assert.deepEqual(outcomes(rejected), { 0: 'invalid_email' });
  });

  test('incomplete comes before invalid_email, invalid before duplicate_email', () => {
    const { rejected } = screenBatch([{ email: 'x@y.co' }, {}, { email: 'X@Y.CO' }, { email: 'x@' }], 'list');
    assert.deepEqual(outcomes(rejected), { 1: 'incomplete', 2: 'duplicate_email', 3: 'invalid_email' });
  });

  test('the same e-mail in any case or with spaces later in the request is duplicate_email; the first one stays', () => {
    const { rejected, candidates } = screenBatch([{ email: ' Ann@Example.com ' }, { email: 'ann@example.COM' }, { email: 'ann@example.com' }], 'campaign');
    assert.deepEqual(outcomes(rejected), { 1: 'duplicate_email', 2: 'duplicate_email' });
    assert.equal(candidates[0]?.email, 'Ann@Example.com');
    assert.equal(candidates[0]?.emailKey, 'ann@example.com');
  });

  test('list leads without e-mail are never duplicates of each other', () => {
    const { rejected, candidates } = screenBatch([{ first_name: 'A' }, { first_name: 'A' }], 'list');
    assert.equal(rejected.length, 0);
    assert.equal(candidates.length, 2);
  });
});

describe('decideCandidates', () => {
  const batch = screenBatch([{ email: 'a@blocked.com' }, { email: 'b@sub.blocked.com' }, { email: 'c@ok.com' }, { email: 'd@ok.com' }, { email: 'e@ok.com' }], 'campaign');

  test('block list beats skip flags, skip flags beat already-in-target', () => {
    const presence = new Map<string, Presence>([
      ['a@blocked.com', { inTarget: true, inAnyCampaign: true, inAnyList: true }],
      ['c@ok.com', { inTarget: true, inAnyCampaign: true, inAnyList: false }],
      ['d@ok.com', { inTarget: true, inAnyCampaign: true, inAnyList: false }],
    ]);
    const { toCreate, decisions } = decideCandidates(batch.candidates, {
      blockedValues: new Set(['blocked.com']),
      presence,
      flags: { skip_if_in_list: true },
    });
    assert.deepEqual(outcomes(decisions), { 0: 'in_blocklist', 1: 'in_blocklist', 2: 'duplicated_lead', 3: 'duplicated_lead' });
    assert.deepEqual(toCreate.map((c) => c.index), [4]);
  });

  test('skip_if_in_campaign skips leads found in any campaign, skip_if_in_list those in any list', () => {
    const presence = new Map<string, Presence>([
      ['c@ok.com', { ...none, inAnyCampaign: true }],
      ['d@ok.com', { ...none, inAnyList: true }],
    ]);
    const inCampaign = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: { skip_if_in_campaign: true } });
    assert.deepEqual(outcomes(inCampaign.decisions), { 2: 'skipped' });
    const inList = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: { skip_if_in_list: true } });
    assert.deepEqual(outcomes(inList.decisions), { 3: 'skipped' });
    const both = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: { skip_if_in_campaign: true, skip_if_in_list: true } });
    assert.deepEqual(outcomes(both.decisions), { 2: 'skipped', 3: 'skipped' });
  });

  test('skip_if_in_workspace overrides the other flags: anywhere in the workspace is skipped', () => {
    const presence = new Map<string, Presence>([
      ['c@ok.com', { ...none, inAnyCampaign: true }],
      ['d@ok.com', { ...none, inAnyList: true }],
    ]);
    const { decisions } = decideCandidates(batch.candidates, {
      blockedValues: new Set(),
      presence,
      flags: { skip_if_in_workspace: true, skip_if_in_campaign: false, skip_if_in_list: false },
    });
    assert.deepEqual(outcomes(decisions), { 2: 'skipped', 3: 'skipped' });
  });

  test('skip_if_in_workspace also finds a workspace lead (no campaign, no list); the other flags do not', () => {
    const presence = new Map<string, Presence>([['c@ok.com', { ...none, inWorkspaceLeads: true, workspaceLeadId: 'w1' }]]);
    const workspace = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: { skip_if_in_workspace: true } });
    assert.deepEqual(workspace.decisions, [{ index: 2, outcome: 'skipped', skip: { flag: 'skip_if_in_workspace', foundIn: 'workspace' }, leadId: 'w1' }]);
    const others = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: { skip_if_in_campaign: true, skip_if_in_list: true } });
    assert.deepEqual(others.decisions, []);
  });

  test('a workspace lead needs an e-mail or a name, like a list lead', () => {
    const { rejected, candidates } = screenBatch([{ first_name: 'Ann' }, {}, { email: 'a@b.co' }], 'workspace');
    assert.deepEqual(outcomes(rejected), { 1: 'incomplete' });
    assert.deepEqual(candidates.map((c) => c.index), [0, 2]);
  });

  test('without flags, a lead elsewhere in the workspace is created; one already in the target is duplicated_lead', () => {
    const presence = new Map<string, Presence>([
      ['c@ok.com', { ...none, inAnyList: true }],
      ['d@ok.com', { inTarget: true, inAnyCampaign: true, inAnyList: false }],
    ]);
    const { toCreate, decisions } = decideCandidates(batch.candidates, { blockedValues: new Set(), presence, flags: {} });
    assert.deepEqual(outcomes(decisions), { 3: 'duplicated_lead' });
    assert.deepEqual(toCreate.map((c) => c.index), [0, 1, 2, 4]);
  });

  test('an e-mail entry on the block list blocks only that address', () => {
    const { decisions } = decideCandidates(batch.candidates, { blockedValues: new Set(['c@ok.com']), presence: new Map(), flags: {} });
    assert.deepEqual(outcomes(decisions), { 2: 'in_blocklist' });
  });
});

describe('countOutcomes', () => {
  test('every lead lands in exactly one counter and total_sent is their sum', () => {
    const decisions: Decision[] = [
      { index: 0, outcome: 'created' },
      { index: 1, outcome: 'incomplete' },
      { index: 2, outcome: 'invalid_email' },
      { index: 3, outcome: 'duplicate_email' },
      { index: 4, outcome: 'in_blocklist' },
      { index: 5, outcome: 'skipped' },
      { index: 6, outcome: 'duplicated_lead' },
      { index: 7, outcome: 'created' },
    ];
    const counters = countOutcomes(8, decisions);
    assert.deepEqual(counters, {
      total_sent: 8,
      leads_uploaded: 2,
      in_blocklist: 1,
      duplicated_leads: 1,
      skipped_count: 1,
      invalid_email_count: 1,
      incomplete_count: 1,
      duplicate_email_count: 1,
    });
    const { total_sent, ...rest } = counters;
    assert.equal(Object.values(rest).reduce((a, b) => a + b, 0), total_sent);
  });
});
