/**
 * Reads at scale, on one engine, in one run: every /leads/list filter and sort over HTTP against
 * the same query as bare SQL (the physical floor), EXPLAIN (ANALYZE, BUFFERS) of the slowest,
 * the streaming export, time to ready on an existing store and the server's memory.
 *
 *   node dist/bench/read-bench.js --engine postgres --leads 1000000
 *
 * The workspace is filled in SQL (INSERT … SELECT generate_series), not through the API: bulk
 * add has its own benchmark (import-bench.ts). Leads are spread over 20 lists in creation order
 * (the newest list holds the newest leads, the case that once walked the primary key), a third
 * of them also in one of 10 campaigns, with rare states sprinkled in for the filters.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledQuery, Kysely } from 'kysely';
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../src/store/database.js';
import { openPglite } from '../src/store/engines/pglite.js';
import { type LeadFilterName, LEAD_FILTERS, anyOf } from '../src/store/lead-filter.js';
import { type LeadListQuery, listLeads } from '../src/store/lead-repository.js';
import type { PostgresCluster } from '../test/support/postgres-cluster.js';
import { BENCH_ADMIN_KEY, api, peakRssMb, percentile, postForTiming, prepareBenchStore, rssMb, startServer, stopServer, waitHealthy } from './bench-support.js';

/** Two connections and no statement timeout: filling a million leads is one long statement. */
async function openBenchPostgres(databaseUrl: string) {
  const { DEFAULT_POSTGRES_LIMITS, openPostgres } = await import('../src/store/engines/postgres.js');
  return openPostgres(databaseUrl, { ...DEFAULT_POSTGRES_LIMITS, poolSize: 2, statementTimeoutMs: null });
}

export interface ReadBenchOptions {
  engine: 'pglite' | 'postgres';
  leads: number;
  iterations: number;
}

const LISTS = 20;
const CAMPAIGNS = 10;

export interface OperationResult {
  engine: string;
  operation: string;
  httpP50: number;
  httpP99: number;
  sqlP50: number;
  sqlP99: number;
  rows: number;
  explain: string;
}

export interface ReadBenchResult {
  engine: string;
  leads: number;
  fillSeconds: number;
  readySeconds: number;
  idleRssMb: number;
  operations: OperationResult[];
  exportRowsPerSecond: number;
  exportSeconds: number;
  serverPeakRssMb: number;
  cliExportSeconds: number;
  cliRowsPerSecond: number;
}

/** The lead ids are UUIDv7-shaped and ascend with n, so id order is creation order as in production. */
const ID_OF_N = `('01900000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid`;
const idOf = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * Names and e-mail domains with the frequencies of real data: the first entries of each name list
 * are the common ones (a skewed pick makes "John" about one lead in sixteen), a third of the
 * e-mails are at gmail.com and a sixth at other free mailers, the rest at one of ~6,000 company
 * domains; one company name is shared by a few thousand leads.
 */
