import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { openPglite } from './engines/pglite.js';
import { openPostgres } from './engines/postgres.js';
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
}

/** Opens the configured engine, applies pending migrations and makes sure the instance exists. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const engine = options.databaseUrl !== null ? 'postgres' : 'pglite';
  if (options.databaseUrl === null && options.dataDir !== null) mkdirSync(options.dataDir, { recursive: true });
  const opened = options.databaseUrl !== null ? openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>);
    const instance = await bootstrapInstance(opened.db, options.adminKey);
    return { db: opened.db, engine, instance, close: opened.close, quiet: opened.quiet };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
