import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

const statements = `
    CREATE TABLE block_lists (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      is_default boolean NOT NULL DEFAULT true,
      timestamp_created timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX block_lists_one_default ON block_lists (workspace_id) WHERE is_default;

    CREATE TABLE block_list_entries (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      block_list_id uuid NOT NULL REFERENCES block_lists (id) ON DELETE CASCADE,
      bl_value text NOT NULL,
      is_domain boolean NOT NULL,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      UNIQUE (block_list_id, bl_value)
    );
    CREATE INDEX block_list_entries_workspace ON block_list_entries (workspace_id, id);

    CREATE TABLE background_jobs (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      user_id uuid,
      type text NOT NULL,
      entity_type text,
      entity_id uuid,
      status text NOT NULL DEFAULT 'pending',
      progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX background_jobs_workspace ON background_jobs (workspace_id, id);
    CREATE INDEX background_jobs_pending ON background_jobs (status, id) WHERE status IN ('pending', 'in-progress');
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
