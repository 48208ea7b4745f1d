/** Shared set-up for the Smartlead v1 suites (smartlead-*.test.ts): typed replies and builders. */
import assert from 'node:assert/strict';
import type { Static } from '@sinclair/typebox';
import type {
  AddCampaignLeadsAnswer,
  CampaignLeadsPage,
  ImportAnswer,
  LeadListAnswer,
  SmartleadBlockEntry,
  SmartleadCampaign,
} from '../../src/http/schemas/smartlead.js';
import type { Harness, Reply } from '../support/harness.js';

export type ListAnswer = Static<typeof LeadListAnswer>;
export type ImportReply = Static<typeof ImportAnswer>;
export type CampaignAddReply = Static<typeof AddCampaignLeadsAnswer>;
export type CampaignPage = Static<typeof CampaignLeadsPage>;
export type Campaign = Static<typeof SmartleadCampaign>;
export type BlockEntry = Static<typeof SmartleadBlockEntry>;

export interface ErrorReply {
  statusCode: number;
  error: string;
  message: string;
}

export interface V2Lead {
  id: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  company_name?: string | null;
  phone?: string | null;
  website?: string | null;
  payload?: Record<string, unknown> | null;
  list_id?: string | null;
}

/** A v1 call the way Smartlead clients make it: the key in the query string, no header. */
export async function v1<T>(h: Harness, method: string, path: string, apiKey: string | null, body?: unknown): Promise<Reply<T>> {
  const sep = path.includes('?') ? '&' : '?';
  const url = `/api/v1${path}${apiKey === null ? '' : `${sep}api_key=${encodeURIComponent(apiKey)}`}`;
  return h.request<T>(method, url, { key: null, ...(body === undefined ? {} : { body }) });
}

/** Asserts a 4xx with both strings Smartlead clients read; returns the message. */
export function assertClientError(reply: Reply<unknown>, status: number, messagePart?: string | RegExp): string {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  const body = reply.body as ErrorReply;
  assert.equal(typeof body.message, 'string');
  assert.equal(typeof body.error, 'string');
  assert.ok(body.message.length > 0);
  if (typeof messagePart === 'string') assert.ok(body.message.includes(messagePart), `"${body.message}" should mention "${messagePart}"`);
  else if (messagePart !== undefined) assert.match(body.message, messagePart);
  return body.message;
}

export async function createList(h: Harness, key: string, name = 'List'): Promise<number> {
  const r = await v1<ListAnswer>(h, 'POST', '/lead-list/', key, { listName: name });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data.id;
}

/** The v2 id of a list made through v1 (the same row). */
export async function v2ListId(h: Harness, smartleadId: number): Promise<string> {
  const row = await h.store.db.selectFrom('lead_lists').select('id').where('smartlead_id', '=', smartleadId).executeTakeFirstOrThrow();
  return row.id;
}

const schedule = {
  schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }],
};

/** A campaign made through v2; returns both ids, the integer one found the way a v1 client finds it. */
export async function createCampaign(h: Harness, key: string, name = 'Campaign'): Promise<{ uuid: string; id: number }> {
  const created = await h.request<{ id: string }>('POST', '/api/v2/campaigns', { key, body: { name, campaign_schedule: schedule } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const all = await v1<Campaign[]>(h, 'GET', '/campaigns/', key);
  assert.equal(all.status, 200);
  const mine = all.body.filter((c) => c.name === name);
  assert.equal(mine.length, 1, `one campaign named ${name}`);
  const id = mine[0]?.id;
  assert.ok(id !== undefined);
  return { uuid: created.body.id, id };
}

/** Every lead of a v2 list, through /api/v2/leads/list. */
export async function v2LeadsOfList(h: Harness, key: string, listUuid: string): Promise<V2Lead[]> {
  const leads: V2Lead[] = [];
  let cursor: string | undefined;
  do {
    const r: Reply<{ items: V2Lead[]; next_starting_after?: string }> = await h.request('POST', '/api/v2/leads/list', {
      key,
      body: { list_id: listUuid, limit: 100, ...(cursor === undefined ? {} : { starting_after: cursor }) },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    leads.push(...r.body.items);
    cursor = r.body.next_starting_after;
  } while (cursor !== undefined);
  return leads;
}

export async function countRows(h: Harness, table: 'leads' | 'lead_lists' | 'smartlead_imports' | 'block_list_entries', workspaceId: string): Promise<number> {
  const row = await h.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const people = (n: number, domain = 'example.com', offset = 0) =>
  Array.from({ length: n }, (_, i) => ({ email: `person${i + offset}@${domain}`, first_name: `First${i + offset}`, last_name: `Last${i + offset}` }));
