import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { type ImportReply, type ListAnswer, assertClientError, countRows, createList, people, v1, v2LeadsOfList, v2ListId } from './smartlead-fixtures.js';

interface ImportsReply {
  ok: true;
  data: { id: string; file_name: string; created_at: string; total_leads: number; imported: number; duplicates: number; blocked: number; invalid_email_count: number }[];
}

const importInto = (h: Parameters<typeof v1>[0], key: string, id: number, body: unknown) => v1<ImportReply>(h, 'POST', `/lead-list/${id}/import`, key, body);

forEachEngine((h) => {
  describe('happy path', () => {
    test('the reference example: two leads imported, fields mapped as Smartlead names them', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const r = await importInto(h, ws.key, id, {
        leadList: [
          { email: 'john@company.com', first_name: 'John', last_name: 'Doe', company: 'ACME Corp', phone_number: 5551234, website: 'company.com', location: 'Berlin', linkedin_profile: 'https://linkedin.com/in/john', custom_fields: { tier: 'gold', seats: 12 } },
          { email: 'jane@startup.io', first_name: 'Jane', last_name: 'Smith', company_name: 'Startup Inc', company: 'ignored when company_name is sent', Title: 'CTO' },
        ],
        fileName: 'enterprise-prospects-jan2025.csv',
        csvSettings: { ignoreGlobalBlockList: false },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const { import_id, ...counters } = r.body.data;
      assert.deepEqual({ ok: r.body.ok, counters }, { ok: true, counters: { total_leads: 2, imported: 2, duplicates: 0, blocked: 0, invalid_email_count: 0 } });
      assert.equal(typeof import_id, 'string');

      const leads = await v2LeadsOfList(h, ws.key, await v2ListId(h, id));
      const john = leads.find((l) => l.email === 'john@company.com');
      const jane = leads.find((l) => l.email === 'jane@startup.io');
      assert.deepEqual(
        { company: john?.company_name, phone: john?.phone, website: john?.website, payload: john?.payload },
        { company: 'ACME Corp', phone: '5551234', website: 'company.com', payload: { location: 'Berlin', linkedin_profile: 'https://linkedin.com/in/john', tier: 'gold', seats: 12 } },
      );
      assert.deepEqual({ company: jane?.company_name, payload: jane?.payload }, { company: 'Startup Inc', payload: { Title: 'CTO' } });
    });

    test('importing twice: the second run counts every lead as a duplicate and writes nothing new', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const rows = people(5);
      const first = await importInto(h, ws.key, id, { leadList: rows, fileName: 'a.csv' });
      assert.equal(first.body.data.imported, 5);
      const second = await importInto(h, ws.key, id, { leadList: [...rows, { email: 'PERSON0@example.com' }, { email: 'new@example.com' }], fileName: 'b.csv' });
      assert.deepEqual(
        { ...second.body.data, import_id: '' },
        { total_leads: 7, imported: 1, duplicates: 6, blocked: 0, invalid_email_count: 0, import_id: '' },
      );
      const list = await v1<ListAnswer>(h, 'GET', `/lead-list/${id}`, ws.key);
      assert.equal(list.body.data.lead_count, 6);
    });

    test('repeats within one request are duplicates, whatever their case; rows without a usable e-mail are invalid', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const r = await importInto(h, ws.key, id, {
        leadList: [
          { email: 'ada@example.com' },
          { email: ' ADA@Example.com ' },
          { email: 'not-an-email' },
          { first_name: 'No', last_name: 'Email' },
          { email: null },
          { email: '   ' },
          { email: 'bob@example.com' },
        ],
        fileName: 'messy.csv',
      });
      assert.deepEqual(
        { ...r.body.data, import_id: '' },
        { total_leads: 7, imported: 2, duplicates: 1, blocked: 0, invalid_email_count: 4, import_id: '' },
      );
      assert.equal(await countRows(h, 'leads', ws.id), 2);
    });

    test('the block list applies unless csvSettings.ignoreGlobalBlockList', async () => {
      const ws = await h.newWorkspace();
      await v1(h, 'POST', '/leads/add-domain-block-list', ws.key, { domain_block_list: ['blocked.com', 'vip@example.com'] });
      const id = await createList(h, ws.key);
      const rows = [{ email: 'a@blocked.com' }, { email: 'b@sub.blocked.com' }, { email: 'vip@example.com' }, { email: 'ok@example.com' }];
      const checked = await importInto(h, ws.key, id, { leadList: rows, fileName: 'x.csv' });
      assert.deepEqual([checked.body.data.imported, checked.body.data.blocked], [1, 3]);
      const other = await createList(h, ws.key, 'Other');
      const ignored = await importInto(h, ws.key, other, { leadList: rows, fileName: 'x.csv', csvSettings: { ignoreGlobalBlockList: true } });
      assert.deepEqual([ignored.body.data.imported, ignored.body.data.blocked], [4, 0]);
    });

    test('`leads` is taken for `leadList`; emailFieldsAdded and customFields are accepted and recorded', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const r = await importInto(h, ws.key, id, {
        leads: people(2),
        fileName: 'client.csv',
        emailFieldsAdded: { email: 'Email Address' },
        customFields: ['tier'],
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.data.imported, 2);
      const row = await h.store.db.selectFrom('smartlead_imports').select('settings').where('id', '=', r.body.data.import_id).executeTakeFirstOrThrow();
      assert.deepEqual(row.settings, { emailFieldsAdded: { email: 'Email Address' }, customFields: ['tier'], csvSettings: null });
    });

    test('fileName is recorded: the imports of a list, and which leads each one created', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const a = await importInto(h, ws.key, id, { leadList: people(3), fileName: 'january.csv' });
      const b = await importInto(h, ws.key, id, { leadList: people(4), fileName: 'february.csv' });
      const imports = await v1<ImportsReply>(h, 'GET', `/lead-list/${id}/imports`, ws.key);
      assert.equal(imports.status, 200);
      assert.deepEqual(
        imports.body.data.map(({ id: importId, file_name, imported, duplicates }) => ({ importId, file_name, imported, duplicates })),
        [
          { importId: a.body.data.import_id, file_name: 'january.csv', imported: 3, duplicates: 0 },
          { importId: b.body.data.import_id, file_name: 'february.csv', imported: 1, duplicates: 3 },
        ],
      );
      const fromFebruary = await h.store.db
        .selectFrom('smartlead_import_leads')
        .innerJoin('leads', 'leads.id', 'smartlead_import_leads.lead_id')
        .innerJoin('smartlead_imports', 'smartlead_imports.id', 'smartlead_import_leads.import_id')
        .select('leads.email')
        .where('smartlead_imports.file_name', '=', 'february.csv')
        .execute();
      assert.deepEqual(fromFebruary.map((r) => r.email), ['person3@example.com']);
    });
  });

  describe('errors: a clear 400 and nothing written', () => {
    const bad: [string, unknown, string | RegExp][] = [
      ['no leadList', { fileName: 'a.csv' }, "required property 'leadList'"],
      ['both leadList and leads', { leadList: people(1), leads: people(1), fileName: 'a.csv' }, 'not both'],
      ['leadList not an array', { leadList: { email: 'a@example.com' }, fileName: 'a.csv' }, 'body/leadList must be array'],
      ['an empty leadList', { leadList: [], fileName: 'a.csv' }, 'body/leadList must NOT have fewer than 1 items'],
      ['more than 1000 rows', { leadList: people(1001), fileName: 'a.csv' }, 'body/leadList must NOT have more than 1000 items'],
      ['a row that is not an object', { leadList: [...people(2), 'x@example.com'], fileName: 'a.csv' }, 'body/leadList/2 must be object'],
      ['an e-mail that is not a string', { leadList: [{ email: 42 }], fileName: 'a.csv' }, 'body/leadList/0/email'],
      ['a nested custom field', { leadList: [{ email: 'a@example.com', custom_fields: { deep: { x: 1 } } }], fileName: 'a.csv' }, /body\/leadList\/0\/custom_fields\/deep/],
      ['a nested loose column', { leadList: [{ email: 'a@example.com', tags: ['x'] }], fileName: 'a.csv' }, /body\/leadList\/0\/tags/],
      ['no fileName', { leadList: people(1) }, "required property 'fileName'"],
      ['an empty fileName', { leadList: people(1), fileName: '' }, 'body/fileName'],
      ['a non-boolean ignoreGlobalBlockList', { leadList: people(1), fileName: 'a.csv', csvSettings: { ignoreGlobalBlockList: 'yes' } }, 'body/csvSettings/ignoreGlobalBlockList must be boolean'],
    ];
    for (const [name, body, message] of bad) {
      test(name, async () => {
        const ws = await h.newWorkspace();
        const id = await createList(h, ws.key);
        assertClientError(await importInto(h, ws.key, id, body), 400, message);
        assert.equal(await countRows(h, 'leads', ws.id), 0);
        assert.equal(await countRows(h, 'smartlead_imports', ws.id), 0);
      });
    }

    test('malformed JSON is a 400', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      assertClientError(await h.request('POST', `/api/v1/lead-list/${id}/import?api_key=${ws.key}`, { key: null, rawBody: '{"leadList": [' }), 400);
    });

    test("a missing or another workspace's list is a 404 and nothing is written", async () => {
      const owner = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const id = await createList(h, owner.key);
      assertClientError(await importInto(h, stranger.key, id, { leadList: people(2), fileName: 'a.csv' }), 404, `Lead list ${id} not found`);
      assertClientError(await importInto(h, owner.key, id + 1000000, { leadList: people(2), fileName: 'a.csv' }), 404);
      assert.equal(await countRows(h, 'leads', stranger.id), 0);
      assert.equal(await countRows(h, 'leads', owner.id), 0);
    });

    test('a key without leads:create is a 403 and nothing is written', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const reader = await h.keyWithScopes(ws.key, ['leads:read']);
      assertClientError(await importInto(h, reader, id, { leadList: people(2), fileName: 'a.csv' }), 403, 'leads:create');
      assert.equal(await countRows(h, 'leads', ws.id), 0);
    });
  });

  describe('concurrency', () => {
    test('two concurrent imports of the same e-mails create each lead once; the counters add up', async () => {
      const ws = await h.newWorkspace();
      const id = await createList(h, ws.key);
      const rows = people(300, 'race.example');
      const [a, b] = await Promise.all([
        importInto(h, ws.key, id, { leadList: rows, fileName: 'a.csv' }),
        importInto(h, ws.key, id, { leadList: [...rows].reverse(), fileName: 'b.csv' }),
      ]);
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(b.status, 200, JSON.stringify(b.body));
      assert.equal(a.body.data.imported + b.body.data.imported, 300);
      assert.equal(a.body.data.duplicates + b.body.data.duplicates, 300);
      assert.equal(await countRows(h, 'leads', ws.id), 300);
      // Each created lead is linked to the one import that created it.
      const links = await h.store.db
        .selectFrom('smartlead_import_leads')
        .innerJoin('smartlead_imports', 'smartlead_imports.id', 'smartlead_import_leads.import_id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('smartlead_imports.workspace_id', '=', ws.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(links.n), 300);
    });
  });
}, describe);
