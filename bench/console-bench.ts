/**
 * The console on a big workspace, in one run (a benchmark: it prints figures, asserts nothing).
 *
 *   npm run bench:console -- --leads 1000000
 *
 * Starts a throwaway PostgreSQL and the built server, fills one workspace with N leads in SQL
 * (the backdrop, not what is measured), signs in with Chromium and measures: the time to the first
 * rows of the Leads screen (a fresh load, JavaScript included), how long each further page keeps
 * the table waiting while scrolling, and the gzipped JavaScript the console loads.
 * Targets: first rows < 1 s, no page wait > 200 ms, < 250 KB of gzipped JavaScript.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { launchBrowser } from '../test/support/browser.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../test/support/server-process.js';
import { CONSOLE_ROOT } from '../src/http/console.js';

const ADMIN_KEY = 'bench-admin-key-0123456789';
const SCROLL_PAGES = 40;

function leadCount(argv: string[]): number {
  const at = argv.indexOf('--leads');
  const value = at < 0 ? 1_000_000 : Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1000) throw new Error('--leads takes a whole number of at least 1000');
  return value;
}

/** The bytes the console's page loads as script, gzipped as a CDN or proxy would send them. */
function consoleScriptBytes(): { files: string[]; raw: number; gzipped: number } {
  const html = readFileSync(join(CONSOLE_ROOT, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(join(CONSOLE_ROOT, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, raw, gzipped };
}

async function fill(databaseUrl: string, workspaceId: string, listId: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Ids ascend with n as UUIDv7s ascend with time, so keyset paging walks them in order.
    await client.query(
      `INSERT INTO leads (id, workspace_id, list_id, email, first_name, last_name, company_name, company_domain)
       SELECT (lpad(to_hex(n), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, $1, $2,
              'person' || n || '@company' || (n % 20000) || '.example', 'First' || (n % 997), 'Last' || (n % 1009),
              'Company ' || (n % 20000), 'company' || (n % 20000) || '.example'
       FROM generate_series(1, $3::int) AS n`,
      [workspaceId, listId, count],
    );
    await client.query('ANALYZE leads');
  } finally {
    await client.end();
  }
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const sortedPercentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const count = leadCount(process.argv.slice(2));
  const cluster = await startPostgresCluster();
  let server: ServerProcess | null = null;
  const browser = await launchBrowser();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE leadbase_console_bench');
    await admin.end();
    const databaseUrl = cluster.url.replace(/\/[^/]*$/, '/leadbase_console_bench');
    server = await startServerProcess({ DATABASE_URL: databaseUrl, LEADBASE_ADMIN_KEY: ADMIN_KEY });
    const workspace = await httpJson<{ id: string; api_key: { key: string } }>(server.base, ADMIN_KEY, 'POST', '/api/v2/workspaces', { name: 'Console bench' });
    const key = workspace.body.api_key.key;
    const list = await httpJson<{ id: string }>(server.base, key, 'POST', '/api/v2/lead-lists', { name: 'Big list' });
    const filling = performance.now();
    await fill(databaseUrl, workspace.body.id, list.body.id, count);
    process.stdout.write(`filled the workspace with ${count.toLocaleString('en-US')} leads in ${((performance.now() - filling) / 1000).toFixed(1)} s (SQL)\n`);

    const { page } = browser;
    page.setDefaultTimeout(60_000);
    await page.goto(server.base);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('tr.lead-row').first().waitFor();

    // First rows: a fresh page load of /leads (HTML, JavaScript, the lists, the first page of leads).
    const firstRows: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await page.goto(`${server.base}/leads`);
      await page.locator('tr.lead-row a').first().waitFor();
      firstRows.push(performance.now() - started);
    }

    // Scrolling: jump to the end of what is loaded, and time how long the "Loading more…" row shows.
    const scroller = page.getByLabel('Leads table, scroll to load more');
    const waits: number[] = [];
    const pageTimes: number[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/api/v2/leads/list')) pageTimes.push(request.timing().responseEnd);
    });
    for (let i = 0; i < SCROLL_PAGES; i++) {
      // A person's fast scroll: 40 rows a step, 50 ms apart, until the end of the loaded rows.
      const waited = await scroller.evaluate(async (el) => {
        let wait = 0;
        const before = el.scrollTop;
        for (let step = 0; step < 25; step++) {
          el.scrollBy(0, 40 * 36);
          await new Promise((r) => setTimeout(r, 50));
          const loading = [...el.querySelectorAll('td')].some((td) => td.textContent === 'Loading more…');
          if (loading) {
            const started = performance.now();
            while ([...el.querySelectorAll('td')].some((td) => td.textContent === 'Loading more…')) await new Promise((r) => requestAnimationFrame(r));
            wait = Math.max(wait, performance.now() - started);
          }
        }
        return el.scrollTop > before ? wait : -1;
      });
      if (waited < 0) break;
      waits.push(waited);
    }
    const loaded = await page.getByText(/^[\d,]+\+? leads$/).textContent();

    const script = consoleScriptBytes();
    const sortedFirst = [...firstRows].sort((a, b) => a - b);
    const sortedWaits = [...waits].sort((a, b) => a - b);
    const sortedPages = [...pageTimes].sort((a, b) => a - b);
    process.stdout.write(
      [
        `first rows of the Leads screen (fresh load, ${firstRows.length} runs): median ${ms(sortedPercentile(sortedFirst, 50))}, worst ${ms(sortedFirst[sortedFirst.length - 1] ?? Number.NaN)} (target < 1000 ms)`,
        `scrolling: ${waits.length} bursts of 1000 rows, ${loaded} in the table; the table waited for a page: median ${ms(sortedPercentile(sortedWaits, 50))}, p95 ${ms(sortedPercentile(sortedWaits, 95))}, worst ${ms(sortedWaits[sortedWaits.length - 1] ?? 0)} (target <= 200 ms)`,
        `POST /leads/list as the browser saw it (${pageTimes.length} pages): median ${ms(sortedPercentile(sortedPages, 50))}, p95 ${ms(sortedPercentile(sortedPages, 95))}, worst ${ms(sortedPages[sortedPages.length - 1] ?? Number.NaN)}`,
        `JavaScript the console loads: ${script.files.join(', ')}: ${(script.raw / 1024).toFixed(0)} KB, ${(script.gzipped / 1024).toFixed(1)} KB gzipped (target < 250 KB)`,
      ].join('\n') + '\n',
    );
  } finally {
    await browser.close();
    if (server !== null) await stopServerProcess(server);
    cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`console bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
