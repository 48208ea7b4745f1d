import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { type OpenedEngine, type PgliteOpenOptions, openPglite } from './engines/pglite.js';
import { DEFAULT_POSTGRES_LIMITS, type PostgresLimits, openPostgres } from './engines/postgres.js';
import { type InstanceState, bootstrapInstance } from './instance-repository.js';
import { migrateToLatest, migrationsUpToDate } from './migrations/index.js';

export interface Store {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  instance: InstanceState;
  close(): Promise<void>;
  /** PGlite only: waits (at most maxMs) until no request wants the one connection. */
  quiet?: ((maxMs: number) => Promise<void>) | undefined;
  /** PGlite only: its WebAssembly heap's size now. */
  heapBytes?: (() => number) | undefined;
  /**
   * Milliseconds each step of opening took (engine, migrations, instance), for the start-up log;
   * newStore: making a new embedded store in a child process (part of engine), null when it existed.
   */
  openedInMs: { engine: number; newStore: number | null; migrations: number; instance: number };
}

export interface StoreOptions {
  /** PostgreSQL connection URL; without one the embedded store is used. */
  databaseUrl: string | null;
  /** Where the embedded store keeps its files; null keeps it in memory (tests). */
  dataDir: string | null;
  adminKey: string | null;
  /** Timeouts and pool size for PostgreSQL; the defaults when omitted. */
  postgresLimits?: PostgresLimits;
}

const MAKE_NEW_STORE_ENTRY = fileURLToPath(new URL('./make-new-store.js', import.meta.url));

/**
 * Makes a new embedded store (initdb, migrations) in a child process (see make-new-store.ts for
 * why): resolves once it exited 0, rejects with what it printed otherwise.
 */
export async function makeNewStoreInChildProcess(dataDir: string): Promise<void> {
  // The IPC channel is how the child learns that this process died: it stops then, rather than
  // go on making the store without the lock that a next server start would take.
  const child = spawn(process.execPath, [MAKE_NEW_STORE_ENTRY, dataDir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  if (code === 0) return;
  const why = stderr.trim() !== '' ? stderr.trim() : `its process ended with ${signal ?? `exit code ${String(code)}`}`;
  throw new Error(`could not make a new store in ${dataDir}: ${why}`);
}

/**
 * The engine migrations run on. The embedded store is locked to this process (one
 * implementation for the server and `leadbase migrate`); PostgreSQL gets one connection with no
 * statement timeout, since a migration of a large table may rightly take minutes.
 */
export async function openForMigrations(options: Omit<StoreOptions, 'adminKey'>, pglite: PgliteOpenOptions = {}): Promise<OpenedEngine> {
  if (options.databaseUrl === null) return openPglite(options.dataDir, pglite);
  return openPostgres(options.databaseUrl, { ...(options.postgresLimits ?? DEFAULT_POSTGRES_LIMITS), poolSize: 1, statementTimeoutMs: null });
}

/** Opens the configured engine, applies pending migrations and makes sure the instance exists. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const engine = options.databaseUrl !== null ? 'postgres' : 'pglite';
  const started = performance.now();
  // A new embedded store is made (and migrated) in a child process, so the server's own memory
  // after a first start is what it is after any other.
  let opened = await openForMigrations(options, { makeNewStore: makeNewStoreInChildProcess });
  const engineOpened = performance.now();
  try {
    if (!(await migrationsUpToDate(opened.db as Kysely<unknown>))) await migrateToLatest(opened.db as Kysely<unknown>);
    if (options.databaseUrl !== null) {
      await opened.close();
      opened = openPostgres(options.databaseUrl, options.postgresLimits ?? DEFAULT_POSTGRES_LIMITS);
    }
    const migrated = performance.now();
    const instance = await bootstrapInstance(opened.db, options.adminKey);
    const openedInMs = { engine: engineOpened - started, newStore: opened.newStoreMs ?? null, migrations: migrated - engineOpened, instance: performance.now() - migrated };
    return { db: opened.db, engine, instance, close: opened.close, quiet: opened.quiet, heapBytes: opened.heapBytes, openedInMs };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
