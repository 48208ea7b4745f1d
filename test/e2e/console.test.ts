/**
 * The web console in a real Chromium against the built server as a real process, on PGlite and
 * on PostgreSQL: a person's path through it, an accessibility check on every screen, and every
 * JSON answer the console receives held to the vendor contract.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type TestBrowser, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { checkResponse } from '../support/contract.js';
import { documentOf } from '../support/http-contract.js';
import { type TestDatabase, createTestDatabase } from '../support/postgres-database.js';
import { type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'console-admin-key-0123456789';
// Git-ignored (.tmp/): the README's pictures are picked from here by hand.
const SCREENSHOTS = fileURLToPath(new URL('../../../.tmp/console-screenshots/', import.meta.url));
const BULK_ROWS = 1200;
// Enough 1000-lead batches that Cancel lands long before the end on either engine.
const CANCEL_ROWS = 40_000;
const USER_A = '0190a000-0000-7000-8000-00000000000a';
const USER_B = '0190a000-0000-7000-8000-00000000000b';

let browser: TestBrowser;
const breaches: string[] = [];

before(async () => {
  browser = await launchBrowser();
  browser.page.setDefaultTimeout(60_000);
  // What the console reads is what any client reads: the same contract holds.
  browser.page.on('response', async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/v2/') || !(response.headers()['content-type'] ?? '').includes('json')) return;
    try {
      const contentType = response.headers()['content-type'] ?? '';
      const answer = { method: response.request().method(), url: url.pathname, status: response.status(), contentType, body: await response.json() };
      const result = checkResponse(answer, await documentOf(url.origin));
      if (result.errors.length > 0) breaches.push(`${response.request().method()} ${url.pathname}: ${result.errors.join('; ')}`);
    } catch {
      // A page that navigated on has dropped the body; nothing to check.
    }
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function checkScreen(page: Page, name: string, engine: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const violations = await seriousAxeViolations(page);
  assert.deepEqual(violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `accessibility of ${name}`);
  if (engine === 'postgres') await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

function csvFile(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function importCsv(page: Page, path: string, listName: string): Promise<Record<string, number>> {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.getByLabel('CSV file').setInputFiles(path);
  await page.getByLabel('Import into').selectOption({ label: listName });
  await page.getByRole('button', { name: 'Start import' }).click();
  return resultCounters(page);
}

/** The Result's counters, once the import has ended (finished or cancelled). */
async function resultCounters(page: Page): Promise<Record<string, number>> {
  await page.getByRole('heading', { name: 'Result' }).waitFor();
  const counters: Record<string, number> = {};
  for (const cell of await page.locator('[data-counter]').all()) {
    counters[(await cell.getAttribute('data-counter')) ?? ''] = Number(await cell.textContent());
  }
  return counters;
}

