/**
 * An import interrupted for real (the CLI killed with SIGKILL, or the server killed under it)
 * and run again with the same arguments: it resumes after the last acknowledged batch, and the
 * list ends with every lead exactly once.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type TestServer, cliEnv, leadIdTime, leadsOf, newList, newWorkspace, runCli, spawnCli, startTestServer, tempDir } from './cli-harness.js';

const temp = tempDir();
const servers: TestServer[] = [];
after(async () => {
  for (const server of servers) await server.dispose();
  temp.remove();
});

const ROWS = 12_000;

interface FileRow {
  line: number;
  /** The e-mail as written; for a repeat, that of the earlier row it repeats (any case). */
  email: string;
  kind: 'plain' | 'invalid' | 'repeat';
}

/** Unique leads, some invalid addresses and some repeated ones, and what the list should end with. */
function leadsFile(name: string): { path: string; expected: Set<string>; rows: FileRow[] } {
  const lines = ['Email,First Name,Company,Tier'];
  const expected = new Set<string>();
  const rows: FileRow[] = [];
  for (let i = 0; i < ROWS; i++) {
    let email = `lead${i}@example${i % 50}.com`;
    let kind: FileRow['kind'] = 'plain';
    if (i % 997 === 500) {
      email = `broken-${i}`;
      kind = 'invalid';
    } else if (i % 1500 === 1499) {
      email = `lead${i - 700}@example${(i - 700) % 50}.com`.toUpperCase();
      // A repeat of a row that was itself replaced by a broken address is a new lead.
      kind = (i - 700) % 997 === 500 ? 'plain' : 'repeat';
    }
    if (email.includes('@')) expected.add(email.toLowerCase());
    rows.push({ line: i + 2, email, kind });
    lines.push(`${email},Name${i},Company ${i % 300},${i % 3 === 0 ? 'gold' : 'silver'}`);
  }
  return { path: temp.file(name, `${lines.join('\n')}\n`), expected, rows };
}

interface SavedState {
  batchesAcked: number;
  totals: { rows_read: number };
  finishedAt: string | null;
}

function readState(path: string): SavedState | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedState;
  } catch {
    return null; // not written yet
  }
}

async function waitForBatches(statePath: string, batches: number, isRunning: () => boolean): Promise<SavedState> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const state = readState(statePath);
    if (state !== null && state.batchesAcked >= batches) return state;
    assert.ok(isRunning(), 'the import ended before it could be interrupted');
    await sleep(10);
  }
  throw new Error(`no ${batches} acknowledged batches in time`);
}

async function assertExactlyOnce(server: TestServer, key: string, list: string, expected: Set<string>) {
  const leads = await leadsOf(server, key, { list_id: list });
  const emails = leads.map((l) => (l.email ?? '').toLowerCase());
  assert.equal(new Set(emails).size, emails.length, 'a lead was created twice');
  assert.equal(emails.length, expected.size);
  assert.deepEqual(new Set(emails), expected);
}

const args = (path: string, list: string, reportPath: string) => ['import', path, '--list', list, '--report', reportPath, '--batch-size', '100', '--concurrency', '3', '--progress-interval', '1'];

