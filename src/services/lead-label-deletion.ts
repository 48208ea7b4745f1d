import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { BUILT_IN_INTEREST_STATUSES, type LeadLabelRow, deleteLeadLabelRow, lockLabelAndTarget, reassignInterestStatus } from '../store/lead-label-repository.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

/**
 * Deletes a label and moves the leads that carried its value to `reassignTo` (null: no interest
 * status, the vendor's "Lead"), in one transaction, so no lead is left with a value that no
 * longer means anything. The target must be a built-in status or another label's value.
 */
export async function deleteLeadLabel(db: Kysely<Database>, principal: Principal, id: string, reassignTo: number | null): Promise<LeadLabelRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const locked = await lockLabelAndTarget(trx, workspaceId, id, reassignTo);
    const label = locked.find((row) => row.id === id);
    if (label === undefined) throw new NotFoundError('Lead label');
    if (reassignTo !== null) {
      if (reassignTo === label.interest_status) {
        throw new InvalidRequestError(`body/reassigned_status must differ from the value of the label being deleted (${label.interest_status})`);
      }
      const targetExists = BUILT_IN_INTEREST_STATUSES.includes(reassignTo) || locked.some((row) => row.id !== id);
      if (!targetExists) {
        throw new InvalidRequestError(
          `body/reassigned_status must be a built-in interest status (${BUILT_IN_INTEREST_STATUSES.join(', ')}) or the value of another of your lead labels; got ${reassignTo}`,
        );
      }
    }
    await reassignInterestStatus(trx, workspaceId, label.interest_status, reassignTo, new Date());
    await deleteLeadLabelRow(trx, id);
    return label;
  });
}
