import { moveLeadsBatch } from '../../services/move-leads.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { type MoveJobData, MovePayload } from '../payloads.js';

/** Runs a move-leads job batch by batch: the rules live in src/services/move-leads.ts. */
export const moveLeadsHandler = defineJobHandler({
  payload: MovePayload,
  // Reads and writes alike belong in the batch's transaction: nothing slow happens outside it.
  prepare: async () => undefined,
  async commit(trx, job: TypedJob<MoveJobData>, _prepared: undefined, batchSize: number): Promise<BatchOutcome> {
    return moveLeadsBatch(trx, job.workspace_id, job.data, batchSize);
  },
});
