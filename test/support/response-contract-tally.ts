/**
 * Counts which schema checked each response the suite saw, so "how much of the suite is checked"
 * is a figure rather than a guess. Off unless LEADBASE_CONTRACT_TALLY names a file: each checked
 * response appends one line `source<TAB>status<TAB>METHOD path<TAB>media type`, from whichever test process saw it
 * (small appends to one file are atomic, so parallel test files may share it).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export const TALLY_ENV = 'LEADBASE_CONTRACT_TALLY';

/** Where a response's shape came from; "unchecked" is what the suite must never produce. */
export type SchemaSource = 'instantly-v2' | 'smartlead-v1' | 'leadbase' | 'unchecked';

/** `mediaType` is the answer's content type without parameters ('' for an empty answer). */
export function tally(source: SchemaSource, method: string, url: string, status: number, mediaType = 'application/json'): void {
  const file = process.env[TALLY_ENV];
  if (file === undefined || file === '') return;
  appendFileSync(file, `${source}\t${status}\t${method.toUpperCase()} ${url.split('?')[0] ?? url}\t${mediaType}\n`);
}

/** One line for the end of a run: how many responses each source checked. */
export function summarizeTally(file: string): string {
  if (!existsSync(file)) return 'contract checks: no responses were recorded';
  const counts = new Map<string, number>();
  let total = 0;
  let json = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [source, , , media] = line.split('\t');
    if (source === undefined || source === '') continue;
    counts.set(source, (counts.get(source) ?? 0) + 1);
    total += 1;
    if (media === undefined || media === 'application/json') json += 1;
  }
  const parts = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([source, n]) => `${source} ${n} (${((100 * n) / total).toFixed(1)}%)`);
  return `contract checks: ${total} responses (${json} JSON, ${total - json} other); ${parts.join(', ')}`;
}
