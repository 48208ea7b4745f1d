import { type Kysely } from 'kysely';
import { mergeLeads, payloadKeysGained } from '../domain/lead-merge.js';
import { addCampaignVariables } from '../store/campaign-repository.js';
import type { Database } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import { lockLeadIntake } from '../store/lead-import-repository.js';
import { applyMerge, emailHolder, lockLeadPair } from '../store/lead-merge-repository.js';
import { type LeadRow, findLead } from '../store/lead-repository.js';
import { lockSubsequences } from '../store/subsequence-repository.js';
import type { Principal } from './principal.js';

export interface MergeInput {
  sourceId: string;
  destinationId: string;
}

/** What a merge came to; the route turns each into the vendor's status and body. */
export type MergeOutcome =
  | { kind: 'merged'; lead: LeadRow }
  | { kind: 'same-lead' }
  | { kind: 'source-not-found' }
  | { kind: 'destination-not-found' }
  /** A third lead holds the e-mail the destination would take, in the destination's campaign or list. */
  | { kind: 'email-taken'; holderId: string; holderIn: 'campaign' | 'list' | 'workspace'; email: string; sourceId: string }
  /** The same, decided by the unique index: another request gave that lead the e-mail meanwhile. */
  | { kind: 'email-taken-meanwhile' };

/**
 * Merges the source lead into the destination in one transaction and deletes the source
 * (rules: src/domain/lead-merge.ts). Serialized with the workspace's other intake, since the
 * destination may take the source's e-mail into its campaign or list.
 */
export async function mergeLeadPair(db: Kysely<Database>, principal: Principal, input: MergeInput): Promise<MergeOutcome> {
  const { workspaceId } = principal;
  const { sourceId, destinationId } = input;
  if (sourceId.toLowerCase() === destinationId.toLowerCase()) return { kind: 'same-lead' };
  try {
    return await db.transaction().execute(async (trx): Promise<MergeOutcome> => {
      await lockLeadIntake(trx, workspaceId);
      // The source's subsequence may pass to the destination: lock it before the leads, the
      // order a concurrent delete of that subsequence keeps too (subsequence-repository.ts).
      const unlocked = await findLead(trx, workspaceId, sourceId);
      const held = await lockSubsequences(trx, workspaceId, [unlocked?.subsequence_id ?? null], 'key share');
      const pair = await lockLeadPair(trx, workspaceId, [sourceId, destinationId]);
      const source = pair.get(sourceId.toLowerCase());
      if (source === undefined) return { kind: 'source-not-found' };
      const destination = pair.get(destinationId.toLowerCase());
      if (destination === undefined) return { kind: 'destination-not-found' };
      const merged = mergeLeads(destination, source);
      // A subsequence the source joined in the instant before its row was locked is not held,
      // and could be deleted under the merge: the destination does without it then.
      if (merged.subsequence_id !== destination.subsequence_id && merged.subsequence_id !== null && !held.has(merged.subsequence_id)) {
        merged.subsequence_id = null;
        merged.timestamp_added_subsequence = null;
      }
      if (merged.email !== null && merged.email !== destination.email) {
        const holder = await emailHolder(trx, destination, source.id, merged.email);
        if (holder !== undefined) return { kind: 'email-taken', holderId: holder.id, holderIn: holder.in, email: merged.email, sourceId: source.id };
      }
      const lead = await applyMerge(trx, source.id, destination.id, merged);
      if (lead.campaign_id !== null) await addCampaignVariables(trx, lead.campaign_id, payloadKeysGained(destination, merged));
      return { kind: 'merged', lead };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'email-taken-meanwhile' };
    throw error;
  }
}
