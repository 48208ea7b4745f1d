import type { Config } from './config.js';
import { type App, buildApp } from './http/app.js';
import { createWorker } from './jobs/index.js';
import type { Worker } from './jobs/worker.js';
import { type Store, openStore } from './store/open-store.js';
import { keepStatisticsCurrent } from './store/statistics.js';

export interface RunningServer {
  app: App;
  store: Store;
  worker: Worker | null;
  /** Stops taking requests, finishes those in flight and the job batch in hand, closes the store. */
  close(): Promise<void>;
}

/** Opens the store, runs migrations, starts the API and (unless turned off) the job worker. */
export async function startServer(config: Config, out: NodeJS.WritableStream = process.stdout): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, adminKey: config.adminKey });
  if (store.instance.generatedAdminKey !== null) {
    // Shown once: only its hash is kept.
    out.write(
      `\nLeadbase created an administrator API key for this new store. It is shown only this once:\n\n  ${store.instance.generatedAdminKey}\n\nUse it as "Authorization: Bearer <key>", or set LEADBASE_ADMIN_KEY to choose your own.\n\n`,
    );
  }
  let worker: Worker | null = null;
  const app = await buildApp(
    {
      db: store.db,
      engine: store.engine,
      adminKeyHash: store.instance.adminKeyHash,
      defaultWorkspaceId: store.instance.defaultWorkspaceId,
      onJobEnqueued: () => worker?.notify(),
    },
    { logger: { level: config.logLevel } },
  );
  if (config.worker) {
    worker = createWorker(store.db, app.log, { leaseMs: config.jobLeaseMs, batchSize: config.jobBatchSize, pollMs: config.jobPollMs, dnsServers: config.dnsServers });
  }
  await app.listen({ port: config.port, host: config.host });
  worker?.start();
  // PGlite has no autovacuum to keep the planner's statistics current (PostgreSQL does it itself).
  const statistics = store.engine === 'pglite' ? keepStatisticsCurrent(store.db, 60_000, (error) => app.log.warn({ err: error }, 'ANALYZE of changed tables failed')) : null;
  app.log.info({ engine: store.engine, dataDir: store.engine === 'pglite' ? config.dataDir : undefined, worker: config.worker }, 'Leadbase is ready');
  return {
    app,
    store,
    worker,
    async close() {
      statistics?.stop();
      await app.close();
      await worker?.stop();
      await store.close();
    },
  };
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
