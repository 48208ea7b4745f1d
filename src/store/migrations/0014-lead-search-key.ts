import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * The characters a lead search ignores, on both sides: the separators of names and e-mails
 * (space, dot, at sign, hyphen, underscore, plus, apostrophe). They are word separators to
 * pg_trgm, so with them in the text a trigram never spans "john.smith" or "smith@gmail":
 * "john.smith@gmail.com" became four common words (john, smith, gmail, com) whose posting lists
 * GIN intersects at the length of the workspace (46 ms at 1M leads to find nothing) and "mary
 * smith" two. Without them the trigrams of the joints ("hns", "thg", "rys") are rare, and the
 * index narrows to the matches (1 ms for the same text). Other punctuation stays a separator:
 * rarer in names and e-mails, and each character left out costs every lead a `replace()`
 * (`translate()` of all ASCII punctuation cost 16 µs a lead, these seven ~1 µs).
 */
export const SEARCH_KEY_IGNORED = ` .@-_+'`;

/**
 * The text a lead search matches against, as one indexable expression: first name, last name
 * and e-mail run together, without SEARCH_KEY_IGNORED. Deleting characters keeps substrings: a
 * field that contains the searched text contains it once both lose those characters, and
 * "first last" loses its space, so `LEAD_SEARCH_KEY ILIKE '%key%'` (key: the searched text
 * without them) is a necessary condition the trigram index answers; the exact per-field condition
 * is checked on the rows it returns. `replace()` and `||` over `coalesce()` are IMMUTABLE. The
 * query must use this very expression, or the planner does not recognise the index:
 * src/store/lead-filter.ts imports it.
 */
export const LEAD_SEARCH_KEY = [...SEARCH_KEY_IGNORED].reduce(
  (text, c) => `replace(${text}, '${c.replaceAll("'", "''")}', '')`,
  `coalesce(first_name, '') || coalesce(last_name, '') || coalesce(email, '')`,
);

/**
 * Replaces the trigram index of migration 0008 (over the fields joined by spaces) by one over
 * LEAD_SEARCH_KEY: the same size (83 MB at 1M leads) and pending-list settings, for the reasons
 * given there. Rebuilding it reads every lead once (~30–50 s at 1M on PostgreSQL).
 */
const statements = `
    DROP INDEX leads_search;
    CREATE INDEX leads_search ON leads USING gin ((${LEAD_SEARCH_KEY}) gin_trgm_ops) WITH (gin_pending_list_limit = 1024);
    ANALYZE leads;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
