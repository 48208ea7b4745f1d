import { sql } from 'kysely';
import type { MergedLead } from '../domain/lead-merge.js';
import type { Db } from './database.js';
import type { LeadRow } from './lead-repository.js';

/**
 * Both leads of a merge, locked until the transaction ends so neither changes between being read
 * and being merged. Locked in id order: two merges of the same pair, either way round, wait for
 * each other instead of deadlocking.
 */
export async function lockLeadPair(trx: Db, workspaceId: string, ids: [string, string]): Promise<Map<string, LeadRow>> {
  const rows = await trx
    .selectFrom('leads')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * A lead other than these two that already holds the e-mail in the destination's campaign or
 * list: the destination cannot take that address from the source without duplicating it there.
 */
export async function emailHolder(trx: Db, destination: LeadRow, sourceId: string, email: string): Promise<{ id: string; in: 'campaign' | 'list' | 'workspace' } | undefined> {
  const { campaign_id: campaignId, list_id: listId } = destination;
  const row = await trx
    .selectFrom('leads')
    .select(['id', 'campaign_id'])
    .where('workspace_id', '=', destination.workspace_id)
    // lower() in SQL, as the generated email_key column is: JavaScript's case mapping differs for a few letters.
    .where('email_key', '=', sql<string>`lower(${email})`)
    .where('id', 'not in', [destination.id, sourceId])
    .where((eb) => {
      const containers = [];
      if (campaignId !== null) containers.push(eb('campaign_id', '=', campaignId));
      if (listId !== null) containers.push(eb('list_id', '=', listId));
      // A workspace lead (neither) holds its e-mail once among the workspace leads (migration 0009).
      if (campaignId === null && listId === null) containers.push(eb.and([eb('campaign_id', 'is', null), eb('list_id', 'is', null)]));
      return eb.or(containers);
    })
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (campaignId === null && listId === null) return { id: row.id, in: 'workspace' };
  return { id: row.id, in: campaignId !== null && row.campaign_id === campaignId ? 'campaign' : 'list' };
}

/**
 * Deletes the source, then writes the merged fields onto the destination. The source goes first
 * so that an address moving between two leads of the same campaign or list never exists twice.
 */
export async function applyMerge(trx: Db, sourceId: string, destinationId: string, merged: MergedLead): Promise<LeadRow> {
  await trx.deleteFrom('leads').where('id', '=', sourceId).execute();
  return trx
    .updateTable('leads')
    .set({ ...merged, payload: merged.payload === null ? null : JSON.stringify(merged.payload), timestamp_updated: new Date() })
    .where('id', '=', destinationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
