import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './http/app.js';
import { openStore } from './store/open-store.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, adminKey: config.adminKey });
  if (store.instance.generatedAdminKey !== null) {
    // Shown once: only its hash is kept.
    process.stdout.write(
      `\nLeadbase created an administrator API key for this new store. It is shown only this once:\n\n  ${store.instance.generatedAdminKey}\n\nUse it as "Authorization: Bearer <key>", or set LEADBASE_ADMIN_KEY to choose your own.\n\n`,
    );
  }
  const app = await buildApp(
    { db: store.db, engine: store.engine, adminKeyHash: store.instance.adminKeyHash, defaultWorkspaceId: store.instance.defaultWorkspaceId },
    { logger: { level: config.logLevel } },
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
      await store.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ engine: store.engine, dataDir: store.engine === 'pglite' ? config.dataDir : undefined }, 'Leadbase is ready');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`leadbase: configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`leadbase: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  }
  process.exit(1);
});
