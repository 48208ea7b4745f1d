import { type AssignJobData, assignLeadsBatch } from '../../services/bulk-lead-updates.js';
import type { Db } from '../../store/database.js';
import type { BatchOutcome, JobRow } from '../queue.js';
import type { JobHandler } from '../worker.js';

export type { AssignJobData } from '../../services/bulk-lead-updates.js';

/** Runs a bulk-assign job batch by batch: the rule lives in src/services/bulk-lead-updates.ts. */
export const assignLeadsHandler: JobHandler = {
  async runBatch(trx: Db, job: JobRow, batchSize: number): Promise<BatchOutcome> {
    return assignLeadsBatch(trx, job.workspace_id, job.data as unknown as AssignJobData & Record<string, unknown>, batchSize);
  },
};
