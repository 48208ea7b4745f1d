/** `leadbase engagement import`: a vendor lead export played back onto the leads, the CLI as a subprocess against the built server. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { api, cliEnv, newCampaign, newWorkspace, runCli, serverForThisFile } from './cli-harness.js';

const suite = serverForThisFile();
const { temp } = suite;

const TIMEOUT = { timeout: 180_000 };

interface Lead {
  email: string;
  status: number;
  email_open_count: number;
  email_reply_count: number;
  email_click_count: number;
  timestamp_last_reply?: string | null;
  email_replied_step?: number | null;
  esp_code?: number;
}

async function leadsByEmail(key: string, campaign: string): Promise<Map<string, Lead>> {
  const page = await api<{ items: Lead[] }>(suite.server, key, 'POST', '/api/v2/leads/list', { campaign, limit: 100 });
  return new Map(page.items.map((lead) => [lead.email, lead]));
}

async function campaignWith(key: string, emails: string[]): Promise<string> {
  const campaign = await newCampaign(suite.server, key);
  await api(suite.server, key, 'POST', '/api/v2/leads/add', { campaign_id: campaign, leads: emails.map((email) => ({ email })) });
  return campaign;
}

describe('leadbase engagement import', () => {
  test('a CSV export: counts, last times and status land on the leads; rows it cannot place are reported, exit 3', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const campaign = await campaignWith(key, ['ann@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com']);
    const file = temp.file('export.csv', [
      'Email,Campaign,Status,Email Open Count,Email Reply Count,Email Click Count,Timestamp Last Contact,Timestamp Last Open,Timestamp Last Reply,Email Replied Step,ESP Code',
      'ann@example.com,0190a000-0000-7000-8000-00000000aaaa,3,3,1,0,2026-01-05T09:00:00.000Z,2026-01-06T10:00:00.000Z,2026-01-07T11:00:00.000Z,2,1',
      'bob@example.com,0190a000-0000-7000-8000-00000000aaaa,-1,0,0,0,2026-01-05T09:00:00.000Z,,,,',
      'cat@example.com,0190a000-0000-7000-8000-00000000aaaa,1,0,0,0,,,,,',
      'nobody@example.com,0190a000-0000-7000-8000-00000000aaaa,1,2,0,0,2026-01-05T09:00:00.000Z,2026-01-05T10:00:00.000Z,,,',
      'dan@example.com,0190a000-0000-7000-8000-00000000aaaa,1,4,0,0,,,,,',
      '',
    ].join('\n'));
    const result = await runCli(['engagement', 'import', file, '--campaign', campaign], cliEnv(suite.server, key, temp.dir));
    assert.equal(result.code, 3, result.stderr);
    assert.equal(
      result.stdout,
      [
        'Recorded 6 events from 2 of 5 rows; 1 rows carry no engagement; 2 refused.',
        `  line 5: a lead with email nobody@example.com in campaign ${campaign} not found`,
        '  line 6: email_open_count is 4 but the row has no timestamp_last_open (nor timestamp_last_touch or timestamp_last_contact) to date it',
        '',
      ].join('\n'),
    );
    const leads = await leadsByEmail(key, campaign);
    const ann = leads.get('ann@example.com');
    assert.equal(ann?.status, 3);
    assert.equal(ann?.email_open_count, 3);
    assert.equal(ann?.email_reply_count, 1);
    assert.equal(ann?.timestamp_last_reply, '2026-01-07T11:00:00.000Z');
    assert.equal(ann?.email_replied_step, 2);
    assert.equal(ann?.esp_code, 1);
    assert.equal(leads.get('bob@example.com')?.status, -1);
    assert.equal(leads.get('cat@example.com')?.status, 1);
    assert.equal(leads.get('dan@example.com')?.email_open_count, 0, 'the refused row recorded nothing');
  });

  test('NDJSON of vendor lead objects, --dry-run sending nothing, then --json', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const campaign = await campaignWith(key, ['eve@example.com', 'fay@example.com']);
    const lines = [
      { email: 'eve@example.com', status: -2, email_open_count: 1, email_reply_count: 0, email_click_count: 1, timestamp_last_contact: '2026-02-01T08:00:00.000Z', timestamp_last_open: '2026-02-01T09:00:00.000Z', timestamp_last_click: '2026-02-01T09:01:00.000Z', email_clicked_step: 1 },
      { email: 'fay@example.com', status: 1, email_open_count: 0, email_reply_count: 2, email_click_count: 0, timestamp_last_reply: '2026-02-03T08:00:00.000Z', last_step_timestamp_executed: '2026-02-02T08:00:00.000Z', last_contacted_from: 'me@acme.test' },
    ];
    const file = temp.file('export.ndjson', `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const env = cliEnv(suite.server, key, temp.dir);
    const dry = await runCli(['engagement', 'import', file, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, 'Would record 6 events from 2 of 2 rows; 0 rows carry no engagement; 0 refused.\n');
    assert.equal((await leadsByEmail(key, campaign)).get('eve@example.com')?.status, 1);

    const result = await runCli(['engagement', 'import', file, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { rows: 2, rows_recorded: 2, events: 6, rows_without_engagement: 0, refused: [] });
    const leads = await leadsByEmail(key, campaign);
    assert.equal(leads.get('eve@example.com')?.status, -2);
    assert.equal(leads.get('eve@example.com')?.email_click_count, 1);
    assert.equal(leads.get('fay@example.com')?.email_reply_count, 2);
    assert.equal(leads.get('fay@example.com')?.status, 3);
  });

  test('bad usage is refused before anything is sent', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const env = cliEnv(suite.server, key, temp.dir);
    const file = temp.file('bad.csv', 'name,company\nAnn,Acme\n');
    const noEmail = await runCli(['engagement', 'import', file], env);
    assert.equal(noEmail.code, 1);
    assert.match(noEmail.stderr, /has no email column/);
    const badId = await runCli(['engagement', 'import', file, '--campaign', 'abc'], env);
    assert.equal(badId.code, 1);
    assert.match(badId.stderr, /--campaign must be an id \(a UUID\); got "abc"/);
  });
});
