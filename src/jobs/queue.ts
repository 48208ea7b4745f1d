import type { Db } from '../store/database.js';
import { type JobData, type JobRow, insertJob } from '../store/job-queue-repository.js';
import { JOB_PAYLOADS, type JobKind, type JobPayload, payloadProblem } from './payloads.js';

export type { JobData, JobRow };

export interface NewJob<K extends JobKind = JobKind> {
  workspaceId: string;
  userId: string | null;
  /** The vendor's job type, as GET /background-jobs shows it. */
  type: string;
  /** Which handler runs it (several kinds may share one vendor type). */
  kind: K;
  entityType: string | null;
  entityId: string | null;
  data: JobPayload<K>;
  /** False for jobs the vendor API has no type for: they run, but are not listed. */
  visible?: boolean;
}

/**
 * Queues a job in the caller's transaction (and wakes every listening instance at its commit).
 * A payload that does not fit its kind is a bug in the caller, refused before it is stored.
 */
export async function enqueueJob<K extends JobKind>(db: Db, job: NewJob<K>): Promise<JobRow> {
  const problem = payloadProblem(JOB_PAYLOADS[job.kind], job.data);
  if (problem !== null) throw new Error(`refusing to enqueue a ${job.kind} job: ${problem}`);
  return insertJob(db, {
    workspaceId: job.workspaceId,
    userId: job.userId,
    type: job.type,
    entityType: job.entityType,
    entityId: job.entityId,
    data: { ...job.data, kind: job.kind },
    visible: job.visible ?? true,
  });
}
