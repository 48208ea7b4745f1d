import { updateInterestStatus } from '../../services/bulk-lead-updates.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { InterestPayload, type JobPayload } from '../payloads.js';

export type InterestJobData = JobPayload<'update-interest-status'>;

/** Runs an update-interest-status job: the rule lives in src/services/bulk-lead-updates.ts. */
export const updateInterestStatusHandler = defineJobHandler({
  payload: InterestPayload,
  prepare: async () => undefined,
  async commit(trx, job: TypedJob<InterestJobData>): Promise<BatchOutcome> {
    return updateInterestStatus(trx, job.workspace_id, job.data);
  },
});
