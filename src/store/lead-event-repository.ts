import { type Insertable, type Selectable, sql } from 'kysely';
import type { EngagementState } from '../domain/engagement.js';
import type { Db, LeadEventTable } from './database.js';
import { newId } from './ids.js';
import type { LeadRow } from './lead-repository.js';

export type LeadEventRow = Selectable<LeadEventTable>;
export type NewLeadEvent = Omit<Insertable<LeadEventTable>, 'id' | 'recorded_at'>;

export interface EngagedLead {
  lead: LeadRow;
  /** The lead's campaign setting; null when it has no campaign or the campaign never set it. */
  stopOnReply: boolean | null;
}

/**
 * The leads events are about, locked for the update (two requests recording on one lead must
 * not both add to the counters they read), with their campaign's stop_on_reply.
 */
export async function lockLeadsForEngagement(db: Db, workspaceId: string, ids: readonly string[]): Promise<Map<string, EngagedLead>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('leads')
    .leftJoin('campaigns', 'campaigns.id', 'leads.campaign_id')
    .selectAll('leads')
    .select(sql<boolean | null>`(campaigns.settings ->> 'stop_on_reply')::boolean`.as('stop_on_reply'))
    .where('leads.workspace_id', '=', workspaceId)
    .where(sql<boolean>`leads.id = ANY(${[...new Set(ids)]}::uuid[])`)
    .orderBy('leads.id')
    .forUpdate('leads')
    .execute();
  return new Map(rows.map(({ stop_on_reply: stopOnReply, ...lead }) => [lead.id, { lead, stopOnReply }]));
}

export interface LeadPlace {
  id: string;
  email_key: string;
  campaign_id: string | null;
  list_id: string | null;
}

/** Where each of these e-mail addresses is a lead in the workspace (one row per lead). */
export async function leadPlacesByEmailKey(db: Db, workspaceId: string, keys: readonly string[]): Promise<LeadPlace[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('leads')
    .select(['id', 'email_key', 'campaign_id', 'list_id'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`email_key = ANY(${[...new Set(keys)]}::text[])`)
    .orderBy('id')
    .execute();
  return rows.flatMap((row) => (row.email_key === null ? [] : [{ ...row, email_key: row.email_key }]));
}

export async function insertLeadEvents(db: Db, events: readonly NewLeadEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('lead_events').values(events.map((event) => ({ ...event, id: newId() }))).execute();
}

export async function writeLeadEngagement(db: Db, leadId: string, state: EngagementState, at: Date): Promise<void> {
  const { status_summary: summary, status_summary_subseq: subsequence, ...columns } = state;
  await db
    .updateTable('leads')
    .set({
      ...columns,
      status_summary: summary === null ? null : JSON.stringify(summary),
      status_summary_subseq: subsequence === null ? null : JSON.stringify(subsequence),
      timestamp_updated: at,
    })
    .where('id', '=', leadId)
    .execute();
}

/** A lead's recorded events of these types, oldest first. */
export async function leadEventsOf(db: Db, workspaceId: string, leadIds: readonly string[], types: readonly string[]): Promise<LeadEventRow[]> {
  if (leadIds.length === 0) return [];
  return db
    .selectFrom('lead_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`lead_id = ANY(${[...leadIds]}::uuid[])`)
    .where(sql<boolean>`event_type = ANY(${[...types]}::text[])`)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/** The e-mail addresses of these leads that are unsubscribed. */
export async function unsubscribedEmails(db: Db, workspaceId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('leads')
    .select('email')
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`id = ANY(${[...new Set(ids)]}::uuid[])`)
    .where('status', '=', -2)
    .where('email', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.email === null ? [] : [row.email]));
}
