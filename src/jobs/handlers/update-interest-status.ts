import { updateInterestStatus } from '../../services/bulk-lead-updates.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { type InterestJobData, InterestPayload } from '../payloads.js';

/** Runs an update-interest-status job: the rule lives in src/services/bulk-lead-updates.ts. */
export const updateInterestStatusHandler = defineJobHandler({
  payload: InterestPayload,
  prepare: async () => undefined,
  async commit(trx, job: TypedJob<InterestJobData>): Promise<BatchOutcome> {
    return updateInterestStatus(trx, job.workspace_id, job.data);
  },
});