describe('an interrupted import resumes with no duplicates', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    servers.push(server);
  });

  test('the CLI killed with SIGKILL mid-import', { timeout: 300_000 }, async () => {
    const key = await newWorkspace(server);
    const list = await newList(server, key);
    const env = cliEnv(server, key, temp.dir);
    const { path, expected, rows } = leadsFile('killed.csv');
    const reportPath = `${temp.dir}/killed-report.csv`;
    const statePath = `${reportPath}.state.json`;

    const first = spawnCli(args(path, list, reportPath), env);
    const seen = await waitForBatches(statePath, 10, () => first.child.exitCode === null);
    first.child.kill('SIGKILL');
    await first.done;
    assert.ok(seen.totals.rows_read < ROWS);
    const seenAtKill = readState(statePath);
    assert.ok(seenAtKill !== null);
    const partial = await leadsOf(server, key, { list_id: list });
    assert.ok(partial.length > 0 && partial.length < expected.size, `killed too late: ${partial.length} leads`);

    const second = await runCli(args(path, list, reportPath), env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Resuming: \d+ of 12000 rows were acknowledged in earlier runs/);
    assert.match(second.stdout, /^Imported .* 12000 of 12000 rows read, 12000 sent/m);
    await assertExactlyOnce(server, key, list, expected);

    // Every row is accounted for once across both runs: created, or in the report.
    const report = parse(readFileSync(reportPath, 'utf8'), { columns: true }) as Record<string, string>[];
    const lines = report.map((r) => Number(r.line));
    assert.equal(new Set(lines).size, lines.length, 'a row is in the report twice');
    const created = Number(/created \(leads_uploaded\)\s+(\d+)/.exec(second.stdout)?.[1]);
    assert.equal(created + report.length, ROWS);

    // And each report row says exactly why. The batches in flight when the CLI died were sent
    // again: rows their first send created come back as already in the list, with their own
    // lead, added during this import.
    const resumedFrom = seenAtKill.batchesAcked;
    const resent = (line: number) => {
      const batch = Math.floor((line - 2) / 100);
      return batch >= resumedFrom && batch < resumedFrom + 3; // --concurrency 3
    };
    const leadId = new Map((await leadsOf(server, key, { list_id: list })).map((l) => [(l.email ?? '').toLowerCase(), l.id]));
    const lead = (email: string) => {
      const id = leadId.get(email.toLowerCase()) ?? 'missing';
      return `lead ${id}, added ${leadIdTime(id)}`;
    };
    const again = (email: string) => `added during this import (${lead(email)}): by another line with the same e-mail, or by this row when its batch was first sent and the answer was lost`;
    const reported = new Map(report.map((r) => [Number(r.line), [r.reason, r.detail]]));
    for (const row of rows) {
      const got = reported.get(row.line);
      if (row.kind === 'invalid') assert.deepEqual(got, ['invalid_email', `"${row.email}" is not a valid e-mail address`], `line ${row.line}`);
      else if (row.kind === 'repeat') {
        const want = resent(row.line) ? ['already_in_list', again(row.email)] : ['duplicate_in_file', `another line of this file with the same e-mail was imported (${lead(row.email)})`];
        assert.deepEqual(got, want, `line ${row.line}`);
      } else if (got !== undefined) {
        assert.ok(resent(row.line), `line ${row.line} was reported though its batch was sent once: ${got.join(': ')}`);
        assert.deepEqual(got, ['already_in_list', again(row.email)], `line ${row.line}`);
      }
    }

    const third = await runCli(args(path, list, reportPath), env);
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stderr, /This import finished at .*pass --restart to send the file again/);
    await assertExactlyOnce(server, key, list, expected);
  });

  test('Ctrl-C (SIGINT) stops after the batches in flight and the next run resumes', { timeout: 300_000 }, async () => {
    const key = await newWorkspace(server);
    const list = await newList(server, key);
    const env = cliEnv(server, key, temp.dir);
    const { path, expected } = leadsFile('sigint.csv');
    // No --report: the progress lives in LEADBASE_STATE_DIR.
    const noReport = ['import', path, '--list', list, '--batch-size', '100', '--json'];
    const first = spawnCli(noReport, env);
    await sleep(100);
    const deadline = Date.now() + 60_000;
    while (!/import: [1-9]/.test(first.output().stderr) && first.child.exitCode === null && Date.now() < deadline) await sleep(10);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.equal((JSON.parse(stopped.stdout) as { status: string }).status, 'interrupted');
    const second = await runCli(noReport, env);
    assert.equal(second.code, 0, second.stderr);
    const summary = JSON.parse(second.stdout) as { status: string; rows_read: number };
    assert.deepEqual([summary.status, summary.rows_read], ['finished', ROWS]);
    await assertExactlyOnce(server, key, list, expected);
  });
});

describe('the server goes away mid-import', () => {
  test('the CLI retries, stops with a resume hint, and the re-run after a restart completes', { timeout: 300_000 }, async () => {
    const server = await startTestServer();
    servers.push(server);
    const key = await newWorkspace(server);
    const list = await newList(server, key);
    const env = cliEnv(server, key, temp.dir);
    const { path, expected } = leadsFile('server-gone.csv');
    const reportPath = `${temp.dir}/gone-report.csv`;

    const first = spawnCli(['--retries', '2', ...args(path, list, reportPath)], env);
    await waitForBatches(`${reportPath}.state.json`, 5, () => first.child.exitCode === null);
    await server.stop('SIGKILL');
    const failed = await first.done;
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stderr, /retrying in/);
    assert.match(failed.stderr, /failed after 3 attempts: .*\n\s+is the server running at http:\/\/127\.0\.0\.1:\d+\?/);
    assert.match(failed.stderr, /\d+ of 12000 rows are done; run the same command again to resume after the last acknowledged batch\./);

    await server.restart();
    const second = await runCli(args(path, list, reportPath), env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /Resuming/);
    await assertExactlyOnce(server, key, list, expected);
    assert.ok(existsSync(reportPath));
  });
});
