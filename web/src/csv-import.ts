import Papa from 'papaparse';
import { FIELD_BY_ALIAS, LEAD_FIELDS, type LeadField, normalize } from '../../src/domain/lead-header-aliases.js';
import { ApiError } from './api.js';
import type { Api } from './session.js';
import type { AddLeadsAnswer, BulkLeadT } from './types.js';
// Type only: import-plan.js pulls in Node's url module at run time.
import type { Counters } from '../../src/domain/import-plan.js';

export { LEAD_FIELDS, type LeadField };
export type { Counters };

/** The domain's counters; `satisfies` makes the compiler hold this to COUNTER_NAMES's type. */
const COUNTER_FLAGS = {
  total_sent: true, leads_uploaded: true, in_blocklist: true, duplicated_leads: true,
  skipped_count: true, invalid_email_count: true, incomplete_count: true, duplicate_email_count: true,
} satisfies Record<keyof Counters, true>;
export const COUNTER_NAMES = Object.keys(COUNTER_FLAGS) as (keyof Counters)[];
const emptyCounters = () => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters;

/** Where a column goes: a lead field, a custom variable of that name, or nowhere. */
export type Target = { kind: 'field'; field: LeadField } | { kind: 'custom'; name: string } | { kind: 'skip' };

/** The CLI's alias table decides the first guess: the first column naming a field takes it, the rest become custom variables. */
export function guessTargets(headers: readonly string[]): Target[] {
  const taken = new Set<LeadField>();
  return headers.map((header, index) => {
    const field = FIELD_BY_ALIAS.get(normalize(header));
    if (field !== undefined && !taken.has(field)) {
      taken.add(field);
      return { kind: 'field', field };
    }
    return { kind: 'custom', name: header.trim() === '' ? `column_${index + 1}` : header.trim() };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One CSV record as a lead, or why it cannot be sent. */
export function toLead(targets: readonly Target[], headers: readonly string[], record: readonly string[]): { lead: BulkLeadT } | { problem: string } {
  const lead: BulkLeadT = {};
  const custom: Record<string, string> = {};
  for (const [index, target] of targets.entries()) {
    const value = (record[index] ?? '').trim();
    if (value === '' || target.kind === 'skip') continue;
    if (target.kind === 'custom') {
      custom[target.name] = value;
    } else if (target.field === 'lt_interest_status') {
      if (!/^-?\d+$/.test(value)) return { problem: `${headers[index] ?? ''} (interest status) must be a whole number, got "${value}"` };
      lead.lt_interest_status = Number(value);
    } else if (target.field === 'assigned_to') {
      if (!UUID.test(value)) return { problem: `${headers[index] ?? ''} (assigned_to) must be a user id (UUID), got "${value}"` };
      lead.assigned_to = value;
    } else {
      lead[target.field] = value;
    }
  }
  if (Object.keys(custom).length > 0) lead.custom_variables = custom;
  return { lead };
}

export interface Preview {
  headers: string[];
  rows: string[][];
}

/** The header and the first rows, read from the start of the file only. */
export function previewFile(file: File, rows = 5): Promise<Preview> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(file, {
      preview: rows + 1,
      skipEmptyLines: 'greedy',
      complete: (result) => {
        const [headers, ...data] = result.data;
        if (headers === undefined) reject(new Error('The file is empty: it needs a header row naming its columns.'));
        else resolve({ headers, rows: data });
      },
      error: (error) => reject(error),
    });
  });
}

export interface NotCreated {
  row: number;
  record: string[];
  reason: string;
}

export interface ImportProgress {
  rowsRead: number;
  rowsSent: number;
  bytesRead: number;
  counters: Counters;
  notCreated: NotCreated[];
  done: boolean;
  cancelled: boolean;
}

export interface ImportOptions {
  file: File;
  headers: string[];
  targets: Target[];
  destination: { list_id: string } | { campaign_id: string };
  flags: { skip_if_in_workspace?: boolean; skip_if_in_campaign?: boolean; skip_if_in_list?: boolean; verify_leads_on_import?: boolean };
  onProgress(progress: ImportProgress): void;
  signal: AbortSignal;
}

export const BATCH_SIZE = 1000;
const NO_REASON = 'not created (this server does not report per-row outcomes)';

