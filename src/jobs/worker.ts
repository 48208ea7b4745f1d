import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { isStoreUnavailable, isUniqueViolation } from '../store/errors.js';
import { type JobRow, claimNextJob, failExhaustedJobs, failJob, findHeldJob, lockHeldJob, releaseJob, retryJobLater, saveBatch } from '../store/job-queue-repository.js';
import { type BatchOutcome, type JobHandler, JobFailure } from './handler.js';

export { type JobHandler, JobFailure } from './handler.js';

export interface WorkerOptions {
  leaseMs: number;
  pollMs: number;
  batchSize: number;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Waits (at most maxMs) until requests no longer want the store: PGlite's one connection. */
  yieldToStore?: ((maxMs: number) => Promise<void>) | undefined;
}

/** Another worker holds the job now (our lease ran out and it was claimed): we stop touching it. */
export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`lost the lease on job ${jobId}`);
  }
}

class StaleBatch extends Error {}

/** While the store is unreachable a batch is tried again after 100 ms, 200 ms, … up to 5 s. */
const OUTAGE_FIRST_WAIT_MS = 100;
const OUTAGE_LAST_WAIT_MS = 5_000;
/** A batch that collided with a concurrent write (a unique index) is run again this many times. */
const COLLISION_TRIES = 5;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Gives the event loop a turn: requests that arrived during a batch are parsed and queue for
 * the store before the next batch does (on PGlite, whose one connection is handed out in order,
 * they go first).
 */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Claims jobs and works through them batch by batch. Several workers (in one process or in
 * many, against one PostgreSQL) never hold the same job at once: claims use SKIP LOCKED and
 * every batch commits only under the worker's lease.
 */
export class Worker {
  private readonly token = `worker-${randomUUID()}`;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A wake-up that came while no one was waiting: the next wait returns at once. */
  private woken = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: Readonly<Record<string, JobHandler>>,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A job was just enqueued (in this process, or NOTIFYed by another): no need to wait for the poll. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Stops after the batch in hand and hands its job back for another worker. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Runs every runnable job to its end, then returns how many it ran (tests, CLI tools). */
  async drain(): Promise<number> {
    this.running = true;
    let ran = 0;
    try {
      for (let job = await this.claim(); job !== undefined; job = await this.claim()) {
        await this.work(job);
        ran++;
      }
    } finally {
      this.running = false;
    }
    return ran;
  }

  private async claim(): Promise<JobRow | undefined> {
    for (const id of await failExhaustedJobs(this.db)) {
      this.options.logger.error({ jobId: id }, 'background job failed: its worker kept stopping before it finished, and its attempts are spent');
    }
    return claimNextJob(this.db, this.token, this.options.leaseMs);
  }

  private async run(): Promise<void> {
    let outages = 0;
    while (this.running) {
      let job: JobRow | undefined;
      try {
        job = await this.claim();
        outages = 0;
      } catch (error) {
        outages++;
        if (isStoreUnavailable(error)) {
          if (outages === 1) this.options.logger.warn({ err: error }, 'the store is unavailable; looking for background jobs again once it answers');
        }
        else this.options.logger.error({ err: error }, 'could not claim a background job');
      }
      if (job === undefined) {
        await this.sleep(outages > 0 ? Math.min(this.options.pollMs, outageWait(outages)) : this.options.pollMs);
        continue;
      }
      await this.work(job);
    }
  }

