import { sql } from 'kysely';
import type { MoveJobData } from '../domain/job-payloads.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import { leadFilterCondition } from './lead-filter.js';

/** The leads a move selects: the filter, the ESP code, and not already in the destination. */
function moveSelection(db: Db, workspaceId: string, data: MoveJobData) {
  const { filter, options } = data;
  let query = db.selectFrom('leads').where((eb) => leadFilterCondition(eb, workspaceId, filter));
  if (options.esp_code !== undefined) query = query.where('esp_code', '=', options.esp_code);
  if (options.to_campaign_id !== undefined) query = query.where((eb) => eb.or([eb('campaign_id', 'is', null), eb('campaign_id', '<>', options.to_campaign_id ?? '')]));
  if (options.to_list_id !== undefined) query = query.where((eb) => eb.or([eb('list_id', 'is', null), eb('list_id', '<>', options.to_list_id ?? '')]));
  return query;
}

export async function countMoveSelection(db: Db, workspaceId: string, data: MoveJobData): Promise<number> {
  const row = await moveSelection(db, workspaceId, data).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return data.options.limit === undefined ? n : Math.min(n, data.options.limit);
}

/** The next selected leads after `cursor`, in id order. */
export async function nextMoveBatch(db: Db, workspaceId: string, data: MoveJobData, cursor: string | null, limit: number) {
  let selection = moveSelection(db, workspaceId, data);
  if (cursor !== null) selection = selection.where('leads.id', '>', cursor);
  return selection.select(['id', 'email_key', 'verification_status', 'campaign_id']).orderBy('id').limit(limit).execute();
}

/** Which of these e-mails the destination campaign or list already holds. */
export async function keysInDestination(db: Db, workspaceId: string, destination: { campaignId: string | null; listId: string | null }, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  let query = db.selectFrom('leads').select('email_key').where('workspace_id', '=', workspaceId).where(sql<boolean>`email_key = ANY(${[...keys]}::text[])`);
  query = destination.campaignId !== null ? query.where('campaign_id', '=', destination.campaignId) : query.where('list_id', '=', destination.listId);
  return new Set((await query.execute()).flatMap((row) => (row.email_key === null ? [] : [row.email_key])));
}

/** Which of these e-mails some campaign holds in a lead other than the given ones. */
export async function keysInOtherCampaignLeads(db: Db, workspaceId: string, keys: readonly string[], exceptIds: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  let query = db
    .selectFrom('leads')
    .select('email_key')
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', 'is not', null)
    .where(sql<boolean>`email_key = ANY(${[...keys]}::text[])`);
  if (exceptIds.length > 0) query = query.where('id', 'not in', [...exceptIds]);
  return new Set((await query.execute()).flatMap((row) => (row.email_key === null ? [] : [row.email_key])));
}

export interface MoveDestination {
  campaign_id: string | null;
  list_id: string | null;
  assigned_to?: string;
}

/** A lead's interest status after the move: kept, or cleared (a change, so its timestamp moves on when there was one). */
export interface MoveChanges {
  resetInterestStatus?: boolean | undefined;
}

/** Puts these leads in the destination (they leave where they were). */
export async function moveLeadsTo(db: Db, ids: readonly string[], destination: MoveDestination, changes: MoveChanges = {}): Promise<void> {
  if (ids.length === 0) return;
  const now = new Date();
  await db
    .updateTable('leads')
    .set((eb) => ({
      ...destination,
      ...(changes.resetInterestStatus === true
        ? {
            lt_interest_status: null,
            timestamp_last_interest_change: eb.case().when('lt_interest_status', 'is not', null).then(now).else(eb.ref('timestamp_last_interest_change')).end(),
          }
        : {}),
      timestamp_updated: now,
    }))
    .where('id', 'in', [...ids])
    .execute();
}

/** Puts a copy of each of these leads, with a new id, in the destination. */
export async function copyLeadsTo(db: Db, ids: readonly string[], destination: MoveDestination, changes: MoveChanges = {}): Promise<void> {
  if (ids.length === 0) return;
  const originals = await db.selectFrom('leads').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
  const now = new Date();
  const reset = (lead: { lt_interest_status: number | null }) =>
    changes.resetInterestStatus === true && lead.lt_interest_status !== null ? { lt_interest_status: null, timestamp_last_interest_change: now } : {};
  await db
    .insertInto('leads')
    .values(
      originals.map(({ email_key: _key, ...lead }) => ({
        ...lead,
        ...destination,
        ...reset(lead),
        id: newId(),
        payload: jsonOrNull(lead.payload),
        status_summary: jsonOrNull(lead.status_summary),
        status_summary_subseq: jsonOrNull(lead.status_summary_subseq),
        timestamp_created: now,
        timestamp_updated: now,
      })),
    )
    .execute();
}

// jsonb columns travel as text on insert (see Json<T> in database.ts).
const jsonOrNull = (value: object | null): string | null => (value === null ? null : JSON.stringify(value));
