/**
 * Bulk-add throughput against raw COPY, on one engine, in one run.
 *
 *   npm run bench:import -- --engine postgres --leads 200000 --concurrency 4 --preload 1000000
 *   npm run bench:import -- --engine postgres --leads 200000 --concurrency 2 --preload 1000000 --without-index leads_search
 *
 * Starts the built server (dist/src/main.js) on a fresh store, loads the leads through
 * POST /api/v2/leads/add in 1000-lead requests from several concurrent clients, then measures
 * how fast the very rows it wrote go into the same table by COPY, and prints both and the ratio.
 */
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteOptions } from '../src/store/engines/pglite.js';
import type { PostgresCluster } from '../test/support/postgres-cluster.js';
import { BENCH_ADMIN_KEY, api, peakRssMb, percentile, prepareBenchStore, rssMb, startServer, stopServer, waitHealthy } from './bench-support.js';
import { generateLeads } from './lead-generator.js';

interface Options {
  engine: 'pglite' | 'postgres';
  leads: number;
  concurrency: number;
  batch: number;
  blockEntries: number;
  preload: number;
  /** An index of leads dropped before the import (PostgreSQL), to see what it costs bulk add and COPY. */
  withoutIndex: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { engine: 'postgres', leads: 200_000, concurrency: 4, batch: 1000, blockEntries: 10_000, preload: 0, withoutIndex: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--engine') {
      if (value !== 'pglite' && value !== 'postgres') throw new Error('--engine is pglite or postgres');
      options.engine = value;
    } else if (flag === '--leads') options.leads = Number(value);
    else if (flag === '--concurrency') options.concurrency = Number(value);
    else if (flag === '--block-entries') options.blockEntries = Number(value);
    else if (flag === '--preload') options.preload = Number(value);
    else if (flag === '--without-index') {
      if (!/^leads_[a-z_]+$/.test(value)) throw new Error('--without-index takes the name of an index of leads, e.g. leads_search');
      options.withoutIndex = value;
    }
    else throw new Error(`unknown option ${flag}`);
  }
  if ((options.preload > 0 || options.withoutIndex !== null) && options.engine !== 'postgres') throw new Error('--preload and --without-index are for --engine postgres');
  return options;
}

const LEAD_COLUMNS = [
  'id', 'workspace_id', 'campaign_id', 'list_id', 'email', 'first_name', 'last_name', 'company_name', 'company_domain', 'job_title',
  'phone', 'website', 'personalization', 'payload', 'status', 'lt_interest_status', 'pl_value_lead', 'assigned_to', 'uploaded_by_user',
  'upload_method', 'verification_status', 'timestamp_created', 'timestamp_updated',
].join(', ');

