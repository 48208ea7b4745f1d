import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { type LeadRow, findLead } from '../store/lead-repository.js';
import { lockSubsequences, putLeadInSubsequence, takeLeadOutOfSubsequence, touchSubsequences } from '../store/subsequence-repository.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

/**
 * Puts a lead in a subsequence of its own campaign and stamps timestamp_added_subsequence.
 * Moving a lead to the subsequence it is already in changes nothing.
 */
export async function moveLeadToSubsequence(db: Kysely<Database>, principal: Principal, leadId: string, subsequenceId: string): Promise<LeadRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const lead = await findLead(trx, workspaceId, leadId);
    if (lead === undefined) throw new NotFoundError('Lead');
    // The subsequence the lead leaves is stamped too, so it is locked with the one it joins.
    const locked = await lockSubsequences(trx, workspaceId, [subsequenceId, lead.subsequence_id], 'no key update');
    const subsequence = locked.get(subsequenceId.toLowerCase());
    if (subsequence === undefined) throw new NotFoundError('Subsequence');
    const notInParent = new InvalidRequestError(
      `Lead ${lead.id} is not in campaign ${subsequence.parent_campaign_id}, the parent campaign of subsequence ${subsequence.id}: a lead can only be moved to a subsequence of its own campaign`,
    );
    if (lead.campaign_id !== subsequence.parent_campaign_id) throw notInParent;
    // Keeps the original timestamp_added_subsequence: the lead was added then, not now.
    if (lead.subsequence_id === subsequence.id) return lead;
    const now = new Date();
    const moved = await putLeadInSubsequence(trx, workspaceId, lead.id, subsequence, now);
    if (moved === undefined) throw notInParent;
    await touchSubsequences(trx, [lead.subsequence_id, subsequence.id], now);
    return moved;
  });
}

/** Takes a lead out of its subsequence (it stays in its campaign); a lead in none is answered unchanged. */
export async function removeLeadFromSubsequence(db: Kysely<Database>, principal: Principal, leadId: string): Promise<LeadRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const lead = await findLead(trx, workspaceId, leadId);
    if (lead === undefined) throw new NotFoundError('Lead');
    if (lead.subsequence_id === null) return lead;
    await lockSubsequences(trx, workspaceId, [lead.subsequence_id], 'no key update');
    const now = new Date();
    const removed = await takeLeadOutOfSubsequence(trx, workspaceId, lead.id, now);
    if (removed === undefined) throw new NotFoundError('Lead');
    await touchSubsequences(trx, [lead.subsequence_id], now);
    return removed;
  });
}
