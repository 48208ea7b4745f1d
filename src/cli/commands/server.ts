import type { Command } from 'commander';
import { CliError } from '../context.js';

interface ServerOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** Command-line flags win over the environment that src/config.ts reads. */
function applyOverrides(options: ServerOptions): void {
  if (options.port !== undefined) process.env.PORT = options.port;
  if (options.host !== undefined) process.env.HOST = options.host;
  if (options.dataDir !== undefined) process.env.LEADBASE_DATA_DIR = options.dataDir;
}

async function loadServerConfig() {
  // The server modules (PGlite's WebAssembly, Fastify) load only for the commands that need them.
  const { ConfigError, loadConfig } = await import('../../config.js');
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration error: ${error.message}`);
    throw error;
  }
}

/** Start-up failures whose message says what to do: one line, like the CLI's own errors. */
async function asCliErrors<T>(run: () => Promise<T>): Promise<T> {
  const [{ StartupError }, { DataDirInUseError }] = await Promise.all([import('../../server.js'), import('../../store/data-dir-lock.js')]);
  try {
    return await run();
  } catch (error) {
    if (error instanceof StartupError || error instanceof DataDirInUseError) throw new CliError(error.message);
    throw error;
  }
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('start the Leadbase server (the same as `node dist/src/main.js`); configured by PORT, HOST, DATABASE_URL, LEADBASE_DATA_DIR, LEADBASE_ADMIN_KEY…')
    .option('--port <port>', 'port to listen on (PORT)')
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--data-dir <dir>', 'embedded store directory when DATABASE_URL is not set (LEADBASE_DATA_DIR)')
    .action(async (options: ServerOptions) => {
      applyOverrides(options);
      const config = await loadServerConfig();
      const { startServer, stopOnSignals } = await import('../../server.js');
      stopOnSignals(await asCliErrors(() => startServer(config)));
    });

  program
    .command('migrate')
    .description('apply pending database migrations to the configured store (DATABASE_URL, else LEADBASE_DATA_DIR) and exit')
    .option('--data-dir <dir>', 'embedded store directory (LEADBASE_DATA_DIR)')
    .action(async (options: ServerOptions) => {
      applyOverrides(options);
      const config = await loadServerConfig();
      const { migrateToLatest } = await import('../../store/migrations/index.js');
      const { openForMigrations } = await import('../../store/open-store.js');
      const { postgresLimits } = await import('../../server.js');
      // The same lock as the server's: an embedded store in use by a running server is refused.
      const opened = await asCliErrors(() => openForMigrations({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, postgresLimits: postgresLimits(config) }));
      const where = config.databaseUrl !== null ? 'PostgreSQL (DATABASE_URL)' : `the embedded store in ${config.dataDir}`;
      try {
        // Kysely applies them under an advisory lock, so servers starting meanwhile wait their turn.
        const applied = await migrateToLatest(opened.db as Parameters<typeof migrateToLatest>[0]);
        process.stdout.write(applied.length === 0 ? `${where} is up to date.\n` : `Applied to ${where}: ${applied.join(', ')}\n`);
      } finally {
        await opened.close();
      }
    });
}
