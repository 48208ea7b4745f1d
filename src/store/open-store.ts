import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { type OpenedEngine, openPglite } from './engines/pglite.js';
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
  /** Milliseconds each step of opening took (engine, migrations, instance), for the start-up log. */
  openedInMs: { engine: number; migrations: number; instance: number };
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

/**
 * The engine migrations run on. The embedded store is locked to this process (one
 * implementation for the server and `leadbase migrate`); PostgreSQL gets one connection with no
 * statement timeout, since a migration of a large table may rightly take minutes.
 */
export async function openForMigrations(options: Omit<StoreOptions, 'adminKey'>): Promise<OpenedEngine> {
  if (options.databaseUrl === null) return openPglite(options.dataDir);
  return openPostgres(options.databaseUrl, { ...(options.postgresLimits ?? DEFAULT_POSTGRES_LIMITS), poolSize: 1, statementTimeoutMs: null });
}

/** Opens the configured engine, applies pending migrations and makes sure the instance exists. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const engine = options.databaseUrl !== null ? 'postgres' : 'pglite';
  const started = performance.now();
  let opened = await openForMigrations(options);
  const engineOpened = performance.now();
  try {
    if (!(await migrationsUpToDate(opened.db as Kysely<unknown>))) await migrateToLatest(opened.db as Kysely<unknown>);
    if (options.databaseUrl !== null) {
      await opened.close();
      opened = openPostgres(options.databaseUrl, options.postgresLimits ?? DEFAULT_POSTGRES_LIMITS);
    }
    const migrated = performance.now();
    const instance = await bootstrapInstance(opened.db, options.adminKey);
    const openedInMs = { engine: engineOpened - started, migrations: migrated - engineOpened, instance: performance.now() - migrated };
    return { db: opened.db, engine, instance, close: opened.close, quiet: opened.quiet, heapBytes: opened.heapBytes, openedInMs };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
