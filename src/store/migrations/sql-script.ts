import { type Kysely, sql } from 'kysely';

// PGlite's extended protocol runs one statement per query, so a script is sent statement by statement.
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitStatements(script)) {
    await sql.raw(statement).execute(db);
  }
}

/** Splits a migration script on semicolons that end a line; comments are dropped first. */
export function splitStatements(script: string): string[] {
  return script
    .replace(/--[^\n]*/g, '')
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
}
