import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * PostgreSQL's autovacuum keeps planner statistics current; PGlite runs no background workers,
 * so without this its planner never learns how many leads a list holds and walks whole
 * workspaces for a filtered page, and its trigram index's pending list only grows. The rule is autovacuum's own (analyze once the rows changed
 * since the last ANALYZE pass 50 + 10% of the table), checked on a timer and on demand.
 */
export async function analyzeStaleTables(db: Db): Promise<string[]> {
  // PGlite never goes idle the way a server backend does, so its change counters reach
  // pg_stat_user_tables only when a flush is forced (at the end of this statement).
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  // PGlite also forgets these counters when it closes (it keeps no statistics file), so a table
  // that grew by as much since its last ANALYZE (relpages is the size ANALYZE saw; -1 tuples and
  // 0 pages when never analyzed) is stale too: that is what a restart leaves to find.
  const result = await sql<{ relname: string }>`
    SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = 'public' AND (s.n_mod_since_analyze > 50 + 0.1 * greatest(s.n_live_tup, c.reltuples)
      OR pg_relation_size(c.oid) / current_setting('block_size')::int > 1 + 1.1 * c.relpages)`.execute(db);
  for (const { relname } of result.rows) {
    await sql`ANALYZE ${sql.id(relname)}`.execute(db);
    // Rows wait in a GIN index's pending list until a VACUUM, which PGlite never starts itself;
    // while the list is long, searches read it linearly and the planner avoids the index.
    await sql`
      SELECT gin_clean_pending_list(i.indexrelid::regclass) FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
      WHERE a.amname = 'gin' AND i.indrelid = ${relname}::regclass`.execute(db);
  }
  return result.rows.map((r) => r.relname);
}

export interface StatisticsKeeper {
  /**
   * Stops the timer and runs one last check before the store closes: PGlite's change counters
   * die with it, so what changed since the previous check would otherwise wait for a restart.
   */
  stop(): Promise<void>;
}

/** Checks now and then every intervalMs; a failed check (store closing, busy) waits for the next. */
export function keepStatisticsCurrent(db: Db, intervalMs: number, onError: (error: unknown) => void): StatisticsKeeper {
  let running: Promise<void> | null = null;
  const check = () => {
    if (running !== null) return running;
    running = analyzeStaleTables(db)
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
    return running;
  };
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await check();
    },
  };
}
