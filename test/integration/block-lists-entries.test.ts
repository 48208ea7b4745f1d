import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';

const BASE = '/api/v2/block-lists-entries';
const MISSING_ID = '019ffad2-9b90-7dbc-9495-c09051a2b55f';

interface Entry {
  id: string;
  timestamp_created: string;
  organization_id: string;
  bl_value: string;
  is_domain: boolean;
}

async function add(h: Harness, key: string, blValue: string): Promise<Entry> {
  const r = await h.request<Entry>('POST', BASE, { key, body: { bl_value: blValue } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function values(h: Harness, key: string, query = ''): Promise<string[]> {
  const r = await h.request<{ items: Entry[] }>('GET', `${BASE}?limit=100${query}`, { key });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((e) => e.bl_value);
}

/** Rows in the table itself, so a duplicate the API would hide still shows. */
async function storedValues(h: Harness, workspaceId: string): Promise<string[]> {
  const rows = await h.store.db.selectFrom('block_list_entries').select('bl_value').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  return rows.map((r) => r.bl_value);
}

function csvLines(text: string): string[] {
  assert.ok(text.endsWith('\r\n'), 'every CSV record ends with CRLF');
  return text.slice(0, -2).split('\r\n');
}

const badValue = (raw: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message: `body/bl_value must be an e-mail address or a domain such as example.com (or *.example.com for its subdomains); got ${JSON.stringify(raw)}`,
});
const notFound = { statusCode: 404, error: 'Not Found', message: 'Block list entry not found' };

forEachEngine((h) => {
  describe('happy path', () => {
    test('creates e-mail and domain entries: value trimmed and lower-cased, is_domain derived', async () => {
      const ws = await h.newWorkspace();
      const mail = await h.request<Entry>('POST', BASE, { key: ws.key, body: { bl_value: '  John.Doe@Example.COM ' } });
      assert.equal(mail.status, 200);
      assert.equal(mail.body.bl_value, 'john.doe@example.com');
      assert.equal(mail.body.is_domain, false);
      assert.equal(mail.body.organization_id, ws.id);
      assert.ok(Math.abs(Date.parse(mail.body.timestamp_created) - Date.now()) < 60_000);

      const dom = await add(h, ws.key, 'Example.ORG');
      assert.equal(dom.bl_value, 'example.org');
      assert.equal(dom.is_domain, true);
      assert.equal((await add(h, ws.key, '@Other.com')).bl_value, 'other.com');
      assert.equal((await add(h, ws.key, '*@third.com')).bl_value, 'third.com');
      const wildcard = await add(h, ws.key, '*.Wild.com');
      assert.deepEqual([wildcard.bl_value, wildcard.is_domain], ['*.wild.com', true]);
      assert.equal((await add(h, ws.key, 'wild.com')).bl_value, 'wild.com', 'a domain and its wildcard are separate entries');

      const fetched = await h.request('GET', `${BASE}/${mail.body.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, mail.body);
      assert.deepEqual(await storedValues(h, ws.id), ['john.doe@example.com', 'example.org', 'other.com', 'third.com', '*.wild.com', 'wild.com']);
    });

    test('adding a value already on the list answers the existing entry without a duplicate', async () => {
      const ws = await h.newWorkspace();
      const first = await add(h, ws.key, 'example.com');
      for (const again of ['example.com', ' EXAMPLE.com', '@example.com', '*@Example.com']) {
        assert.deepEqual(await add(h, ws.key, again), first, again);
      }
      const mail = await add(h, ws.key, 'a@example.com');
      assert.deepEqual(await add(h, ws.key, 'A@EXAMPLE.COM'), mail);
      assert.deepEqual(await storedValues(h, ws.id), ['example.com', 'a@example.com']);
    });

    test('international domains: punycode and Unicode spellings are one entry', async () => {
      const ws = await h.newWorkspace();
      const unicode = await add(h, ws.key, 'Bücher.de');
      assert.deepEqual([unicode.bl_value, unicode.is_domain], ['bücher.de', true]);
      assert.deepEqual(await add(h, ws.key, 'xn--bcher-kva.de'), unicode);
      assert.deepEqual(await storedValues(h, ws.id), ['bücher.de']);
    });

    test('pages in creation order without repeating or skipping, the last page has no cursor', async () => {
      const ws = await h.newWorkspace();
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await add(h, ws.key, `d${i}.example.com`)).id);
      const walk = async (limit: number) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const r = await h.request('GET', `${BASE}?limit=${limit}${cursor !== undefined ? `&starting_after=${cursor}` : ''}`, { key: ws.key });
          assert.equal(r.status, 200);
          seen.push(...r.body.items.map((e: Entry) => e.id));
          cursor = r.body.next_starting_after;
          if (cursor !== undefined) assert.equal(cursor, seen[seen.length - 1]);
          pages++;
        } while (cursor !== undefined);
        return { seen, pages };
      };
      assert.deepEqual(await walk(3), { seen: ids, pages: 3 });
      assert.deepEqual(await walk(7), { seen: ids, pages: 1 }, 'a page that ends exactly at the last entry has no cursor');
      assert.deepEqual(await walk(100), { seen: ids, pages: 1 });
      const all = await h.request('GET', BASE, { key: ws.key });
      assert.equal(all.body.items.length, 7);
      assert.equal('next_starting_after' in all.body, false);
      const afterLast = await h.request('GET', `${BASE}?starting_after=${ids[6]}`, { key: ws.key });
      assert.deepEqual(afterLast.body, { items: [] });
    });

    test('filters by domains_only and by search (case-insensitive, part of the value, literal % and _)', async () => {
      const ws = await h.newWorkspace();
      for (const v of ['ann@example.com', 'example.com', '*.example.com', 'my_shop.com', 'bob@other.org', 'examplexcom.net']) await add(h, ws.key, v);
      assert.deepEqual(await values(h, ws.key, '&domains_only=true'), ['example.com', '*.example.com', 'my_shop.com', 'examplexcom.net']);
      assert.deepEqual(await values(h, ws.key, '&domains_only=false'), ['ann@example.com', 'example.com', '*.example.com', 'my_shop.com', 'bob@other.org', 'examplexcom.net']);
      assert.deepEqual(await values(h, ws.key, '&search=EXAMPLE.com'), ['ann@example.com', 'example.com', '*.example.com']);
      assert.deepEqual(await values(h, ws.key, '&search=example.com&domains_only=true'), ['example.com', '*.example.com']);
      assert.deepEqual(await values(h, ws.key, '&search=_'), ['my_shop.com']);
      assert.deepEqual(await values(h, ws.key, '&search=%25'), []);
      assert.deepEqual(await values(h, ws.key, '&search=%20%20'), await values(h, ws.key), 'a blank search does not filter');

      const page = await h.request('GET', `${BASE}?domains_only=true&limit=2`, { key: ws.key });
      assert.deepEqual(page.body.items.map((e: Entry) => e.bl_value), ['example.com', '*.example.com']);
      const next = await h.request('GET', `${BASE}?domains_only=true&limit=2&starting_after=${page.body.next_starting_after}`, { key: ws.key });
      assert.deepEqual(next.body, { items: next.body.items });
      assert.deepEqual(next.body.items.map((e: Entry) => e.bl_value), ['my_shop.com', 'examplexcom.net']);
    });

    test('search finds international values whatever the case of the search text', async () => {
      const ws = await h.newWorkspace();
      await add(h, ws.key, 'ÖKO-Bücher.de');
      await add(h, ws.key, 'other.de');
      assert.deepEqual(await values(h, ws.key, `&search=${encodeURIComponent('BÜCHER')}`), ['öko-bücher.de']);
      assert.deepEqual(await values(h, ws.key, `&search=${encodeURIComponent('öko')}`), ['öko-bücher.de']);
    });

    test('simultaneous requests adding the same values answer one entry per value', async () => {
      const ws = await h.newWorkspace();
      const replies = await Promise.all([
        ...Array.from({ length: 8 }, () => h.request<Entry>('POST', BASE, { key: ws.key, body: { bl_value: 'race.com' } })),
        ...Array.from({ length: 4 }, () => h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: ['race.com', 'other.com'] } })),
      ]);
      assert.deepEqual(replies.map((r) => r.status), Array.from({ length: 12 }, () => 200));
      assert.equal(new Set(replies.slice(0, 8).map((r) => r.body.id)).size, 1);
      assert.deepEqual((await storedValues(h, ws.id)).sort(), ['other.com', 'race.com']);
      const defaultLists = await h.store.db.selectFrom('block_lists').select('id').where('workspace_id', '=', ws.id).execute();
      assert.equal(defaultLists.length, 1, 'one default block list per workspace');
    });

    test('PATCH changes the value and re-derives is_domain; id and creation time stay', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'a@example.com');
      const patched = await h.request<Entry>('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: { bl_value: ' *.Example.com ' } });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body, { ...entry, bl_value: '*.example.com', is_domain: true });
      const back = await h.request<Entry>('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: { bl_value: 'B@example.com' } });
      assert.deepEqual(back.body, { ...entry, bl_value: 'b@example.com', is_domain: false });
      const same = await h.request<Entry>('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: { bl_value: 'b@EXAMPLE.com' } });
      assert.deepEqual(same.body, back.body, 'its own value again is not a conflict');
      const fetched = await h.request('GET', `${BASE}/${entry.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, back.body);
    });

    test('DELETE by id answers the deleted entry; it is gone afterwards', async () => {
      const ws = await h.newWorkspace();
      const keep = await add(h, ws.key, 'keep.com');
      const entry = await add(h, ws.key, 'gone.com');
      const deleted = await h.request('DELETE', `${BASE}/${entry.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, entry);
      assert.deepEqual((await h.request('GET', `${BASE}/${entry.id}`, { key: ws.key })).body, notFound);
      assert.deepEqual((await h.request('DELETE', `${BASE}/${entry.id}`, { key: ws.key })).body, notFound);
      assert.deepEqual(await storedValues(h, ws.id), [keep.bl_value]);
    });

    test('DELETE by id takes the null JSON body the vendor documents', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'gone.com');
      const deleted = await h.request('DELETE', `${BASE}/${entry.id}`, { key: ws.key, rawBody: 'null' });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.id, entry.id);
    });

    test('bulk-create counts valid and invalid values; duplicates and values already listed are valid but created once', async () => {
      const ws = await h.newWorkspace();
      const existing = await add(h, ws.key, 'old.com');
      const r = await h.request('POST', `${BASE}/bulk-create`, {
        key: ws.key,
        body: { bl_values: ['New.com', 'a@new.com', 'not a value', 'new.com', '@NEW.com', 'old.com', 'com', '', '*.wild.com', 'A@new.com', 'http://x.com/path'] },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.valid_count, 7);
      assert.equal(r.body.invalid_count, 4);
      assert.deepEqual(r.body.items.map((e: Entry) => [e.bl_value, e.is_domain, e.organization_id]), [
        ['new.com', true, ws.id],
        ['a@new.com', false, ws.id],
        ['*.wild.com', true, ws.id],
      ]);
      assert.deepEqual(await storedValues(h, ws.id), ['old.com', 'new.com', 'a@new.com', '*.wild.com']);
      const again = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: ['old.com', 'new.com'] } });
      assert.deepEqual(again.body, { items: [], valid_count: 2, invalid_count: 0 });
      assert.deepEqual((await h.request('GET', `${BASE}/${existing.id}`, { key: ws.key })).body, existing);
    });

    test('bulk-create takes 1000 values, and a batch of only invalid values creates nothing', async () => {
      const ws = await h.newWorkspace();
      const thousand = Array.from({ length: 1000 }, (_, i) => `user${i}@example.com`);
      const r = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: thousand } });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.items.length, r.body.valid_count, r.body.invalid_count], [1000, 1000, 0]);
      assert.deepEqual(r.body.items.map((e: Entry) => e.bl_value), thousand);
      const invalid = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: ['nope', 'com'] } });
      assert.deepEqual(invalid.body, { items: [], valid_count: 0, invalid_count: 2 });
      assert.equal((await storedValues(h, ws.id)).length, 1000);
    });

    test('bulk-delete removes the given ids and ignores unknown ones', async () => {
      const ws = await h.newWorkspace();
      const a = await add(h, ws.key, 'a.com');
      const b = await add(h, ws.key, 'b.com');
      const c = await add(h, ws.key, 'c.com');
      const r = await h.request('POST', `${BASE}/bulk-delete`, { key: ws.key, body: { ids: [c.id, MISSING_ID, a.id, a.id] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, [a, c]);
      assert.deepEqual(await storedValues(h, ws.id), [b.bl_value]);
      const none = await h.request('POST', `${BASE}/bulk-delete`, { key: ws.key, body: { ids: [a.id] } });
      assert.deepEqual(none.body, []);
    });

    test('DELETE with domains_only and search deletes only what matches; without filters, everything', async () => {
      const ws = await h.newWorkspace();
      for (const v of ['ann@example.com', 'example.com', 'bob@other.org', 'other.org', 'third.net']) await add(h, ws.key, v);
      const bySearch = await h.request('DELETE', `${BASE}?search=Example`, { key: ws.key });
      assert.equal(bySearch.status, 200);
      assert.deepEqual(bySearch.body.map((e: Entry) => e.bl_value), ['ann@example.com', 'example.com']);
      const domains = await h.request('DELETE', `${BASE}?domains_only=true&search=org`, { key: ws.key });
      assert.deepEqual(domains.body.map((e: Entry) => e.bl_value), ['other.org']);
      assert.deepEqual(await storedValues(h, ws.id), ['bob@other.org', 'third.net']);
      const nothing = await h.request('DELETE', `${BASE}?search=nomatch`, { key: ws.key });
      assert.deepEqual(nothing.body, []);
      const all = await h.request('DELETE', BASE, { key: ws.key, rawBody: 'null' });
      assert.deepEqual(all.body.map((e: Entry) => e.bl_value), ['bob@other.org', 'third.net']);
      assert.deepEqual(await storedValues(h, ws.id), []);
    });

    test('download is a CSV of bl_value, is_domain, timestamp_created in creation order, quoted where needed', async () => {
      const ws = await h.newWorkspace();
      const entries = [await add(h, ws.key, 'example.com'), await add(h, ws.key, '"Smith, J"@example.com'), await add(h, ws.key, '*.wild.com')];
      assert.equal(entries[1]?.bl_value, '"smith, j"@example.com');
      const multiline = await add(h, ws.key, '"a\r\nb"@example.com');
      const r = await h.request<string>('GET', `${BASE}/download`, { key: ws.key });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(r.headers['content-disposition']), /^attachment; filename="[^"]+\.csv"$/);
      assert.equal(
        r.body,
        [
          'bl_value,is_domain,timestamp_created',
          `example.com,true,${entries[0]?.timestamp_created}`,
          `"""smith, j""@example.com",false,${entries[1]?.timestamp_created}`,
          `*.wild.com,true,${entries[2]?.timestamp_created}`,
          `"""a\r\nb""@example.com",false,${multiline.timestamp_created}`,
        ].join('\r\n') + '\r\n',
      );

      const domains = await h.request<string>('GET', `${BASE}/download?domains_only=true&search=wild`, { key: ws.key });
      assert.deepEqual(csvLines(domains.body), ['bl_value,is_domain,timestamp_created', `*.wild.com,true,${entries[2]?.timestamp_created}`]);
    });

    test('download of an empty block list is the header alone', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request<string>('GET', `${BASE}/download`, { key: ws.key });
      assert.equal(r.status, 200);
      assert.equal(r.body, 'bl_value,is_domain,timestamp_created\r\n');
    });

    test('download streams lists longer than one database page', async () => {
      const ws = await h.newWorkspace();
      for (let batch = 0; batch < 6; batch++) {
        const bl_values = Array.from({ length: 1000 }, (_, i) => `u${batch * 1000 + i}@example.com`);
        assert.equal((await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values } })).status, 200);
      }
      const r = await h.request<string>('GET', `${BASE}/download`, { key: ws.key });
      const lines = csvLines(r.body);
      assert.equal(lines.length, 6001);
      assert.equal(new Set(lines).size, 6001);
      assert.match(lines[1] ?? '', /^u0@example\.com,false,/);
      assert.match(lines[6000] ?? '', /^u5999@example\.com,false,/);
    });

    test('entries block leads on POST /leads/add, and stop once deleted', async () => {
      const ws = await h.newWorkspace();
      const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'L' } });
      const domain = await add(h, ws.key, 'Blocked.com');
      await add(h, ws.key, '*.wild.com');
      await add(h, ws.key, 'xn--bcher-kva.de');
      const leads = ['a@sub.blocked.com', 'b@blocked.com', 'c@notblocked.com', 'd@x.wild.com', 'e@wild.com', 'F@Bücher.de'].map((email) => ({ email }));
      const first = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list.body.id, leads } });
      assert.equal(first.status, 200);
      assert.deepEqual([first.body.leads_uploaded, first.body.in_blocklist], [2, 4]);
      await h.request('DELETE', `${BASE}/${domain.id}`, { key: ws.key });
      const second = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list.body.id, leads: [{ email: 'b@blocked.com' }] } });
      assert.deepEqual([second.body.leads_uploaded, second.body.in_blocklist], [1, 0]);
    });
  });

  describe('errors', () => {
    test('a value that is neither an e-mail nor a domain is a 400 naming bl_value', async () => {
      const ws = await h.newWorkspace();
      for (const raw of ['not a value', 'com', 'a@', 'http://x.com/path', '', '1.2.3.4', '*.com', 'co.uk']) {
        const r = await h.request('POST', BASE, { key: ws.key, body: { bl_value: raw } });
        assert.deepEqual(r.body, badValue(raw), JSON.stringify(raw));
      }
      // A lone surrogate cannot be stored in any field: refused before the value is read (docs/compatibility.md).
      const surrogate = await h.request('POST', BASE, { key: ws.key, rawBody: '{"bl_value": "\\ud800@example.com"}' });
      assert.match(surrogate.body.message, /^body\/bl_value must not contain a lone surrogate/);
      const bulk = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, rawBody: '{"bl_values": ["\\ud800@example.com", "a.com"]}' });
      assert.match(bulk.body.message, /^body\/bl_values\/0 must not contain a lone surrogate/);
      assert.deepEqual(await storedValues(h, ws.id), []);
    });

    test('a very long invalid value is cut short in the message', async () => {
      const ws = await h.newWorkspace();
      const r = await h.request('POST', BASE, { key: ws.key, body: { bl_value: 'x'.repeat(300) } });
      assert.equal(r.status, 400);
      assert.ok(r.body.message.length < 300, r.body.message);
      assert.match(r.body.message, /^body\/bl_value must be/);
      const over = await h.request('POST', BASE, { key: ws.key, body: { bl_value: 'x'.repeat(5000) } });
      assert.equal(over.body.message, 'body/bl_value must NOT have more than 320 characters');
    });

    test('a missing, mistyped or extra field and malformed JSON are 400s', async () => {
      const ws = await h.newWorkspace();
      const missing = await h.request('POST', BASE, { key: ws.key, body: {} });
      assert.deepEqual(missing.body, { statusCode: 400, error: 'Bad Request', message: "body must have required property 'bl_value'" });
      const mistyped = await h.request('POST', BASE, { key: ws.key, body: { bl_value: 42 } });
      assert.deepEqual(mistyped.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_value must be string' });
      const malformed = await h.request('POST', BASE, { key: ws.key, rawBody: '{"bl_value": ' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error, 'Bad Request');
      const noBody = await h.request('POST', BASE, { key: ws.key });
      assert.equal(noBody.status, 400);
    });

    test('PATCH to a value already on the list is a 400 and changes nothing', async () => {
      const ws = await h.newWorkspace();
      const a = await add(h, ws.key, 'a.com');
      const b = await add(h, ws.key, 'b@b.com');
      const r = await h.request('PATCH', `${BASE}/${b.id}`, { key: ws.key, body: { bl_value: '@A.com' } });
      assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_value "a.com" is already on the block list' });
      assert.deepEqual((await h.request('GET', `${BASE}/${b.id}`, { key: ws.key })).body, b);
      assert.deepEqual((await h.request('GET', `${BASE}/${a.id}`, { key: ws.key })).body, a);
    });

    test('PATCH with an invalid value, a mistyped value or no field is a 400', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'a.com');
      const invalid = await h.request('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: { bl_value: 'com' } });
      assert.deepEqual(invalid.body, badValue('com'));
      const mistyped = await h.request('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: { bl_value: null } });
      assert.deepEqual(mistyped.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_value must be string' });
      const empty = await h.request('PATCH', `${BASE}/${entry.id}`, { key: ws.key, body: {} });
      assert.deepEqual(empty.body, { statusCode: 400, error: 'Bad Request', message: 'body must NOT have fewer than 1 properties' });
      assert.deepEqual((await h.request('GET', `${BASE}/${entry.id}`, { key: ws.key })).body, entry);
    });

    test('a missing id is a 404 and a malformed id a 400, on GET, PATCH and DELETE', async () => {
      const ws = await h.newWorkspace();
      for (const [method, body] of [['GET', undefined], ['PATCH', { bl_value: 'x.com' }], ['DELETE', undefined]] as const) {
        const missing = await h.request(method, `${BASE}/${MISSING_ID}`, { key: ws.key, body });
        assert.deepEqual(missing.body, notFound, method);
        const malformed = await h.request(method, `${BASE}/not-a-uuid`, { key: ws.key, body });
        assert.deepEqual(malformed.body, { statusCode: 400, error: 'Bad Request', message: 'params/id must match format "uuid"' }, method);
      }
    });

    test('bulk-create needs 1 to 1000 strings', async () => {
      const ws = await h.newWorkspace();
      const none = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: [] } });
      assert.deepEqual(none.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_values must NOT have fewer than 1 items' });
      const tooMany = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: Array.from({ length: 1001 }, (_, i) => `u${i}@example.com`) } });
      assert.deepEqual(tooMany.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_values must NOT have more than 1000 items' });
      const mistyped = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: { bl_values: ['a.com', 7] } });
      assert.deepEqual(mistyped.body, { statusCode: 400, error: 'Bad Request', message: 'body/bl_values/1 must be string' });
      const missing = await h.request('POST', `${BASE}/bulk-create`, { key: ws.key, body: {} });
      assert.deepEqual(missing.body, { statusCode: 400, error: 'Bad Request', message: "body must have required property 'bl_values'" });
      assert.deepEqual(await storedValues(h, ws.id), [], 'nothing of a rejected request is written');
    });

    test('bulk-delete needs 1 to 1000 UUIDs', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'a.com');
      const none = await h.request('POST', `${BASE}/bulk-delete`, { key: ws.key, body: { ids: [] } });
      assert.deepEqual(none.body, { statusCode: 400, error: 'Bad Request', message: 'body/ids must NOT have fewer than 1 items' });
      const malformed = await h.request('POST', `${BASE}/bulk-delete`, { key: ws.key, body: { ids: [entry.id, 'nope'] } });
      assert.deepEqual(malformed.body, { statusCode: 400, error: 'Bad Request', message: 'body/ids/1 must match format "uuid"' });
      const tooMany = await h.request('POST', `${BASE}/bulk-delete`, { key: ws.key, body: { ids: Array.from({ length: 1001 }, () => entry.id) } });
      assert.deepEqual(tooMany.body, { statusCode: 400, error: 'Bad Request', message: 'body/ids must NOT have more than 1000 items' });
      assert.deepEqual(await storedValues(h, ws.id), ['a.com'], 'a rejected request deletes nothing');
    });

    test('a bad limit, cursor or domains_only is a 400 on listing, download and filtered delete', async () => {
      const ws = await h.newWorkspace();
      await add(h, ws.key, 'a.com');
      const cases: [string, string, string][] = [
        ['GET', `${BASE}?limit=0`, 'querystring/limit must be >= 1'],
        ['GET', `${BASE}?limit=101`, 'querystring/limit must be <= 100'],
        ['GET', `${BASE}?starting_after=yesterday`, 'querystring/starting_after must match format "uuid"'],
        ['GET', `${BASE}?domains_only=maybe`, 'querystring/domains_only must be boolean'],
        ['GET', `${BASE}/download?domains_only=maybe`, 'querystring/domains_only must be boolean'],
        ['DELETE', `${BASE}?domains_only=maybe`, 'querystring/domains_only must be boolean'],
      ];
      for (const [method, url, message] of cases) {
        const r = await h.request(method, url, { key: ws.key });
        assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message }, url);
      }
      assert.deepEqual(await storedValues(h, ws.id), ['a.com']);
    });

    test('the "urn:uuid:" form of an id is a 400 (PostgreSQL cannot read it), an upper-case id works', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'a.com');
      const urn = `urn:uuid:${entry.id}`;
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const r = await h.request(method, `${BASE}/${urn}`, { key: ws.key, body: method === 'PATCH' ? { bl_value: 'b.com' } : undefined });
        assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message: 'params/id must match format "uuid"' }, method);
      }
      const page = await h.request('GET', `${BASE}?starting_after=${encodeURIComponent(urn)}`, { key: ws.key });
      assert.deepEqual(page.body, { statusCode: 400, error: 'Bad Request', message: 'querystring/starting_after must match format "uuid"' });
      const upper = await h.request('GET', `${BASE}/${entry.id.toUpperCase()}`, { key: ws.key });
      assert.deepEqual(upper.body, entry);
      const upperPage = await h.request('GET', `${BASE}?starting_after=${entry.id.toUpperCase()}`, { key: ws.key });
      assert.deepEqual(upperPage.body, { items: [] });
      assert.deepEqual(await storedValues(h, ws.id), ['a.com']);
    });
  });

  describe('security', () => {
    test('no key and a bad key are 401s on every route', async () => {
      const routes: [string, string, unknown][] = [
        ['POST', BASE, { bl_value: 'a.com' }],
        ['GET', BASE, undefined],
        ['DELETE', BASE, undefined],
        ['POST', `${BASE}/bulk-create`, { bl_values: ['a.com'] }],
        ['POST', `${BASE}/bulk-delete`, { ids: [MISSING_ID] }],
        ['GET', `${BASE}/download`, undefined],
        ['GET', `${BASE}/${MISSING_ID}`, undefined],
        ['PATCH', `${BASE}/${MISSING_ID}`, { bl_value: 'a.com' }],
        ['DELETE', `${BASE}/${MISSING_ID}`, undefined],
      ];
      for (const [method, url, body] of routes) {
        const none = await h.request(method, url, { key: null, body });
        assert.deepEqual(none.body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' }, `${method} ${url}`);
        const bad = await h.request(method, url, { key: 'nope', body });
        assert.deepEqual(bad.body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' }, `${method} ${url}`);
      }
    });

    test('each route needs its scope: a read key cannot write, a create key cannot read or delete', async () => {
      const ws = await h.newWorkspace();
      const entry = await add(h, ws.key, 'a.com');
      const readOnly = await h.keyWithScopes(ws.key, ['block_list_entries:read']);
      const createOnly = await h.keyWithScopes(ws.key, ['block_list_entries:create']);
      const scopeError = (action: string) => ({
        statusCode: 401,
        error: 'Unauthorized',
        message: `API key lacks the required scope: this route needs one of block_list_entries:${action}, block_list_entries:all, all:${action}, all:all`,
      });
      const denied: [string, string, string, unknown, string][] = [
        [readOnly, 'POST', BASE, { bl_value: 'b.com' }, 'create'],
        [readOnly, 'POST', `${BASE}/bulk-create`, { bl_values: ['b.com'] }, 'create'],
        [readOnly, 'PATCH', `${BASE}/${entry.id}`, { bl_value: 'b.com' }, 'update'],
        [readOnly, 'DELETE', `${BASE}/${entry.id}`, undefined, 'delete'],
        [readOnly, 'DELETE', BASE, undefined, 'delete'],
        [readOnly, 'POST', `${BASE}/bulk-delete`, { ids: [entry.id] }, 'delete'],
        [createOnly, 'GET', BASE, undefined, 'read'],
        [createOnly, 'GET', `${BASE}/${entry.id}`, undefined, 'read'],
        [createOnly, 'GET', `${BASE}/download`, undefined, 'read'],
        [createOnly, 'DELETE', BASE, undefined, 'delete'],
      ];
      for (const [key, method, url, body, action] of denied) {
        const r = await h.request(method, url, { key, body });
        assert.deepEqual(r.body, scopeError(action), `${method} ${url}`);
      }
      assert.deepEqual(await storedValues(h, ws.id), ['a.com']);
      assert.equal((await h.request('GET', `${BASE}/${entry.id}`, { key: readOnly })).status, 200);
      assert.equal((await h.request('GET', `${BASE}/download`, { key: readOnly })).status, 200);
      assert.equal((await h.request('POST', BASE, { key: createOnly, body: { bl_value: 'b.com' } })).status, 200);
      const all = await h.keyWithScopes(ws.key, ['block_list_entries:all']);
      assert.equal((await h.request('DELETE', `${BASE}/${entry.id}`, { key: all })).status, 200);
    });

    test("another workspace's entry is a 404 exactly like a missing one, and stays untouched", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const entry = await add(h, theirs.key, 'theirs.com');
      for (const [method, body] of [['GET', undefined], ['PATCH', { bl_value: 'mine.com' }], ['DELETE', undefined]] as const) {
        const r = await h.request(method, `${BASE}/${entry.id}`, { key: mine.key, body });
        assert.deepEqual(r.body, notFound, method);
      }
      assert.deepEqual((await h.request('GET', `${BASE}/${entry.id}`, { key: theirs.key })).body, entry);
    });

    test('workspaces never see or touch each other\'s entries: listing, search, download, bulk-delete, filtered DELETE', async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const their = [await add(h, theirs.key, 'shared.com'), await add(h, theirs.key, 'only@theirs.com')];
      assert.deepEqual(await values(h, mine.key), []);
      assert.deepEqual(await values(h, mine.key, '&search=theirs'), []);
      assert.equal((await h.request<string>('GET', `${BASE}/download`, { key: mine.key })).body, 'bl_value,is_domain,timestamp_created\r\n');
      const paged = await h.request('GET', `${BASE}?starting_after=${MISSING_ID.replace(/^019f/, '0000')}`, { key: mine.key });
      assert.deepEqual(paged.body, { items: [] });

      const mineShared = await add(h, mine.key, 'shared.com');
      assert.notEqual(mineShared.id, their[0]?.id, 'the same value in another workspace is an entry of its own');
      assert.equal(mineShared.organization_id, mine.id);
      const bulk = await h.request('POST', `${BASE}/bulk-create`, { key: mine.key, body: { bl_values: ['only@theirs.com'] } });
      assert.equal(bulk.body.items.length, 1);
      assert.equal(bulk.body.items[0].organization_id, mine.id);

      const bulkDelete = await h.request('POST', `${BASE}/bulk-delete`, { key: mine.key, body: { ids: their.map((e) => e.id) } });
      assert.deepEqual(bulkDelete.body, []);
      const deleteAll = await h.request('DELETE', BASE, { key: mine.key });
      assert.deepEqual(deleteAll.body.map((e: Entry) => e.organization_id), [mine.id, mine.id]);
      const filtered = await h.request('DELETE', `${BASE}?search=shared`, { key: mine.key });
      assert.deepEqual(filtered.body, []);
      assert.deepEqual(await storedValues(h, mine.id), []);
      assert.deepEqual(await storedValues(h, theirs.id), ['shared.com', 'only@theirs.com']);
      assert.deepEqual((await h.request('GET', BASE, { key: theirs.key })).body.items, their);
    });
  });
}, describe);
