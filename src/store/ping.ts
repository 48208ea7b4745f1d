import { sql } from 'kysely';
import type { Db } from './database.js';

/** The cheapest round trip to the database: a liveness probe, not a query of the data. */
export async function pingStore(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
