/** Shared set-up for the lead route suites (leads*.test.ts): typed replies and small builders. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Static } from '@sinclair/typebox';
import type { Updateable } from 'kysely';
import type { Lead } from '../../src/http/schemas/lead.js';
import type { LeadTable } from '../../src/store/database.js';
import { SPEC_PATH } from '../support/contract.js';
import type { Harness } from '../support/harness.js';

export type LeadWire = Static<typeof Lead>;
export interface LeadPage {
  items: LeadWire[];
  next_starting_after?: string;
}
export interface ErrorReply {
  statusCode: number;
  error: string;
  message: string;
}

export const badRequest = (message: string): ErrorReply => ({ statusCode: 400, error: 'Bad Request', message });
export const notFound = (message: string): ErrorReply => ({ statusCode: 404, error: 'Not Found', message });

/** A syntactically valid id that names nothing. */
export const MISSING_ID = '0190a000-0000-7000-8000-000000000000';

const schedule = {
  schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }],
};

export async function newList(h: Harness, key: string, name = 'List'): Promise<string> {
  const r = await h.request<{ id: string }>('POST', '/api/v2/lead-lists', { key, body: { name } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id;
}

export async function newCampaign(h: Harness, key: string, extra: Record<string, unknown> = {}): Promise<{ id: string; owned_by: string | null }> {
  const r = await h.request<{ id: string; owned_by: string | null }>('POST', '/api/v2/campaigns', {
    key,
    body: { name: 'Campaign', campaign_schedule: schedule, ...extra },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

export async function campaignVariables(h: Harness, key: string, campaignId: string): Promise<Record<string, unknown> | null> {
  const r = await h.request<{ custom_variables?: Record<string, unknown> | null }>('GET', `/api/v2/campaigns/${campaignId}`, { key });
  assert.equal(r.status, 200);
  return r.body.custom_variables ?? null;
}

export async function workspaceOwner(h: Harness, key: string): Promise<string> {
  const r = await h.request<{ owner: string }>('GET', '/api/v2/workspaces/current', { key });
  assert.equal(r.status, 200);
  return r.body.owner;
}

/** POST /api/v2/leads that must succeed. */
export async function addLead(h: Harness, key: string, body: Record<string, unknown>): Promise<LeadWire> {
  const r = await h.request<LeadWire>('POST', '/api/v2/leads', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** POST /api/v2/leads/list that must succeed. */
export async function listPage(h: Harness, key: string, body: Record<string, unknown>): Promise<LeadPage> {
  const r = await h.request<LeadPage>('POST', '/api/v2/leads/list', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** The e-mails of a page, in the order given. */
export const emailsOf = (page: LeadPage): (string | null | undefined)[] => page.items.map((l) => l.email);

/** Puts a lead into a state the API cannot set (status, counters, codes…), straight in the table. */
export async function setLeadColumns(h: Harness, id: string, values: Updateable<LeadTable>): Promise<void> {
  const result = await h.store.db.updateTable('leads').set(values).where('id', '=', id).executeTakeFirst();
  assert.equal(Number(result.numUpdatedRows), 1);
}

export async function addLeadLabel(h: Harness, workspaceId: string, interestStatus: number, sentiment: 'positive' | 'negative' | 'neutral'): Promise<void> {
  await h.store.db
    .insertInto('lead_labels')
    .values({
      id: randomUUID(),
      workspace_id: workspaceId,
      label: `Label ${interestStatus}`,
      interest_status: interestStatus,
      interest_status_label: sentiment,
      description: null,
      use_with_ai: false,
      created_by: null,
    })
    .execute();
}

/** The /leads/list filter values as the vendor document lists them (its schema names them only in x-enumDescriptions). */
export function vendorFilterValues(): string[] {
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, { 'x-enumDescriptions'?: Record<string, string> }> } }> } }>>;
  };
  const filter = spec.paths['/api/v2/leads/list']?.post?.requestBody.content['application/json']?.schema.properties.filter;
  return Object.keys(filter?.['x-enumDescriptions'] ?? {});
}

export interface FinishedJob {
  status: string;
  data: Record<string, unknown>;
}

/** POST /leads/move, run the queue, and answer the job as GET /background-jobs/{id} shows it. */
export async function moveJob(h: Harness, key: string, body: Record<string, unknown>): Promise<FinishedJob> {
  const r = await h.request('POST', '/api/v2/leads/move', { key, body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await h.runJobs();
  const job = await h.request('GET', `/api/v2/background-jobs/${r.body.id as string}`, { key });
  assert.equal(job.status, 200);
  return job.body as FinishedJob;
}
