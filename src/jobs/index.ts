import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { assignLeadsHandler } from './handlers/assign-leads.js';
import { moveLeadsHandler } from './handlers/move-leads.js';
import { updateInterestStatusHandler } from './handlers/update-interest-status.js';
import { type JobHandler, Worker, type WorkerOptions } from './worker.js';

/** Every kind of job this server can run, by the `kind` recorded when it was enqueued. */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  'move-leads': moveLeadsHandler,
  'assign-leads': assignLeadsHandler,
  'update-interest-status': updateInterestStatusHandler,
};

export const DEFAULT_WORKER_OPTIONS = { leaseMs: 30_000, pollMs: 1_000, batchSize: 500 } as const;

export function createWorker(db: Kysely<Database>, logger: FastifyBaseLogger, options: Partial<Omit<WorkerOptions, 'logger'>> = {}): Worker {
  return new Worker(db, JOB_HANDLERS, { ...DEFAULT_WORKER_OPTIONS, ...options, logger });
}