const FIRST_NAMES = ['James', 'John', 'Robert', 'Michael', 'Mary', 'David', 'William', 'Jennifer', 'Richard', 'Linda', 'Joseph', 'Patricia', 'Thomas', 'Elizabeth', 'Charles', 'Susan', 'Daniel', 'Jessica', 'Matthew', 'Sarah', 'Anthony', 'Karen', 'Mark', 'Nancy', 'Paul', 'Lisa', 'Steven', 'Emma', 'Andrew', 'Olivia', 'Carlos', 'Priya', 'Wei', 'Fatima', 'Lars', 'Aiko', 'Mateus', 'Olga', 'Chloe', 'Noah'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nakamura', 'Kowalski', 'Silva', 'Dubois'];
const COMPANY_WORDS = ['acme', 'globex', 'initech', 'umbrella', 'stark', 'wayne', 'hooli', 'vandelay', 'soylent', 'cyberdyne', 'tyrell', 'wonka', 'aperture', 'blackmesa', 'massive', 'dynamic', 'quantum', 'bluesky', 'northstar', 'pinnacle', 'summit', 'vertex', 'nimbus', 'zenith', 'apex', 'horizon', 'evergreen', 'ironclad', 'silverline', 'brightpath'];
const COMPANY_KINDS = ['labs', 'systems', 'group', 'partners', 'logistics', 'health', 'capital', 'software', 'media', 'foods', 'energy', 'robotics', 'consulting', 'retail', 'analytics', 'security', 'travel', 'legal', 'studio', 'works'];
const TLDS = ['com', 'io', 'co', 'de', 'co.uk', 'net', 'ai', 'fr', 'nl', 'com.br'];
/** A pseudo-random fraction in [0, 1) from the lead number and a salt, the same on every run. */
const r = (salt: number) => `(((n::bigint * ${salt}) % 10007) / 10007.0)`;
/** A company: k in [0, 6000) picks two words and a top-level domain. */
const COMPANY_K = `((n::bigint * 7919) % 6000)::int`;
const COMPANY_DOMAIN = `(companies[1 + ${COMPANY_K} % 30] || companies2[1 + (${COMPANY_K} / 30) % 20] || '.' || tlds[1 + (${COMPANY_K} / 600) % 10])`;

export async function fill(db: Kysely<Database>, workspaceId: string, lists: string[], campaigns: string[], leads: number, owner: string): Promise<void> {
  // One statement per 100k leads: one huge statement would hold PGlite's whole WAL in memory.
  for (let from = 1; from <= leads; from += 100_000) {
    const to = Math.min(leads, from + 99_999);
    await sql`
      INSERT INTO leads (id, workspace_id, list_id, campaign_id, email, first_name, last_name, company_name, company_domain,
        status, lt_interest_status, verification_status, timestamp_last_contact, email_open_count, email_reply_count,
        email_click_count, assigned_to, enrichment_status, is_website_visitor, payload, timestamp_created, timestamp_updated)
      SELECT ${sql.raw(ID_OF_N)}, ${workspaceId}::uuid,
        (${lists}::uuid[])[1 + ((n - 1) * ${lists.length}::int) / ${leads}::int],
        CASE WHEN n % 3 = 0 THEN (${campaigns}::uuid[])[1 + (n / 3) % ${campaigns.length}::int] END,
        lower(first) || '.' || lower(last) || n || '@' || domain,
        first, last,
        CASE WHEN n % 300 = 7 THEN 'Acme Inc' ELSE initcap(companies[1 + ${sql.raw(COMPANY_K)} % 30]) || ' ' || initcap(companies2[1 + (${sql.raw(COMPANY_K)} / 30) % 20]) END,
        ${sql.raw(COMPANY_DOMAIN)},
        CASE WHEN n % 997 = 1 THEN -1 WHEN n % 991 = 2 THEN 3 WHEN n % 983 = 3 THEN -2 ELSE 1 END,
        CASE WHEN n % 1009 = 4 THEN 1 WHEN n % 1013 = 5 THEN -1 END,
        CASE WHEN n % 4999 = 6 THEN -1 WHEN n % 499 = 7 THEN 1 END,
        CASE WHEN n % 53 = 8 THEN now() END,
        CASE WHEN n % 53 = 8 AND n % 2 = 0 THEN 2 ELSE 0 END,
        CASE WHEN n % 1061 = 8 THEN 1 ELSE 0 END,
        CASE WHEN n % 2003 = 8 THEN 1 ELSE 0 END,
        CASE WHEN n % 10007 = 9 THEN ${owner}::uuid END,
        CASE WHEN n % 20011 = 10 THEN 1 END,
        CASE WHEN n % 30011 = 11 THEN true END,
        jsonb_build_object('industry', 'SaaS', 'score', n % 100),
        now(), now()
      FROM generate_series(${from}::int, ${to}::int) AS n,
        LATERAL (SELECT ${FIRST_NAMES}::text[] AS firsts, ${LAST_NAMES}::text[] AS lasts, ${COMPANY_WORDS}::text[] AS companies,
          ${COMPANY_KINDS}::text[] AS companies2, ${TLDS}::text[] AS tlds) AS words,
        LATERAL (SELECT firsts[1 + floor(${sql.raw(String(FIRST_NAMES.length))} * power(${sql.raw(r(2654435))}, 2))::int] AS first,
          lasts[1 + floor(${sql.raw(String(LAST_NAMES.length))} * power(${sql.raw(r(40503))}, 2))::int] AS last,
          CASE WHEN ${sql.raw(r(9973))} < 0.33 THEN 'gmail.com' WHEN ${sql.raw(r(9973))} < 0.41 THEN 'yahoo.com'
            WHEN ${sql.raw(r(9973))} < 0.46 THEN 'outlook.com' WHEN ${sql.raw(r(9973))} < 0.50 THEN 'hotmail.com'
            ELSE ${sql.raw(COMPANY_DOMAIN)} END AS domain) AS person`.execute(db);
  }
}

/** Real e-mails of the filled workspace for the searches and `contacts`: a full one, a company domain. */
async function sampleLeads(db: Kysely<Database>, leads: number) {
  const some = (count: number) => Array.from({ length: count }, (_, i) => 1 + Math.floor(((i + 1) * leads) / (count + 1)));
  const emails = await db.selectFrom('leads').select('email').where('id', '=', anyOf(some(10).map(idOf), 'uuid')).orderBy('id').execute();
  const company = await db.selectFrom('leads').select('company_domain').where('id', '>', idOf(Math.floor(leads / 3)))
    .where(sql<SqlBool>`email LIKE '%@' || company_domain`).orderBy('id').limit(1).executeTakeFirst();
  return { contacts: emails.map((e) => e.email ?? ''), fullEmail: emails[4]?.email ?? '', companyDomain: company?.company_domain ?? '' };
}

/** The operations of the table: /leads/list bodies, and the same query the repository sends. */
function operations(workspace: { lists: string[]; campaigns: string[]; owner: string; leads: number }, samples: Awaited<ReturnType<typeof sampleLeads>>): { name: string; body: LeadListQuery & Record<string, unknown> }[] {
  const deepCursor = idOf(Math.floor(workspace.leads * 0.9));
  const some = (count: number) => Array.from({ length: count }, (_, i) => 1 + Math.floor(((i + 1) * workspace.leads) / (count + 1)));
  const first = workspace.lists[0] ?? '';
  const newest = workspace.lists[workspace.lists.length - 1] ?? '';
  const ops: { name: string; body: LeadListQuery & Record<string, unknown> }[] = [
    { name: 'first page, no filter', body: { limit: 100 } },
    { name: 'list_id (oldest list)', body: { limit: 100, list_id: first } },
    { name: 'list_id (newest list)', body: { limit: 100, list_id: newest } },
    { name: 'campaign', body: { limit: 100, campaign: workspace.campaigns[0] ?? '' } },
    { name: 'search common first name "john"', body: { limit: 100, search: 'john' } },
    { name: 'search "first last" "mary smith"', body: { limit: 100, search: 'mary smith' } },
    { name: 'search rare last name "dubois"', body: { limit: 100, search: 'dubois' } },
    { name: 'search full e-mail', body: { limit: 100, search: samples.fullEmail } },
    { name: 'search e-mail domain "@gmail.com"', body: { limit: 100, search: '@gmail.com' } },
    { name: 'search company e-mail domain', body: { limit: 100, search: `@${samples.companyDomain}` } },
    { name: 'search company e-mail domain, deep (90%)', body: { limit: 100, search: `@${samples.companyDomain}`, starting_after: deepCursor } },
    { name: 'search 2 characters "jo"', body: { limit: 100, search: 'jo' } },
    { name: 'search 1 character "q"', body: { limit: 100, search: 'q' } },
    { name: 'search 2 characters matching none "qx"', body: { limit: 100, search: 'qx' } },
    { name: 'search matching none', body: { limit: 100, search: 'zzqqxxnobody' } },
    { name: 'search matching none, common trigrams', body: { limit: 100, search: 'john.smith@gmail.com' } },
    { name: 'distinct_contacts', body: { limit: 100, distinct_contacts: true } },
    { name: 'deep starting_after (90%)', body: { limit: 100, starting_after: deepCursor } },
    { name: 'contacts (10 e-mails)', body: { limit: 100, contacts: samples.contacts } },
    { name: 'ids (10)', body: { limit: 100, ids: some(10).map(idOf) } },
    { name: 'organization_user_ids', body: { limit: 100, organization_user_ids: [workspace.owner] } },
    { name: 'in_campaign false', body: { limit: 100, in_campaign: false } },
    { name: 'is_website_visitor', body: { limit: 100, is_website_visitor: true } },
    { name: 'enrichment_status 1', body: { limit: 100, enrichment_status: 1 } },
  ];
  for (const filter of LEAD_FILTERS) ops.push({ name: `filter ${filter}`, body: { limit: 100, filter: filter as LeadFilterName } });
  return ops;
}

/**
 * The statements the repository sends for one /leads/list body, caught on their way to the
 * engine, in order: one, or two for a search (the walk, then the trigram index when the walk
 * found no page). Plugins also see subqueries as they are built; only executed ones are kept.
 */
export async function captureQueries(db: Kysely<Database>, workspaceId: string, body: LeadListQuery): Promise<CompiledQuery[]> {
  const compiled = new Map<unknown, CompiledQuery>();
  const executed: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: (args) => {
      compiled.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => {
      const query = compiled.get(args.queryId);
      if (query !== undefined) executed.push(query);
      return args.result;
    },
  });
  await listLeads(spy, workspaceId, body, (r) => r);
  if (executed.length === 0) throw new Error('no query was sent');
  return executed;
}

