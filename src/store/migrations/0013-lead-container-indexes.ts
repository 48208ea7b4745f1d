import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * The list and campaign indexes lead with the list or campaign again, as before migration 0008,
 * but keep `id` after it for keyset order.
 *
 * 0008 made them `(workspace_id, list_id, id)`. Deleting a list or campaign makes PostgreSQL's
 * ON DELETE CASCADE look up `DELETE FROM leads WHERE list_id = $1` with no workspace, and so do
 * the Smartlead lead counts and the verification queries: with the workspace first no index
 * answers that, and each of them read every lead of the table (a million rows to delete a list of
 * ten). A list or campaign belongs to one workspace, so `(list_id, id)` serves the /leads/list
 * page as well (the workspace condition is checked on the 101 rows it reads), and replacing the
 * index rather than adding one keeps bulk add's index upkeep where it was.
 */
const statements = `
    DROP INDEX leads_workspace_list;
    DROP INDEX leads_workspace_campaign;
    CREATE INDEX leads_list ON leads (list_id, id) WHERE list_id IS NOT NULL;
    CREATE INDEX leads_campaign ON leads (campaign_id, id) WHERE campaign_id IS NOT NULL;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