async function preloadLeads(client: pg.Client, workspaceId: string, listId: string, count: number): Promise<void> {
  // Made in SQL, not through the API: this is only the "workspace already holds N leads" backdrop.
  await client.query(
    `INSERT INTO leads (id, workspace_id, list_id, email, first_name, last_name, company_domain)
     SELECT (lpad(to_hex(n), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, $1, $2,
            'existing' || n || '@preload' || (n % 5000) || '.com', 'Pre', 'Load', 'preload' || (n % 5000) || '.com'
     FROM generate_series(1, $3::int) AS n`,
    [workspaceId, listId, count],
  );
  await client.query('ANALYZE leads');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const generated = generateLeads(options.leads, options.blockEntries);
  const scratch = mkdtempSync(join(tmpdir(), 'leadbase-bench-'));
  chmodSync(scratch, 0o777);
  let cluster: PostgresCluster | null = null;
  let server: ChildProcess | null = null;
  try {
    const store = await prepareBenchStore(options.engine, scratch);
    cluster = store.cluster;
    const { env, base, databaseUrl } = store;
    server = startServer(env);
    await waitHealthy(base);

    const workspace = await api<{ id: string; api_key: { key: string } }>(base, BENCH_ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Bench' });
    const key = workspace.api_key.key;
    const list = await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: 'Bench import' });
    for (let i = 0; i < generated.blockValues.length; i += 1000) {
      await api(base, key, 'POST', '/api/v2/block-lists-entries/bulk-create', { bl_values: generated.blockValues.slice(i, i + 1000) });
    }
    if (options.preload > 0 && databaseUrl !== null) {
      const backdrop = await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: 'Already there' });
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const started = performance.now();
      await preloadLeads(client, workspace.id, backdrop.id, options.preload);
      await client.end();
      process.stdout.write(`preloaded ${options.preload} leads into the workspace in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    if (options.withoutIndex !== null && databaseUrl !== null) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP INDEX ${options.withoutIndex}`);
      await client.end();
      process.stdout.write(`dropped index ${options.withoutIndex}: neither bulk add nor COPY maintains it\n`);
    }

    process.stdout.write(`set-up done (server, workspace, ${generated.blockValues.length} block list entries)\n`);
    // The import itself: several clients, each taking the next 1000-lead batch.
    const batches: { leads: unknown[] }[] = [];
    for (let i = 0; i < generated.leads.length; i += options.batch) batches.push({ leads: generated.leads.slice(i, i + options.batch) });
    const bodies = batches.map((b) => JSON.stringify({ list_id: list.id, leads: b.leads }));
    const latencies: number[] = [];
    let created = 0;
    let next = 0;
    // VmHWM also holds the server's start (PGlite's initdb peaked at ~820 MiB before it moved to a
    // child process): the import's own peak is sampled from VmRSS while it runs.
    const serverPid = server.pid;
    const rssBeforeMb = serverPid === undefined ? Number.NaN : rssMb(serverPid);
    let importPeakMb = rssBeforeMb;
    const sampler = setInterval(() => {
      if (serverPid !== undefined) importPeakMb = Math.max(importPeakMb, rssMb(serverPid));
    }, 100);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const t0 = performance.now();
          const response = await fetch(`${base}/api/v2/leads/add`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: bodies[i],
          });
          const summary = (await response.json()) as { leads_uploaded: number };
          if (!response.ok) throw new Error(`batch ${i}: ${response.status} ${JSON.stringify(summary)}`);
          latencies.push(performance.now() - t0);
          created += summary.leads_uploaded;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const peakMb = server.pid === undefined ? Number.NaN : peakRssMb(server.pid);
    const rssAfterMb = server.pid === undefined ? Number.NaN : rssMb(server.pid);
    await stopServer(server);
    server = null;

    // The same rows, into the same table, by COPY.
    const copy = options.engine === 'postgres' && databaseUrl !== null
      ? await copyOnPostgres(databaseUrl, list.id, scratch)
      : await copyOnPglite(join(scratch, 'data'), list.id);

    latencies.sort((a, b) => a - b);
    const apiRate = options.leads / seconds;
    const rows = [
      ['engine', options.engine],
      ['leads sent', String(options.leads)],
      ['leads created', `${created} (expected ${generated.expectedCreated}; table holds ${copy.rowsInTable})`],
      ['preloaded leads in workspace', String(options.preload)],
      ['index dropped', options.withoutIndex ?? 'none'],
      ['concurrent clients', String(options.concurrency)],
      ['API leads/s (sent)', apiRate.toFixed(0)],
      ['API rows/s (created)', (created / seconds).toFixed(0)],
      ['request p50 ms', percentile(latencies, 50).toFixed(1)],
      ['request p99 ms', percentile(latencies, 99).toFixed(1)],
      ['server peak RSS MiB (VmHWM, start included)', peakMb.toFixed(0)],
      ['server RSS before / peak during / after import MiB', `${rssBeforeMb.toFixed(0)} / ${importPeakMb.toFixed(0)} / ${rssAfterMb.toFixed(0)}`],
      ['COPY rows/s (same rows, same table)', copy.rowsPerSecond.toFixed(0)],
      ['ratio API created rows/s ÷ COPY rows/s', (created / seconds / copy.rowsPerSecond).toFixed(2)],
    ];
    for (const [label, value] of rows) process.stdout.write(`${(label ?? '').padEnd(42)} ${value ?? ''}\n`);
    if (created !== generated.expectedCreated || copy.rowsInTable !== generated.expectedCreated) {
      process.stderr.write('MISMATCH: the table does not hold exactly the expected leads\n');
      process.exitCode = 1;
    }
  } finally {
    if (server !== null) await stopServer(server);
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

interface CopyResult {
  rowsPerSecond: number;
  rowsInTable: number;
}

/** Exports the list's rows, deletes them, and times COPY putting them back into `leads`. */
async function copyOnPostgres(databaseUrl: string, listId: string, scratch: string): Promise<CopyResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const file = join(scratch, 'rows.csv');
    writeFileSync(file, '');
    chmodSync(file, 0o666);
    await client.query(`COPY (SELECT ${LEAD_COLUMNS} FROM leads WHERE list_id = '${listId}') TO '${file}' WITH (FORMAT csv)`);
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE list_id = $1', [listId]);
    const rowsInTable = rows[0]?.n ?? 0;
    await client.query('DELETE FROM leads WHERE list_id = $1', [listId]);
    await client.query('VACUUM leads');
    const started = performance.now();
    await client.query(`COPY leads (${LEAD_COLUMNS}) FROM '${file}' WITH (FORMAT csv)`);
    const seconds = (performance.now() - started) / 1000;
    return { rowsPerSecond: rowsInTable / seconds, rowsInTable };
  } finally {
    await client.end();
  }
}

async function copyOnPglite(dataDir: string, listId: string): Promise<CopyResult> {
  const db = await PGlite.create(dataDir, pgliteOptions());
  try {
    const exported = await db.query(`COPY (SELECT ${LEAD_COLUMNS} FROM leads WHERE list_id = '${listId}') TO '/dev/blob' WITH (FORMAT csv)`);
    const blob = exported.blob;
    if (blob === undefined) throw new Error('PGlite returned no COPY data');
    const counted = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE list_id = $1', [listId]);
    const rowsInTable = counted.rows[0]?.n ?? 0;
    await db.query('DELETE FROM leads WHERE list_id = $1', [listId]);
    await db.exec('VACUUM leads');
    const started = performance.now();
    await db.query(`COPY leads (${LEAD_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob });
    const seconds = (performance.now() - started) / 1000;
    return { rowsPerSecond: rowsInTable / seconds, rowsInTable };
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
