/**
 * Id and e-mail arrays longer than PostgreSQL's 65,535 bind parameters: the vendor sets no bound
 * on them, so /leads/list and DELETE /leads must take them as one parameter each.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { forEachEngine } from '../support/harness.js';
import { addLead, emailsOf, listPage, newList } from './leads-fixtures.js';

const COUNT = 70_000;
const manyIds = (prefix: string) => Array.from({ length: COUNT }, (_, i) => `${prefix}-0000-7000-8000-${String(i).padStart(12, '0')}`);

forEachEngine((h) => {
  describe('happy path', () => {
    test('/leads/list takes 70,000 ids, excluded ids, contacts and assignees', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const assignee = '0190a000-8888-7000-8000-000000000008';
      const a = await addLead(h, ws.key, { list_id: listId, email: 'a@example.com', assigned_to: assignee });
      const b = await addLead(h, ws.key, { list_id: listId, email: 'b@example.com' });
      const ids = manyIds('0190a001');
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { ids: [...ids, b.id] })), ['b@example.com']);
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { excluded_ids: [...ids, b.id] })), ['a@example.com']);
      const contacts = ids.map((id) => `${id}@example.org`);
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { contacts: [...contacts, 'A@example.com'] })), ['a@example.com']);
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { organization_user_ids: [...ids, assignee] })), ['a@example.com']);
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { distinct_contacts: true, ids: [...ids, a.id] })), ['a@example.com']);
    });

    test('DELETE /leads takes 70,000 ids', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const a = await addLead(h, ws.key, { list_id: listId, email: 'a@example.com' });
      await addLead(h, ws.key, { list_id: listId, email: 'b@example.com' });
      const r = await h.request<{ count: number }>('DELETE', '/api/v2/leads', { key: ws.key, body: { list_id: listId, ids: [...manyIds('0190a002'), a.id] } });
      assert.deepEqual(r.body, { count: 1 });
      assert.deepEqual(emailsOf(await listPage(h, ws.key, { list_id: listId })), ['b@example.com']);
    });
  });
}, describe);
