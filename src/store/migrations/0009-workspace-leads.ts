import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * Workspace leads: the vendor's CreateLead requires neither `campaign` nor `list_id`, so a lead
 * may belong to the workspace alone (both null). The CHECK that demanded one of the two goes,
 * and the duplicate rule the containers have (one e-mail once per campaign, once per list)
 * gets its third index: one e-mail once among the workspace's leads with neither. As with the
 * others, the index decides, not a read-then-write check.
 */
const statements = `
    ALTER TABLE leads DROP CONSTRAINT leads_check;
    CREATE UNIQUE INDEX leads_workspace_lead_email ON leads (workspace_id, email_key)
      WHERE campaign_id IS NULL AND list_id IS NULL AND email_key IS NOT NULL;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
