/** POST /api/v2/leads/export (Leadbase extension): streamed CSV and NDJSON of a lead selection. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportBatches, openExportSelection } from '../../src/store/lead-export-repository.js';
import { forEachEngine } from '../support/harness.js';
import { type LeadWire, addLead, badRequest, listPage, newCampaign, newList } from './leads-fixtures.js';

type Row = Record<string, string>;
const csvRows = (text: string) => parse(text, { columns: true }) as Row[];
const ndjsonLines = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LeadWire);

forEachEngine((h) => {
  async function listWithLeads(key: string, count: number): Promise<string> {
    const list = await newList(h, key);
    const leads = Array.from({ length: count }, (_, i) => ({ email: `lead${i}@example.com`, first_name: `First${i}`, custom_variables: i % 2 === 0 ? { tier: `t${i}` } : { score: i } }));
    const r = await h.request('POST', '/api/v2/leads/add', { key, body: { list_id: list, leads } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return list;
  }

  test('CSV of a list: the columns of leadbase export, every lead once in id order, counts in headers', async () => {
    const { key } = await h.newWorkspace();
    const list = await listWithLeads(key, 7);
    await listWithLeads(key, 2); // another list: not exported
    const r = await h.request<string>('POST', '/api/v2/leads/export', { key, body: { list_id: list } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/csv/);
    assert.equal(r.headers['leadbase-lead-count'], '7');
    assert.equal(r.headers['leadbase-custom-variable-columns'], '2');
    const rows = csvRows(r.body);
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization', 'score', 'tier']);
    const page = await listPage(h, key, { list_id: list });
    assert.deepEqual(rows.map((row) => row.email), page.items.map((l) => l.email));
    assert.deepEqual([rows[0]?.tier, rows[0]?.score, rows[1]?.tier, rows[1]?.score], ['t0', '', '', '1']);
  });

  test('NDJSON: each line is the lead as /leads/list answers it', async () => {
    const { key } = await h.newWorkspace();
    const campaign = await newCampaign(h, key);
    await addLead(h, key, { campaign: campaign.id, email: 'ada@example.com', first_name: 'Ada', custom_variables: { a: 1 } });
    await addLead(h, key, { campaign: campaign.id, email: 'grace@example.org', first_name: 'Grace' });
    const r = await h.request<string>('POST', '/api/v2/leads/export', { key, body: { campaign: campaign.id, format: 'ndjson' } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/x-ndjson/);
    assert.deepEqual(ndjsonLines(r.body), (await listPage(h, key, { campaign: campaign.id })).items);
  });

  test('any /leads/list filter selects, search included; an empty selection is a header alone', async () => {
    const { key } = await h.newWorkspace();
    const list = await listWithLeads(key, 12);
    const r = await h.request<string>('POST', '/api/v2/leads/export', { key, body: { list_id: list, search: 'FIRST1', format: 'ndjson' } });
    assert.deepEqual(ndjsonLines(r.body).map((l) => l.first_name), ['First1', 'First10', 'First11']);
    const none = await h.request<string>('POST', '/api/v2/leads/export', { key, body: { search: 'nobody' } });
    assert.equal(none.status, 200);
    assert.equal(none.headers['leadbase-lead-count'], '0');
    assert.equal(none.body, 'email,first_name,last_name,company_name,job_title,phone,website,personalization\n');
  });

  test('meta and chosen custom variable columns; values left out are counted', async () => {
    const { key } = await h.newWorkspace();
    const list = await listWithLeads(key, 4);
    const r = await h.request<string>('POST', '/api/v2/leads/export', { key, body: { list_id: list, meta: true, custom_variables: ['tier', 'email'] } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['leadbase-omitted-values'], '2');
    const header = Object.keys(csvRows(r.body)[0] ?? {});
    assert.deepEqual(header.slice(8, 11), ['id', 'campaign', 'list_id']);
    assert.deepEqual(header.slice(-2), ['tier', 'custom:email']);
  });

  test('batches follow one another in id order, up to the newest lead when the export began', async () => {
    const { id: workspaceId, key } = await h.newWorkspace();
    const list = await listWithLeads(key, 8);
    const selection = await openExportSelection(h.store.db, workspaceId, { list_id: list });
    await listWithLeads(key, 3); // added after the start: not part of this export
    const batches: string[][] = [];
    for await (const rows of exportBatches(h.store.db, selection, 3)) batches.push(rows.map((row) => row.email ?? ''));
    assert.deepEqual(batches.map((b) => b.length), [3, 3, 2]);
    assert.deepEqual(batches.flat(), (await listPage(h, key, { list_id: list })).items.map((l) => l.email));
  });

  test('bad input is a 400 that names the field; smart views are refused as in /leads/list', async () => {
    const { key } = await h.newWorkspace();
    const format = await h.request('POST', '/api/v2/leads/export', { key, body: { format: 'xml' } });
    assert.equal(format.status, 400);
    assert.equal(format.body.message, 'body/format must be equal to one of the allowed values');
    const queries = await h.request('POST', '/api/v2/leads/export', { key, body: { queries: [{ a: 1 }] } });
    assert.deepEqual(queries.body, badRequest('body/queries (smart view queries) is not supported by Leadbase; use the other filters'));
    const columns = await h.request('POST', '/api/v2/leads/export', { key, body: { custom_variables: ['a', 'a'] } });
    assert.equal(columns.status, 400);
    assert.match(columns.body.message, /body\/custom_variables/);
  });

  test('it needs leads:read, and sees only its own workspace', async () => {
    const mine = await h.newWorkspace();
    const other = await h.newWorkspace();
    await listWithLeads(other.key, 3);
    const reader = await h.keyWithScopes(mine.key, ['leads:read']);
    const ok = await h.request<string>('POST', '/api/v2/leads/export', { key: reader, body: { format: 'ndjson' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '');
    const listsOnly = await h.keyWithScopes(mine.key, ['lead_lists:read']);
    const refused = await h.request('POST', '/api/v2/leads/export', { key: listsOnly, body: {} });
    assert.equal(refused.status, 401);
    assert.match(refused.body.message, /leads:read/);
  });
}, describe);
