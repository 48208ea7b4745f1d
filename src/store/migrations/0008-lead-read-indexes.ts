import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * The text a lead search matches against, as one indexable expression. `concat_ws()` is only
 * STABLE, so an index cannot be built on the form the search used before; `||` over
 * `coalesce()` is IMMUTABLE. Every field the search looks at is a substring of it, so
 * `LEAD_SEARCH_TEXT ILIKE '%x%'` is a necessary condition the trigram index answers, and the
 * exact per-field condition is checked on the few rows it returns. The query must use this very
 * text, or the planner does not recognise the index: src/store/lead-filter.ts imports it.
 */
export const LEAD_SEARCH_TEXT = `(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, ''))`;

/**
 * Indexes shaped like the /leads/list queries: the workspace first, then the filter, then `id`,
 * so a page is the first 101 entries of one index range in keyset order, however new or old
 * the matching leads are (the planner used to walk the primary key and discard a million rows
 * to reach the leads of the newest list).
 *
 * Columns that bulk add writes as NULL, 0 or the default (interest, verification, contact and
 * engagement counters, subsequence, assignee…) get partial indexes on the rare values only:
 * an insert that does not match the predicate adds no index entry, so they cost bulk add
 * almost nothing. The common values (status 1, not contacted…) need no index: walking
 * (workspace_id, id) finds a page of them at once.
 *
 * The trigram index keeps GIN's pending list (fastupdate): writing each lead's trigrams into the
 * tree as it arrives made a 50k-row insert 3x slower again (measured on PGlite). A search reads
 * the pending list linearly and the planner shuns the index while it is long, so it is capped
 * at 1 MB (default 4 MB) and emptied by VACUUM (autovacuum) or, on PGlite, by
 * src/store/statistics.ts.
 *
 * `leads_campaign_id` and `leads_list_id` are replaced rather than kept beside the new ones:
 * every query of ours names the workspace, and each index costs every insert.
 */
const statements = `
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX leads_search ON leads USING gin (${LEAD_SEARCH_TEXT} gin_trgm_ops) WITH (gin_pending_list_limit = 1024);

    DROP INDEX leads_campaign_id;
    DROP INDEX leads_list_id;
    CREATE INDEX leads_workspace_campaign ON leads (workspace_id, campaign_id, id) WHERE campaign_id IS NOT NULL;
    CREATE INDEX leads_workspace_list ON leads (workspace_id, list_id, id) WHERE list_id IS NOT NULL;
    -- distinct_contacts pages in (email_key, id) order: the whole ORDER BY comes from the index.
    DROP INDEX leads_workspace_email;
    CREATE INDEX leads_workspace_email ON leads (workspace_id, email_key, id);

    CREATE INDEX leads_workspace_status ON leads (workspace_id, status, id) WHERE status <> 1;
    CREATE INDEX leads_workspace_interest ON leads (workspace_id, lt_interest_status, id) WHERE lt_interest_status IS NOT NULL;
    CREATE INDEX leads_workspace_verification ON leads (workspace_id, verification_status, id) WHERE verification_status IS NOT NULL;
    CREATE INDEX leads_workspace_assigned ON leads (workspace_id, assigned_to, id) WHERE assigned_to IS NOT NULL;
    CREATE INDEX leads_workspace_enrichment ON leads (workspace_id, enrichment_status, id) WHERE enrichment_status IS NOT NULL;
    CREATE INDEX leads_workspace_esg ON leads (workspace_id, esg_code, id) WHERE esg_code IS NOT NULL;
    CREATE INDEX leads_workspace_visitor ON leads (workspace_id, id) WHERE is_website_visitor;
    CREATE INDEX leads_workspace_contacted ON leads (workspace_id, id) WHERE timestamp_last_contact IS NOT NULL;
    CREATE INDEX leads_workspace_opened ON leads (workspace_id, id) WHERE email_open_count > 0;
    CREATE INDEX leads_workspace_replied ON leads (workspace_id, id) WHERE email_reply_count > 0;
    CREATE INDEX leads_workspace_clicked ON leads (workspace_id, id) WHERE email_click_count > 0;
    CREATE INDEX leads_workspace_subsequence ON leads (workspace_id, id) WHERE subsequence_id IS NOT NULL;

    ANALYZE leads;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
