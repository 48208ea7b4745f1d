import { sql } from 'kysely';
import type { Presence, TargetKind } from '../domain/import-plan.js';
import type { Db } from './database.js';

/** A workspace lead: neither campaign nor list (migration 0009's unique index has the same predicate). */
const WORKSPACE_LEAD = sql<boolean>`campaign_id IS NULL AND list_id IS NULL`;

/** The leads of an intake target; a workspace target's id is the workspace's. */
function inTargetCondition(target: { kind: TargetKind; id: string }) {
  switch (target.kind) {
    case 'campaign':
      return sql<boolean>`campaign_id = ${target.id}`;
    case 'list':
      return sql<boolean>`list_id = ${target.id}`;
    case 'workspace':
      return sql<boolean>`workspace_id = ${target.id} AND ${WORKSPACE_LEAD}`;
  }
}

/** Where each of these e-mails already is in the workspace: one indexed query for the batch. */
export async function presenceOf(
  db: Db,
  workspaceId: string,
  target: { kind: TargetKind; id: string },
  keys: readonly string[],
): Promise<Map<string, Presence>> {
  if (keys.length === 0) return new Map();
  const inTarget = inTargetCondition(target);
  const rows = await db
    .selectFrom('leads')
    .select([
      'email_key',
      sql<boolean>`coalesce(bool_or(${inTarget}), false)`.as('in_target'),
      sql<boolean>`bool_or(campaign_id IS NOT NULL)`.as('in_any_campaign'),
      sql<boolean>`bool_or(list_id IS NOT NULL)`.as('in_any_list'),
      sql<boolean>`bool_or(${WORKSPACE_LEAD})`.as('in_workspace_leads'),
      // One lead of each kind, so an outcome can name the lead that made it skipped or a duplicate.
      sql<string | null>`min(id::text) FILTER (WHERE ${inTarget})`.as('target_lead_id'),
      sql<string | null>`min(id::text) FILTER (WHERE campaign_id IS NOT NULL)`.as('campaign_lead_id'),
      sql<string | null>`min(id::text) FILTER (WHERE list_id IS NOT NULL)`.as('list_lead_id'),
      sql<string | null>`min(id::text) FILTER (WHERE ${WORKSPACE_LEAD})`.as('workspace_lead_id'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`email_key = ANY(${[...keys]}::text[])`)
    .groupBy('email_key')
    .execute();
  const presence = new Map<string, Presence>();
  for (const row of rows) {
    if (row.email_key !== null) {
      presence.set(row.email_key, {
        inTarget: row.in_target,
        inAnyCampaign: row.in_any_campaign,
        inAnyList: row.in_any_list,
        inWorkspaceLeads: row.in_workspace_leads,
        targetLeadId: row.target_lead_id,
        campaignLeadId: row.campaign_lead_id,
        listLeadId: row.list_lead_id,
        workspaceLeadId: row.workspace_lead_id,
      });
    }
  }
  return presence;
}

/** The ids of the leads with these e-mails in one campaign or list, by e-mail key. */
export async function leadIdsInContainer(db: Db, target: { kind: TargetKind; id: string }, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('leads')
    .select(['id', 'email_key'])
    .where(inTargetCondition(target))
    .where(sql<boolean>`email_key = ANY(${[...keys]}::text[])`)
    .execute();
  return new Map(rows.flatMap((row) => (row.email_key === null ? [] : [[row.email_key, row.id] as const])));
}

/**
 * Serializes, for the rest of the transaction, what puts leads into a workspace's campaigns and
 * lists (adds, moves, copies, merges). Without it two requests probe for the same e-mails before
 * either inserts, and a skip_if_in_* flag lets both through on PostgreSQL.
 * 'exclusive' is for a transaction that decides from what other containers hold (a skip flag's
 * probe, a move's look at its destination, a merge): nothing else enters the workspace meanwhile.
 * 'shared' is for an add whose only rule is "once per container", which the unique index
 * decides at insert time (ON CONFLICT waits for a concurrent insert of the same e-mail, and
 * inserts go in e-mail order, so they never deadlock): such adds run side by side, and still
 * wait for, and hold off, every exclusive holder.
 * A transaction-scoped advisory lock: released at commit or rollback, never leaked. One lock per
 * workspace rather than per e-mail: a 1000-lead batch touches nearly every e-mail bucket anyway,
 * and 1000 locks per transaction would exhaust PostgreSQL's shared lock table under load.
 */
export async function lockLeadIntake(db: Db, workspaceId: string, mode: 'exclusive' | 'shared' = 'exclusive'): Promise<void> {
  const key = `leadbase:lead-intake:${workspaceId}`;
  if (mode === 'shared') await sql`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`.execute(db);
  else await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/**
 * Locks the workspace row for the rest of the transaction and answers its lead allowance, so
 * two requests cannot both pass the allowance check. Only taken when an allowance is set.
 */
export async function lockedLeadAllowance(db: Db, workspaceId: string): Promise<number | null> {
  const row = await db.selectFrom('workspaces').select('lead_allowance').where('id', '=', workspaceId).forNoKeyUpdate().executeTakeFirst();
  return row?.lead_allowance ?? null;
}

export async function leadAllowanceOf(db: Db, workspaceId: string): Promise<number | null> {
  const row = await db.selectFrom('workspaces').select('lead_allowance').where('id', '=', workspaceId).executeTakeFirst();
  return row?.lead_allowance ?? null;
}

export async function countCampaignLeads(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
