import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * What the /api/v2/lead-labels resource needs beyond the 0001 table.
 *
 * A label's interest_status is a value leads carry in lt_interest_status, that webhooks, saved
 * client mappings and queued jobs may hold on to. Handing a deleted label's value to a new label
 * would silently give those a new meaning, so values are never reused: each workspace keeps the
 * last value it gave out on each side of the built-ins (positive 5, 6, … and negative -5, -6, …),
 * and the row lock of that counter serializes concurrent creates in one workspace.
 */
const statements = `
    CREATE TABLE lead_label_values (
      workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
      last_positive integer NOT NULL DEFAULT 4,
      last_negative integer NOT NULL DEFAULT -4
    );
    INSERT INTO lead_label_values (workspace_id, last_positive, last_negative)
      SELECT workspace_id, greatest(4, max(interest_status)), least(-4, min(interest_status))
      FROM lead_labels GROUP BY workspace_id;

    -- A label's value must never read as a built-in status.
    ALTER TABLE lead_labels ADD CONSTRAINT lead_labels_custom_value CHECK (interest_status NOT BETWEEN -4 AND 4);
    -- Listing pages through a workspace's labels by id, which is creation order.
    CREATE INDEX lead_labels_workspace ON lead_labels (workspace_id, id);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
