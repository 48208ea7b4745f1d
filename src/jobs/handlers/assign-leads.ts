import type { Db } from '../../store/database.js';
import { type LeadFilter, leadFilterCondition } from '../../store/lead-filter.js';
import type { BatchOutcome, JobRow } from '../queue.js';
import type { JobHandler } from '../worker.js';
import { numberField, progressOf } from './progress.js';

export interface AssignJobData {
  filter: LeadFilter;
  options: { organization_user_ids: string[]; limit?: number | undefined; current_owner?: string | undefined };
}

export function assignSelection(db: Db, workspaceId: string, data: AssignJobData) {
  let query = db.selectFrom('leads').where((eb) => leadFilterCondition(eb, workspaceId, data.filter));
  if (data.options.current_owner !== undefined) query = query.where('assigned_to', '=', data.options.current_owner);
  return query;
}

/** Hands the selected leads out to the given users in turn, in id order, a batch at a time. */
export const assignLeadsHandler: JobHandler = {
  async runBatch(trx: Db, job: JobRow, batchSize: number): Promise<BatchOutcome> {
    const data = job.data as unknown as AssignJobData & Record<string, unknown>;
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
};
