import { type BlockValue, parseBlockValue } from '../domain/block-list.js';
import { addBlockListEntries, defaultBlockListId } from '../store/block-list-repository.js';
import type { Db } from '../store/database.js';
import { unsubscribedEmails } from '../store/lead-event-repository.js';
import { setLeadStatuses } from '../store/smartlead-campaign-lead-repository.js';
import { findWorkspace } from '../store/workspace-repository.js';

/** The vendor's Lead status for an unsubscribed lead. */
const UNSUBSCRIBED = -2;

/**
 * The one unsubscribe rule, for every path that unsubscribes (recorded engagement, Smartlead's
 * unsubscribe routes): the leads' status becomes Unsubscribed (-2), and when the workspace's
 * `add_unsub_to_block` says so their e-mail addresses go on its default block list, so the
 * address cannot come back in through an import.
 *
 * Runs in the caller's transaction. Answers how many of the leads were not unsubscribed before
 * (a lead already unsubscribed, or not in the workspace, is not counted); the block list is
 * still given the addresses of those already unsubscribed, so turning the setting on and
 * unsubscribing again completes the list.
 */
export async function unsubscribeLeads(trx: Db, workspaceId: string, leadIds: readonly string[], at: Date): Promise<number> {
  if (leadIds.length === 0) return 0;
  const changed = await setLeadStatuses(trx, workspaceId, leadIds, UNSUBSCRIBED, at);
  const workspace = await findWorkspace(trx, workspaceId);
  if (workspace?.add_unsub_to_block === true) {
    const emails = await unsubscribedEmails(trx, workspaceId, leadIds);
    const values = emails.flatMap((email): BlockValue[] => {
      const value = parseBlockValue(email);
      return value === null || value.isDomain ? [] : [value];
    });
    if (values.length > 0) await addBlockListEntries(trx, workspaceId, await defaultBlockListId(trx, workspaceId), dedupe(values));
  }
  return changed;
}

const dedupe = (values: readonly BlockValue[]) => [...new Map(values.map((value) => [value.value, value])).values()];
