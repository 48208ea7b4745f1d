import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import type { OpenedEngine } from './pglite.js';

// int8 (counts, sums) as numbers: lead counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function openPostgres(connectionString: string, poolSize = 10): OpenedEngine {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (a transaction between two queries, e.g. a job batch) whose server
  // goes away: pg emits 'error' on it with no listener, and the next query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    async close() {
      await db.destroy();
    },
  };
}
