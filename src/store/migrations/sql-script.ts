import { type Kysely, sql } from 'kysely';

// PGlite's extended protocol runs one statement per query, so a script is sent statement by statement.
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of splitStatements(script)) {
    await sql.raw(statement).execute(db);
  }
}

/** A line without its "--" comment; a "--" inside a string literal is not a comment. */
function withoutComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") inString = !inString;
    else if (!inString && c === '-' && line[i + 1] === '-') return line.slice(0, i);
  }
  return line;
}

/** Splits a migration script on semicolons that end a line; comments are dropped first. */
export function splitStatements(script: string): string[] {
  return script
    .split('\n')
    .map(withoutComment)
    .join('\n')
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0);
}
