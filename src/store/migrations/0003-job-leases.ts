import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

// A claimed job carries its worker's token and a lease; a batch commits only while the lease is
// held by that token, so a worker that lost its job can never apply a batch twice.
const statements = `
    ALTER TABLE background_jobs ADD COLUMN locked_by text;
    ALTER TABLE background_jobs ADD COLUMN locked_until timestamptz;
    ALTER TABLE background_jobs ADD COLUMN attempts integer NOT NULL DEFAULT 0;
    ALTER TABLE background_jobs ADD COLUMN visible boolean NOT NULL DEFAULT true;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
