import type { Db } from '../../store/database.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { InterestPayload, type JobPayload } from '../payloads.js';

export type InterestJobData = JobPayload<'update-interest-status'>;

/** Sets (or, with null, clears) the interest status of every lead with the e-mail in scope. */
export const updateInterestStatusHandler = defineJobHandler({
  payload: InterestPayload,
  // Reads and writes alike belong in the batch's transaction: nothing slow happens outside it.
  prepare: async () => undefined,
  async commit(trx: Db, job: TypedJob<InterestJobData>, _prepared: undefined): Promise<BatchOutcome> {
    const data = job.data;
    const { lead_email: email, interest_value: value, campaign_id: campaignId, list_id: listId } = data.options;
    const now = new Date();
    let update = trx
      .updateTable('leads')
      .set({ lt_interest_status: value, timestamp_last_interest_change: now, timestamp_updated: now })
      .where('workspace_id', '=', job.workspace_id)
      .where('email_key', '=', email.trim().toLowerCase());
    if (campaignId !== undefined) update = update.where('campaign_id', '=', campaignId);
    if (listId !== undefined) update = update.where('list_id', '=', listId);
    const result = await update.executeTakeFirst();
    const updated = Number(result.numUpdatedRows);
    return { done: true, progress: 100, data: { ...data, total_to_process: updated, success_count: updated, failed_count: 0 } };
  },
});
