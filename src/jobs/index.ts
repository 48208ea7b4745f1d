import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { DnsChecker } from '../verification/dns-checker.js';
import { assignLeadsHandler } from './handlers/assign-leads.js';
import { moveLeadsHandler } from './handlers/move-leads.js';
import { updateInterestStatusHandler } from './handlers/update-interest-status.js';
import { createVerifyLeadsHandler } from './handlers/verify-leads.js';
import type { JobHandler } from './handler.js';
import { Worker, type WorkerOptions } from './worker.js';

/** What handlers need from the configuration (the verification job's resolver). */
export interface JobHandlerConfig {
  /** LEADBASE_DNS_SERVERS; null: the system's resolvers. */
  dnsServers: readonly string[] | null;
  dnsTimeoutMs?: number | undefined;
  dnsTries?: number | undefined;
}

/** Every kind of job this server can run, by the `kind` recorded when it was enqueued. */
export function createJobHandlers(config: JobHandlerConfig): Readonly<Record<string, JobHandler>> {
  const checker = new DnsChecker({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs, tries: config.dnsTries });
  return {
    'move-leads': moveLeadsHandler,
    'assign-leads': assignLeadsHandler,
    'update-interest-status': updateInterestStatusHandler,
    'verify-leads': createVerifyLeadsHandler(checker),
  };
}

export const DEFAULT_WORKER_OPTIONS = { leaseMs: 30_000, pollMs: 1_000, batchSize: 500 } as const;

/**
 * Leads per batch when LEADBASE_JOB_BATCH_SIZE is not set. PGlite is one connection running on
 * this process's only thread: every request waits for the batch in hand, so batches stay small
 * enough that the wait is short (see bench/job-latency-bench.ts). PostgreSQL's batches run beside
 * the requests, and bigger ones move leads faster.
 */
export const DEFAULT_BATCH_SIZE: Readonly<Record<'pglite' | 'postgres', number>> = { pglite: 100, postgres: 500 };

export type CreateWorkerOptions = Partial<Omit<WorkerOptions, 'logger'>> & Partial<JobHandlerConfig>;

export function createWorker(db: Kysely<Database>, logger: FastifyBaseLogger, options: CreateWorkerOptions = {}): Worker {
  const { dnsServers = null, dnsTimeoutMs, dnsTries, ...workerOptions } = options;
  return new Worker(db, createJobHandlers({ dnsServers, dnsTimeoutMs, dnsTries }), { ...DEFAULT_WORKER_OPTIONS, ...workerOptions, logger });
}
