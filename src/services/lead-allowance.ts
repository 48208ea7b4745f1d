import type { Db } from '../store/database.js';
import { countCampaignLeads, leadAllowanceOf, lockedLeadAllowance } from '../store/lead-import-repository.js';

/**
 * How many more leads may enter the workspace's campaigns in this transaction, or null when it
 * has no allowance. The one place the allowance is read for a write: every path that puts leads
 * into a campaign (add, single create, Smartlead campaign add, move, copy) asks here, and the
 * workspace row stays locked until the transaction ends, so two writers cannot both spend the
 * same room.
 */
export async function campaignRoom(trx: Db, workspaceId: string): Promise<number | null> {
  // The unlocked read first: a workspace without an allowance (the usual case) takes no row lock.
  if ((await leadAllowanceOf(trx, workspaceId)) === null) return null;
  const allowance = await lockedLeadAllowance(trx, workspaceId);
  if (allowance === null) return null;
  // Negative when the administrator lowered the allowance below what the campaigns hold.
  return allowance - (await countCampaignLeads(trx, workspaceId));
}
