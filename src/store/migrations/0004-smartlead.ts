import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * What the Smartlead v1 surface needs beyond the v2 store: integers where Smartlead has them,
 * and a record of each list import. Sequences never go back, so an integer is never reused,
 * and no v2 response reads these columns.
 *
 * Lists and campaigns get an identity column: every row has its id from the moment it exists
 * (rows already there are numbered when this runs, in no particular order; v1 lists them by
 * their time-ordered uuid, not by this number).
 * Lead rows do not: code elsewhere copies lead rows column by column (moving leads), which an
 * identity column would break, so lead integers live in side tables and are handed out the
 * first time a v1 response shows the lead.
 */
const statements = `
    ALTER TABLE lead_lists ADD COLUMN smartlead_id bigint GENERATED ALWAYS AS IDENTITY;
    CREATE UNIQUE INDEX lead_lists_smartlead_id ON lead_lists (smartlead_id);
    ALTER TABLE campaigns ADD COLUMN smartlead_id bigint GENERATED ALWAYS AS IDENTITY;
    CREATE UNIQUE INDEX campaigns_smartlead_id ON campaigns (smartlead_id);

    -- A Smartlead lead is a person: one integer per e-mail in a workspace, whatever campaigns
    -- and lists the e-mail is in.
    CREATE TABLE smartlead_contacts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      email_key text NOT NULL,
      UNIQUE (workspace_id, email_key)
    );

    -- Smartlead's campaign_lead_map_id: one integer per lead row (one membership).
    CREATE TABLE smartlead_lead_maps (
      lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
      id bigint GENERATED ALWAYS AS IDENTITY UNIQUE
    );

    CREATE TABLE smartlead_imports (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      list_id uuid NOT NULL REFERENCES lead_lists (id) ON DELETE CASCADE,
      file_name text NOT NULL,
      settings jsonb NOT NULL DEFAULT '{}',
      total_leads integer NOT NULL,
      imported integer NOT NULL,
      duplicates integer NOT NULL,
      blocked integer NOT NULL,
      invalid integer NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX smartlead_imports_list ON smartlead_imports (list_id, id);
    CREATE INDEX smartlead_imports_file_name ON smartlead_imports (workspace_id, file_name);

    -- Which import created which lead, so "the leads of enterprise-jan.csv" can be found.
    CREATE TABLE smartlead_import_leads (
      import_id uuid NOT NULL REFERENCES smartlead_imports (id) ON DELETE CASCADE,
      lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      PRIMARY KEY (import_id, lead_id)
    );
    CREATE INDEX smartlead_import_leads_lead ON smartlead_import_leads (lead_id);
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
