import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * Engagement played back (a Leadbase extension) and the vendor fields it fills.
 *
 * `lead_events` keeps every recorded event, so a lead's history survives what its summary
 * columns show; the columns on `leads` are that summary, kept by src/services/engagement.ts by
 * the vendor's rules. Every new lead column is NULL on insert, so bulk add pays nothing for them.
 *
 * The workspace gains the two vendor settings Leadbase honours (`add_unsub_to_block`,
 * `default_opportunity_value`); the plan fields are constants of a self-hosted instance and are
 * not stored. `add_unsub_to_block` starts false: recording an unsubscribe never blocks an
 * address unless the workspace asks for it.
 */
const statements = `
    ALTER TABLE workspaces ADD COLUMN add_unsub_to_block boolean NOT NULL DEFAULT false;
    ALTER TABLE workspaces ADD COLUMN default_opportunity_value double precision;

    ALTER TABLE leads ADD COLUMN last_step_from text;
    ALTER TABLE leads ADD COLUMN last_step_id uuid;
    ALTER TABLE leads ADD COLUMN last_step_timestamp_executed timestamptz;
    ALTER TABLE leads ADD COLUMN last_contacted_from text;
    ALTER TABLE leads ADD COLUMN email_opened_step integer;
    ALTER TABLE leads ADD COLUMN email_opened_variant integer;
    ALTER TABLE leads ADD COLUMN email_replied_step integer;
    ALTER TABLE leads ADD COLUMN email_replied_variant integer;
    ALTER TABLE leads ADD COLUMN email_clicked_step integer;
    ALTER TABLE leads ADD COLUMN email_clicked_variant integer;
    ALTER TABLE leads ADD COLUMN status_summary jsonb;
    ALTER TABLE leads ADD COLUMN status_summary_subseq jsonb;

    CREATE TABLE lead_events (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      event_type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      event_count integer NOT NULL DEFAULT 1,
      step integer,
      variant integer,
      step_id uuid,
      source text,
      from_address text,
      esp_code integer,
      subject text,
      body text,
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    -- A lead's history in time order (message history, the events listing).
    CREATE INDEX lead_events_lead ON lead_events (lead_id, occurred_at, id);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
