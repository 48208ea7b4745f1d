/**
 * Where a start of the server goes on an existing store (issue 13: time to ready under 3 s,
 * PGlite's idle memory under 300 MB), and the first start that makes the store (row "first").
 *
 *   node dist/bench/startup-bench.js                                   # 200k leads on PGlite, 1M on PostgreSQL, 3 starts each
 *   node dist/bench/startup-bench.js --engines pglite --pglite-leads 20000 --starts 2   # a quick look
 *
 * Per engine: a store made by the server itself (migrations, instance), filled with leads in SQL
 * while the server is down, then started --starts times as `node dist/src/main.js`. Each start
 * prints the time from spawn to the first `/healthz` 200, the CPU the process used until then
 * (what a loaded machine cannot inflate as much as the wall time), the server's own figures from
 * its "Leadbase is ready" log line (module loading, engine, migrations check, instance, HTTP app,
 * listen; RSS and PGlite's WebAssembly heap at that moment) and the resident memory 2 s later.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { StartupFigures } from '../src/server.js';
import { openPglite } from '../src/store/engines/pglite.js';
import { DEFAULT_POSTGRES_LIMITS, openPostgres } from '../src/store/engines/postgres.js';
import { peakRssMb, prepareBenchStore, rssMb, stopServer, waitHealthy } from './bench-support.js';

type Engine = 'pglite' | 'postgres';

interface Options {
  engines: Engine[];
  leads: number;
  pgliteLeads: number;
  starts: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { engines: ['pglite', 'postgres'], leads: 1_000_000, pgliteLeads: 200_000, starts: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--engines') {
      options.engines = value.split(',').map((e) => {
        if (e !== 'postgres' && e !== 'pglite') throw new Error('--engines is a comma-separated list of postgres and pglite');
        return e;
      });
      continue;
    }
    const count = Number(value);
    if (!Number.isInteger(count) || count < 0) throw new Error(`${flag} takes a whole number, not ${value}`);
    if (flag === '--leads') options.leads = count;
    else if (flag === '--pglite-leads') options.pgliteLeads = count;
    else if (flag === '--starts') options.starts = Math.max(1, count);
    else throw new Error(`unknown option ${flag} (known: --engines, --leads, --pglite-leads, --starts)`);
  }
  return options;
}

/** CPU seconds (user + system) a process has used so far, from the kernel's clock ticks. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Leads in one workspace, one list, made in SQL: a start only cares how much the store holds. */
async function fillStore(engine: Engine, dataDir: string, databaseUrl: string | null, leads: number): Promise<void> {
  const opened = engine === 'postgres' && databaseUrl !== null ? openPostgres(databaseUrl, { ...DEFAULT_POSTGRES_LIMITS, poolSize: 1, statementTimeoutMs: null }) : await openPglite(dataDir);
  try {
    const db = opened.db;
    const instance = await db.selectFrom('instance').select('default_workspace_id').executeTakeFirstOrThrow();
    const workspace = instance.default_workspace_id;
    const list = '01900000-0000-7000-9000-000000000001';
    await sql`INSERT INTO lead_lists (id, workspace_id, name) VALUES (${list}::uuid, ${workspace}::uuid, 'Start-up bench')`.execute(db);
    // 100k rows a statement: one huge statement would hold PGlite's whole WAL in memory.
    for (let from = 1; from <= leads; from += 100_000) {
      await sql`
        INSERT INTO leads (id, workspace_id, list_id, email, first_name, last_name, company_name, status,
          email_open_count, email_reply_count, email_click_count, payload, timestamp_created, timestamp_updated)
        SELECT ('01900000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, ${workspace}::uuid, ${list}::uuid,
          'person' || n || '@domain' || (n % 5000) || '.example', 'First' || (n % 97), 'Last' || (n % 89), 'Company ' || (n % 5000), 1,
          0, 0, 0, jsonb_build_object('score', n % 100), now(), now()
        FROM generate_series(${from}::int, ${Math.min(leads, from + 99_999)}::int) AS n`.execute(db);
    }
    // The upkeep a running store gets (autovacuum; the statistics keeper on PGlite), done now so
    // no start below pays for the fill.
    await sql`ANALYZE`.execute(db);
  } finally {
    await opened.close();
  }
}

interface StartResult {
  readySeconds: number;
  cpuSeconds: number;
  figures: StartupFigures | null;
  idleRssMiB: number;
  /** The process's high-water mark (VmHWM) 2 s after ready. */
  peakRssMiB: number;
}

/** Starts the server once, as `npm start` does, logging at info so its ready line can be read. */
async function timeOneStart(env: NodeJS.ProcessEnv, base: string): Promise<StartResult> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], { env: { ...process.env, ...env, LEADBASE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let figures: StartupFigures | null = null;
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"Leadbase is ready"')) continue;
      figures = (JSON.parse(line) as { startup?: StartupFigures }).startup ?? null;
    }
  });
  try {
    await waitHealthy(base);
    const readySeconds = (performance.now() - started) / 1000;
    const pid = child.pid ?? 0;
    const cpu = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return { readySeconds, cpuSeconds: cpu, figures, idleRssMiB: rssMb(pid), peakRssMiB: peakRssMb(pid) };
  } finally {
    await stopServer(child);
  }
}

/** One start as a table row; engine ms includes making a new store (its own column) on a first start. */
function row(engine: Engine, leads: number, start: string, r: StartResult): string {
  const f = r.figures;
  const cell = (value: number | undefined) => (value === undefined ? '' : String(value));
  const modulesMs = f === null ? undefined : f.totalMs - f.engineMs - f.migrationsMs - f.instanceMs - f.httpMs - f.listenMs;
  return `| ${engine} | ${leads} | ${start} | ${r.readySeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${cell(modulesMs)} | ${cell(f?.engineMs)} | ${cell(f?.newStoreMs)} | ${cell(f?.migrationsMs)} | ${cell(f?.instanceMs)} | ${cell(f?.httpMs)} | ${cell(f?.listenMs)} | ${cell(f?.rssMiB)} | ${cell(f?.pgliteHeapMiB)} | ${r.idleRssMiB.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} |`;
}

async function benchEngine(engine: Engine, leads: number, starts: number, out: (line: string) => void, log: (line: string) => void): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'leadbase-startup-bench-'));
  chmodSync(scratch, 0o777);
  const store = await prepareBenchStore(engine, scratch);
  try {
    // The first start makes the store: migrations, the instance (a new user's first impression).
    const first = await timeOneStart(store.env, store.base);
    log(`${engine}: new store made in ${first.readySeconds.toFixed(1)} s`);
    out(row(engine, 0, 'first', first));
    const fillStarted = performance.now();
    await fillStore(engine, store.dataDir, store.databaseUrl, leads);
    log(`${engine}: ${leads} leads filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`);
    for (let i = 1; i <= starts; i++) out(row(engine, leads, String(i), await timeOneStart(store.env, store.base)));
  } finally {
    await store.cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  out(`\nstart-up on an existing store · ${cpus().length} CPUs · load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  out('(ready: spawn to the first /healthz 200; CPU: the process\'s user + system time until then; the ms columns are the server\'s own ready line; modules: loading the code before the first step)');
  out('');
  out('| engine | leads | start | ready s | CPU s | modules ms | engine ms | new store ms | migrations check ms | instance ms | HTTP app ms | listen ms | RSS at ready MiB | PGlite heap MiB | RSS 2 s later MiB | peak RSS MiB |');
  out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const engine of options.engines) await benchEngine(engine, engine === 'postgres' ? options.leads : options.pgliteLeads, options.starts, out, log);
  out(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`startup bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
