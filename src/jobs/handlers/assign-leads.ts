import type { Db } from '../../store/database.js';
import { leadFilterCondition } from '../../store/lead-filter.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { AssignPayload, type JobPayload } from '../payloads.js';
import { numberField, progressOf } from './progress.js';

export type AssignJobData = JobPayload<'assign-leads'>;

export function assignSelection(db: Db, workspaceId: string, data: AssignJobData) {
  let query = db.selectFrom('leads').where((eb) => leadFilterCondition(eb, workspaceId, data.filter));
  if (data.options.current_owner !== undefined) query = query.where('assigned_to', '=', data.options.current_owner);
  return query;
}

/** Hands the selected leads out to the given users in turn, in id order, a batch at a time. */
export const assignLeadsHandler = defineJobHandler({
  payload: AssignPayload,
  // Reads and writes alike belong in the batch's transaction: nothing slow happens outside it.
  prepare: async () => undefined,
  async commit(trx: Db, job: TypedJob<AssignJobData>, _prepared: undefined, batchSize: number): Promise<BatchOutcome> {
    const data = job.data;
    const users = data.options.organization_user_ids;
    const processed = numberField(data, 'processed');
    const take = data.options.limit === undefined || data.options.limit === 0 ? batchSize : Math.min(batchSize, data.options.limit - processed);
    const cursor = typeof data.cursor === 'string' ? data.cursor : null;
    let selection = assignSelection(trx, job.workspace_id, data);
    if (cursor !== null) selection = selection.where('leads.id', '>', cursor);
    const batch = take <= 0 ? [] : await selection.select('id').orderBy('id').limit(take).execute();
    const byUser = new Map<string, string[]>();
    batch.forEach((lead, i) => {
      const user = users[(processed + i) % users.length];
      if (user !== undefined) byUser.set(user, [...(byUser.get(user) ?? []), lead.id]);
    });
    for (const [user, ids] of byUser) {
      await trx.updateTable('leads').set({ assigned_to: user, timestamp_updated: new Date() }).where('id', 'in', ids).execute();
    }
    const last = batch[batch.length - 1];
    const done = take <= 0 || batch.length < take || last === undefined;
    const soFar = processed + batch.length;
    return {
      done,
      progress: done ? 100 : progressOf(soFar, numberField(data, 'total_to_process')),
      data: { ...data, cursor: last?.id ?? cursor, processed: soFar, success_count: soFar, failed_count: 0 },
    };
  },
});
