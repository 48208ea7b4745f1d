import { type InterestJobData, updateInterestStatus } from '../../services/bulk-lead-updates.js';
import type { Db } from '../../store/database.js';
import type { BatchOutcome, JobRow } from '../queue.js';
import type { JobHandler } from '../worker.js';

export type { InterestJobData } from '../../services/bulk-lead-updates.js';

/** Runs an update-interest-status job: the rule lives in src/services/bulk-lead-updates.ts. */
export const updateInterestStatusHandler: JobHandler = {
  async runBatch(trx: Db, job: JobRow): Promise<BatchOutcome> {
    return updateInterestStatus(trx, job.workspace_id, job.data as unknown as InterestJobData & Record<string, unknown>);
  },
};
