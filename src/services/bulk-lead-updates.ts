import { emailKey } from '../domain/email.js';
import type { AssignJobData, InterestJobData } from '../domain/job-payloads.js';
import type { Db } from '../store/database.js';
import { assignLeadsTo, nextAssignBatch, setInterestStatusByEmail } from '../store/lead-bulk-update-repository.js';
import { type JobBatchResult, numberField, progressOf } from './job-progress.js';

/** Hands the next batch of selected leads to the given users in turn, in id order. */
export async function assignLeadsBatch(trx: Db, workspaceId: string, data: AssignJobData & Record<string, unknown>, batchSize: number): Promise<JobBatchResult> {
  const users = data.options.organization_user_ids;
  const processed = numberField(data, 'processed');
  const take = data.options.limit === undefined || data.options.limit === 0 ? batchSize : Math.min(batchSize, data.options.limit - processed);
  const cursor = typeof data.cursor === 'string' ? data.cursor : null;
  const batch = take <= 0 ? [] : await nextAssignBatch(trx, workspaceId, data.filter, data.options.current_owner, cursor, take);
  const byUser = new Map<string, string[]>();
  batch.forEach((id, i) => {
    const user = users[(processed + i) % users.length];
    if (user !== undefined) byUser.set(user, [...(byUser.get(user) ?? []), id]);
  });
  for (const [user, ids] of byUser) await assignLeadsTo(trx, user, ids);
  const last = batch[batch.length - 1];
  const done = take <= 0 || batch.length < take || last === undefined;
  const soFar = processed + batch.length;
  return {
    done,
    progress: done ? 100 : progressOf(soFar, numberField(data, 'total_to_process')),
    data: { ...data, cursor: last ?? cursor, processed: soFar, success_count: soFar, failed_count: 0 },
  };
}

/** Sets (or, with null, clears) the interest status of every lead with the e-mail in scope. */
export async function updateInterestStatus(trx: Db, workspaceId: string, data: InterestJobData & Record<string, unknown>): Promise<JobBatchResult> {
  const { lead_email: email, interest_value: value, campaign_id: campaignId, list_id: listId } = data.options;
  const updated = await setInterestStatusByEmail(trx, workspaceId, emailKey(email), value, { campaignId, listId });
  return { done: true, progress: 100, data: { ...data, total_to_process: updated, success_count: updated, failed_count: 0 } };
}
