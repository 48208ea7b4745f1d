/** POST /api/v2/leads, GET and DELETE /api/v2/leads/{id}. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import {
  type ErrorReply,
  type LeadWire,
  MISSING_ID,
  addLead,
  addLeadLabel,
  badRequest,
  campaignVariables,
  listPage,
  newCampaign,
  newList,
  notFound,
  workspaceOwner,
} from './leads-fixtures.js';

forEachEngine((h) => {
  describe('happy path', () => {
    test('adds a lead to a list with every writable field, and reads it back', async () => {
      const ws = await h.newWorkspace();
      const owner = await workspaceOwner(h, ws.key);
      const listId = await newList(h, ws.key);
      const before = Date.now();
      const lead = await addLead(h, ws.key, {
        list_id: listId,
        email: '  Jo.Doe@Sub.Example.COM ',
        first_name: 'Jo',
        last_name: 'Doe',
        company_name: 'Example Inc.',
        job_title: 'Head of Growth',
        phone: '+1234567890',
        website: 'https://www.other.org/about',
        personalization: 'Hello',
        pl_value_lead: 'High',
        lt_interest_status: 1,
        custom_variables: { tier: 'gold', seats: 12, ratio: 0.5, past_customer: true, churned: false, note: null },
      });
      assert.equal(lead.organization, ws.id);
      assert.equal(lead.list_id, listId);
      assert.equal(lead.campaign, null);
      assert.equal(lead.status, 1);
      assert.equal(lead.email, 'Jo.Doe@Sub.Example.COM', 'trimmed, case kept');
      assert.equal(lead.company_domain, 'sub.example.com', 'the e-mail domain wins over the website');
      assert.deepEqual(lead.payload, { tier: 'gold', seats: 12, ratio: 0.5, past_customer: true, churned: false, note: null });
      assert.equal(lead.lt_interest_status, 1);
      assert.ok(lead.timestamp_last_interest_change !== null && lead.timestamp_last_interest_change !== undefined);
      assert.ok(Date.parse(lead.timestamp_last_interest_change) >= before - 1000);
      assert.equal(lead.assigned_to, owner, 'a list lead is assigned to the workspace owner');
      assert.equal(lead.uploaded_by_user, owner);
      assert.equal(lead.upload_method, 'api');
      assert.deepEqual([lead.email_open_count, lead.email_reply_count, lead.email_click_count], [0, 0, 0]);
      assert.deepEqual(lead.status_summary, {});
      assert.equal('verification_status' in lead, false);
      for (const field of ['first_name', 'last_name', 'company_name', 'job_title', 'phone', 'personalization', 'pl_value_lead'] as const) {
        assert.ok(lead[field] !== null && lead[field] !== undefined, field);
      }
      assert.equal(lead.website, 'https://www.other.org/about');

      const fetched = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.equal(fetched.status, 200);
      assert.deepEqual(fetched.body, lead);
    });

    test('a campaign lead is assigned to the campaign owner and grows the campaign custom variables', async () => {
      const ws = await h.newWorkspace();
      const campaignOwner = '0190a000-1111-7000-8000-000000000001';
      const campaign = await newCampaign(h, ws.key, { owned_by: campaignOwner });
      const lead = await addLead(h, ws.key, { campaign: campaign.id, email: 'a@example.com', custom_variables: { industry: 'saas', size: 10 } });
      assert.equal(lead.campaign, campaign.id);
      assert.equal(lead.list_id, null);
      assert.equal(lead.assigned_to, campaignOwner);
      assert.deepEqual(await campaignVariables(h, ws.key, campaign.id), { industry: 'industry', size: 'size' });

      await addLead(h, ws.key, { campaign: campaign.id, email: 'b@example.com', custom_variables: { region: 'emea' } });
      assert.deepEqual(await campaignVariables(h, ws.key, campaign.id), { industry: 'industry', size: 'size', region: 'region' });
    });

    test('a campaign created without an owner hands its leads to the workspace owner; an explicit assigned_to wins', async () => {
      const ws = await h.newWorkspace();
      const owner = await workspaceOwner(h, ws.key);
      const campaign = await newCampaign(h, ws.key);
      const byDefault = await addLead(h, ws.key, { campaign: campaign.id, email: 'a@example.com' });
      assert.equal(byDefault.assigned_to, owner);
      const someone = '0190a000-2222-7000-8000-000000000002';
      const explicit = await addLead(h, ws.key, { campaign: campaign.id, email: 'b@example.com', assigned_to: someone });
      assert.equal(explicit.assigned_to, someone);
    });

    test('a list lead may have only a name; company_domain then comes from the website, without www.', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const named = await addLead(h, ws.key, { list_id: listId, first_name: 'Ann' });
      assert.equal(named.email, null);
      assert.equal(named.company_domain, '');
      const lastOnly = await addLead(h, ws.key, { list_id: listId, last_name: 'Lee', website: 'WWW.Acme.co.uk/contact' });
      assert.equal(lastOnly.company_domain, 'acme.co.uk');
      const blankEmail = await addLead(h, ws.key, { list_id: listId, email: '   ', first_name: 'Bo', website: 'https://shop.acme.io' });
      assert.equal(blankEmail.email, null, 'a blank e-mail is no e-mail');
      assert.equal(blankEmail.company_domain, 'shop.acme.io');
      // Two leads without an e-mail are never duplicates of each other.
      await addLead(h, ws.key, { list_id: listId, first_name: 'Ann' });
      assert.equal((await listPage(h, ws.key, { list_id: listId })).items.length, 4);
    });

    test('the same e-mail may be in a campaign and in several lists; explicit nulls are accepted', async () => {
      const ws = await h.newWorkspace();
      const [a, b] = [await newList(h, ws.key, 'A'), await newList(h, ws.key, 'B')];
      const campaign = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { list_id: a, email: 'same@example.com' });
      await addLead(h, ws.key, { list_id: b, email: 'SAME@example.com' });
      const inCampaign = await addLead(h, ws.key, { campaign: campaign.id, list_id: null, email: 'same@example.com', phone: null, website: null });
      assert.equal(inCampaign.phone, null);
      assert.equal((await listPage(h, ws.key, { contacts: ['same@example.com'] })).items.length, 3);
    });

    test('verify_leads_on_import marks the lead pending verification', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'v@example.com', verify_leads_on_import: true });
      assert.equal(lead.verification_status, 11);
    });

    test("a lead label's interest status is accepted", async () => {
      const ws = await h.newWorkspace();
      await addLeadLabel(h, ws.id, 99, 'positive');
      const r = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: await newList(h, ws.key), email: 'l@example.com', lt_interest_status: 99 } });
      assert.equal(r.status, 200);
      assert.equal((r.body as LeadWire).lt_interest_status, 99);
    });

    test('deletes a lead and answers with it; it is then gone', async () => {
      const ws = await h.newWorkspace();
      const lead = await addLead(h, ws.key, { list_id: await newList(h, ws.key), email: 'gone@example.com' });
      const deleted = await h.request<LeadWire>('DELETE', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body, lead);
      const again = await h.request<ErrorReply>('DELETE', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.deepEqual(again.body, notFound('Lead not found'));
      const fetched = await h.request<ErrorReply>('GET', `/api/v2/leads/${lead.id}`, { key: ws.key });
      assert.deepEqual(fetched.body, notFound('Lead not found'));
    });
  });

  describe('errors', () => {
    test('a lead takes at most one of campaign and list_id (neither: a workspace lead, see workspace-leads.test.ts)', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const campaign = await newCampaign(h, ws.key);
      const neither = await h.request<LeadWire>('POST', '/api/v2/leads', { key: ws.key, body: { email: 'a@example.com' } });
      assert.equal(neither.status, 200);
      assert.deepEqual([neither.body.campaign, neither.body.list_id], [null, null]);
      const nulls = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { email: 'a@example.com', campaign: null, list_id: null } });
      assert.deepEqual(nulls.body, badRequest('A lead with the e-mail "a@example.com" is already in this workspace (among its leads with no campaign or list)'));
      const both = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { email: 'a@example.com', campaign: campaign.id, list_id: listId } });
      assert.deepEqual(both.body, badRequest('Provide either campaign or list_id, not both'));
    });

    test('a campaign lead needs an e-mail; a list lead needs an e-mail or a name', async () => {
      const ws = await h.newWorkspace();
      const campaign = await newCampaign(h, ws.key);
      const noEmail = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { campaign: campaign.id, first_name: 'Jo' } });
      assert.deepEqual(noEmail.body, badRequest('body/email is required when adding a lead to a campaign'));
      const listId = await newList(h, ws.key);
      const nothing = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, first_name: '  ', last_name: '', company_name: 'Acme' } });
      assert.deepEqual(nothing.body, badRequest('A lead added to a list needs at least one of email, first_name or last_name'));
    });

    test('an invalid e-mail is a 400 quoting it', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      for (const email of ['not-an-email', 'a@b', 'two@@example.com']) {
        const r = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email } });
        assert.deepEqual(r.body, badRequest(`body/email is not a valid e-mail address: "${email}"`));
      }
    });

    test('an e-mail already in the list or campaign is refused whatever its case, and nothing is written', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      await addLead(h, ws.key, { list_id: listId, email: 'Jo@x.com' });
      const dup = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'jo@X.COM' } });
      assert.deepEqual(dup.body, badRequest('A lead with the e-mail "jo@X.COM" is already in this list'));
      assert.deepEqual((await listPage(h, ws.key, { list_id: listId })).items.map((l) => l.email), ['Jo@x.com']);

      const campaign = await newCampaign(h, ws.key);
      await addLead(h, ws.key, { campaign: campaign.id, email: 'jo@x.com' });
      const dupInCampaign = await h.request<ErrorReply>('POST', '/api/v2/leads', {
        key: ws.key,
        body: { campaign: campaign.id, email: ' JO@x.com ', custom_variables: { fresh: 1 } },
      });
      assert.deepEqual(dupInCampaign.body, badRequest('A lead with the e-mail "JO@x.com" is already in this campaign'));
      assert.deepEqual(await campaignVariables(h, ws.key, campaign.id), {}, 'a refused lead adds no campaign variables');
    });

    test('a missing list or campaign is a 404', async () => {
      const ws = await h.newWorkspace();
      const list = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: MISSING_ID, email: 'a@example.com' } });
      assert.deepEqual(list.body, notFound('Lead list not found'));
      const campaign = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { campaign: MISSING_ID, email: 'a@example.com' } });
      assert.deepEqual(campaign.body, notFound('Campaign not found'));
    });

    test('a field of the wrong type is a 400 naming the field', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 42 }, 'body/email must be string,null'],
        [{ email: 'a@example.com', first_name: ['Jo'] }, 'body/first_name must be string,null'],
        [{ email: 'a@example.com', lt_interest_status: '1' }, 'body/lt_interest_status must be integer'],
        [{ email: 'a@example.com', lt_interest_status: 1.5 }, 'body/lt_interest_status must be integer'],
        [{ email: 'a@example.com', lt_interest_status: 1e12 }, 'body/lt_interest_status must be <= 2147483647'],
        [{ email: 'a@example.com', assigned_to: 'bob' }, 'body/assigned_to must match format "uuid"'],
        [{ email: 'a@example.com', verify_leads_on_import: 'yes' }, 'body/verify_leads_on_import must be boolean'],
        [{ email: 'a@example.com', custom_variables: 'x' }, 'body/custom_variables must be object'],
        [{ email: 'a@example.com', custom_variables: { nested: { a: 1 } } }, 'body/custom_variables/nested must be string,number,boolean,null'],
        [{ email: 'a@example.com', custom_variables: { tags: ['a', 'b'] } }, 'body/custom_variables/tags must be string,number,boolean,null'],
      ];
      for (const [fields, message] of cases) {
        const r = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, ...fields } });
        assert.deepEqual(r.body, badRequest(message), JSON.stringify(fields));
      }
      const badList = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: 'my-list', email: 'a@example.com' } });
      assert.deepEqual(badList.body, badRequest('body/list_id must match format "uuid"'));
      assert.equal((await listPage(h, ws.key, {})).items.length, 0);
    });

    test('an interest status that is neither built in nor a lead label of this workspace is a 400', async () => {
      const ws = await h.newWorkspace();
      const other = await h.newWorkspace();
      await addLeadLabel(h, other.id, 99, 'positive');
      const r = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, body: { list_id: await newList(h, ws.key), email: 'a@example.com', lt_interest_status: 99 } });
      assert.deepEqual(r.body, badRequest('body/lt_interest_status must be a built-in interest status (1, 2, 3, 4, 0, -1, -2, -3, -4) or the value of one of your lead labels; got 99'));
    });

    test('malformed JSON, a non-UUID id and a missing lead', async () => {
      const ws = await h.newWorkspace();
      const malformed = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: ws.key, rawBody: '{"email": ' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error, 'Bad Request');
      const badId = await h.request<ErrorReply>('GET', '/api/v2/leads/not-a-uuid', { key: ws.key });
      assert.deepEqual(badId.body, badRequest('params/id must match format "uuid"'));
      const missing = await h.request<ErrorReply>('GET', `/api/v2/leads/${MISSING_ID}`, { key: ws.key });
      assert.deepEqual(missing.body, notFound('Lead not found'));
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without the scope are 401s', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const none = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: null, body: { list_id: listId, email: 'a@example.com' } });
      assert.deepEqual(none.body, { statusCode: 401, error: 'Unauthorized', message: 'Missing Authorization header' });
      const bad = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: 'nope', body: { list_id: listId, email: 'a@example.com' } });
      assert.deepEqual(bad.body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' });
      const readOnly = await h.keyWithScopes(ws.key, ['leads:read']);
      const denied = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: readOnly, body: { list_id: listId, email: 'a@example.com' } });
      assert.deepEqual(denied.body, {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'API key lacks the required scope: this route needs one of leads:create, leads:all, all:create, all:all',
      });
      const lead = await addLead(h, ws.key, { list_id: listId, email: 'a@example.com' });
      const deleteDenied = await h.request<ErrorReply>('DELETE', `/api/v2/leads/${lead.id}`, { key: readOnly });
      assert.equal(deleteDenied.body.message, 'API key lacks the required scope: this route needs one of leads:delete, leads:all, all:delete, all:all');
      const readable = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: readOnly });
      assert.equal(readable.status, 200);
      const creator = await h.keyWithScopes(ws.key, ['leads:create']);
      assert.equal((await h.request<unknown>('POST', '/api/v2/leads', { key: creator, body: { list_id: listId, email: 'b@example.com' } })).status, 200);
    });

    test("another workspace's lead is a 404 exactly like a missing one, and survives", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const lead = await addLead(h, theirs.key, { list_id: await newList(h, theirs.key), email: 'theirs@example.com' });
      for (const [method, body] of [['GET', undefined], ['PATCH', { first_name: 'x' }], ['DELETE', undefined]] as const) {
        const r = await h.request<ErrorReply>(method, `/api/v2/leads/${lead.id}`, { key: mine.key, body });
        assert.deepEqual(r.body, notFound('Lead not found'), method);
      }
      const still = await h.request<LeadWire>('GET', `/api/v2/leads/${lead.id}`, { key: theirs.key });
      assert.deepEqual(still.body, lead);
    });

    test("a lead cannot be added to another workspace's list or campaign", async () => {
      const mine = await h.newWorkspace();
      const theirs = await h.newWorkspace();
      const listId = await newList(h, theirs.key);
      const campaign = await newCampaign(h, theirs.key);
      const intoList = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: mine.key, body: { list_id: listId, email: 'a@example.com' } });
      assert.deepEqual(intoList.body, notFound('Lead list not found'));
      const intoCampaign = await h.request<ErrorReply>('POST', '/api/v2/leads', { key: mine.key, body: { campaign: campaign.id, email: 'a@example.com' } });
      assert.deepEqual(intoCampaign.body, notFound('Campaign not found'));
      assert.equal((await listPage(h, theirs.key, {})).items.length, 0);
    });
  });
}, describe);
