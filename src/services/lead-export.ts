import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { type LeadCsvLayout, leadCsvHeader, leadCsvLayout, leadCsvRecord } from '../domain/lead-csv.js';
import type { Db } from '../store/database.js';
import { countExportSelection, countValuesOutside, exportBatches, exportCustomVariableNames, openExportSelection } from '../store/lead-export-repository.js';
import type { LeadFilter } from '../store/lead-filter.js';
import type { LeadRow } from '../store/lead-repository.js';

export type LeadExportFormat = 'csv' | 'ndjson';

export interface LeadExportRequest {
  filter: LeadFilter;
  format: LeadExportFormat;
  /** CSV: also the read-only fields (id, campaign, list_id, status…). */
  meta: boolean;
  /** CSV: these custom variable columns, in this order; absent: every name the leads carry. */
  customVariables: readonly string[] | undefined;
}

export interface LeadExport {
  /** Leads in the export, counted when it began. */
  leadCount: number;
  /** CSV: the custom variable columns written. */
  customVariables: readonly string[];
  /** CSV: custom variable values left out because their name is not a column. */
  omittedValues: number;
  /** The encoded leads, produced as fast as the reader takes them. */
  body: Readable;
}

/** Rows per query: large enough that a query's overhead vanishes, small enough to keep memory flat. */
const BATCH_SIZE = 2000;

/**
 * A streaming export of the leads a filter selects, in id order. The body is pulled batch by
 * batch: a slow reader stops the queries (back-pressure), and memory holds one batch.
 */
export async function exportLeads(db: Db, workspaceId: string, request: LeadExportRequest, toWire: (row: LeadRow) => Readonly<Record<string, unknown>>): Promise<LeadExport> {
  const selection = await openExportSelection(db, workspaceId, request.filter);
  const leadCount = await countExportSelection(db, selection);
  if (request.format === 'ndjson') {
    return { leadCount, customVariables: [], omittedValues: 0, body: Readable.from(ndjsonChunks(exportBatches(db, selection, BATCH_SIZE), toWire)) };
  }
  const given = request.customVariables;
  const customVariables = given ?? (await exportCustomVariableNames(db, selection));
  const omittedValues = given === undefined ? 0 : await countValuesOutside(db, selection, given);
  const layout = leadCsvLayout(request.meta, customVariables);
  return { leadCount, customVariables, omittedValues, body: Readable.from(csvChunks(exportBatches(db, selection, BATCH_SIZE), layout, toWire)) };
}

async function* ndjsonChunks(batches: AsyncIterable<LeadRow[]>, toWire: (row: LeadRow) => unknown): AsyncGenerator<string> {
  for await (const rows of batches) yield rows.map((row) => `${JSON.stringify(toWire(row))}\n`).join('');
}

async function* csvChunks(batches: AsyncIterable<LeadRow[]>, layout: LeadCsvLayout, toWire: (row: LeadRow) => Readonly<Record<string, unknown>>): AsyncGenerator<string> {
  yield stringify([leadCsvHeader(layout)]);
  for await (const rows of batches) {
    yield stringify(rows.map((row) => leadCsvRecord(layout, toWire(row), row.payload ?? {})));
  }
}
