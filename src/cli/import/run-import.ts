import { existsSync } from 'node:fs';
import { COUNTER_NAMES } from '../../domain/import-plan.js';
import { CliError, EXIT, describeFailure } from '../context.js';
import { type ApiClient, HttpError } from '../http-client.js';
import { createProgress } from '../progress.js';
import { type AddLeadsOptions, type BatchPart, sendBatch } from './batch-sender.js';
import { readRecords } from './csv-reader.js';
import { describePlan, leadFromRecord, mappedFields, planColumns } from './header-map.js';
import { delimiterName, describeMalformed, inspectFile } from './inspect-file.js';
import { type ReportRow, ReportWriter } from './report-writer.js';
import { type SentRow, reportRows } from './row-outcomes.js';
import { type ImportState, emptyTotals, importId, loadState, saveState, statePathFor } from './state.js';
import { type SummaryContext, summaryJson, summaryText } from './summary.js';

export interface ImportOptions {
  target: { kind: 'list' | 'campaign'; id: string };
  map: string[];
  delimiter: string | undefined;
  add: AddLeadsOptions;
  reportPath: string | null;
  statePath: string | null;
  restart: boolean;
  skipMalformed: boolean;
  dryRun: boolean;
  batchSize: number;
  concurrency: number;
  progressIntervalMs: number;
  quiet: boolean;
  json: boolean;
}

interface Batch {
  index: number;
  rowsRead: number;
  rows: SentRow[];
  /** Rows of this batch never sent (malformed, or a value the API would refuse). */
  unsent: ReportRow[];
}

interface Acknowledged {
  batch: Batch;
  parts: BatchPart[];
  report: ReportRow[];
}

/**
 * Streams the file into the target in batches, a few in flight, acknowledging them in order so
 * the saved state is always "the first N batches are done" (plus their report rows). Returns
 * the exit code; a failure that stops the import is thrown after the state is saved.
 */
