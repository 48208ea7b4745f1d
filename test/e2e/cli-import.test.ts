/**
 * `leadbase import` as a subprocess against the built server: header aliases and --map, the
 * delimiters and BOM, custom variables, the report's reasons, and bad files refused with a
 * clear message before anything is sent.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { api, cliEnv, leadIdTime, leadsOf, newCampaign, newList, newWorkspace, runCli, serverForThisFile } from './cli-harness.js';

const suite = serverForThisFile();
const { temp } = suite;

const TIMEOUT = { timeout: 120_000 };

async function setup() {
  const key = await newWorkspace(suite.server);
  const list = await newList(suite.server, key);
  return { key, list, env: cliEnv(suite.server, key, temp.dir) };
}

function readReport(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
}

describe('leadbase import', () => {
  test('maps aliased headers, keeps other columns as custom variables, detects ; and a BOM', TIMEOUT, async () => {
    const { key, list, env } = await setup();
    const csv = temp.file('aliases.csv', '\ufeffE-mail Address;First Name;Surname;Company;Phone Number;Website;Job Title;Industry\nann@acme.com;Ann;Lee;Acme;+1 555;acme.com;CTO;SaaS\nbob@beta.io;Bob;;Beta;;;;Fintech\n');
    const result = await runCli(['import', csv, '--list', list, '--json'], env);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(summary.leads_uploaded, 2);
    assert.equal(summary.status, 'finished');
    assert.match(result.stderr, /semicolon-separated, UTF-8 with BOM/);
    const leads = await leadsOf(suite.server, key, { list_id: list });
    const ann = leads.find((l) => l.email === 'ann@acme.com') as Record<string, unknown> | undefined;
    assert.ok(ann !== undefined);
    assert.deepEqual(
      { first_name: ann.first_name, last_name: ann.last_name, company_name: ann.company_name, phone: ann.phone, website: ann.website, job_title: ann.job_title, payload: ann.payload },
      { first_name: 'Ann', last_name: 'Lee', company_name: 'Acme', phone: '+1 555', website: 'acme.com', job_title: 'CTO', payload: { Industry: 'SaaS' } },
    );
  });

  for (const [name, delimiter] of [['tab', '\t'], ['pipe', '|'], ['comma', ',']] as const) {
    test(`detects the ${name} delimiter, with quoted cells holding it and line breaks`, TIMEOUT, async () => {
      const { key, list, env } = await setup();
      const quoted = `"a${delimiter}b\nc"`;
      const csv = temp.file(`${name}.csv`, [['Email', 'Name', 'Note'].join(delimiter), ['x@example.com', 'X', quoted].join(delimiter), ['y@example.com', 'Y', 'plain'].join(delimiter)].join('\r\n'));
      const result = await runCli(['import', csv, '--list', list], env);
      assert.equal(result.code, 0, result.stderr);
      const leads = await leadsOf(suite.server, key, { list_id: list });
      assert.deepEqual(leads.map((l) => l.payload?.Note).sort(), [`a${delimiter}b\nc`, 'plain']);
    });
  }

  test('--map overrides the automatic mapping, renames custom variables and leaves columns out', TIMEOUT, async () => {
    const { key, list, env } = await setup();
    const csv = temp.file('map.csv', 'Kontakt,Vorname,Title,Secret\nk@example.com,Kai,Dr,hide me\n');
    const result = await runCli(['import', csv, '--list', list, '--map', 'Kontakt=email', '--map', 'Title=custom:salutation', '--map', 'Secret=-'], env);
    assert.equal(result.code, 0, result.stderr);
    const [lead] = await leadsOf(suite.server, key, { list_id: list });
    assert.equal(lead?.email, 'k@example.com');
    assert.equal(lead?.first_name, 'Kai');
    assert.deepEqual(lead?.payload, { salutation: 'Dr' });
    const bad = await runCli(['import', csv, '--list', list, '--map', 'Nope=email'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /the file has no column "Nope"; its columns are: "Kontakt", "Vorname", "Title", "Secret"/);
  });

  test('the report gives every row not created its line, reason and the server\'s own words', TIMEOUT, async () => {
    const { key, list, env } = await setup();
    const campaign = await newCampaign(suite.server, key);
    const old = await api<{ id: string }>(suite.server, key, 'POST', '/api/v2/leads', { list_id: list, email: 'old@example.com' });
    const elsewhere = await api<{ id: string }>(suite.server, key, 'POST', '/api/v2/leads', { campaign, email: 'elsewhere@example.com' });
    // In a campaign and then blocked: the block list wins. Counters alone cannot tell this row from line 8.
    await api(suite.server, key, 'POST', '/api/v2/leads', { campaign, email: 'both@blocked-domain.com' });
    await api(suite.server, key, 'POST', '/api/v2/block-lists-entries', { bl_value: 'blocked-domain.com' });
    const rows = [
      'Email,First Name,Last Name',
      'new@example.com,New,One', // 2 created
      'not-an-email,Bad,Mail', // 3 invalid
      'NEW@example.com,Again,Twice', // 4 duplicate in file
      ',,', // 5 incomplete
      'old@example.com,Old,Timer', // 6 already in the list
      'x@blocked-domain.com,Blo,Cked', // 7 block list
      'elsewhere@example.com,Else,Where', // 8 skipped (in a campaign)
      'both@blocked-domain.com,Bo,Th', // 9 block list (and in a campaign)
    ];
    const csv = temp.file('reasons.csv', `${rows.join('\n')}\n`);
    const reportPath = `${temp.dir}/reasons-report.csv`;
    const result = await runCli(['import', csv, '--list', list, '--skip-if-in-campaign', '--report', reportPath, '--batch-size', '4'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /created \(leads_uploaded\)\s+1/);
    const report = readReport(reportPath);
    assert.deepEqual(report.map((r) => [r.line, r.reason, r.detail]), [
      ['3', 'invalid_email', '"not-an-email" is not a valid e-mail address'],
      ['4', 'duplicate_in_file', 'same e-mail as line 2'],
      ['5', 'incomplete', 'a lead added to a list needs at least one of email, first_name or last_name'],
      ['6', 'already_in_list', `in the list before this import began (lead ${old.id}, added ${leadIdTime(old.id)})`],
      ['7', 'on_blocklist', 'the domain blocked-domain.com is on the block list'],
      ['8', 'skipped', `skipped: already in a campaign of this workspace (skip_if_in_campaign): lead ${elsewhere.id}`],
      ['9', 'on_blocklist', 'the domain blocked-domain.com is on the block list'],
    ]);
    assert.equal(report[0]?.Email, 'not-an-email', 'the report keeps the row\'s own columns');
  });

  test('a duplicate in another batch of the file is reported as a duplicate in the file, naming the lead', TIMEOUT, async () => {
    const { key, list, env } = await setup();
    const csv = temp.file('cross.csv', 'Email\na@example.com\nb@example.com\nc@example.com\nA@EXAMPLE.COM\n');
    const reportPath = `${temp.dir}/cross-report.csv`;
    const result = await runCli(['import', csv, '--list', list, '--report', reportPath, '--batch-size', '2', '--concurrency', '1'], env);
    assert.equal(result.code, 0, result.stderr);
    const first = (await leadsOf(suite.server, key, { list_id: list })).find((l) => l.email === 'a@example.com');
    assert.ok(first !== undefined);
    assert.deepEqual(readReport(reportPath).map((r) => [r.line, r.reason, r.detail]), [
      ['5', 'duplicate_in_file', `another line of this file with the same e-mail was imported (lead ${first.id}, added ${leadIdTime(first.id)})`],
    ]);
  });

  test('a batch the server refuses (4xx) is reported, the others go in, and the exit code says so', TIMEOUT, async () => {
    const { key, list, env } = await setup();
    const csv = temp.file('refused.csv', 'Email,Interest Status\na@example.com,1\nb@example.com,77\nc@example.com,2\nd@example.com,1\n');
    const reportPath = `${temp.dir}/refused-report.csv`;
    const result = await runCli(['import', csv, '--list', list, '--report', reportPath, '--batch-size', '2'], env);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stdout, /refused by the server \(4xx on a batch\)\s+2/);
    const report = readReport(reportPath);
    assert.deepEqual(report.map((r) => [r.line, r.reason]), [['2', 'batch_rejected'], ['3', 'batch_rejected']]);
    assert.match(report[0]?.detail ?? '', /^HTTP 400: .*lt_interest_status/);
    assert.equal((await leadsOf(suite.server, key, { list_id: list })).length, 2);
  });
});

describe('leadbase import refuses bad files before sending anything', () => {
  const refused = async (content: string | Buffer, args: string[], expected: RegExp) => {
    const { key, list, env } = await setup();
    const csv = temp.file(`bad-${Math.random().toString(36).slice(2)}.csv`, content);
    const result = await runCli(['import', csv, ...(args.length > 0 ? args : ['--list', list])], env);
    assert.equal(result.code, 1, `expected a failure:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, expected);
    assert.equal((await leadsOf(suite.server, key, { list_id: list })).length, 0);
    return { key, list, env, csv };
  };

  test('a missing file', TIMEOUT, async () => {
    const { list, env } = await setup();
    const result = await runCli(['import', `${temp.dir}/nope.csv`, '--list', list], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^leadbase: file not found: .*nope\.csv$/m);
  });

  test('no e-mail column when importing into a campaign', TIMEOUT, async () => {
    const { key, env } = await setup();
    const campaign = await newCampaign(suite.server, key);
    const csv = temp.file('noemail.csv', 'Name,Company\nAnn,Acme\n');
    const result = await runCli(['import', csv, '--campaign', campaign], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /has no e-mail column, and a campaign lead needs one\. Its columns are "Name", "Company"; name the e-mail column with --map "Column=email"/);
  });

  test('a row with the wrong number of fields, unless --skip-malformed', TIMEOUT, async () => {
    const { key, list, env, csv } = await refused('Email,Name\na@example.com,A\nb@example.com,B,extra\n', [], /1 row of .* does not have the header's 2 fields \(comma-separated\): line 3 has 3 fields\. Nothing was sent/);
    const reportPath = `${temp.dir}/malformed-report.csv`;
    const result = await runCli(['import', csv, '--list', list, '--skip-malformed', '--report', reportPath], env);
    assert.equal(result.code, 3, result.stderr);
    assert.deepEqual(readReport(reportPath).map((r) => [r.line, r.reason]), [['3', 'malformed_row']]);
    assert.equal((await leadsOf(suite.server, key, { list_id: list })).length, 1);
  });

  test('an unclosed quote', TIMEOUT, async () => {
    await refused('Email,Name\na@example.com,"Ann\nb@example.com,B\n', [], /a quoted field is never closed/);
  });

  test('UTF-16', TIMEOUT, async () => {
    await refused(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\na@example.com\n', 'utf16le')]), [], /is UTF-16 encoded; only UTF-8 is read\. Save it as "CSV UTF-8"/);
  });

  test('Latin-1 (invalid UTF-8)', TIMEOUT, async () => {
    await refused(Buffer.from('Email,Name\na@example.com,Jos\xe9\n', 'latin1'), [], /is not valid UTF-8 .*Windows-1252\/Latin-1/);
  });

  test('neither --list nor --campaign, and a list that does not exist', TIMEOUT, async () => {
    const { env } = await setup();
    const csv = temp.file('ok.csv', 'Email\na@example.com\n');
    const none = await runCli(['import', csv], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /--list ID or --campaign ID/);
    const missing = await runCli(['import', csv, '--list', '01900000-0000-7000-8000-000000000000'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /list 01900000-0000-7000-8000-000000000000 not found/);
  });
});
