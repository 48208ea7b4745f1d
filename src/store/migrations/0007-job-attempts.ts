import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

// Attempts with a ceiling and exponential back-off (graphile-worker's attempts / max_attempts /
// run_at / last_error): a failed attempt puts the job back with a later run_at, and a job whose
// worker keeps dying is failed once its attempts are spent instead of being reclaimed forever.
const statements = `
    ALTER TABLE background_jobs ADD COLUMN max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1);
    ALTER TABLE background_jobs ADD COLUMN run_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE background_jobs ADD COLUMN last_error text;
    DROP INDEX background_jobs_pending;
    CREATE INDEX background_jobs_runnable ON background_jobs (run_at, id) WHERE status IN ('pending', 'in-progress');
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
