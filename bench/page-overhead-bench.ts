/**
 * Where a /leads/list page's time goes beyond its SQL: the same first pages as read-bench.ts
 * (no filter, one list, a filter answering an empty page) over HTTP and as the repository's own
 * statements, many times each, on PostgreSQL. The overhead per page does not depend on the size
 * of the workspace, so a small one will do.
 *
 *   node dist/bench/page-overhead-bench.js --leads 20000 --iterations 300
 *   BENCH_SERVER_PROFILE_DIR=/tmp/prof node dist/bench/page-overhead-bench.js   # and a CPU profile of the server
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_POSTGRES_LIMITS, openPostgres } from '../src/store/engines/postgres.js';
import type { LeadListQuery } from '../src/store/lead-repository.js';
import type { PostgresCluster } from '../test/support/postgres-cluster.js';
import { BENCH_ADMIN_KEY, api, percentile, postForTiming, prepareBenchStore, startServer, stopServer, waitHealthy } from './bench-support.js';
import { captureQueries, fill, timeIt } from './read-bench.js';

function parseOptions(argv: string[]): { leads: number; iterations: number } {
  const options = { leads: 20_000, iterations: 300 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], Number(argv[i + 1])];
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} takes a whole number`);
    if (flag === '--leads') options.leads = value;
    else if (flag === '--iterations') options.iterations = value;
    else throw new Error(`unknown option ${flag} (known: --leads, --iterations)`);
  }
  return options;
}

/** User and system CPU time a process has used so far, in ms (from /proc: the server's own work, whatever the load). */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  // utime and stime, in clock ticks of 10 ms
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), 'leadbase-page-overhead-'));
  chmodSync(scratch, 0o777);
  let cluster: PostgresCluster | null = null;
  let server: ChildProcess | null = null;
  try {
    const store = await prepareBenchStore('postgres', scratch, { LEADBASE_WORKER: 'off' });
    cluster = store.cluster;
    if (store.databaseUrl === null) throw new Error('no database');
    server = startServer(store.env);
    await waitHealthy(store.base);
    const workspace = await api<{ id: string; owner: string; api_key: { key: string } }>(store.base, BENCH_ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Page overhead' });
    const key = workspace.api_key.key;
    const list = (await api<{ id: string }>(store.base, key, 'POST', '/api/v2/lead-lists', { name: 'List' })).id;
    const campaign = (await api<{ id: string }>(store.base, key, 'POST', '/api/v2/campaigns', { name: 'Campaign', campaign_schedule: { schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] } })).id;
    const { db, close } = await openPostgres(store.databaseUrl, { ...DEFAULT_POSTGRES_LIMITS, poolSize: 1, statementTimeoutMs: null });
    await fill(db, workspace.id, [list], [campaign], options.leads, workspace.owner);
    await sql`VACUUM ANALYZE leads`.execute(db);

    const bodies: { name: string; body: LeadListQuery }[] = [
      { name: 'first page, no filter', body: { limit: 100 } },
      { name: 'list_id', body: { limit: 100, list_id: list } },
      { name: 'empty page (ids of no lead)', body: { limit: 100, ids: ['01900000-0000-7000-8000-ffffffffffff'] } },
    ];
    process.stdout.write(`${new Date().toISOString()} · ${options.leads} leads · ${options.iterations} iterations · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    process.stdout.write('| page | rows | bytes | HTTP p50 ms | SQL p50 ms | HTTP − SQL p50 ms | HTTP ÷ SQL | server CPU ms per page (user + system) |\n|---|---|---|---|---|---|---|---|\n');
    const pid = server.pid ?? 0;
    for (const { name, body } of bodies) {
      const queries = await captureQueries(db, workspace.id, body);
      let rows = 0;
      const bare = await timeIt(options.iterations, async () => {
        for (const query of queries) rows = (await db.executeQuery(query)).rows.length;
      });
      let bytes = 0;
      const cpuBefore = cpuMs(pid);
      const http = await timeIt(options.iterations, async () => {
        bytes = await postForTiming(store.base, key, '/api/v2/leads/list', body);
      });
      const cpuAfter = cpuMs(pid);
      const perPage = (ms: number) => (ms / (options.iterations + 3)).toFixed(2);
      const [h, s] = [percentile(http, 50), percentile(bare, 50)];
      process.stdout.write(`| ${name} | ${rows} | ${bytes} | ${h.toFixed(2)} | ${s.toFixed(2)} | ${(h - s).toFixed(2)} | ${(h / s).toFixed(1)} | ${perPage(cpuAfter.user - cpuBefore.user)} + ${perPage(cpuAfter.system - cpuBefore.system)} |\n`);
    }
    process.stdout.write(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    await close();
  } finally {
    if (server !== null) await stopServer(server);
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
