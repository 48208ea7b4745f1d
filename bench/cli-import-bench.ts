/**
 * `leadbase import` end to end at two file sizes, one run: rows/s and the CLI's peak memory.
 *
 *   npm run bench:cli                      # 100k and 1M rows
 *   npm run bench:cli -- --sizes 20000,200000
 *
 * Starts a throwaway PostgreSQL cluster and the built server on it, writes a CSV per size
 * (streamed: the generator holds one row at a time), and runs the CLI as a subprocess into a
 * fresh list, sampling /proc/<pid>/status for VmHWM (peak resident memory). Memory that stays
 * flat from the small file to the large one is what streaming promises.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type PostgresCluster, freePort, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { prng } from './lead-generator.js';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'Chloé', 'Mateus', 'Wei', 'Fatima'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Müller', 'Rossi', 'Nakamura', 'Kowalski', 'Silva', 'Dubois'];
const TITLES = ['Head of Growth', 'VP Sales', 'CTO', 'Founder', 'Marketing Manager', 'SDR'];
const INDUSTRIES = ['SaaS', 'Fintech', 'Healthcare', 'E-commerce', 'Logistics'];

/** A provider-style export: its own header names, a few custom columns, ~2% bad or repeated e-mails. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const rand = prng(7);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('E-mail Address,First Name,Last Name,Company,Job Title,Phone Number,Website,Industry,Employees,Notes\n');
  for (let i = 0; i < rows; i++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)] ?? 'A';
    const last = LAST[Math.floor(rand() * LAST.length)] ?? 'B';
    const company = Math.floor(rand() * Math.max(50, rows / 20));
    const roll = rand();
    const email = roll < 0.01 ? `${first}.${last}.${i}-at-company${company}.com` : roll < 0.02 && i > 0 ? `p${i - 1}.x@company${company}.com` : `p${i}.x@company${company}.com`;
    const notes = i % 10 === 0 ? `"Met at ""Expo"", follow up"` : '';
    await write(`${email},${first},${last},Company ${company} Inc,${TITLES[i % TITLES.length]},+1${2000000000 + i},https://company${company}.com,${INDUSTRIES[i % INDUSTRIES.length]},${10 + (i % 5000)},${notes}\n`);
  }
  out.end();
  await once(out, 'finish');
}

async function api<T>(base: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
    await sleep(100);
  }
  throw new Error('server did not become healthy');
}

function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null; // exited
  }
}

/** User + system CPU seconds of a live process (clock ticks are 1/100 s on Linux). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Run {
  cpu: number;
  rows: number;
  fileMb: number;
  seconds: number;
  peakMb: number;
  created: number;
}

async function importOnce(base: string, key: string, file: string, rows: number): Promise<Run> {
  const list = await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: `bench ${rows}` });
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/cli/main.js', 'import', file, '--list', list.id, '--json', '--quiet'], {
    env: { ...process.env, LEADBASE_URL: base, LEADBASE_API_KEY: key, LEADBASE_STATE_DIR: join(file, '..', 'state') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let peakKb = 0;
  let cpu = 0;
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    // VmHWM only grows, so the last sample before exit is the peak up to then.
    if (child.pid !== undefined) {
      peakKb = Math.max(peakKb, memoryKb(child.pid, 'VmHWM') ?? 0);
      cpu = Math.max(cpu, cpuSeconds(child.pid) ?? 0);
    }
    await sleep(50);
  }
  const code = await exited;
  const seconds = (Date.now() - started) / 1000;
  if (code !== 0) throw new Error(`the CLI exited with ${String(code)}: ${stdout}`);
  const summary = JSON.parse(stdout) as { leads_uploaded: number; rows_read: number };
  if (summary.rows_read !== rows) throw new Error(`read ${summary.rows_read} rows of ${rows}`);
  return { cpu, rows, fileMb: statSync(file).size / 1024 / 1024, seconds, peakMb: peakKb / 1024, created: summary.leads_uploaded };
}

async function main(): Promise<void> {
  const sizesArg = process.argv.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? '').split(',').map(Number) : [100_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'leadbase-cli-bench-'));
  let cluster: PostgresCluster | null = null;
  let server: ChildProcess | null = null;
  try {
    cluster = await startPostgresCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE leadbase_cli_bench');
    await admin.end();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: cluster.url.replace(/\/postgres$/, '/leadbase_cli_bench'), LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitHealthy(base);
    const workspace = await api<{ api_key: { key: string } }>(base, ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'cli bench' });
    const key = workspace.api_key.key;

    const runs: Run[] = [];
    for (const rows of sizes) {
      const file = join(dir, `leads-${rows}.csv`);
      await writeCsv(file, rows);
      const run = await importOnce(base, key, file, rows);
      runs.push(run);
      rmSync(file);
      process.stdout.write(`${rows} rows (${run.fileMb.toFixed(0)} MiB): ${run.seconds.toFixed(1)} s, ${Math.round(rows / run.seconds)} rows/s, ${run.created} created, CLI peak memory (VmHWM) ${run.peakMb.toFixed(0)} MiB, CLI CPU ${run.cpu.toFixed(1)} s\n`);
    }
    const [small, large] = [runs[0], runs[runs.length - 1]];
    if (small !== undefined && large !== undefined && large !== small) {
      process.stdout.write(`file ${(large.rows / small.rows).toFixed(0)}x larger: CLI peak memory x${(large.peakMb / small.peakMb).toFixed(2)}, rows/s x${(large.rows / large.seconds / (small.rows / small.seconds)).toFixed(2)}\n`);
    }
  } finally {
    if (server !== null && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
