import { assignLeadsBatch } from '../../services/bulk-lead-updates.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { type AssignJobData, AssignPayload } from '../payloads.js';

/** Runs a bulk-assign job batch by batch: the rule lives in src/services/bulk-lead-updates.ts. */
export const assignLeadsHandler = defineJobHandler({
  payload: AssignPayload,
  prepare: async () => undefined,
  async commit(trx, job: TypedJob<AssignJobData>, _prepared: undefined, batchSize: number): Promise<BatchOutcome> {
    return assignLeadsBatch(trx, job.workspace_id, job.data, batchSize);
  },
});