export async function runImport(file: string, o: ImportOptions, client: ApiClient, signal: AbortSignal): Promise<number> {
  const note = (message: string) => {
    if (!o.quiet) process.stderr.write(`${message}\n`);
  };
  const shape = await inspectFile(file, o.delimiter);
  const plans = planColumns(shape.header, o.map);
  const mapped = mappedFields(plans);
  const columns = shape.header.map((h) => JSON.stringify(h)).join(', ');
  if (o.target.kind === 'campaign' && !mapped.has('email')) {
    throw new CliError(`${file} has no e-mail column, and a campaign lead needs one. Its columns are ${columns}; name the e-mail column with --map "Column=email"`);
  }
  if (!mapped.has('email') && !mapped.has('first_name') && !mapped.has('last_name')) {
    throw new CliError(`${file} has no e-mail, first name or last name column, and a list lead needs one of them. Its columns are ${columns}; use --map "Column=email"`);
  }
  note(`${file}: ${shape.rows} rows, ${delimiterName(shape.delimiter)}-separated, UTF-8${shape.bom ? ' with BOM' : ''}\n${describePlan(plans)}`);
  if (shape.malformedCount > 0 && !o.skipMalformed) {
    throw new CliError(`${describeMalformed(shape)}. Nothing was sent. Fix those rows, or pass --skip-malformed to import the others (the report lists the skipped rows).`);
  }
  if (o.dryRun) return EXIT.ok;

  const targetPath = o.target.kind === 'list' ? `/api/v2/lead-lists/${encodeURIComponent(o.target.id)}` : `/api/v2/campaigns/${encodeURIComponent(o.target.id)}`;
  try {
    await client.request('GET', targetPath);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 400)) throw new CliError(`${o.target.kind} ${o.target.id} not found in the workspace of this API key (${error.message})`);
    throw error;
  }

  const targetLabel = `${o.target.kind} ${o.target.id}`;
  const identity = {
    file: shape.path, size: shape.size, mtimeMs: shape.mtimeMs, url: client.url, target: targetLabel,
    options: { map: o.map, delimiter: shape.delimiter, add: o.add, batchSize: o.batchSize, skipMalformed: o.skipMalformed, report: o.reportPath },
  };
  const id = importId(identity);
  const statePath = statePathFor(id, o.reportPath, o.statePath);
  const saved = o.restart ? { state: null, other: false } : loadState(statePath, id);
  if (saved.other) note(`The saved progress in ${statePath} belongs to another import (other file contents, target or options): starting from the first row.`);
  const now = new Date().toISOString();
  const fresh = saved.state === null;
  const state: ImportState = saved.state ?? { version: 1, id, identity, startedAt: now, updatedAt: now, batchSize: o.batchSize, window: o.concurrency, batchesAcked: 0, reportBytes: 0, totals: emptyTotals(), runs: 0, finishedAt: null };
  const ctx = (status: SummaryContext['status']): SummaryContext => ({ file, target: targetLabel, totalRows: shape.rows, reportPath: o.reportPath, statePath, status });
  const print = (status: SummaryContext['status']) => process.stdout.write(`${o.json ? summaryJson(state.totals, ctx(status)) : summaryText(state.totals, ctx(status))}\n`);
  const exitFor = () => (state.totals.rejected > 0 || state.totals.not_sent > 0 ? EXIT.partial : EXIT.ok);
  if (state.finishedAt !== null) {
    note(`This import finished at ${state.finishedAt} (progress in ${statePath}); pass --restart to send the file again.`);
    print('already finished');
    return exitFor();
  }
  const resumeFrom = state.batchesAcked;
  const previousWindow = fresh ? 0 : state.window;
  if (!fresh) note(`Resuming: ${state.totals.rows_read} of ${shape.rows} rows were acknowledged in earlier runs (progress in ${statePath}).`);
  if (!fresh && o.reportPath !== null && !existsSync(o.reportPath)) note(`The report ${o.reportPath} of the earlier runs is gone: it will list only the rows from here on.`);
  state.window = o.concurrency;
  state.runs++;
  saveState(statePath, state);

  const report = o.reportPath === null ? null : new ReportWriter(o.reportPath, shape.header, fresh || !existsSync(o.reportPath) ? null : state.reportBytes);
  const startedAt = new Date(state.startedAt);
  const progress = createProgress({ label: 'import', total: shape.rows, start: state.totals.rows_read, tty: process.stderr.isTTY === true, quiet: o.quiet, intervalMs: o.progressIntervalMs });

  const run = async (batch: Batch): Promise<Acknowledged> => {
    const parts = await sendBatch(client, o.add, batch.rows);
    const rows: ReportRow[] = [...batch.unsent];
    for (const part of parts) {
      if ('refused' in part) {
        for (const r of part.rows) rows.push({ line: r.line, reason: 'batch_rejected', detail: `HTTP ${part.refused.status}: ${part.refused.message}`, fields: r.fields });
      } else if (report !== null) {
        const maybeSentBefore = part.retried || batch.index < resumeFrom + previousWindow;
        rows.push(...reportRows(part.rows, part.answer, { kind: o.target.kind, importStartedAt: startedAt, maybeSentBefore }));
      }
    }
    return { batch, parts, report: rows.sort((a, b) => a.line - b.line) };
  };

  const acknowledge = ({ batch, parts, report: rows }: Acknowledged) => {
    const t = state.totals;
    t.rows_read += batch.rowsRead;
    t.not_sent += batch.unsent.length;
    for (const part of parts) {
      if ('refused' in part) t.rejected += part.rows.length;
      else for (const name of COUNTER_NAMES) t[name] += typeof part.answer[name] === 'number' ? part.answer[name] : 0;
    }
    report?.append(rows);
    t.report_rows += report === null ? 0 : rows.length;
    state.batchesAcked = batch.index + 1;
    state.reportBytes = report?.bytes ?? 0;
    state.updatedAt = new Date().toISOString();
    saveState(statePath, state);
    progress.update(t.rows_read);
    for (const part of parts) if ('refused' in part) progress.log(`leadbase: the server refused ${part.rows.length} rows (lines ${part.rows[0]?.line}–${part.rows[part.rows.length - 1]?.line}): HTTP ${part.refused.status}: ${part.refused.message}`);
  };

  const inFlight: Promise<Acknowledged>[] = [];
  const dispatch = (batch: Batch) => {
    const task = run(batch);
    task.catch(() => undefined); // awaited in order below; this only keeps Node from calling it unhandled
    inFlight.push(task);
  };
  let failure: unknown = null;
  const drainOne = async () => {
    const task = inFlight.shift();
    if (task === undefined) return;
    try {
      const done = await task;
      if (failure === null) acknowledge(done);
    } catch (error) {
      failure ??= error;
    }
  };

  try {
    let recordIndex = -2; // the header is record -1
    let current: Batch | null = null;
    for await (const record of readRecords(shape.path, shape.delimiter)) {
      if (++recordIndex < 0) continue;
      const index = Math.floor(recordIndex / o.batchSize);
      if (index < resumeFrom) continue;
      if (current !== null && current.index !== index) {
        dispatch(current);
        current = null;
        while (inFlight.length >= o.concurrency && failure === null) await drainOne();
      }
      if (failure !== null || signal.aborted) break;
      current ??= { index, rowsRead: 0, rows: [], unsent: [] };
      current.rowsRead++;
      if (record.fields.length !== shape.header.length) {
        current.unsent.push({ line: record.line, reason: 'malformed_row', detail: `${record.fields.length} fields where the header has ${shape.header.length}`, fields: record.fields });
        continue;
      }
      const made = leadFromRecord(plans, record.fields);
      if ('problem' in made) current.unsent.push({ line: record.line, reason: 'invalid_value', detail: made.problem, fields: record.fields });
      else current.rows.push({ line: record.line, lead: made.lead, fields: record.fields });
    }
    if (current !== null && failure === null && !signal.aborted) dispatch(current);
    while (inFlight.length > 0) await drainOne();
  } catch (error) {
    failure ??= error;
    while (inFlight.length > 0) await drainOne();
  } finally {
    progress.stop();
    report?.close();
  }

  const acked = `${state.totals.rows_read} of ${shape.rows} rows are done`;
  if (failure !== null) {
    saveState(statePath, state);
    if (failure instanceof CliError) throw new CliError(`${failure.message}\n${acked}; run the same command again to resume after the last acknowledged batch.`, failure.exitCode);
    if (signal.aborted && !(failure instanceof HttpError)) {
      note(`Interrupted: ${acked}. Run the same command again to resume (progress in ${statePath}).`);
      print('interrupted');
      return EXIT.interrupted;
    }
    throw new CliError(`${describeFailure(failure, client.url).message}\n${acked}; run the same command again to resume after the last acknowledged batch.`);
  }
  if (signal.aborted && state.totals.rows_read < shape.rows) {
    note(`Interrupted: ${acked}. Run the same command again to resume (progress in ${statePath}).`);
    print('interrupted');
    return EXIT.interrupted;
  }
  state.finishedAt = new Date().toISOString();
  saveState(statePath, state);
  print('finished');
  return exitFor();
}