async function createList(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Lists', exact: true }).click();
  await page.getByRole('button', { name: 'New list' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('link', { name }).waitFor();
}

/** Background jobs (assign, interest) answer 202 without a job to poll: wait until the API shows the change. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`never happened: ${what}`);
}

async function listLeadEmails(base: string, key: string, filter: Record<string, string>): Promise<string[]> {
  const emails: string[] = [];
  let after: string | undefined;
  do {
    const page = await httpJson<{ items: { email: string }[]; next_starting_after?: string }>(base, key, 'POST', '/api/v2/leads/list', { ...filter, limit: 100, ...(after !== undefined ? { starting_after: after } : {}) });
    emails.push(...page.body.items.map((l) => l.email));
    after = page.body.next_starting_after;
  } while (after !== undefined);
  return emails;
}

async function leadsMatching(base: string, filter: Record<string, unknown>): Promise<{ id: string; email: string }[]> {
  return (await httpJson<{ items: { id: string; email: string }[] }>(base, ADMIN_KEY, 'POST', '/api/v2/leads/list', filter)).body.items;
}

for (const engine of ['pglite', 'postgres'] as const) {
  describe(`web console on ${engine}`, { timeout: 600_000 }, () => {
    let server: ServerProcess;
    let database: TestDatabase | undefined;
    let files: string;
    const listIds = new Map<string, string>();

    before(async () => {
      files = mkdtempSync(join(tmpdir(), 'leadbase-console-'));
      database = engine === 'postgres' ? await createTestDatabase() : undefined;
      server = await startServerProcess({
        LEADBASE_ADMIN_KEY: ADMIN_KEY,
        ...(database !== undefined ? { DATABASE_URL: database.url } : { LEADBASE_DATA_DIR: join(files, 'data') }),
      });
    });

    after(async () => {
      if (server !== undefined) await stopServerProcess(server);
      await database?.drop();
      rmSync(files, { recursive: true, force: true });
    });

    test('is served at / with a strict Content-Security-Policy; client routes fall back to it; /api stays JSON', async () => {
      for (const path of ['/', '/leads', '/import']) {
        const response = await fetch(`${server.base}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', /text\/html/);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'(;|$)/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.ok(response.headers.get('referrer-policy'));
        assert.doesNotMatch(await response.text(), /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      }
      const unknown = await fetch(`${server.base}/api/v2/no-such-route`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { statusCode: 404, error: 'Not Found', message: 'Route GET:/api/v2/no-such-route not found' });
      assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.base}/openapi.json`)).status, 200);
    });

    test('sign in with an API key', async () => {
      const { page } = browser;
      await page.goto(server.base);
      await checkScreen(page, 'sign-in', engine);
      await page.getByLabel('API key').fill('not-a-key-at-all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Invalid API key' }).waitFor();
      await page.getByLabel('API key').fill(ADMIN_KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      for (const name of ['Leads', 'Lists', 'Campaigns', 'Import', 'Block list', 'Jobs', 'API keys']) {
        await page.getByRole('link', { name, exact: true }).waitFor();
      }
      assert.equal(await page.evaluate(() => sessionStorage.getItem('leadbase.apiKey')), ADMIN_KEY);
      assert.ok(!page.url().includes(ADMIN_KEY), 'the key never appears in a URL');
      await checkScreen(page, 'leads-empty', engine);
    });

    test('create lists and a campaign', async () => {
      const { page } = browser;
      await page.getByRole('link', { name: 'Lists', exact: true }).click();
      for (const name of ['Conference 2026', 'Follow-up']) {
        await page.getByRole('button', { name: 'New list' }).click();
        await page.getByLabel('Name', { exact: true }).fill(name);
        await page.getByRole('button', { name: 'Create', exact: true }).click();
        await page.getByRole('link', { name }).waitFor();
      }
      const lists = await httpJson<{ items: { id: string; name: string }[] }>(server.base, ADMIN_KEY, 'GET', '/api/v2/lead-lists');
      for (const l of lists.body.items) listIds.set(l.name, l.id);
      assert.deepEqual([...listIds.keys()].sort(), ['Conference 2026', 'Follow-up']);
      await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await page.getByRole('button', { name: 'New campaign' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Spring outreach');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByRole('link', { name: 'Spring outreach' }).waitFor();
      await checkScreen(page, 'campaigns', engine);
    });

    test('import a CSV with a bad row and a duplicate: counters and the not-created report', async () => {
      const { page } = browser;
      const bulk = Array.from({ length: BULK_ROWS }, (_, i) => `lead${i}@bulk.example,Bulk${i},Lead,Bulk Co,Retail`);
      const path = csvFile(files, 'conference.csv', [
        'E-mail Address,First Name,Surname,Company,Industry',
        'ada@example.com,Ada,Lovelace,Analytical Engines,Computing',
        'grace@navy.example,Grace,Hopper,Navy,Computing',
        'not-an-email,Bad,Row,Nowhere,None',
        'ADA@example.com,Ada,Again,Analytical Engines,Computing',
        ...bulk,
      ]);
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await page.getByLabel('CSV file').setInputFiles(path);
      // The CLI's aliases map the headers; the rest become custom variables.
      assert.equal(await page.getByLabel('Lead field for column E-mail Address').inputValue(), 'email');
      assert.equal(await page.getByLabel('Lead field for column Surname').inputValue(), 'last_name');
      assert.equal(await page.getByLabel('Lead field for column Company').inputValue(), 'company_name');
      assert.equal(await page.getByLabel('Lead field for column Industry').inputValue(), 'custom');
      await page.getByRole('cell', { name: 'grace@navy.example' }).waitFor();
      await checkScreen(page, 'import-mapping', engine);

      const counters = await importCsv(page, path, 'Conference 2026');
      assert.deepEqual(
        { ...counters },
        { total_sent: BULK_ROWS + 4, leads_uploaded: BULK_ROWS + 2, in_blocklist: 0, duplicated_leads: 0, skipped_count: 0, invalid_email_count: 1, incomplete_count: 0, duplicate_email_count: 1, not_created: 2 },
      );
      assert.equal(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow'), '100');
      await checkScreen(page, 'import-result', engine);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download rows not created' }).click()]);
      const report = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
      assert.equal(report[0], 'row,E-mail Address,First Name,Surname,Company,Industry,reason');
      assert.equal(report.length, 3);
      assert.match(report[1] ?? '', /^4,not-an-email,Bad,Row,Nowhere,None,.*e-mail/i);
      assert.match(report[2] ?? '', /^5,ADA@example\.com,.*earlier in this request \(row 2\)/);
    });

    test('scroll through the leads: pages load as the table scrolls, rows stay virtual', async () => {
      const { page } = browser;
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      // More pages than the first are there to scroll to ("400+ leads": it loads ahead).
      await page.getByText(/^[\d,]+\+ leads$/).waitFor();
      const scroller = page.getByLabel('Leads table, scroll to load more');
      const lastLead = page.getByRole('link', { name: `lead${BULK_ROWS - 1}@bulk.example` });
      // Keep scrolling to the end of what is loaded until the last lead's row is on screen.
      for (let i = 0; i < 80 && !(await lastLead.isVisible()); i++) {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await page.waitForTimeout(150);
      }
      assert.ok(await lastLead.isVisible(), 'the last lead scrolled into view');
      await page.getByText(`${(BULK_ROWS + 2).toLocaleString('en-US')} leads`, { exact: true }).waitFor();
      assert.ok((await page.locator('tr.lead-row').count()) < 150, 'only the visible rows are in the page');
    });

    test('search, open a lead, edit it and save', async () => {
      const { page } = browser;
      await scrollTop(page);
      await page.getByLabel('Search leads').fill('grace');
      await page.getByText('1 lead', { exact: true }).waitFor();
      await checkScreen(page, 'leads-search', engine);
      await page.getByRole('link', { name: 'grace@navy.example' }).click();
      await page.getByRole('heading', { name: 'grace@navy.example' }).waitFor();
      assert.equal(await page.getByLabel('Company').inputValue(), 'Navy');
      await page.getByLabel('Company').fill('US Navy');
      await page.getByLabel('Value of Industry').fill('Computer science');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await checkScreen(page, 'lead-detail', engine);
      // The tab keeps its key across a reload; the saved values come back from the server.
      await page.reload();
      await page.getByRole('heading', { name: 'grace@navy.example' }).waitFor();
      assert.equal(await page.getByLabel('Company').inputValue(), 'US Navy');
      const id = new URL(page.url()).pathname.split('/').pop() ?? '';
      const lead = await httpJson<{ company_name: string; payload: Record<string, unknown> }>(server.base, ADMIN_KEY, 'GET', `/api/v2/leads/${id}`);
      assert.equal(lead.body.company_name, 'US Navy');
      assert.equal(lead.body.payload.Industry, 'Computer science');
    });

    test('block a domain and the next import counts it', async () => {
      const { page } = browser;
      await page.getByRole('link', { name: 'Block list', exact: true }).click();
      await page.getByLabel('Add e-mail or domain').fill('blocked.example');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('cell', { name: 'blocked.example', exact: true }).waitFor();
      await checkScreen(page, 'block-list', engine);
      const path = csvFile(files, 'second.csv', ['email,first_name', 'someone@blocked.example,Blocked', 'fresh@new.example,Fresh', 'ada@example.com,Ada']);
      const counters = await importCsv(page, path, 'Conference 2026');
      assert.equal(counters.in_blocklist, 1);
      assert.equal(counters.duplicated_leads, 1);
      assert.equal(counters.leads_uploaded, 1);
      await page.getByRole('cell', { name: 'the domain blocked.example is on the block list' }).waitFor();
      await page.getByRole('cell', { name: 'already in this list' }).waitFor();
    });

    test('merge a lead into another', async () => {
      const { page } = browser;
      const [ada] = await leadsMatching(server.base, { contacts: ['ada@example.com'] });
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      await page.getByLabel('Search leads').fill('fresh@new');
      await page.getByRole('link', { name: 'fresh@new.example' }).click();
      await page.getByLabel('Merge into lead (id)').fill(ada?.id ?? '');
      await page.getByRole('button', { name: 'Merge', exact: true }).click();
      await page.getByRole('heading', { name: 'ada@example.com' }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/leads/${ada?.id ?? ''}`);
      assert.deepEqual(await leadsMatching(server.base, { contacts: ['fresh@new.example'] }), []);
    });

    test('move a selection: the job runs in the background and its progress shows', async () => {
      const { page } = browser;
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      // Ticked rows: one lead.
      await page.getByLabel('Search leads').fill('grace');
      await page.getByText('1 lead', { exact: true }).waitFor();
      await page.getByLabel('Select grace@navy.example').check();
      await page.getByLabel('To list or campaign').selectOption({ label: 'Spring outreach' });
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await page.locator('.job-status[data-status="success"]').first().waitFor();
      // All matching: every bulk lead.
      await page.getByLabel('Search leads').fill('bulk.example');
      await page.getByRole('link', { name: 'lead0@bulk.example' }).waitFor();
      await page.getByText(/^[\d,]+\+ leads$/).waitFor();
      await page.getByLabel('Select all matching').check();
      await page.getByLabel('To list or campaign').selectOption({ label: 'Follow-up' });
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await page.locator('.job-status[data-status="success"]').nth(1).waitFor();
      await checkScreen(page, 'leads-move-job', engine);
      const campaigns = await httpJson<{ items: { id: string }[] }>(server.base, ADMIN_KEY, 'GET', '/api/v2/campaigns');
      assert.deepEqual(await listLeadEmails(server.base, ADMIN_KEY, { campaign: campaigns.body.items[0]?.id ?? '' }), ['grace@navy.example']);
      assert.equal((await listLeadEmails(server.base, ADMIN_KEY, { list_id: listIds.get('Follow-up') ?? '' })).length, BULK_ROWS);

      await page.getByRole('link', { name: 'Jobs', exact: true }).click();
      await page.getByRole('cell', { name: /^move-leads/ }).first().waitFor();
      assert.equal(await page.locator('.job-status[data-status="success"]').count(), 2);
      await checkScreen(page, 'jobs', engine);

      await page.getByRole('link', { name: 'Lists', exact: true }).click();
      await page.getByRole('row', { name: /Follow-up/ }).getByRole('cell', { name: BULK_ROWS.toLocaleString('en-US'), exact: true }).waitFor();
      await checkScreen(page, 'lists', engine);
      // Deleting a list says how many leads go with it.
      await page.getByRole('button', { name: 'Delete Follow-up' }).click();
      await page.getByRole('alertdialog').filter({ hasText: `the ${BULK_ROWS.toLocaleString('en-US')} leads in it` }).waitFor();
      await page.getByRole('button', { name: 'Delete list' }).click();
      await page.getByRole('link', { name: 'Follow-up' }).waitFor({ state: 'detached' });
      assert.equal((await httpJson(server.base, ADMIN_KEY, 'GET', `/api/v2/lead-lists/${listIds.get('Follow-up') ?? ''}`)).status, 404);
    });

    test('assign ticked rows and all matching; set interest on ticked rows', async () => {
      const { page } = browser;
      const bulk = page.getByRole('group', { name: 'Bulk actions' });
      const leadOf = async (email: string) =>
        (await httpJson<{ items: { assigned_to?: string | null; lt_interest_status?: number | null }[] }>(server.base, ADMIN_KEY, 'POST', '/api/v2/leads/list', { contacts: [email] })).body.items[0];
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      await page.getByLabel('Search leads').fill('grace');
      await page.getByText('1 lead', { exact: true }).waitFor();
      await page.getByLabel('Select grace@navy.example').check();
      await bulk.getByLabel('Assign to user id').fill(USER_A);
      await bulk.getByRole('button', { name: 'Assign', exact: true }).click();
      await bulk.getByRole('status').filter({ hasText: 'Assignment of 1 selected lead submitted' }).waitFor();
      await eventually(() => leadOf('grace@navy.example'), (l) => l?.assigned_to === USER_A, 'grace assigned to user A');

      await bulk.getByLabel('Interest status').selectOption({ label: 'Meeting booked' });
      await bulk.getByRole('button', { name: 'Set interest', exact: true }).click();
      await bulk.getByRole('status').filter({ hasText: 'Interest status update submitted for 1 lead' }).waitFor();
      await checkScreen(page, 'leads-bulk-assign', engine);
      await eventually(() => leadOf('grace@navy.example'), (l) => l?.lt_interest_status === 2, 'grace meeting booked');

      // All matching: the whole list, no rows ticked.
      await page.getByLabel('Search leads').fill('');
      await page.getByLabel('List or campaign', { exact: true }).selectOption({ label: 'Conference 2026' });
      await page.getByRole('link', { name: 'ada@example.com' }).waitFor();
      await page.getByLabel('Select all matching').check();
      // Interest goes per lead: with "all matching" it is offered for ticked rows only.
      assert.equal(await bulk.getByRole('button', { name: 'Set interest', exact: true }).isDisabled(), true);
      await bulk.getByLabel('Assign to user id').fill(USER_B);
      await bulk.getByRole('button', { name: 'Assign', exact: true }).click();
      await bulk.getByRole('status').filter({ hasText: 'Assignment of all matching leads submitted' }).waitFor();
      await eventually(() => leadOf('ada@example.com'), (l) => l?.assigned_to === USER_B, 'ada assigned to user B');
      assert.equal((await leadOf('grace@navy.example'))?.assigned_to, USER_A, 'a lead outside the list kept its user');
    });

    test('cancel an import mid-way: sending stops, the counters show what was sent', async () => {
      const { page } = browser;
      await createList(page, 'Cancelled import');
      const path = csvFile(files, 'big.csv', ['email,first_name', ...Array.from({ length: CANCEL_ROWS }, (_, i) => `big${i}@cancel.example,Big${i}`)]);
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await page.getByLabel('CSV file').setInputFiles(path);
      await page.getByLabel('Import into').selectOption({ label: 'Cancelled import' });
      await page.getByRole('button', { name: 'Start import' }).click();
      // The first batch is in: cancel.
      await page.getByText(/ [1-9][\d,]* sent · /).waitFor();
      await page.getByRole('button', { name: 'Cancel import' }).click();
      const counters = await resultCounters(page);
      await page.getByText(/ · cancelled$/).waitFor();
      await page.getByRole('button', { name: 'Cancel import' }).waitFor({ state: 'detached' });
      await checkScreen(page, 'import-cancelled', engine);
      const sent = counters.total_sent ?? 0;
      assert.ok(sent > 0 && sent < CANCEL_ROWS, `sent ${sent} of ${CANCEL_ROWS}`);
      assert.equal(sent % 1000, 0, 'whole batches only');
      assert.equal(counters.leads_uploaded, sent);
      assert.equal(counters.not_created, 0);
      // What the counters say was sent is what the list holds: nothing went after Cancel.
      const listId = (await httpJson<{ items: { id: string; name: string }[] }>(server.base, ADMIN_KEY, 'GET', '/api/v2/lead-lists')).body.items.find((l) => l.name === 'Cancelled import')?.id ?? '';
      listIds.set('Cancelled import', listId);
      assert.equal((await listLeadEmails(server.base, ADMIN_KEY, { list_id: listId })).length, sent);
    });

    test('delete ticked rows, then all matching in a list', async () => {
      const { page } = browser;
      const bulk = page.getByRole('group', { name: 'Bulk actions' });
      const listId = listIds.get('Cancelled import') ?? '';
      const before = (await listLeadEmails(server.base, ADMIN_KEY, { list_id: listId })).length;
      await page.getByRole('link', { name: 'Leads', exact: true }).click();
      await page.getByLabel('List or campaign', { exact: true }).selectOption({ label: 'Cancelled import' });
      await page.getByLabel('Search leads').fill('big1@cancel');
      await page.getByText('1 lead', { exact: true }).waitFor();
      await page.getByLabel('Select big1@cancel.example').check();
      await bulk.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('alertdialog').filter({ hasText: 'Delete 1 selected lead?' }).waitFor();
      await checkScreen(page, 'leads-delete-confirm', engine);
      await page.getByRole('button', { name: 'Delete leads', exact: true }).click();
      await bulk.getByRole('status').filter({ hasText: 'Deleted 1 lead.' }).waitFor();
      assert.deepEqual(await leadsMatching(server.base, { contacts: ['big1@cancel.example'] }), []);
      await page.getByText('No leads match.').waitFor();

      // "Delete all matching" needs the list and no other filter.
      await page.getByLabel('Search leads').fill('');
      await page.getByRole('link', { name: 'big0@cancel.example' }).waitFor();
      await page.getByLabel('Select all matching').check();
      await bulk.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('alertdialog').filter({ hasText: 'Delete all matching leads?' }).waitFor();
      await page.getByRole('button', { name: 'Delete leads', exact: true }).click();
      await bulk.getByRole('status').filter({ hasText: `Deleted ${(before - 1).toLocaleString('en-US')} leads.` }).waitFor();
      await page.getByText('No leads match.').waitFor();
      assert.deepEqual(await listLeadEmails(server.base, ADMIN_KEY, { list_id: listId }), []);
      assert.equal((await leadsMatching(server.base, { contacts: ['ada@example.com'] })).length, 1, 'other lists keep their leads');
    });

    test('create a key with chosen scopes, see its secret once, revoke it', async () => {
      const { page } = browser;
      await page.getByRole('link', { name: 'API keys', exact: true }).click();
      await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
      await page.getByLabel('Key name').fill('Reporting');
      await page.getByLabel('Scopes').selectOption(['leads:read']);
      await page.getByRole('button', { name: 'Create key' }).click();
      const secret = (await page.getByTestId('new-key-secret').textContent()) ?? '';
      await page.getByRole('button', { name: 'Copy key' }).waitFor();
      await checkScreen(page, 'api-keys', engine);
      assert.equal((await httpJson(server.base, secret, 'POST', '/api/v2/leads/list', {})).status, 200);
      assert.equal((await httpJson(server.base, secret, 'GET', '/api/v2/block-lists-entries')).status, 401);

      // The key can sign in; a screen it lacks the scope for says which scope.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').fill(secret);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Block list', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'missing the scope block_list_entries:read' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();

      await page.getByLabel('API key').fill(ADMIN_KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'API keys', exact: true }).click();
      await page.getByRole('button', { name: 'Delete key Reporting' }).click();
      await page.getByRole('button', { name: 'Delete key', exact: true }).click();
      await page.getByRole('cell', { name: 'Reporting', exact: true }).waitFor({ state: 'detached' });
      const refused = await httpJson<{ message: string }>(server.base, secret, 'POST', '/api/v2/leads/list', {});
      assert.equal(refused.status, 401);
      assert.equal(refused.body.message, 'Invalid API key');
    });

    test('the administrator creates a workspace and sets its lead allowance', async () => {
      const { page } = browser;
      const panel = page.getByRole('region', { name: 'Workspaces' });
      const addOne = async (key: string, campaignId: string, email: string) => {
        const added = await httpJson<{ remaining_in_plan: number | null }>(server.base, key, 'POST', '/api/v2/leads/add', { campaign_id: campaignId, leads: [{ email }] });
        assert.equal(added.status, 200, JSON.stringify(added.body));
        return added.body.remaining_in_plan;
      };
      await panel.getByLabel('Workspace name').fill('Acme');
      await panel.getByLabel('Lead allowance (empty: unlimited)', { exact: true }).fill('50');
      await panel.getByRole('button', { name: 'Create workspace' }).click();
      const created = panel.getByRole('status').filter({ hasText: 'Workspace “Acme”' });
      await created.waitFor();
      const workspaceId = (await created.locator('code').nth(0).textContent()) ?? '';
      const key = (await created.locator('code').nth(1).textContent()) ?? '';
      await checkScreen(page, 'workspaces', engine);
      const current = await httpJson<{ id: string; name: string }>(server.base, key, 'GET', '/api/v2/workspaces/current');
      assert.deepEqual({ id: current.body.id, name: current.body.name }, { id: workspaceId, name: 'Acme' });
      const campaign = await httpJson<{ id: string }>(server.base, key, 'POST', '/api/v2/campaigns', {
        name: 'Acme outreach',
        campaign_schedule: { schedules: [{ name: 'Office hours', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] },
      });
      assert.equal(campaign.status, 200, JSON.stringify(campaign.body));
      assert.equal(await addOne(key, campaign.body.id, 'first@acme.example'), 49, 'created with the allowance of 50');

      await panel.getByLabel('Workspace id').fill(workspaceId);
      // Not a number: said so, and nothing is sent (it used to go as null: unlimited).
      await panel.getByLabel('New lead allowance (empty: unlimited)').fill('ten');
      await panel.getByRole('button', { name: 'Set allowance' }).click();
      await panel.getByRole('alert').filter({ hasText: 'whole number' }).waitFor();
      assert.equal(await addOne(key, campaign.body.id, 'second@acme.example'), 48, 'the allowance stayed 50');
      await panel.getByLabel('New lead allowance (empty: unlimited)').fill('10');
      await panel.getByRole('button', { name: 'Set allowance' }).click();
      await panel.getByRole('status').filter({ hasText: 'Allowance 10; 2 leads in campaigns; 8 remaining.' }).waitFor();
      assert.equal(await panel.getByRole('alert').count(), 0);
      await checkScreen(page, 'workspaces-allowance', engine);
      assert.equal(await addOne(key, campaign.body.id, 'third@acme.example'), 7);
    });

    test('sign out forgets the key', async () => {
      const { page } = browser;
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.getItem('leadbase.apiKey')), null);
      await page.goto(`${server.base}/leads`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });

    test('every answer the console read kept the contract', () => {
      assert.deepEqual(breaches, []);
    });
  });
}

async function scrollTop(page: Page): Promise<void> {
  await page.getByLabel('Leads table, scroll to load more').evaluate((el) => el.scrollTo(0, 0));
}
