import { sql } from 'kysely';
import type { Db } from './database.js';
import type { LeadRow } from './lead-repository.js';
import { toInt } from './smartlead-repository.js';

/**
 * Smartlead's integer lead ids. They are handed out the first time a v1 answer shows a lead
 * (leads also arrive through v2, which knows nothing of them) and kept from then on.
 */

const FOREIGN_KEY_VIOLATION = '23503';
const isForeignKeyViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === FOREIGN_KEY_VIOLATION;

/** Smartlead's lead id for each e-mail key: one per person in the workspace. */
export async function contactIdsOf(db: Db, workspaceId: string, emailKeys: readonly string[]): Promise<Map<string, number>> {
  const keys = [...new Set(emailKeys)];
  if (keys.length === 0) return new Map();
  const read = async (wanted: readonly string[]) =>
    db
      .selectFrom('smartlead_contacts')
      .select(['id', 'email_key'])
      .where('workspace_id', '=', workspaceId)
      .where(sql<boolean>`email_key = ANY(${[...wanted]}::text[])`)
      .execute();
  const ids = new Map((await read(keys)).map((row) => [row.email_key, toInt(row.id)]));
  const missing = keys.filter((key) => !ids.has(key));
  if (missing.length > 0) {
    // A concurrent request may give out the same e-mail's id first; then we read its id.
    await db
      .insertInto('smartlead_contacts')
      .values(missing.map((key) => ({ workspace_id: workspaceId, email_key: key })))
      .onConflict((oc) => oc.columns(['workspace_id', 'email_key']).doNothing())
      .execute();
    for (const row of await read(missing)) ids.set(row.email_key, toInt(row.id));
  }
  return ids;
}

/** Smartlead's campaign_lead_map_id for each lead row. */
export async function leadMapIdsOf(db: Db, leadIds: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(leadIds)];
  if (wanted.length === 0) return new Map();
  const read = async (ids: readonly string[]) =>
    db.selectFrom('smartlead_lead_maps').select(['id', 'lead_id']).where(sql<boolean>`lead_id = ANY(${[...ids]}::uuid[])`).execute();
  const ids = new Map((await read(wanted)).map((row) => [row.lead_id, toInt(row.id)]));
  const missing = wanted.filter((id) => !ids.has(id));
  if (missing.length > 0) {
    const insertMissing = () =>
      // Selecting from leads skips a lead deleted since the page was read.
      sql`INSERT INTO smartlead_lead_maps (lead_id)
          SELECT id FROM leads WHERE id = ANY(${missing}::uuid[])
          ON CONFLICT (lead_id) DO NOTHING`.execute(db);
    try {
      await insertMissing();
    } catch (error) {
      // A lead deleted while we inserted its map row: the retry no longer selects it.
      if (!isForeignKeyViolation(error)) throw error;
      await insertMissing();
    }
    for (const row of await read(missing)) ids.set(row.lead_id, toInt(row.id));
  }
  return ids;
}

export async function countCampaignLeadRows(db: Db, campaignId: string): Promise<number> {
  const row = await db.selectFrom('leads').select((eb) => eb.fn.countAll<string | number>().as('count')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
  return toInt(row.count);
}

/** A campaign's leads in the order they were added, by offset as Smartlead pages. */
export async function campaignLeadRows(db: Db, campaignId: string, q: { offset: number; limit: number }): Promise<LeadRow[]> {
  return db.selectFrom('leads').selectAll().where('campaign_id', '=', campaignId).orderBy('id').limit(q.limit).offset(q.offset).execute();
}

/** Every row of this e-mail in the workspace (campaign and list memberships), oldest first. */
export async function leadRowsByEmail(db: Db, workspaceId: string, emailKey: string): Promise<LeadRow[]> {
  return db.selectFrom('leads').selectAll().where('workspace_id', '=', workspaceId).where('email_key', '=', emailKey).orderBy('id').execute();
}

/** Which of these e-mail keys are already in the campaign. */
export async function keysInCampaign(db: Db, campaignId: string, emailKeys: readonly string[]): Promise<Set<string>> {
  if (emailKeys.length === 0) return new Set();
  const rows = await db
    .selectFrom('leads')
    .select('email_key')
    .where('campaign_id', '=', campaignId)
    .where(sql<boolean>`email_key = ANY(${[...emailKeys]}::text[])`)
    .execute();
  return new Set(rows.flatMap((row) => (row.email_key === null ? [] : [row.email_key])));
}
