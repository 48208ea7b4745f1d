import { type Selectable, sql } from 'kysely';
import type { BackgroundJobTable, Db } from './database.js';
import { newId } from './ids.js';

export type JobRow = Selectable<BackgroundJobTable>;
export type JobData = Record<string, unknown>;

/** The channel every instance LISTENs on; NOTIFY on it says "a job is waiting". */
export const JOB_CHANNEL = 'leadbase_jobs';

/**
 * Back-off after a failed attempt n: 2^n seconds (2 s, 4 s, 8 s, …), at most an hour. The same
 * curve graphile-worker uses, in seconds rather than its exp(n).
 */
const BACKOFF_SQL = sql<Date>`now() + least(3600, power(2, attempts)) * interval '1 second'`;

export interface JobInsert {
  workspaceId: string;
  userId: string | null;
  type: string;
  entityType: string | null;
  entityId: string | null;
  data: JobData;
  visible: boolean;
}

/**
 * Inserts a job and NOTIFYs the job channel. In the caller's transaction the notification is
 * sent at commit, so a listener never wakes for a job it cannot see yet.
 */
export async function insertJob(db: Db, job: JobInsert): Promise<JobRow> {
  const row = await db
    .insertInto('background_jobs')
    .values({
      id: newId(),
      workspace_id: job.workspaceId,
      user_id: job.userId,
      type: job.type,
      entity_type: job.entityType,
      entity_id: job.entityId,
      data: JSON.stringify(job.data),
      visible: job.visible,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await sql`SELECT pg_notify(${JOB_CHANNEL}, '')`.execute(db);
  return row;
}

/**
 * Fails the jobs whose worker died (lease run out) and that have no attempts left: a job that
 * crashes its process every time must not be taken up for ever. Answers the ids it failed.
 */
export async function failExhaustedJobs(db: Db): Promise<string[]> {
  const message = sql<string>`'its worker stopped before finishing it ' || attempts || ' times (the lease ran out each time); not trying again'`;
  const result = await sql<{ id: string }>`
    UPDATE background_jobs
       SET status = 'failed', locked_by = NULL, locked_until = NULL, updated_at = now(),
           last_error = ${message}, data = data || jsonb_build_object('error', ${message})
     WHERE status = 'in-progress' AND locked_until < now() AND attempts >= max_attempts
    RETURNING id`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * Claims the next runnable job: a pending one whose back-off has passed, or one whose worker's
 * lease ran out (the worker died) with attempts left. SKIP LOCKED lets several workers claim
 * side by side without waiting on each other, and a job whose batch is being committed (its row
 * locked) is never taken from under its worker.
 */
export async function claimNextJob(db: Db, token: string, leaseMs: number): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    UPDATE background_jobs
       SET status = 'in-progress', locked_by = ${token}, locked_until = now() + ${`${leaseMs} milliseconds`}::interval,
           attempts = attempts + 1, updated_at = now()
     WHERE id = (
       SELECT id FROM background_jobs
        WHERE (status = 'pending' AND run_at <= now())
           OR (status = 'in-progress' AND locked_until < now() AND attempts < max_attempts)
        ORDER BY run_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return result.rows[0];
}

/**
 * The job as this worker holds it, or undefined when another worker took it. The token alone
 * decides: a lease that ran out while nobody else claimed the job (a slow batch, a database
 * outage) is still ours, and the next commit renews it.
 */
export async function findHeldJob(db: Db, jobId: string, token: string): Promise<JobRow | undefined> {
  return db.selectFrom('background_jobs').selectAll().where('id', '=', jobId).where('locked_by', '=', token).where('status', '=', 'in-progress').executeTakeFirst();
}

/**
 * Locks the row of a job this worker holds, for the batch's transaction, and answers when it was
 * last written (undefined: another worker has it). Only that stamp is read: the job's data, which
 * the worker already has, can be large.
 */
export async function lockHeldJob(trx: Db, jobId: string, token: string): Promise<Date | undefined> {
  const row = await trx.selectFrom('background_jobs').select('updated_at').where('id', '=', jobId).where('locked_by', '=', token).where('status', '=', 'in-progress').forUpdate().executeTakeFirst();
  return row?.updated_at;
}

export interface BatchRecord {
  data: JobData;
  progress: number;
  done: boolean;
}

/**
 * Stores a batch's outcome on the job and renews the lease (or releases the job when done);
 * answers the job's new updated_at, the stamp the next batch's lockHeldJob compares.
 */
export async function saveBatch(trx: Db, jobId: string, token: string, leaseMs: number, record: BatchRecord): Promise<Date> {
  const row = await trx
    .updateTable('background_jobs')
    .set({
      data: JSON.stringify(record.data),
      progress: Math.max(0, Math.min(100, Math.round(record.progress))),
      status: record.done ? 'success' : 'in-progress',
      locked_by: record.done ? null : token,
      locked_until: record.done ? null : sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', jobId)
    .where('locked_by', '=', token)
    .returning('updated_at')
    .executeTakeFirstOrThrow();
  return row.updated_at;
}

/** Marks a job failed for good with a message a person can act on; only its holder may. */
export async function failJob(db: Db, jobId: string, token: string, message: string): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({
      status: 'failed',
      locked_by: null,
      locked_until: null,
      last_error: message,
      data: sql`data || ${JSON.stringify({ error: message })}::jsonb`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', jobId)
    .where('locked_by', '=', token)
    .execute();
}

export type RetryOutcome = 'retrying' | 'failed' | 'not-held';

/**
 * After an attempt failed: back to pending with run_at pushed back exponentially and the error
 * kept, or failed (the error in data.error) once the job has had max_attempts attempts.
 */
export async function retryJobLater(db: Db, jobId: string, token: string, message: string): Promise<RetryOutcome> {
  const result = await sql<{ status: string }>`
    UPDATE background_jobs
       SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
           run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE ${BACKOFF_SQL} END,
           data = CASE WHEN attempts >= max_attempts THEN data || jsonb_build_object('error', ${message}::text) ELSE data END,
           last_error = ${message}, locked_by = NULL, locked_until = NULL, updated_at = now()
     WHERE id = ${jobId} AND locked_by = ${token}
    RETURNING status`.execute(db);
  const status = result.rows[0]?.status;
  return status === undefined ? 'not-held' : status === 'failed' ? 'failed' : 'retrying';
}

/**
 * Hands a job back at shutdown so another worker can take it at once. The attempt is given back
 * too: a clean stop is not a failure of the job.
 */
export async function releaseJob(db: Db, jobId: string, token: string): Promise<void> {
  await db
    .updateTable('background_jobs')
    .set({ status: 'pending', locked_by: null, locked_until: null, attempts: sql<number>`greatest(attempts - 1, 0)`, updated_at: sql<Date>`now()` })
    .where('id', '=', jobId)
    .where('locked_by', '=', token)
    .where('status', '=', 'in-progress')
    .execute();
}
