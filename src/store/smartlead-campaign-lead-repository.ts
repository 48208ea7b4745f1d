import { sql } from 'kysely';
import type { Db } from './database.js';
import type { LeadRow } from './lead-repository.js';

/**
 * A Smartlead lead id names a person (one e-mail key in a workspace, smartlead_contacts); the
 * per-lead operations act on that person's rows: the one in a campaign, or all of them.
 */

/** The e-mail key behind a Smartlead lead id, if the workspace has given it out. */
export async function contactKeyOf(db: Db, workspaceId: string, contactId: number): Promise<string | undefined> {
  const row = await db.selectFrom('smartlead_contacts').select('email_key').where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
  return row?.email_key;
}

const UNSUBSCRIBED = -2;

// A lead without an e-mail is its own person, keyed `lead:<id>` (see personKeyOf in smartlead-wire).
const NO_EMAIL_PREFIX = 'lead:';

function personRows(db: Db, workspaceId: string, key: string) {
  const query = db.selectFrom('leads').selectAll().where('workspace_id', '=', workspaceId);
  return key.startsWith(NO_EMAIL_PREFIX) ? query.where('id', '=', key.slice(NO_EMAIL_PREFIX.length)) : query.where('email_key', '=', key);
}

/** Every row of the person (campaign and list memberships), oldest first; locked when `forUpdate`. */
export async function rowsOfPerson(db: Db, workspaceId: string, key: string, forUpdate = false): Promise<LeadRow[]> {
  const query = personRows(db, workspaceId, key).orderBy('id');
  return (forUpdate ? query.forUpdate() : query).execute();
}

/** The person's row in one campaign, locked for the rest of the transaction. */
export async function campaignRowOfPerson(db: Db, workspaceId: string, key: string, campaignId: string): Promise<LeadRow | undefined> {
  return personRows(db, workspaceId, key).where('campaign_id', '=', campaignId).forUpdate().executeTakeFirst();
}

/** Sets the status of these leads of the workspace (those not in it already); answers how many changed. */
export async function setLeadStatuses(db: Db, workspaceId: string, ids: readonly string[], status: number, at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('leads')
    .set({ status, timestamp_updated: at })
    .where('workspace_id', '=', workspaceId)
    .where('status', '<>', status)
    .where(sql<boolean>`id = ANY(${[...ids]}::uuid[])`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Which of these e-mail keys belong to a lead of the workspace that has unsubscribed (status -2). */
export async function unsubscribedKeysAmong(db: Db, workspaceId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('leads')
    .select('email_key')
    .distinct()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', UNSUBSCRIBED)
    .where(sql<boolean>`email_key = ANY(${[...keys]}::text[])`)
    .execute();
  return new Set(rows.flatMap((row) => (row.email_key === null ? [] : [row.email_key])));
}
