import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../store/database.js';
import type { BatchRecord, JobData, JobRow } from '../store/job-queue-repository.js';
import { payloadProblem } from './payloads.js';

export type BatchOutcome = BatchRecord;

/** A job whose payload has been checked against its kind's schema. */
export type TypedJob<T> = Omit<JobRow, 'data'> & { data: T & JobData };

/**
 * One kind of job, run a batch at a time in two steps. `prepare` runs outside any transaction
 * and must not write: it reads what the batch needs and does the slow work (DNS), so no
 * connection is held while it waits. `commit` runs in the batch's transaction, after the worker
 * has locked the job's row and checked it still holds the job: it writes the batch, and the
 * outcome it answers is stored in that same transaction, so a batch applies exactly once.
 */
export interface JobHandlerSpec<S extends TSchema, P> {
  payload: S;
  prepare(db: Db, job: TypedJob<Static<S>>, batchSize: number): Promise<P>;
  commit(trx: Db, job: TypedJob<Static<S>>, prepared: P, batchSize: number): Promise<BatchOutcome>;
}

/** A prepared batch, ready to commit in the transaction the worker opens. */
export type PreparedBatch = (trx: Db) => Promise<BatchOutcome>;

/** A handler with its payload type erased, as the worker keeps them by kind. */
export interface JobHandler {
  /** Null when the job's data fits this kind's schema; else what is wrong with it. */
  payloadProblem(data: unknown): string | null;
  prepare(db: Db, job: JobRow, batchSize: number): Promise<PreparedBatch>;
}

/** A failure the job cannot recover from: the job is marked failed with this message. */
export class JobFailure extends Error {}

export function defineJobHandler<S extends TSchema, P>(spec: JobHandlerSpec<S, P>): JobHandler {
  const typed = (job: JobRow): TypedJob<Static<S>> => {
    const data = job.data;
    if (!Value.Check(spec.payload, data)) throw new JobFailure(`this job's data does not fit its kind: ${payloadProblem(spec.payload, data) ?? 'unknown mismatch'}`);
    return { ...job, data };
  };
  return {
    payloadProblem: (data) => payloadProblem(spec.payload, data),
    async prepare(db, job, batchSize) {
      const checked = typed(job);
      const prepared = await spec.prepare(db, checked, batchSize);
      return (trx) => spec.commit(trx, checked, prepared, batchSize);
    },
  };
}
