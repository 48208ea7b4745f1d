/**
 * /leads/list `search` (substring of first name, last name, "first last" or e-mail, any case)
 * through the trigram index of migration 0014, and the statistics the planner needs on PGlite.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { leadFilterCondition, searchOf } from '../../src/store/lead-filter.js';
import { listLeads } from '../../src/store/lead-repository.js';
import { analyzeStaleTables } from '../../src/store/statistics.js';
import { forEachEngine } from '../support/harness.js';
import { emailsOf, listPage, newCampaign, newList } from './leads-fixtures.js';

const PEOPLE = [
  { email: 'ada.lovelace@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  { email: 'grace@navy.example', first_name: 'Grace', last_name: 'Hopper' },
  { email: 'linus@example.org', first_name: 'Linus', last_name: null },
  { email: 'percent@example.net', first_name: '100%', last_name: 'Sure' },
  { email: null, first_name: 'Émile', last_name: 'Zola' },
];

forEachEngine((h) => {
  async function workspaceWithPeople() {
    const workspace = await h.newWorkspace();
    const list = await newList(h, workspace.key);
    const r = await h.request('POST', '/api/v2/leads/add', { key: workspace.key, body: { list_id: list, leads: PEOPLE } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return workspace;
  }
  const search = async (key: string, text: string) => emailsOf(await listPage(h, key, { search: text })).map((e) => e ?? '(none)').sort();

  test('substrings of first name, last name, "first last" and e-mail, in any case', async () => {
    const { key } = await workspaceWithPeople();
    assert.deepEqual(await search(key, 'LOVE'), ['ada.lovelace@example.com']);
    assert.deepEqual(await search(key, 'grace hop'), ['grace@navy.example']);
    assert.deepEqual(await search(key, 'navy.EX'), ['grace@navy.example']);
    assert.deepEqual(await search(key, 'example'), ['ada.lovelace@example.com', 'grace@navy.example', 'linus@example.org', 'percent@example.net']);
    assert.deepEqual(await search(key, 'zola'), ['(none)']);
    assert.deepEqual(await search(key, '  linus  '), ['linus@example.org'], 'surrounding spaces are not part of the search');
  });

  test('no match across two fields, % and _ taken literally, short and absent texts', async () => {
    const { key } = await workspaceWithPeople();
    // The index's key runs the fields together without spaces or punctuation: it holds
    // "lovelaceada" (last name, then e-mail) and "alovelace" ("Ada" + "Lovelace"), which no field
    // does; the exact test turns them away.
    assert.deepEqual(await search(key, 'lovelace ada'), []);
    assert.deepEqual(await search(key, 'lovelaceada'), []);
    assert.deepEqual(await search(key, 'alovelace'), []);
    assert.deepEqual(await search(key, 'hopper grace'), []);
    assert.deepEqual(await search(key, '100%'), ['percent@example.net']);
    assert.deepEqual(await search(key, '%'), ['percent@example.net']);
    assert.deepEqual(await search(key, 'a_a'), []);
    assert.deepEqual(await search(key, 'ad'), ['ada.lovelace@example.com']);
    assert.deepEqual(await search(key, 'nobody at all'), []);
  });

  test('punctuation and spaces are part of what a search matches, though the index ignores them', async () => {
    const { key } = await workspaceWithPeople();
    assert.deepEqual(await search(key, 'a.lovelace@EXAMPLE.c'), ['ada.lovelace@example.com']);
    assert.deepEqual(await search(key, 'ada lovelace'), ['ada.lovelace@example.com']);
    assert.deepEqual(await search(key, 'ada.lovelace'), ['ada.lovelace@example.com'], 'the e-mail has it, "Ada Lovelace" does not');
    assert.deepEqual(await search(key, 'adalovelace'), [], 'no field has it without the dot');
    assert.deepEqual(await search(key, 'grace@navy'), ['grace@navy.example']);
    assert.deepEqual(await search(key, 'grace navy'), []);
    // Only punctuation: nothing left for the index, the exact test decides on every lead.
    assert.deepEqual(await search(key, '@'), ['ada.lovelace@example.com', 'grace@navy.example', 'linus@example.org', 'percent@example.net']);
    assert.deepEqual(await search(key, '.org'), ['linus@example.org']);
    assert.deepEqual(await search(key, '0%'), ['percent@example.net']);
  });

  test('the index key leaves out exactly the separators of names and e-mails', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    assert.deepEqual(searchOf({ search: `x${ascii}é’` }), {
      pattern: `%x${ascii.replace(/[\\%_]/g, (c) => `\\${c}`)}é’%`,
      keyPattern: `%x${ascii.replace(/[ .@_+'-]/g, '').replace(/[\\%_]/g, (c) => `\\${c}`)}é’%`,
      indexable: true,
    });
    assert.equal(searchOf({ search: 'a.b-c' })?.indexable, true, '"abc" has a trigram');
    assert.equal(searchOf({ search: 'a. b' })?.indexable, false);
    assert.equal(searchOf({ search: 'a/b,c' })?.indexable, false, 'other punctuation stays a separator');
    assert.equal(searchOf({ search: '  ' }), undefined);
  });

  test('a search is served by the trigram index, not by a walk through the workspace', async () => {
    const { id, key } = await workspaceWithPeople();
    const list = await newList(h, key, 'filler');
    for (let batch = 0; batch < 3; batch++) {
      const leads = Array.from({ length: 1000 }, (_, i) => ({ email: `filler${batch}-${i}@example.com`, first_name: 'Filler' }));
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key, body: { list_id: list, leads } })).status, 200);
    }
    // What autovacuum does on PostgreSQL (and src/store/statistics.ts on PGlite): statistics, and
    // the trigram index's pending list merged into the index.
    await sql`VACUUM ANALYZE leads`.execute(h.store.db);
    const plan = await h.store.db.transaction().execute(async (trx) => {
      // At a few thousand rows a sequential scan is still the cheapest plan; this asks which of
      // the other ways the planner takes: the trigram index, or a walk through the workspace.
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return trx.selectFrom('leads').select('id').where((eb) => leadFilterCondition(eb, id, { search: 'lovelace' })).orderBy('id').limit(101).explain();
    });
    const text = plan.map((r) => Object.values(r).join('')).join('\n');
    assert.match(text, /leads_search/, text);
  });

  test('a page is exact whether the walk in id order or the trigram index finds it, across pages and after a cursor', async () => {
    const { id, key } = await h.newWorkspace();
    const list = await newList(h, key);
    // With a sample of 20 leads: every third lead is a "Johnson" (a page of 5 in the sample), every
    // 8th a "Moss" (2 in the sample: a page in ~75 leads, walked), every 40th a "Quill" (the
    // index); each is paged through to the end.
    const lastName = (i: number) => (i % 40 === 7 ? 'Quill' : i % 3 === 0 ? 'Johnson' : i % 8 === 1 ? 'Moss' : 'Lee');
    const leads = Array.from({ length: 240 }, (_, i) => ({ email: `p${i}@example.com`, first_name: 'Pat', last_name: lastName(i) }));
    assert.equal((await h.request('POST', '/api/v2/leads/add', { key, body: { list_id: list, leads } })).status, 200);
    const expected = (last: string) => leads.filter((l) => l.last_name === last).map((l) => l.email);
    for (const [text, last] of [['johnson', 'Johnson'], ['QUILL', 'Quill'], ['pat quill', 'Quill'], ['hnso', 'Johnson'], ['moss', 'Moss'], ['pat mo', 'Moss']] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await listLeads(h.store.db, id, { limit: 5, search: text, list_id: list, ...(cursor !== undefined ? { starting_after: cursor } : {}) }, (r) => r.email ?? '', 20);
        seen.push(...page.items);
        cursor = page.next_starting_after;
        if (cursor === undefined) break;
      }
      assert.deepEqual(seen, expected(last), text);
    }
  });

  test('deleting a list or a campaign finds its leads through an index led by the list or campaign', async () => {
    const { key } = await h.newWorkspace();
    const list = await newList(h, key);
    const campaign = (await newCampaign(h, key)).id;
    for (const target of [{ list_id: list }, { campaign_id: campaign }]) {
      const r = await h.request('POST', '/api/v2/leads/add', { key, body: { ...target, leads: [{ email: 'x@example.com' }] } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // What ON DELETE CASCADE asks for each deleted list or campaign: no workspace in it, so an
    // index starting with workspace_id could only be read whole.
    for (const [column, value, index] of [['list_id', list, 'leads_list'], ['campaign_id', campaign, 'leads_campaign']] as const) {
      const text = await h.store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const rows = await sql<Record<string, string>>`EXPLAIN DELETE FROM leads WHERE ${sql.ref(column)} = ${value}`.execute(trx);
        return rows.rows.map((r) => Object.values(r).join('')).join('\n');
      });
      assert.match(text, new RegExp(`Index Scan on ${index}\\b|Index Scan using ${index}\\b`), text);
      assert.match(text, new RegExp(`Index Cond: \\(${column} = `), text);
    }
    assert.equal((await h.request('DELETE', `/api/v2/lead-lists/${list}`, { key })).status, 200);
  });
}, describe);

describe('statistics on PGlite', () => {
  forEachEngine((h, engine) => {
    test('changed tables are analyzed once they pass autovacuum\'s threshold, then left alone', { skip: engine === 'postgres' ? 'autovacuum does this on PostgreSQL' : false }, async () => {
      const { key } = await h.newWorkspace();
      const list = await newList(h, key);
      const leads = Array.from({ length: 300 }, (_, i) => ({ email: `s${i}@example.com` }));
      assert.equal((await h.request('POST', '/api/v2/leads/add', { key, body: { list_id: list, leads } })).status, 200);
      assert.ok((await analyzeStaleTables(h.store.db)).includes('leads'));
      assert.deepEqual(await analyzeStaleTables(h.store.db), []);
      const stats = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'leads'`.execute(h.store.db);
      assert.ok((stats.rows[0]?.n ?? 0) > 0, 'the planner has column statistics for leads');
    });
  }, describe);
});
