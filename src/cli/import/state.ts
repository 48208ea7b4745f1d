import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Counters, emptyCounters } from '../../domain/import-plan.js';

/** Everything that decides which leads a run sends where: a change to any of it is a new import. */
export interface ImportIdentity {
  file: string;
  size: number;
  mtimeMs: number;
  url: string;
  target: string;
  options: Record<string, unknown>;
}

/** The server's counters summed over every batch, and what the CLI itself counted. */
export interface Totals extends Counters {
  rows_read: number;
  /** Rows never sent: malformed (with --skip-malformed) or with a value the API would refuse. */
  not_sent: number;
  /** Rows of batches the server refused with a 4xx. */
  rejected: number;
  report_rows: number;
}

export const emptyTotals = (): Totals => ({ ...emptyCounters(), rows_read: 0, not_sent: 0, rejected: 0, report_rows: 0 });

/**
 * What survives an interruption. Batch k is the file's data rows k*batchSize … (k+1)*batchSize-1,
 * so the same file and options always cut the same batches; batchesAcked counts the batches,
 * from the first, whose answers were received and whose report rows were written.
 */
export interface ImportState {
  version: 1;
  id: string;
  identity: ImportIdentity;
  startedAt: string;
  updatedAt: string;
  batchSize: number;
  /** How many batches the last run had in flight: after a resume, those may have been sent before. */
  window: number;
  batchesAcked: number;
  reportBytes: number;
  totals: Totals;
  runs: number;
  finishedAt: string | null;
}

export function importId(identity: ImportIdentity): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

/** LEADBASE_STATE_DIR, else the XDG state directory, else ~/.local/state. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LEADBASE_STATE_DIR !== undefined && env.LEADBASE_STATE_DIR !== '') return resolve(env.LEADBASE_STATE_DIR);
  const base = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'leadbase', 'imports');
}

/** Next to the report when there is one (they belong together), else in the state directory. */
export function statePathFor(id: string, reportPath: string | null, explicit: string | null): string {
  if (explicit !== null) return resolve(explicit);
  if (reportPath !== null) return `${resolve(reportPath)}.state.json`;
  return join(defaultStateDir(), `${id}.json`);
}

/** The saved state of this very import, or null (none yet, or one for other arguments). */
export function loadState(path: string, id: string): { state: ImportState | null; other: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { state: null, other: false };
  }
  try {
    const state = JSON.parse(text) as ImportState;
    if (state.version !== 1 || state.id !== id) return { state: null, other: true };
    return { state, other: false };
  } catch {
    return { state: null, other: true };
  }
}

/** Written whole to a temporary file and renamed over the old one: a kill leaves one or the other. */
export function saveState(path: string, state: ImportState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}
