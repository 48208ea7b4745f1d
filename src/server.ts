import type { Config } from './config.js';
import type { App } from './http/app.js';
import { DEFAULT_BATCH_SIZE, createWorker } from './jobs/index.js';
import type { Worker } from './jobs/worker.js';
import type { PostgresLimits } from './store/engines/postgres.js';
import { type JobListener, listenForJobs } from './store/job-listener.js';
import { type Store, openStore } from './store/open-store.js';
import { keepStatisticsCurrent } from './store/statistics.js';

/** A start-up failure the operator can fix from its message alone: printed without a stack trace. */
export class StartupError extends Error {}

/** listen()'s errors in the operator's words: the setting to change, not a stack trace. */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new StartupError(`PORT ${config.port} is in use on ${config.host}: stop the process listening there, or set PORT to a free port`);
  if (code === 'EADDRNOTAVAIL') return new StartupError(`HOST ${config.host} is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0 for all`);
  if (code === 'EACCES') return new StartupError(`PORT ${config.port} needs privileges this process lacks: set PORT to 1024 or above`);
  return error;
}

/** The PostgreSQL pool and timeouts the settings ask for (LEADBASE_DB_*). */
export const postgresLimits = (config: Config): PostgresLimits => ({
  poolSize: 10,
  connectTimeoutMs: config.dbConnectTimeoutMs,
  poolTimeoutMs: config.dbPoolTimeoutMs,
  statementTimeoutMs: config.dbStatementTimeoutMs,
});

/** Where a start's time went (ms, rounded) and the memory it left, for the ready line and `bench/startup-bench.ts`. */
export interface StartupFigures {
  /** From the process's start (module loading included) to listening. */
  totalMs: number;
  engineMs: number;
  /** Part of engineMs: making a new embedded store in a child process; only on a store's first start. */
  newStoreMs?: number;
  migrationsMs: number;
  instanceMs: number;
  /** Building the HTTP app: plugins, routes, the console's files. */
  httpMs: number;
  /** app.listen(): Fastify compiles every route's validators and serializers here. */
  listenMs: number;
  rssMiB: number;
  /** PGlite's WebAssembly heap (part of rssMiB); absent on PostgreSQL. */
  pgliteHeapMiB?: number;
}

function startupFigures(store: Store, measured: { http: number; listen: number }): StartupFigures {
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  const heapBytes = store.heapBytes?.();
  return {
    totalMs: Math.round(performance.now()),
    engineMs: Math.round(store.openedInMs.engine),
    ...(store.openedInMs.newStore !== null ? { newStoreMs: Math.round(store.openedInMs.newStore) } : {}),
    migrationsMs: Math.round(store.openedInMs.migrations),
    instanceMs: Math.round(store.openedInMs.instance),
    httpMs: Math.round(measured.http),
    listenMs: Math.round(measured.listen),
    rssMiB: mib(process.memoryUsage.rss()),
    ...(heapBytes !== undefined ? { pgliteHeapMiB: mib(heapBytes) } : {}),
  };
}

export interface RunningServer {
  app: App;
  store: Store;
  worker: Worker | null;
  /** Stops taking requests, finishes those in flight and the job batch in hand, closes the store. */
  close(): Promise<void>;
}

/** Opens the store, runs migrations, starts the API and (unless turned off) the job worker. */
export async function startServer(config: Config, out: NodeJS.WritableStream = process.stdout): Promise<RunningServer> {
  // The HTTP code (Fastify, its plugins, every route) loads while the store opens: PGlite compiles
  // its WebAssembly off the main thread and both wait on file reads, so a start pays less than both.
  const [opening, loading] = await Promise.allSettled([
    openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, adminKey: config.adminKey, postgresLimits: postgresLimits(config) }),
    import('./http/app.js'),
  ]);
  if (opening.status === 'rejected') throw opening.reason;
  const store = opening.value;
  if (loading.status === 'rejected') {
    await store.close();
    throw loading.reason;
  }
  const { buildApp } = loading.value;
  if (store.instance.generatedAdminKey !== null) {
    // Shown once: only its hash is kept.
    out.write(
      `\nLeadbase created an administrator API key for this new store. It is shown only this once:\n\n  ${store.instance.generatedAdminKey}\n\nUse it as "Authorization: Bearer <key>", or set LEADBASE_ADMIN_KEY to choose your own.\n\n`,
    );
  }
  let app: App | null = null;
  let listener: JobListener | null = null;
  try {
    let worker: Worker | null = null;
    const httpStarted = performance.now();
    app = await buildApp(
      {
        db: store.db,
        engine: store.engine,
        adminKeyHash: store.instance.adminKeyHash,
        defaultWorkspaceId: store.instance.defaultWorkspaceId,
        onJobEnqueued: () => worker?.notify(),
        smartleadRateLimit: config.smartleadRateLimit,
        dnsServers: config.dnsServers,
      },
      {
        logger: { level: config.logLevel },
        timeouts: { headersTimeoutMs: config.headersTimeoutMs, requestTimeoutMs: config.requestTimeoutMs, keepAliveTimeoutMs: config.keepAliveTimeoutMs },
      },
    );
    if (config.worker) {
      const batchSize = config.jobBatchSize ?? DEFAULT_BATCH_SIZE[store.engine];
      worker = createWorker(store.db, app.log, { leaseMs: config.jobLeaseMs, batchSize, pollMs: config.jobPollMs, dnsServers: config.dnsServers, yieldToStore: store.quiet });
    }
    // On PostgreSQL a job may be enqueued through any instance: NOTIFY wakes this one's worker.
    listener = worker !== null && config.databaseUrl !== null ? listenForJobs(config.databaseUrl, () => worker?.notify(), app.log) : null;
    const listenStarted = performance.now();
    await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
      throw listenError(error, config);
    });
    const listening = performance.now();
    worker?.start();
    const running: App = app;
    // PGlite has no autovacuum to keep the planner's statistics current (PostgreSQL does it itself).
    const statistics = store.engine === 'pglite' ? keepStatisticsCurrent(store.db, 60_000, (error) => running.log.warn({ err: error }, 'ANALYZE of changed tables failed')) : null;
    running.log.info(
      {
        engine: store.engine,
        dataDir: store.engine === 'pglite' ? config.dataDir : undefined,
        worker: config.worker,
        startup: startupFigures(store, { http: listenStarted - httpStarted, listen: listening - listenStarted }),
      },
      'Leadbase is ready',
    );
    return {
      app: running,
      store,
      worker,
      async close() {
        await running.close();
        await listener?.close();
        await worker?.stop();
        // Last, once nothing writes any more: its final check sees every change.
        await statistics?.stop();
        await store.close();
      },
    };
  } catch (error) {
    // The embedded store is only ever closed cleanly, even when the start fails half-way.
    await app?.close();
    await listener?.close();
    await store.close();
    throw error;
  }
}

/**
 * SIGTERM and SIGINT (Ctrl-C) close the server gracefully and exit 0; an embedded store is only
 * ever closed this way, never left mid-write.
 */
export function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
