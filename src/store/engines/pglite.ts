import { PGlite } from '@electric-sql/pglite';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import { type DataDirLock, lockDataDir } from '../data-dir-lock.js';
import type { Database } from '../database.js';

interface PoolClientLike {
  query(sql: string, parameters: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number; command: string }>;
  release(): void;
}

/**
 * PGlite is a single connection in this process, so the "pool" hands it to one borrower at a
 * time: a Kysely transaction keeps it until it commits, and everything else waits its turn.
 */
class SerializedPglitePool {
  private tail: Promise<void> = Promise.resolve();
  /** Borrowers holding or waiting for the connection. */
  private borrowers = 0;

  constructor(private readonly pglite: PGlite) {}

  /**
   * Resolves once no one holds or waits for the connection, or after maxMs: a background job
   * calls it between batches so a request's second and third queries go before its next batch,
   * not only its first. The bound keeps a steady stream of requests from starving the job.
   */
  async quiet(maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    do {
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.borrowers > 0 && performance.now() < deadline);
  }

  async connect(): Promise<PoolClientLike> {
    this.borrowers++;
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => {
      release = () => {
        this.borrowers--;
        resolve();
      };
    });
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    const pglite = this.pglite;
    return {
      async query(sql, parameters) {
        const result = await pglite.query(sql, [...parameters], { rowMode: 'object' });
        const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command };
      },
      release,
    };
  }

  async end(): Promise<void> {
    await this.tail;
  }
}

export interface OpenedEngine {
  db: Kysely<Database>;
  close(): Promise<void>;
  /** PGlite only: waits (at most maxMs) until no one else wants the one connection. */
  quiet?: ((maxMs: number) => Promise<void>) | undefined;
  /** PGlite only: the size of its WebAssembly heap now (it grows, never shrinks), for start-up figures. */
  heapBytes?: (() => number) | undefined;
  /** PGlite only: milliseconds spent making a new store before opening it (see PgliteOpenOptions); null when it existed. */
  newStoreMs?: number | null | undefined;
}

export interface PgliteOpenOptions {
  /**
   * Makes the store in a data directory that holds none yet (no PG_VERSION), before this process
   * opens it; this process already holds the directory's lock then. The server gives it to a
   * child process: PGlite's initdb runs a second PostgreSQL and a copy of its heap beside the one
   * that serves, and the memory they leave in a process (~450 MiB resident) is neither given back
   * nor reliably collected, so a first start used to idle at almost three times a second one.
   */
  makeNewStore?: ((dataDir: string) => Promise<void>) | undefined;
}

/**
 * PostgreSQL settings the embedded store starts with. PGlite's own default is the stock
 * shared_buffers = 128MB, and the WebAssembly heap that holds it never gives memory back: that
 * cache alone was most of the ~380 MiB a server held right after start (measured: 323 MiB
 * resident after PGlite.create with 128MB, 206 MiB with 16MB; `bench/startup-bench.ts`). The
 * data files sit in the operating system's page cache anyway, so a page missing from this cache
 * costs a read from memory, not from disk. wal_buffers keeps the 4MB that 128MB of
 * shared_buffers used to imply (it follows shared_buffers when not set), so bulk writes do not
 * flush WAL more often than before.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  wal_buffers: '4MB',
};

/**
 * Owner-only, as PostgreSQL keeps its own data directory: PGlite unpacks its initial cluster with
 * world-writable files (0666), and the leads in it are personal data.
 */
function makeOwnerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeOwnerOnly(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}

/** How the store opens a PGlite instance; tools that open a data directory themselves (bench) use the same. */
export function pgliteOptions() {
  // pg_trgm backs lead search (migration 0008); PGlite loads an extension only when asked here.
  // startParams replaces PGlite's defaults (single-user mode, no parallel workers…), so they come first.
  const settings = Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  return { extensions: { pg_trgm }, startParams: [...PGlite.defaultStartParams, ...settings] };
}

/**
 * Opens PGlite and a Kysely over it without taking the data directory's lock: only for a child
 * process working under the lock its parent holds (see PgliteOpenOptions.makeNewStore), and for
 * openPglite once it holds the lock.
 */
export async function openPgliteUnlocked(dataDir: string | null): Promise<OpenedEngine> {
  const pglite = await PGlite.create(dataDir ?? undefined, pgliteOptions());
  if (dataDir !== null) makeOwnerOnly(dataDir);
  const pool = new SerializedPglitePool(pglite);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool as never }),
  });
  return {
    db,
    quiet: (maxMs) => pool.quiet(maxMs),
    heapBytes: () => (pglite.closed ? 0 : pglite.Module.HEAPU8.byteLength),
    newStoreMs: null,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * Opens the embedded store: a file-backed PGlite under dataDir, or in memory when dataDir is null.
 * A data directory is locked for this process first (DataDirInUseError if another holds it).
 */
export async function openPglite(dataDir: string | null, options: PgliteOpenOptions = {}): Promise<OpenedEngine> {
  let lock: DataDirLock | null = null;
  if (dataDir !== null) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    lock = lockDataDir(dataDir);
    // PostgreSQL itself runs with this umask; files PGlite creates later (fopen's 0666) follow it.
    process.umask(0o077);
  }
  try {
    let newStoreMs: number | null = null;
    // PG_VERSION is what PGlite itself looks for to tell an existing cluster from a new one.
    if (dataDir !== null && options.makeNewStore !== undefined && !existsSync(join(dataDir, 'PG_VERSION'))) {
      const started = performance.now();
      await options.makeNewStore(dataDir);
      newStoreMs = performance.now() - started;
    }
    const opened = await openPgliteUnlocked(dataDir);
    return {
      ...opened,
      newStoreMs,
      async close() {
        try {
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
