import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/**
 * The processes that have files open under dir. PGlite takes no lock of its own (its
 * postmaster.pid holds a dummy pid), so open file handles are the evidence that a server uses it.
 */
export function processesHolding(dir: string): number[] | null {
  if (!existsSync('/proc/self/fd')) return null;
  const prefix = `${resolve(dir)}/`;
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(join('/proc', entry, 'fd'));
    } catch {
      continue; // gone, or another user's process we may not inspect
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(join('/proc', entry, 'fd', fd));
      } catch {
        continue;
      }
      if (target.startsWith(prefix)) {
        holders.push(Number(entry));
        break;
      }
    }
  }
  return holders;
}

function assertDataDirFree(dataDir: string, force: boolean): void {
  const holders = processesHolding(dataDir);
  if (holders !== null && holders.length > 0) {
    throw new CliError(
      `the data directory ${dataDir} is in use by process ${holders.join(', ')} (a running Leadbase server?). ` +
        'An embedded (PGlite) store can be opened by one process only: stop the server first, or let it apply migrations itself, as it does when it starts.',
    );
  }
  if (holders === null && !force && existsSync(join(dataDir, 'postmaster.pid'))) {
    throw new CliError(
      `the data directory ${dataDir} looks in use (postmaster.pid is present) and this system cannot tell which process holds it. ` +
        'Stop the server first; if none is running (it was killed), pass --force.',
    );
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
      stopOnSignals(await startServer(config));
    });

  program
    .command('migrate')
    .description('apply pending database migrations to the configured store (DATABASE_URL, else LEADBASE_DATA_DIR) and exit')
    .option('--data-dir <dir>', 'embedded store directory (LEADBASE_DATA_DIR)')
    .option('--force', 'open an embedded store even if it looks in use where that cannot be checked')
    .action(async (options: ServerOptions & { force?: boolean }) => {
      applyOverrides(options);
      const config = await loadServerConfig();
      const { migrateToLatest } = await import('../../store/migrations/index.js');
      let opened;
      if (config.databaseUrl !== null) {
        const { openPostgres } = await import('../../store/engines/postgres.js');
        opened = openPostgres(config.databaseUrl, 1);
      } else {
        assertDataDirFree(config.dataDir, options.force === true);
        const { mkdirSync } = await import('node:fs');
        mkdirSync(config.dataDir, { recursive: true });
        const { openPglite } = await import('../../store/engines/pglite.js');
        opened = await openPglite(config.dataDir);
      }
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