export const timeIt = async (iterations: number, run: () => Promise<unknown>): Promise<number[]> => {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
};

export async function runReadBench(options: ReadBenchOptions, log: (line: string) => void): Promise<ReadBenchResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'leadbase-read-bench-'));
  chmodSync(scratch, 0o777);
  let cluster: PostgresCluster | null = null;
  let server: ChildProcess | null = null;
  try {
    const store = await prepareBenchStore(options.engine, scratch, { LEADBASE_WORKER: 'off' });
    cluster = store.cluster;
    const { env, base, databaseUrl, dataDir } = store;
    server = startServer(env);
    await waitHealthy(base);
    const workspace = await api<{ id: string; owner: string; api_key: { key: string } }>(base, BENCH_ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Read bench' });
    const key = workspace.api_key.key;
    const lists: string[] = [];
    for (let i = 0; i < LISTS; i++) lists.push((await api<{ id: string }>(base, key, 'POST', '/api/v2/lead-lists', { name: `List ${i}` })).id);
    const campaigns: string[] = [];
    const schedule = { schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };
    for (let i = 0; i < CAMPAIGNS; i++) campaigns.push((await api<{ id: string }>(base, key, 'POST', '/api/v2/campaigns', { name: `Campaign ${i}`, campaign_schedule: schedule })).id);
    // The embedded store belongs to one process: the bench fills it while the server is down.
    await stopServer(server);
    server = null;

    const opened = options.engine === 'postgres' && databaseUrl !== null ? await openBenchPostgres(databaseUrl) : await openPglite(dataDir);
    const db = opened.db;
    const fillStarted = performance.now();
    await fill(db, workspace.id, lists, campaigns, options.leads, workspace.owner);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    log(`${options.engine}: filled ${options.leads} leads in ${fillSeconds.toFixed(0)} s`);
    // Left to the store's own upkeep: autovacuum on PostgreSQL, the server's statistics keeper on
    // PGlite (src/store/statistics.ts, run when the server starts). The bare-SQL side on PGlite
    // runs now, before the server has started, so it gets the same upkeep first.
    if (options.engine === 'pglite') {
      const { analyzeStaleTables } = await import('../src/store/statistics.js');
      await analyzeStaleTables(db);
    } else {
      await sql`VACUUM ANALYZE leads`.execute(db);
    }

    const ops = operations({ lists, campaigns, owner: workspace.owner, leads: options.leads }, await sampleLeads(db, options.leads));
    const bare = new Map<string, { times: number[]; rows: number; explain: string; queries: CompiledQuery[] }>();
    for (const op of ops) {
      const queries = await captureQueries(db, workspace.id, op.body);
      let rows = 0;
      const times = await timeIt(options.iterations, async () => {
        for (const query of queries) rows = (await db.executeQuery(query)).rows.length;
      });
      bare.set(op.name, { times, rows, explain: '', queries });
    }
    // EXPLAIN of everything now (PGlite cannot be reached once the server holds it); printed for the slowest.
    for (const [, entry] of bare) {
      const plans: string[] = [];
      for (const query of entry.queries) {
        const plan = await db.executeQuery<Record<string, string>>({ ...query, sql: `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}` });
        plans.push(plan.rows.map((r) => Object.values(r).join('')).join('\n'));
      }
      entry.explain = plans.join('\n-- then --\n');
    }
    await opened.close();

    const readyStarted = performance.now();
    server = startServer(env);
    await waitHealthy(base);
    const readySeconds = (performance.now() - readyStarted) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const pid = server.pid ?? 0;
    const idleRssMb = rssMb(pid);
    log(`${options.engine}: server ready in ${readySeconds.toFixed(1)} s on the filled store, ${idleRssMb.toFixed(0)} MiB resident when idle`);

    const results: OperationResult[] = [];
    for (const op of ops) {
      const times = await timeIt(options.iterations, async () => {
        await postForTiming(base, key, '/api/v2/leads/list', op.body);
      });
      const floor = bare.get(op.name);
      results.push({
        engine: options.engine,
        operation: op.name,
        httpP50: percentile(times, 50),
        httpP99: percentile(times, 99),
        sqlP50: percentile(floor?.times ?? [], 50),
        sqlP99: percentile(floor?.times ?? [], 99),
        rows: floor?.rows ?? 0,
        explain: floor?.explain ?? '',
      });
    }

    // The streaming export, first straight from the API, then through the CLI into a file.
    const exportStarted = performance.now();
    const response = await fetch(`${base}/api/v2/leads/export`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'csv' }) });
    const exported = Number(response.headers.get('leadbase-lead-count'));
    const reader = response.body?.getReader();
    while (reader !== undefined && !(await reader.read()).done) {
      // draining as fast as the server sends
    }
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const file = join(scratch, 'export.csv');
    const cliStarted = performance.now();
    await new Promise<void>((resolve, reject) => {
      const cli = spawn(process.execPath, ['dist/src/cli/main.js', 'export', '--all', '--quiet', '-o', file], { env: { ...process.env, LEADBASE_URL: base, LEADBASE_API_KEY: key }, stdio: ['ignore', 'ignore', 'inherit'] });
      cli.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`leadbase export exited with ${code}`))));
    });
    const cliExportSeconds = (performance.now() - cliStarted) / 1000;
    log(`${options.engine}: CLI export wrote ${(statSync(file).size / 1e6).toFixed(0)} MB`);
    const serverPeakRssMb = peakRssMb(pid);
    await stopServer(server);
    server = null;
    return {
      engine: options.engine,
      leads: options.leads,
      fillSeconds,
      readySeconds,
      idleRssMb,
      operations: results,
      exportRowsPerSecond: exported / exportSeconds,
      exportSeconds,
      serverPeakRssMb,
      cliExportSeconds,
      cliRowsPerSecond: exported / cliExportSeconds,
    };
  } finally {
    if (server !== null) await stopServer(server);
    cluster?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
