/** POST /api/v2/leads/list: search, containers, ids, contacts, paging, distinct contacts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { type ErrorReply, type LeadPage, type LeadWire, addLead, badRequest, emailsOf, listPage, newCampaign, newList } from './leads-fixtures.js';

const sorted = (values: (string | null | undefined)[]) => [...values].sort();

forEachEngine((h) => {
  const listError = (key: string, body: unknown) => h.request<ErrorReply>('POST', '/api/v2/leads/list', { key, body });

  /** Every page of a listing, following next_starting_after. */
  async function allPages(key: string, body: Record<string, unknown>): Promise<LeadPage[]> {
    const pages: LeadPage[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPage(h, key, { ...body, ...(cursor !== undefined ? { starting_after: cursor } : {}) });
      pages.push(page);
      cursor = page.next_starting_after;
      assert.ok(pages.length < 50, 'paging does not end');
    } while (cursor !== undefined);
    return pages;
  }

  describe('happy path', () => {
    test('without filters: every lead of the workspace, lists and campaigns, in creation order; no body at all works too', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const campaign = await newCampaign(h, ws.key);
      const created = [
        await addLead(h, ws.key, { list_id: listId, email: 'a@example.com' }),
        await addLead(h, ws.key, { campaign: campaign.id, email: 'b@example.com' }),
        await addLead(h, ws.key, { list_id: listId, first_name: 'NoMail' }),
      ];
      const page = await listPage(h, ws.key, {});
      assert.deepEqual(page, { items: created });
      const bodyless = await h.request<LeadPage>('POST', '/api/v2/leads/list', { key: ws.key });
      assert.deepEqual(bodyless.body, page);
    });

    test('search matches first name, last name, e-mail and "first last", case-insensitively', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const add = (first: string | null, last: string | null, email: string | null) => addLead(h, ws.key, { list_id: listId, first_name: first, last_name: last, email });
      await add('Johnny', 'Smith', 'jsmith@acme.com');
      await add('Peter', 'Johnson', 'peter@beta.io');
      await add('Zoe', 'Quinn', 'zoe.JOHN@gamma.org');
      await add('Max', 'Power', 'max@delta.com');
      await add('Anna', 'Bell', null);
      await add('100% Sure', null, 'sure@percent.net');
      await add('a_b', null, null);
      const search = async (text: string) => emailsOf(await listPage(h, ws.key, { search: text })).map((e) => e ?? null);
      assert.deepEqual(await search('JOHN'), ['jsmith@acme.com', 'peter@beta.io', 'zoe.JOHN@gamma.org']);
      assert.deepEqual(await search('smith'), ['jsmith@acme.com']);
      assert.deepEqual(await search('Acme.COM'), ['jsmith@acme.com']);
      assert.deepEqual(await search('johnny smith'), ['jsmith@acme.com']);
      assert.deepEqual(await search('  Anna BELL '), [null]);
      assert.deepEqual(await search('100%'), ['sure@percent.net'], '% is taken literally');
      assert.deepEqual(await search('a_b'), [null], '_ is taken literally');
      assert.deepEqual(await search('nobody'), []);
      assert.equal((await search('   ')).length, 7, 'a blank search filters nothing');
    });

    test('campaign, list_id, in_campaign and in_list, alone and combined with search', async () => {
      const ws = await h.newWorkspace();
      const [a, b] = [await newList(h, ws.key, 'A'), await newList(h, ws.key, 'B')];
      const campaign = await newCampaign(h, ws.key);
      const other = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { list_id: a, email: 'a1@example.com' });
      await addLead(h, ws.key, { list_id: a, email: 'a2@example.com' });
      await addLead(h, ws.key, { list_id: b, email: 'b1@example.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'c1@example.com' });
      await addLead(h, ws.key, { campaign: other.id, email: 'o1@example.com' });
      const emails = async (body: Record<string, unknown>) => emailsOf(await listPage(h, ws.key, body));
      assert.deepEqual(await emails({ list_id: a }), ['a1@example.com', 'a2@example.com']);
      assert.deepEqual(await emails({ list_id: a, search: 'A2' }), ['a2@example.com']);
      assert.deepEqual(await emails({ campaign: campaign.id }), ['c1@example.com']);
      assert.deepEqual(await emails({ in_campaign: true }), ['c1@example.com', 'o1@example.com']);
      assert.deepEqual(await emails({ in_campaign: false }), ['a1@example.com', 'a2@example.com', 'b1@example.com']);
      assert.deepEqual(await emails({ in_list: true }), ['a1@example.com', 'a2@example.com', 'b1@example.com']);
      assert.deepEqual(await emails({ in_list: false }), ['c1@example.com', 'o1@example.com']);
      assert.deepEqual(await emails({ in_list: true, in_campaign: true }), []);
      assert.deepEqual(await emails({ campaign: campaign.id, list_id: a }), [], 'a lead is in one campaign or one list');
    });

    test('ids include, excluded_ids exclude; an empty ids list matches nothing', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const leads: LeadWire[] = [];
      for (const name of ['a', 'b', 'c', 'd']) leads.push(await addLead(h, ws.key, { list_id: listId, email: `${name}@example.com` }));
      const [a, b, c, d] = leads.map((l) => l.id);
      const emails = async (body: Record<string, unknown>) => emailsOf(await listPage(h, ws.key, body));
      assert.deepEqual(await emails({ ids: [c, a] }), ['a@example.com', 'c@example.com']);
      assert.deepEqual(await emails({ excluded_ids: [b, d] }), ['a@example.com', 'c@example.com']);
      assert.deepEqual(await emails({ ids: [a, b, c], excluded_ids: [b] }), ['a@example.com', 'c@example.com']);
      assert.deepEqual(await emails({ excluded_ids: [] }), ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
      assert.deepEqual(await emails({ ids: [] }), []);
    });

    test('contacts match e-mails whatever their case, in every campaign and list', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const campaign = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { list_id: listId, email: 'Jo@X.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'jo@x.COM' });
      await addLead(h, ws.key, { list_id: listId, email: 'ann@y.com' });
      await addLead(h, ws.key, { list_id: listId, email: 'bob@z.com' });
      await addLead(h, ws.key, { list_id: listId, email: 'José@Bücher.de' });
      const emails = async (contacts: string[]) => emailsOf(await listPage(h, ws.key, { contacts }));
      assert.deepEqual(await emails(['JO@x.com']), ['Jo@X.com', 'jo@x.COM']);
      assert.deepEqual(await emails(['josé@bücher.de']), ['José@Bücher.de'], 'every address a lead can have can be looked up');
      assert.deepEqual(await emails(['jo@x.com', 'ANN@Y.COM']), ['Jo@X.com', 'jo@x.COM', 'ann@y.com']);
      assert.deepEqual(await emails(['nobody@x.com']), []);
      assert.deepEqual(await emails([]), []);
    });

    test('limit pages in creation order; pages never repeat or skip; the last page has no next_starting_after', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await addLead(h, ws.key, { list_id: listId, email: `p${i}@example.com` })).id);
      const pages = await allPages(ws.key, { limit: 3 });
      assert.deepEqual(pages.map((p) => p.items.length), [3, 3, 1]);
      assert.deepEqual(pages.flatMap((p) => p.items.map((l) => l.id)), ids);
      for (const page of pages.slice(0, -1)) assert.equal(page.next_starting_after, page.items[page.items.length - 1]?.id);
      assert.equal('next_starting_after' in (pages[pages.length - 1] ?? {}), false);

      const exact = await allPages(ws.key, { limit: 7 });
      assert.equal(exact.length, 1, 'a page that holds exactly the rest is the last one');
      const one = await allPages(ws.key, { limit: 1 });
      assert.deepEqual(one.flatMap((p) => p.items.map((l) => l.id)), ids);
      const filtered = await allPages(ws.key, { limit: 2, excluded_ids: [ids[1], ids[4]] });
      assert.deepEqual(filtered.flatMap((p) => p.items.map((l) => l.id)), [ids[0], ids[2], ids[3], ids[5], ids[6]]);
      assert.equal((await listPage(h, ws.key, {})).items.length, 7, 'the default limit is 100');
      assert.equal((await listPage(h, ws.key, { limit: 100 })).items.length, 7);
    });

    test('distinct_contacts gives one lead per e-mail (the oldest) in e-mail order, and the cursor is the e-mail', async () => {
      const ws = await h.newWorkspace();
      const [a, b] = [await newList(h, ws.key, 'A'), await newList(h, ws.key, 'B')];
      const campaign = await newCampaign(h, ws.key);
      const oldestCarol = await addLead(h, ws.key, { list_id: a, email: 'Carol@example.com' });
      await addLead(h, ws.key, { list_id: b, email: 'carol@EXAMPLE.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'carol@example.com' });
      await addLead(h, ws.key, { list_id: a, email: 'alice@example.com' });
      await addLead(h, ws.key, { list_id: b, email: 'dave@example.com' });
      await addLead(h, ws.key, { campaign: campaign.id, email: 'bob@example.com' });
      await addLead(h, ws.key, { list_id: b, email: 'alice@example.com' });
      await addLead(h, ws.key, { list_id: a, first_name: 'No e-mail' });

      const all = await listPage(h, ws.key, { distinct_contacts: true });
      assert.deepEqual(emailsOf(all), ['alice@example.com', 'bob@example.com', 'Carol@example.com', 'dave@example.com']);
      assert.equal(all.items[2]?.id, oldestCarol.id);
      assert.equal(all.next_starting_after, undefined);

      const pages = await allPages(ws.key, { distinct_contacts: true, limit: 1 });
      assert.deepEqual(pages.map((p) => emailsOf(p)[0]), ['alice@example.com', 'bob@example.com', 'Carol@example.com', 'dave@example.com']);
      assert.deepEqual(pages.map((p) => p.next_starting_after), ['alice@example.com', 'bob@example.com', 'carol@example.com', undefined]);
      const afterMixedCase = await listPage(h, ws.key, { distinct_contacts: true, starting_after: 'BOB@example.com' });
      assert.deepEqual(emailsOf(afterMixedCase), ['Carol@example.com', 'dave@example.com']);

      const inListB = await listPage(h, ws.key, { distinct_contacts: true, list_id: b });
      assert.deepEqual(emailsOf(inListB), ['alice@example.com', 'carol@EXAMPLE.com', 'dave@example.com']);
      const withoutDistinct = await listPage(h, ws.key, { distinct_contacts: false });
      assert.equal(withoutDistinct.items.length, 8);
    });

    test('smart view queries given as an empty array are no filter', async () => {
      const ws = await h.newWorkspace();
      await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'a@example.com' });
      assert.equal((await listPage(h, ws.key, { queries: [] })).items.length, 1);
    });
  });

  describe('errors', () => {
    test('limit must be 1 to 100', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await listError(ws.key, { limit: 0 })).body, badRequest('body/limit must be >= 1'));
      assert.deepEqual((await listError(ws.key, { limit: 101 })).body, badRequest('body/limit must be <= 100'));
      assert.deepEqual((await listError(ws.key, { limit: '10' })).body, badRequest('body/limit must be integer'));
      assert.deepEqual((await listError(ws.key, { limit: 2.5 })).body, badRequest('body/limit must be integer'));
    });

    test('starting_after must be a lead id unless distinct_contacts is on', async () => {
      const ws = await h.newWorkspace();
      const message = 'body/starting_after must be the id of the last lead of the previous page (or its e-mail with distinct_contacts)';
      for (const cursor of ['yesterday', 'a@example.com', '------------------------------------', '2025-01-01T00:00:00.000Z']) {
        assert.deepEqual((await listError(ws.key, { starting_after: cursor })).body, badRequest(message), cursor);
      }
      assert.deepEqual((await listError(ws.key, { starting_after: 7 })).body, badRequest('body/starting_after must be string'));
    });

    test('a field of the wrong type or an unknown enum value is a 400 naming the field', async () => {
      const ws = await h.newWorkspace();
      const cases: [Record<string, unknown>, string][] = [
        [{ search: 5 }, 'body/search must be string'],
        [{ filter: 'FILTER_VAL_EVERYTHING' }, 'body/filter must be equal to one of the allowed values'],
        [{ campaign: 'x' }, 'body/campaign must match format "uuid"'],
        [{ list_id: 12 }, 'body/list_id must be string'],
        [{ in_campaign: 'yes' }, 'body/in_campaign must be boolean'],
        [{ in_list: 1 }, 'body/in_list must be boolean'],
        [{ ids: 'x' }, 'body/ids must be array'],
        [{ ids: ['x'] }, 'body/ids/0 must match format "uuid"'],
        [{ excluded_ids: [null] }, 'body/excluded_ids/0 must be string'],
        [{ contacts: ['a@example.com', 'nope'] }, 'body/contacts/1 is not a valid e-mail address: "nope"'],
        [{ contacts: [3] }, 'body/contacts/0 must be string'],
        [{ organization_user_ids: ['x'] }, 'body/organization_user_ids/0 must match format "uuid"'],
        [{ is_website_visitor: 'true' }, 'body/is_website_visitor must be boolean'],
        [{ distinct_contacts: 1 }, 'body/distinct_contacts must be boolean'],
        [{ enrichment_status: 2 }, 'body/enrichment_status must be equal to one of the allowed values'],
        [{ esg_code: 1 }, 'body/esg_code must be string'],
        [{ esg_code: 'some' }, 'body/esg_code must be equal to one of the allowed values'],
      ];
      for (const [body, message] of cases) {
        assert.deepEqual((await listError(ws.key, body)).body, badRequest(message), JSON.stringify(body));
      }
    });

    test('smart views are not supported', async () => {
      const ws = await h.newWorkspace();
      const queries = await listError(ws.key, { queries: [{ actionType: 'email-open', values: { 'occurrence-days': 1 } }] });
      assert.deepEqual(queries.body, badRequest('body/queries (smart view queries) is not supported by Leadbase; use the other filters'));
      const view = await listError(ws.key, { smart_view_id: '0190a000-0000-7000-8000-000000000000' });
      assert.deepEqual(view.body, { statusCode: 404, error: 'Not Found', message: 'Smart view not found' });
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without leads:read are 401s', async () => {
      const ws = await h.newWorkspace();
      assert.deepEqual((await h.request<ErrorReply>('POST', '/api/v2/leads/list', { key: null, body: {} })).body, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Missing Authorization header',
      });
      assert.deepEqual((await listError('nope', {})).body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' });
      const writer = await h.keyWithScopes(ws.key, ['leads:create', 'lead_lists:read']);
      assert.deepEqual((await listError(writer, {})).body, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'API key lacks the required scope: this route needs one of leads:read, leads:all, all:read, all:all',
      });
      const reader = await h.keyWithScopes(ws.key, ['all:read']);
      assert.equal((await h.request<unknown>('POST', '/api/v2/leads/list', { key: reader, body: {} })).status, 200);
    });

    test("other workspaces' leads never show up, even asked for by id, e-mail, container or name", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const myList = await newList(h, mine.key);
      const mineLead = await addLead(h, mine.key, { list_id: myList, email: 'shared@example.com', first_name: 'Mine' });
      const theirList = await newList(h, theirs.key);
      const theirCampaign = await newCampaign(h, theirs.key);
      const theirLeads = [
        await addLead(h, theirs.key, { list_id: theirList, email: 'shared@example.com', first_name: 'Secret' }),
        await addLead(h, theirs.key, { campaign: theirCampaign.id, email: 'private@example.com', first_name: 'Secret' }),
      ];
      const theirIds = theirLeads.map((l) => l.id);
      const probes: Record<string, unknown>[] = [
        {},
        { ids: theirIds },
        { ids: [...theirIds, mineLead.id] },
        { contacts: ['shared@example.com', 'private@example.com'] },
        { list_id: theirList },
        { campaign: theirCampaign.id },
        { in_campaign: true },
        { search: 'secret' },
        { distinct_contacts: true },
        { distinct_contacts: true, contacts: ['private@example.com'] },
        { excluded_ids: [mineLead.id] },
      ];
      for (const probe of probes) {
        const page = await listPage(h, mine.key, probe);
        assert.deepEqual(page.items.filter((l) => l.organization !== mine.id), [], JSON.stringify(probe));
        assert.ok(page.items.every((l) => !theirIds.includes(l.id)), JSON.stringify(probe));
      }
      assert.deepEqual(sorted(emailsOf(await listPage(h, theirs.key, {}))), ['private@example.com', 'shared@example.com']);
    });
  });
}, describe);
