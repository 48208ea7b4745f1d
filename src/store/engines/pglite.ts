import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
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

  constructor(private readonly pglite: PGlite) {}

  async connect(): Promise<PoolClientLike> {
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
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
}

/** Opens the embedded store: a file-backed PGlite under dataDir, or in memory when dataDir is null. */
export async function openPglite(dataDir: string | null): Promise<OpenedEngine> {
  // pg_trgm backs lead search (migration 0008); PGlite loads an extension only when asked here.
  const pglite = await PGlite.create(dataDir ?? undefined, { extensions: { pg_trgm } });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new SerializedPglitePool(pglite) as never }),
  });
  return {
    db,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