  /** Waits for the timeout, a notify() or stop(), whichever comes first. */
  private async sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
    this.woken = false;
  }

  private async work(job: JobRow): Promise<void> {
    const kind = typeof job.data.kind === 'string' ? job.data.kind : job.type;
    const handler = this.handlers[kind];
    if (handler === undefined) {
      await this.giveUp(job.id, `this server cannot run jobs of kind "${kind}"`);
      return;
    }
    const problem = handler.payloadProblem(job.data);
    if (problem !== null) {
      await this.giveUp(job.id, `this ${kind} job's data does not fit its kind: ${problem}`);
      return;
    }
    // The job as last committed. Only its holder writes it, so after each batch the worker knows
    // it without reading it back; after an error (did the batch commit?) it is read again.
    let held: JobRow | undefined = job;
    let outages = 0;
    for (;;) {
      if (!this.running) {
        await releaseJob(this.db, job.id, this.token).catch(() => undefined);
        return;
      }
      try {
        held ??= await findHeldJob(this.db, job.id, this.token);
        if (held === undefined) throw new LeaseLost(job.id);
        const started = performance.now();
        const { outcome, next } = await this.batch(held, handler);
        held = next;
        outages = 0;
        if (outcome.done) {
          this.options.logger.info({ jobId: job.id, kind }, 'background job finished');
          return;
        }
        await yieldToRequests();
        // Requests waiting meanwhile go first, for at most as long as the batch took: the job
        // keeps at least half the store under a steady stream of requests.
        await this.options.yieldToStore?.(performance.now() - started);
      } catch (error) {
        held = undefined;
        if (error instanceof StaleBatch) continue;
        if (error instanceof LeaseLost) {
          this.options.logger.warn({ jobId: job.id }, 'lost the lease on a background job; another worker has it');
          return;
        }
        if (isStoreUnavailable(error)) {
          // Not the job's fault: the batch rolled back (or committed, and the next read shows
          // it), so the job simply goes on from its record once the store answers.
          outages++;
          if (outages === 1) this.options.logger.warn({ err: error, jobId: job.id }, 'the store is unavailable; the background job waits for it');
          await this.sleep(outageWait(outages));
          continue;
        }
        if (error instanceof JobFailure) {
          this.options.logger.error({ err: error, jobId: job.id }, 'background job failed');
          await this.giveUp(job.id, error.message);
          return;
        }
        await this.retryLater(job.id, `unexpected error: ${messageOf(error)}`, error);
        return;
      }
    }
  }

  private async giveUp(jobId: string, message: string): Promise<void> {
    await failJob(this.db, jobId, this.token, message).catch((error: unknown) => {
      this.options.logger.error({ err: error, jobId }, 'could not mark a background job failed; it is taken up again after its lease');
    });
  }

  private async retryLater(jobId: string, message: string, cause: unknown): Promise<void> {
    try {
      const outcome = await retryJobLater(this.db, jobId, this.token, message);
      if (outcome === 'failed') this.options.logger.error({ err: cause, jobId }, 'background job failed: its attempts are spent');
      else this.options.logger.warn({ err: cause, jobId }, 'a background job attempt failed; it is tried again later');
    } catch (error) {
      this.options.logger.error({ err: error, jobId }, 'could not record a failed attempt; the job is taken up again after its lease');
    }
  }

  /**
   * One batch: prepared outside any transaction, then committed in one that first locks the
   * job's row and checks this worker still holds it, and stores the outcome with the batch.
   * Answers the outcome and the job as now committed.
   */
  private async batch(held: JobRow, handler: JobHandler): Promise<{ outcome: BatchOutcome; next: JobRow }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const commit = await handler.prepare(this.db, held, this.options.batchSize);
        return await this.db.transaction().execute(async (trx) => {
          const stamp = await lockHeldJob(trx, held.id, this.token);
          if (stamp === undefined) throw new LeaseLost(held.id);
          // Only this worker writes a job it holds, so the record cannot have moved since the
          // batch was prepared from it; were it to, the batch is prepared again from a fresh read.
          if (stamp.getTime() !== held.updated_at.getTime()) throw new StaleBatch();
          const outcome = await commit(trx);
          const updatedAt = await saveBatch(trx, held.id, this.token, this.options.leaseMs, outcome);
          return { outcome, next: { ...held, data: outcome.data, updated_at: updatedAt } };
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= COLLISION_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }
}

const outageWait = (outages: number) => Math.min(OUTAGE_LAST_WAIT_MS, OUTAGE_FIRST_WAIT_MS * 2 ** (outages - 1));
