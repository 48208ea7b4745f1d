import type { Db } from '../store/database.js';
import { deleteLeadList } from '../store/lead-list-repository.js';
import { type LeadListWithCount, findListBySmartleadId } from '../store/smartlead-repository.js';
import { NotFoundError } from './errors.js';

/**
 * Deletes a list addressed by its Smartlead integer id, with its leads, and answers it as it was
 * (lead count included): the read and the delete are one transaction, so the count is the one
 * deleted.
 */
export async function deleteSmartleadList(db: Db, workspaceId: string, smartleadId: number): Promise<LeadListWithCount> {
  return db.transaction().execute(async (trx) => {
    const list = await findListBySmartleadId(trx, workspaceId, smartleadId);
    if (list === undefined) throw new NotFoundError(`Lead list ${smartleadId}`);
    await deleteLeadList(trx, workspaceId, list.id);
    return list;
  });
}
