import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * Subsequences: follow-up sequences under a parent campaign, which a lead of that campaign can be
 * moved into (leads.subsequence_id, there since 0001).
 *
 * A lead's subsequence always belongs to the lead's campaign. The subsequence routes check it,
 * and the trigger below keeps it true for every other writer: a lead that changes campaign (the
 * move job, a list move) or is copied into another one (copy_leads) leaves the subsequence it was
 * in, rather than pointing at a follow-up of a campaign it is no longer part of. The trigger only
 * runs for rows that carry a subsequence, so bulk imports (always NULL) do not pay for it.
 *
 * The function body sits on one line: the script runner splits statements on a ';' ending a line.
 */
const statements = `
    CREATE TABLE subsequences (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      parent_campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      name text NOT NULL,
      status smallint NOT NULL DEFAULT 0,
      conditions jsonb NOT NULL DEFAULT '{}',
      settings jsonb NOT NULL DEFAULT '{}',
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now(),
      timestamp_leads_updated timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX subsequences_workspace ON subsequences (workspace_id, id);
    CREATE INDEX subsequences_parent_campaign ON subsequences (parent_campaign_id, id);

    -- Deleting a subsequence clears it on its leads; almost every lead has none, so a partial index.
    CREATE INDEX leads_subsequence ON leads (subsequence_id) WHERE subsequence_id IS NOT NULL;

    CREATE FUNCTION leads_leave_foreign_subsequence() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NOT EXISTS (SELECT 1 FROM subsequences s WHERE s.id = NEW.subsequence_id AND s.parent_campaign_id = NEW.campaign_id) THEN NEW.subsequence_id := NULL; NEW.timestamp_added_subsequence := NULL; END IF; RETURN NEW; END $$;

    CREATE TRIGGER leads_leave_foreign_subsequence
      BEFORE INSERT OR UPDATE OF campaign_id ON leads
      FOR EACH ROW WHEN (NEW.subsequence_id IS NOT NULL)
      EXECUTE FUNCTION leads_leave_foreign_subsequence();
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
