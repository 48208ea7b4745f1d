/**
 * How responsive the API stays while a background job runs, on each engine, in one run.
 *
 *   npm run bench:jobs -- --engine pglite --leads 100000
 *
 * Starts the built server (dist/src/main.js) on a fresh store, loads the leads into one list
 * through POST /api/v2/leads/add, then starts a move of all of them to another list and, until
 * the job ends, asks GET /api/v2/lead-lists over and over. Prints that request's latency before
 * and during the move (p50, p99, max) and how long the move took. LEADBASE_JOB_BATCH_SIZE, when
 * set in the environment, reaches the server (to compare batch sizes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type PostgresCluster, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../test/support/server-process.js';

type Engine = 'pglite' | 'postgres';

interface Options {
  engines: Engine[];
  leads: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { engines: ['pglite', 'postgres'], leads: 100_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--engine') {
      if (value !== 'pglite' && value !== 'postgres' && value !== 'both') throw new Error('--engine is pglite, postgres or both');
      options.engines = value === 'both' ? ['pglite', 'postgres'] : [value];
    } else if (flag === '--leads') options.leads = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const ADMIN_KEY = 'bench-admin-key-0123456789';
const LOAD_CLIENTS = 2;
const PROBE_GAP_MS = 10;

async function api<T>(base: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const reply = await httpJson<T>(base, key, method, path, body);
  if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply.body;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timedGet(base: string, key: string, path: string): Promise<number> {
  const t0 = performance.now();
  await api(base, key, 'GET', path);
  return performance.now() - t0;
}

interface Job {
  status: string;
  progress: number;
  data: { success_count: number; failed_count: number };
}

interface EngineResult {
  idle: number[];
  during: number[];
  moveSeconds: number;
  job: Job;
}

async function loadLeads(base: string, key: string, listId: string, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: LOAD_CLIENTS }, async () => {
      for (let start = next; start < count; start = next) {
        next += 1000;
        const leads = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ email: `lead${start + i}@company${(start + i) % 997}.test`, first_name: 'Bench' }));
        await api(base, key, 'POST', '/api/v2/leads/add', { list_id: listId, leads });
      }
    }),
  );
}

async function measure(server: ServerProcess, leads: number): Promise<EngineResult> {
  const base = server.base;
  const workspace = await api<{ api_key: { key: string } }>(base, ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Bench' });
  const key = workspace.api_key.key;
  const source = await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: 'Source' });
  const target = await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: 'Target' });
  const loadStarted = performance.now();
  await loadLeads(base, key, source.id, leads);
  process.stdout.write(`  loaded ${leads} leads in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`);

  const idle: number[] = [];
  for (let i = 0; i < 100; i++) idle.push(await timedGet(base, key, '/api/v2/lead-lists'));

  const started = performance.now();
  const queued = await api<{ id: string }>(base, key, 'POST', '/api/v2/leads/move', { list_id: source.id, to_list_id: target.id });
  const during: number[] = [];
  let job: Job | undefined;
  let lastPoll = 0;
  while (job === undefined) {
    during.push(await timedGet(base, key, '/api/v2/lead-lists'));
    if (performance.now() - lastPoll > 250) {
      lastPoll = performance.now();
      const current = await api<Job>(base, key, 'GET', `/api/v2/background-jobs/${queued.id}`);
      if (current.status === 'success' || current.status === 'failed') job = current;
    }
    await sleep(PROBE_GAP_MS);
  }
  return { idle, during, moveSeconds: (performance.now() - started) / 1000, job };
}

async function runEngine(engine: Engine, leads: number): Promise<EngineResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'leadbase-job-bench-'));
  let cluster: PostgresCluster | null = null;
  let server: ServerProcess | null = null;
  try {
    const env: Record<string, string> = { LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_LOG_LEVEL: 'warn' };
    if (engine === 'postgres') {
      cluster = await startPostgresCluster();
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE leadbase_bench');
      await admin.end();
      env.DATABASE_URL = cluster.url.replace(/\/postgres$/, '/leadbase_bench');
    } else {
      env.LEADBASE_DATA_DIR = join(scratch, 'data');
    }
    server = await startServerProcess(env);
    return await measure(server, leads);
  } finally {
    if (server !== null) await stopServerProcess(server);
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const batch = process.env.LEADBASE_JOB_BATCH_SIZE ?? "the engine's default";
  for (const engine of options.engines) {
    process.stdout.write(`${engine}: ${options.leads} leads, job batch size ${batch}\n`);
    const result = await runEngine(engine, options.leads);
    const idle = [...result.idle].sort((a, b) => a - b);
    const during = [...result.during].sort((a, b) => a - b);
    const rows = [
      ['GET /api/v2/lead-lists idle p50 / p99 ms', `${percentile(idle, 50).toFixed(1)} / ${percentile(idle, 99).toFixed(1)}`],
      ['during the move: requests', String(during.length)],
      ['during the move: p50 / p99 / max ms', `${percentile(during, 50).toFixed(1)} / ${percentile(during, 99).toFixed(1)} / ${(during[during.length - 1] ?? Number.NaN).toFixed(1)}`],
      ['move duration s', result.moveSeconds.toFixed(1)],
      ['moved leads/s', (result.job.data.success_count / result.moveSeconds).toFixed(0)],
      ['job outcome', `${result.job.status}, success_count ${result.job.data.success_count}, failed_count ${result.job.data.failed_count}`],
    ];
    for (const [label, value] of rows) process.stdout.write(`  ${(label ?? '').padEnd(44)} ${value ?? ''}\n`);
    if (result.job.status !== 'success' || result.job.data.success_count !== options.leads) {
      process.stderr.write(`MISMATCH: the move did not move exactly ${options.leads} leads\n`);
      process.exitCode = 1;
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
