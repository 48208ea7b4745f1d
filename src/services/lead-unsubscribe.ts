import type { Db } from '../store/database.js';
import { setLeadStatuses } from '../store/smartlead-campaign-lead-repository.js';

const UNSUBSCRIBED = -2;

/**
 * Unsubscribes these leads of the workspace: their status becomes the vendor's -2
 * (Unsubscribed), which every surface shows (v2 `status`, v1 `is_unsubscribed`) and which
 * Smartlead campaign add skips unless told to ignore it. Answers how many leads changed.
 * This is the minimal rule; the workspace's "unsubscribes go on the block list" setting belongs
 * here too, so every path that unsubscribes goes through this one function.
 */
export async function unsubscribeLeads(trx: Db, workspaceId: string, leadIds: readonly string[], at: Date): Promise<number> {
  return setLeadStatuses(trx, workspaceId, leadIds, UNSUBSCRIBED, at);
}