async function sendBatch(api: Api, body: object): Promise<AddLeadsAnswer> {
  // A dropped connection or a busy server is worth two more tries; a 4xx will not change.
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.call<AddLeadsAnswer>('POST', '/api/v2/leads/add', body);
    } catch (error) {
      if ((error instanceof ApiError && error.status < 500 && error.status !== 429) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/** The server counts within its request ("index 3"); the person reading the report counts rows of the file. */
function inFileTerms(reason: string, batch: readonly { row: number }[]): string {
  return reason.replace(/\(index (\d+)\)/, (text, index: string) => {
    const earlier = batch[Number(index)];
    return earlier === undefined ? text : `(row ${earlier.row})`;
  });
}

/**
 * Streams the file through papaparse a chunk at a time (never the whole file in memory), sends
 * /leads/add batches of 1000 with per-row outcomes, and keeps only the rows not created.
 */
export function runImport(api: Api, options: ImportOptions): Promise<ImportProgress> {
  const progress: ImportProgress = { rowsRead: 0, rowsSent: 0, bytesRead: 0, counters: emptyCounters(), notCreated: [], done: false, cancelled: false };
  let pending: { row: number; record: string[]; lead: BulkLeadT }[] = [];
  let headerSeen = false;

  const flush = async (batch: typeof pending) => {
    if (batch.length === 0) return;
    const answer = await sendBatch(api, { ...options.destination, ...options.flags, leads: batch.map((b) => b.lead), return_outcomes: true });
    for (const name of COUNTER_NAMES) progress.counters[name] += answer[name];
    progress.rowsSent += batch.length;
    if (answer.outcomes !== undefined) {
      for (const outcome of answer.outcomes) {
        const entry = batch[outcome.index];
        if (outcome.outcome !== 'created' && entry !== undefined) progress.notCreated.push({ row: entry.row, record: entry.record, reason: inFileTerms(outcome.reason, batch) });
      }
    } else {
      const created = new Set(answer.created_leads.map((c) => c.index));
      batch.forEach((entry, index) => {
        if (!created.has(index)) progress.notCreated.push({ row: entry.row, record: entry.record, reason: NO_REASON });
      });
    }
    options.onProgress({ ...progress });
  };

  return new Promise((resolve, reject) => {
    let failed = false;
    Papa.parse<string[]>(options.file, {
      skipEmptyLines: 'greedy',
      chunkSize: 512 * 1024,
      chunk: (result, parser) => {
        if (options.signal.aborted) {
          parser.abort();
          return;
        }
        parser.pause();
        let rows = result.data;
        if (!headerSeen) {
          headerSeen = true;
          rows = rows.slice(1);
        }
        for (const record of rows) {
          progress.rowsRead += 1;
          // Row numbers as a spreadsheet shows them: the header is row 1.
          const row = progress.rowsRead + 1;
          const converted = toLead(options.targets, options.headers, record);
          if ('problem' in converted) progress.notCreated.push({ row, record, reason: converted.problem });
          else pending.push({ row, record, lead: converted.lead });
        }
        progress.bytesRead = result.meta.cursor;
        void (async () => {
          try {
            while (pending.length >= BATCH_SIZE && !options.signal.aborted) {
              const batch = pending.slice(0, BATCH_SIZE);
              pending = pending.slice(BATCH_SIZE);
              await flush(batch);
            }
            options.onProgress({ ...progress });
            if (options.signal.aborted) parser.abort();
            else parser.resume();
          } catch (error) {
            failed = true;
            parser.abort();
            reject(error);
          }
        })();
      },
      complete: () => {
        if (failed) return;
        void (async () => {
          try {
            if (!options.signal.aborted) await flush(pending);
            pending = [];
            progress.cancelled = options.signal.aborted;
            progress.done = true;
            options.onProgress({ ...progress });
            resolve(progress);
          } catch (error) {
            reject(error);
          }
        })();
      },
      error: (error) => reject(error),
    });
  });
}

/** The rows not created, as a CSV: the file's own columns plus the row number and the reason. */
export function notCreatedCsv(headers: readonly string[], rows: readonly NotCreated[]): string {
  return Papa.unparse({ fields: ['row', ...headers, 'reason'], data: rows.map((r) => [String(r.row), ...headers.map((_, i) => r.record[i] ?? ''), r.reason]) });
}
