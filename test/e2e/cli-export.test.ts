/**
 * `leadbase export` through the paged API: custom variables as columns, every lead once across
 * pages, and a round trip (export, import elsewhere, export again) that changes nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { api, cliEnv, leadsOf, newCampaign, newList, newWorkspace, runCli, serverForThisFile } from './cli-harness.js';

const suite = serverForThisFile();
const { temp } = suite;

const TIMEOUT = { timeout: 180_000 };
type Row = Record<string, string>;
const rowsOf = (csv: string) => parse(csv, { columns: true }) as Row[];
const byEmail = (rows: Row[]) => [...rows].sort((a, b) => (a.email ?? '').localeCompare(b.email ?? ''));

function sourceCsv(count: number): string {
  const lines = ['Email,First Name,Last Name,Company,Job Title,Phone,Website,Industry,Score,Notes'];
  for (let i = 0; i < count; i++) {
    // Not every lead has every custom variable: columns come from all of them.
    const notes = i % 7 === 0 ? '"likes ""quotes"", commas\nand lines"' : '';
    lines.push(`p${i}@example.com,First${i},Last${i},Co ${i % 9},CEO,+49 ${i},example.com,${i % 2 === 0 ? 'SaaS' : ''},${i},${notes}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('leadbase export', () => {
  test('round trip: export a list, import the file into another list, export again: the same CSV', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const env = cliEnv(suite.server, key, temp.dir);
    const [first, second] = [await newList(suite.server, key, 'first'), await newList(suite.server, key, 'second')];
    // More than two pages of 100.
    const imported = await runCli(['import', temp.file('source.csv', sourceCsv(250)), '--list', first], env);
    assert.equal(imported.code, 0, imported.stderr);

    const out1 = `${temp.dir}/first.csv`;
    const exported = await runCli(['export', '--list', first, '-o', out1], env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /Exported 250 leads with 3 custom variable columns/);
    const rows1 = rowsOf(readFileSync(out1, 'utf8'));
    assert.equal(rows1.length, 250);
    assert.deepEqual(Object.keys(rows1[0] ?? {}).slice(0, 8), ['email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization']);
    assert.deepEqual(Object.keys(rows1[0] ?? {}).slice(8).sort(), ['Industry', 'Notes', 'Score']);
    const p7 = rows1.find((r) => r.email === 'p7@example.com');
    assert.equal(p7?.Notes, 'likes "quotes", commas\nand lines');
    assert.equal(p7?.Industry, '', 'a lead without the variable has an empty cell');

    const again = await runCli(['import', out1, '--list', second], env);
    assert.equal(again.code, 0, again.stderr);
    const stdout = await runCli(['export', '--list', second], env);
    assert.equal(stdout.code, 0, stdout.stderr);
    const rows2 = rowsOf(stdout.stdout);
    assert.deepEqual(byEmail(rows2), byEmail(rows1));
  });

  test('--campaign, --all, --meta and --columns', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const env = cliEnv(suite.server, key, temp.dir);
    const list = await newList(suite.server, key);
    const campaign = await newCampaign(suite.server, key);
    await api(suite.server, key, 'POST', '/api/v2/leads', { list_id: list, email: 'l@example.com', custom_variables: { a: '1' } });
    await api(suite.server, key, 'POST', '/api/v2/leads', { campaign, email: 'c@example.com', custom_variables: { b: 'x', email: 'shadow' } });

    const fromCampaign = rowsOf((await runCli(['export', '--campaign', campaign], env)).stdout);
    assert.deepEqual(fromCampaign.map((r) => [r.email, r.b, r['custom:email']]), [['c@example.com', 'x', 'shadow']]);

    const all = await runCli(['export', '--all', '--meta'], env);
    const rows = rowsOf(all.stdout);
    assert.deepEqual(rows.map((r) => r.email).sort(), ['c@example.com', 'l@example.com']);
    const [lead] = await leadsOf(suite.server, key, { list_id: list });
    assert.equal(rows.find((r) => r.email === 'l@example.com')?.id, lead?.id);

    const chosen = await runCli(['export', '--all', '--columns', 'a'], env);
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.deepEqual(Object.keys(rowsOf(chosen.stdout)[0] ?? {}).slice(8), ['a']);
    assert.match(chosen.stderr, /2 custom variable values had no column and were left out \(not in --columns\)/);
  });

  test('a custom variable named like a lead column comes back as that custom variable', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const env = cliEnv(suite.server, key, temp.dir);
    const [from, to] = [await newList(suite.server, key), await newList(suite.server, key)];
    await api(suite.server, key, 'POST', '/api/v2/leads', { list_id: from, email: 'x@example.com', custom_variables: { phone: 'custom phone' } });
    const file = `${temp.dir}/shadow.csv`;
    assert.equal((await runCli(['export', '--list', from, '-o', file], env)).code, 0);
    assert.equal((await runCli(['import', file, '--list', to], env)).code, 0);
    const [lead] = await leadsOf(suite.server, key, { list_id: to });
    assert.deepEqual(lead?.payload, { phone: 'custom phone' });
  });

  test('without a selection, or without a key, it says what is missing', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const none = await runCli(['export'], cliEnv(suite.server, key, temp.dir));
    assert.equal(none.code, 1);
    assert.match(none.stderr, /say which leads: --list ID, --campaign ID or --all/);
    const env = cliEnv(suite.server, key, temp.dir);
    delete env.LEADBASE_API_KEY;
    const noKey = await runCli(['export', '--all'], env);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /an API key is needed: pass --api-key KEY or set LEADBASE_API_KEY/);
  });
});
