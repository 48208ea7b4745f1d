import { type MoveJobData, moveLeadsBatch } from '../../services/move-leads.js';
import type { BatchOutcome, JobRow } from '../queue.js';
import type { JobHandler } from '../worker.js';
import type { Db } from '../../store/database.js';

/** Runs a move-leads job batch by batch: the rules live in src/services/move-leads.ts. */
export const moveLeadsHandler: JobHandler = {
  async runBatch(trx: Db, job: JobRow, batchSize: number): Promise<BatchOutcome> {
    return moveLeadsBatch(trx, job.workspace_id, job.data as unknown as MoveJobData & Record<string, unknown>, batchSize);
  },
};
