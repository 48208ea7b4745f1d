import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../store/database.js';
import { isUniqueViolation } from '../store/errors.js';
import { type BatchOutcome, type JobRow, LeaseLost, claimNextJob, commitBatch, failJob, releaseJob } from './queue.js';

/** One kind of job: runs one batch at a time, inside the transaction that records it. */
export interface JobHandler {
  runBatch(trx: Db, job: JobRow, batchSize: number): Promise<BatchOutcome>;
}

/** A failure the job cannot recover from: the job is marked failed with this message. */
export class JobFailure extends Error {}

export interface WorkerOptions {
  leaseMs: number;
  pollMs: number;
  batchSize: number;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  /** Called when a job was just enqueued in this process: no need to wait for the next poll. */
  notify(): void {
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
      for (let job = await claimNextJob(this.db, this.token, this.options.leaseMs); job !== undefined; job = await claimNextJob(this.db, this.token, this.options.leaseMs)) {
        await this.work(job);
        ran++;
      }
    } finally {
      this.running = false;
    }
    return ran;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let job: JobRow | undefined;
      try {
        job = await claimNextJob(this.db, this.token, this.options.leaseMs);
      } catch (error) {
        this.options.logger.error({ err: error }, 'could not claim a background job');
      }
      if (job === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.options.pollMs);
        });
        this.wake = null;
        continue;
      }
      await this.work(job);
    }
  }

  private async work(job: JobRow): Promise<void> {
    const kind = typeof job.data.kind === 'string' ? job.data.kind : job.type;
    const handler = this.handlers[kind];
    if (handler === undefined) {
      await failJob(this.db, job.id, this.token, `this server cannot run jobs of kind "${kind}"`);
      return;
    }
    try {
      for (;;) {
        if (!this.running) {
          await releaseJob(this.db, job.id, this.token);
          return;
        }
        const outcome = await this.batchWithRetry(job.id, handler);
        if (outcome.done) {
          this.options.logger.info({ jobId: job.id, kind }, 'background job finished');
          return;
        }
      }
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.options.logger.warn({ jobId: job.id }, 'lost the lease on a background job; another worker has it');
        return;
      }
      const message = error instanceof JobFailure ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      this.options.logger.error({ err: error, jobId: job.id }, 'background job failed');
      await failJob(this.db, job.id, this.token, message).catch(() => undefined);
    }
  }

  /** A batch that collided with a concurrent write (a unique index) is simply run again. */
  private async batchWithRetry(jobId: string, handler: JobHandler): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await commitBatch(this.db, jobId, this.token, this.options.leaseMs, (trx, job) => handler.runBatch(trx, job, this.options.batchSize));
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
        await sleep(20 * attempt);
      }
    }
  }
}
