/**
 * Values no real client sends (a 10 MB first name, 10,000 custom variables, an interest status of
 * 1e10, an offset past bigint): a 400 naming the field, where before they were stored (and made
 * every listing slow) or failed in the database with a 500. Realistic 1000-lead bodies still pass.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TEXT_LIMITS } from '../../src/http/schemas/common.js';
import { forEachEngine } from '../support/harness.js';
import { addLead, badRequest, newList } from './leads-fixtures.js';
import { createCampaign, createList, v1 } from './smartlead-fixtures.js';

const tooLong = (path: string, limit: number) => badRequest(`${path} must NOT have more than ${limit} characters`);

forEachEngine((h) => {
  describe('numbers', () => {
    test('interest_value must be an integer in range: 1.5, 1e10 and -1e308 are 400s', async () => {
      const ws = await h.newWorkspace();
      const send = (interest_value: number) => h.request('POST', '/api/v2/leads/update-interest-status', { key: ws.key, body: { lead_email: 'a@example.com', interest_value } });
      assert.deepEqual((await send(1.5)).body, badRequest('body/interest_value must be integer,null'));
      assert.deepEqual((await send(1e10)).body, badRequest('body/interest_value must be <= 2147483647'));
      assert.deepEqual((await send(-1e308)).body, badRequest('body/interest_value must be >= -2147483648'));
      assert.equal((await send(1)).status, 202);
    });

    test('a Smartlead offset past what a database can count is a 400', async () => {
      const ws = await h.newWorkspace();
      const campaign = await createCampaign(h, ws.key);
      const r = await v1(h, 'GET', `/campaigns/${campaign.id}/leads?offset=99999999999999999999`, ws.key);
      assert.deepEqual(r.body, badRequest(`querystring/offset must be <= ${Number.MAX_SAFE_INTEGER}`));
      const lists = await v1(h, 'GET', '/lead-list/?offset=99999999999999999999', ws.key);
      assert.equal(lists.status, 400);
    });
  });

  describe('lengths', () => {
    test('a 10 MB first_name, a 1 MB list name and 10,000 custom variables are 400s naming the field', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const name = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', first_name: 'x'.repeat(10_000_000) } });
      assert.deepEqual(name.body, tooLong('body/first_name', TEXT_LIMITS.name));
      const list = await h.request('POST', '/api/v2/lead-lists', { key: ws.key, body: { name: 'x'.repeat(1_000_000) } });
      assert.deepEqual(list.body, tooLong('body/name', TEXT_LIMITS.name));
      const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
      const variables = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', custom_variables: many } });
      assert.deepEqual(variables.body, badRequest(`body/custom_variables must NOT have more than ${TEXT_LIMITS.customVariableKeys} properties`));
      const key = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', custom_variables: { ['k'.repeat(201)]: 1 } } });
      assert.deepEqual(key.body, badRequest(`body/custom_variables key "${'k'.repeat(40)}…" must NOT have more than ${TEXT_LIMITS.customVariableKey} characters`));
      const value = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: 'a@example.com', custom_variables: { k: 'x'.repeat(TEXT_LIMITS.text + 1) } } });
      assert.deepEqual(value.body, tooLong('body/custom_variables/k', TEXT_LIMITS.text));
      const email = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: listId, email: `${'a'.repeat(TEXT_LIMITS.email)}@example.com` } });
      assert.deepEqual(email.body, tooLong('body/email', TEXT_LIMITS.email));
    });

    test('the same limits hold on the Smartlead surface', async () => {
      const ws = await h.newWorkspace();
      const list = await v1(h, 'POST', '/lead-list/', ws.key, { listName: 'x'.repeat(1_000_000) });
      assert.deepEqual(list.body, tooLong('body/listName', TEXT_LIMITS.name));
      const listId = await createList(h, ws.key);
      const row = { email: 'a@example.com', first_name: 'x'.repeat(TEXT_LIMITS.name + 1) };
      const imported = await v1(h, 'POST', `/lead-list/${listId}/import`, ws.key, { fileName: 'f.csv', leadList: [row] });
      assert.deepEqual(imported.body, tooLong('body/leadList/0/first_name', TEXT_LIMITS.name));
      const columns = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`column${i}`, 'v']));
      const wide = await v1<{ message: string }>(h, 'POST', `/lead-list/${listId}/import`, ws.key, { fileName: 'f.csv', leadList: [{ email: 'a@example.com', ...columns }] });
      assert.equal(wide.status, 400);
      assert.match(wide.body.message, /^body\/leadList\/0 must NOT have more than \d+ properties$/);
      const campaign = await createCampaign(h, ws.key);
      const fields = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, i]));
      const added = await v1(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [{ email: 'a@example.com', custom_fields: fields }] });
      assert.deepEqual(added.body, badRequest(`body/lead_list/0/custom_fields must NOT have more than ${TEXT_LIMITS.customVariableKeys} properties`));
    });

    test('a lead at every limit is stored whole', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const variables = Object.fromEntries(
        Array.from({ length: TEXT_LIMITS.customVariableKeys }, (_, i) => [`${String(i).padStart(3, '0')}${'k'.repeat(TEXT_LIMITS.customVariableKey - 3)}`, 'v'.repeat(TEXT_LIMITS.text)]),
      );
      const lead = await addLead(h, ws.key, {
        list_id: listId,
        email: `${'a'.repeat(64)}@${'b'.repeat(63)}.com`,
        first_name: 'n'.repeat(TEXT_LIMITS.name),
        job_title: 't'.repeat(TEXT_LIMITS.name),
        website: `https://example.com/${'p'.repeat(TEXT_LIMITS.url - 20)}`,
        personalization: 'p'.repeat(TEXT_LIMITS.text),
        custom_variables: variables,
      });
      assert.equal(lead.first_name?.length, TEXT_LIMITS.name);
      assert.equal(lead.personalization?.length, TEXT_LIMITS.text);
      assert.deepEqual(lead.payload, variables);
    });

    test('a 1000-lead /leads/add with realistic content still passes', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const leads = Array.from({ length: 1000 }, (_, i) => ({
        email: `person${i}@example.com`,
        first_name: 'Anna-Maria',
        last_name: 'García López',
        company_name: 'Acme Industrial Holdings GmbH & Co. KG',
        job_title: 'Vice President, Revenue Operations (EMEA)',
        website: 'https://www.acme-industrial.example/en/about-us',
        phone: '+49 30 1234567-89',
        personalization: `Hi Anna-Maria, I read your post on scaling outbound 😀. ${'We help teams like yours. '.repeat(60)}`,
        custom_variables: Object.fromEntries(Array.from({ length: 25 }, (_, k) => [`variable_${k}`, `value ${k} for lead ${i}`])),
      }));
      const r = await h.request<{ leads_uploaded: number }>('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: listId, leads } });
      assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
      assert.equal(r.body.leads_uploaded, 1000);
    });
  });
}, describe);
