import { type Kysely, type Selectable, sql } from 'kysely';
import type { BackgroundJobTable, Database, Db } from '../store/database.js';
import { newId } from '../store/ids.js';

export type JobRow = Selectable<BackgroundJobTable>;
export type JobData = Record<string, unknown>;

export interface NewJob {
  workspaceId: string;
  userId: string | null;
  /** The vendor's job type, as GET /background-jobs shows it. */
  type: string;
  /** Which handler runs it (several kinds may share one vendor type). */
  kind: string;
  entityType: string | null;
  entityId: string | null;
  data: JobData;
  /** False for jobs the vendor API has no type for: they run, but are not listed. */
  visible?: boolean;
}

export async function enqueueJob(db: Db, job: NewJob): Promise<JobRow> {
  return db
    .insertInto('background_jobs')
    .values({
      id: newId(),
      workspace_id: job.workspaceId,
      user_id: job.userId,
      type: job.type,
      entity_type: job.entityType,
      entity_id: job.entityId,
      data: JSON.stringify({ ...job.data, kind: job.kind }),
      visible: job.visible ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Claims the oldest runnable job: a pending one, or one whose worker's lease ran out (the worker
 * died). SKIP LOCKED lets several workers claim side by side without waiting on each other, and
 * a job whose batch is being committed (its row locked) is never taken from under its worker.
 */
export async function claimNextJob(db: Db, token: string, leaseMs: number): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    UPDATE background_jobs
       SET status = 'in-progress', locked_by = ${token}, locked_until = now() + ${`${leaseMs} milliseconds`}::interval,
           attempts = attempts + 1, updated_at = now()
     WHERE id = (
       SELECT id FROM background_jobs
        WHERE status = 'pending' OR (status = 'in-progress' AND locked_until < now())
        ORDER BY id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return result.rows[0];
}

export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`lost the lease on job ${jobId}`);
  }
}

export interface BatchOutcome {
  data: JobData;
  progress: number;
  done: boolean;
}

/**
 * Runs one batch of a job in one transaction that first checks, under a row lock, that this
 * worker still holds the job, and then stores the job's new data and progress and renews the
 * lease. The batch and its record commit together or not at all: after a crash the next worker
 * resumes from the last committed record, and a worker that lost its lease applies nothing.
 */
export async function commitBatch(
  db: Kysely<Database>,
  jobId: string,
  token: string,
  leaseMs: number,
  runBatch: (trx: Db, job: JobRow) => Promise<BatchOutcome>,
): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .selectFrom('background_jobs')
      .selectAll()
      .where('id', '=', jobId)
      .where('locked_by', '=', token)
      .where('status', '=', 'in-progress')
      .where(sql<boolean>`locked_until > now()`)
      .forUpdate()
      .executeTakeFirst();
    if (job === undefined) throw new LeaseLost(jobId);
    const outcome = await runBatch(trx, job);
    await trx
      .updateTable('background_jobs')
      .set({
        data: JSON.stringify(outcome.data),
        progress: Math.max(0, Math.min(100, Math.round(outcome.progress))),
        status: outcome.done ? 'success' : 'in-progress',
        locked_by: outcome.done ? null : token,
        locked_until: outcome.done ? null : sql`now() + ${`${leaseMs} milliseconds`}::interval`,
        updated_at: new Date(),
      })
      .where('id', '=', jobId)
      .execute();
    return outcome;
  });
}

/** Marks a job failed with a message a person can act on; only its current holder may. */
export async function failJob(db: Db, jobId: string, token: string, message: string): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({
      status: 'failed',
      locked_by: null,
      locked_until: null,
      data: sql`data || ${JSON.stringify({ error: message })}::jsonb`,
      updated_at: new Date(),
    })
    .where('id', '=', jobId)
    .where('locked_by', '=', token)
    .execute();
}

/** Hands a job back at shutdown so another worker can take it without waiting for the lease. */
export async function releaseJob(db: Db, jobId: string, token: string): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ status: 'pending', locked_by: null, locked_until: null, updated_at: new Date() })
    .where('id', '=', jobId)
    .where('locked_by', '=', token)
    .where('status', '=', 'in-progress')
    .execute();
}
