import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { type OpenedEngine, openPglite } from './engines/pglite.js';
import { DEFAULT_POSTGRES_LIMITS, type PostgresLimits, openPostgres } from './engines/postgres.js';
import { type InstanceState, bootstrapInstance } from './instance-repository.js';
import { migrateToLatest } from './migrations/index.js';

export interface Store {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  instance: InstanceState;
  close(): Promise<void>;
  /** PGlite only: waits (at most maxMs) until no request wants the one connection. */
  quiet?: ((maxMs: number) => Promise<void>) | undefined;
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
  let opened = await openForMigrations(options);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>);
    if (options.databaseUrl !== null) {
      await opened.close();
      opened = openPostgres(options.databaseUrl, options.postgresLimits ?? DEFAULT_POSTGRES_LIMITS);
    }
    const instance = await bootstrapInstance(opened.db, options.adminKey);
    return { db: opened.db, engine, instance, close: opened.close, quiet: opened.quiet };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
