import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { type ExportEvent, type ExportRecord, eventsOfExportedLead, exportFieldName } from '../../domain/engagement-export.js';
import { isUuid } from '../../domain/uuid.js';
import { CliError, EXIT, clientFor } from '../context.js';
import { type ApiClient, HttpError } from '../http-client.js';
import { checkEncodingStart, readRecords, sniffDelimiter } from '../import/csv-reader.js';

/** The server's limit per request (POST /api/v2/lead-events). */
const MAX_EVENTS = 1000;

interface Row {
  line: number;
  record: ExportRecord;
}

interface PendingRow {
  line: number;
  events: ExportEvent[];
}

interface EngagementImportOptions {
  campaign?: string;
  list?: string;
  dryRun?: boolean;
  json?: boolean;
}

interface Report {
  rows: number;
  rowsRecorded: number;
  events: number;
  nothing: number;
  refused: { line: number; reason: string }[];
}

/** NDJSON (one exported lead per line) when the name says so, else CSV with the Lead's field names as headers. */
async function* readExport(path: string): AsyncGenerator<Row> {
  if (/\.(nd)?jsonl?$/i.test(path)) {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CliError(`${path} line ${line} is not JSON: each line of an NDJSON export is one lead object`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(`${path} line ${line} is not a lead object`);
      yield { line, record: Object.fromEntries(Object.entries(parsed).map(([key, value]) => [exportFieldName(key), value as unknown])) };
    }
    return;
  }
  const { sample } = await checkEncodingStart(path);
  const size = (await stat(path)).size;
  let headers: string[] | null = null;
  for await (const { line, fields } of readRecords(path, sniffDelimiter(sample, size <= sample.length))) {
    if (headers === null) {
      headers = fields.map(exportFieldName);
      if (!headers.includes('email')) throw new CliError(`${path} has no email column: the header row must name the Lead's fields (email, email_open_count, timestamp_last_open, status…)`);
      continue;
    }
    const names = headers;
    yield { line, record: Object.fromEntries(fields.map((value, i) => [names[i] ?? `column_${i + 1}`, value])) };
  }
}

/** The row index an all-or-nothing refusal names (`body/events/12: …`), so that row alone is dropped and the rest sent again. */
function refusedEventIndex(error: unknown): number | null {
  if (!(error instanceof HttpError) || (error.status !== 400 && error.status !== 404)) return null;
  const match = /^body\/events\/(\d+)\b/.exec(error.message);
  return match === null ? null : Number(match[1]);
}

/** Sends one batch; a row the server refuses is reported and the others are sent again without it. */
async function sendBatch(client: ApiClient, batch: PendingRow[], report: Report): Promise<void> {
  let rows = batch;
  while (rows.length > 0) {
    const events = rows.flatMap((row) => row.events);
    try {
      await client.request('POST', '/api/v2/lead-events', { events });
      report.rowsRecorded += rows.length;
      report.events += events.length;
      return;
    } catch (error) {
      const index = refusedEventIndex(error);
      if (index === null || !(error instanceof Error)) throw error;
      let seen = 0;
      const culprit = rows.find((row) => (seen += row.events.length) > index);
      if (culprit === undefined) throw error;
      report.refused.push({ line: culprit.line, reason: error.message.replace(/^body\/events\/\d+:?\s*/, '') });
      rows = rows.filter((row) => row !== culprit);
    }
  }
}

async function runEngagementImport(client: ApiClient | null, path: string, o: EngagementImportOptions): Promise<Report> {
  const target = { campaign: o.campaign, list_id: o.list };
  const report: Report = { rows: 0, rowsRecorded: 0, events: 0, nothing: 0, refused: [] };
  let batch: PendingRow[] = [];
  let inBatch = 0;
  const flush = async () => {
    if (batch.length > 0 && client !== null) await sendBatch(client, batch, report);
    else if (batch.length > 0) {
      report.rowsRecorded += batch.length;
      report.events += inBatch;
    }
    batch = [];
    inBatch = 0;
  };
  for await (const { line, record } of readExport(path)) {
    report.rows++;
    const result = eventsOfExportedLead(record, target);
    if (result.kind === 'nothing') report.nothing++;
    else if (result.kind === 'refused') report.refused.push({ line, reason: result.reason });
    else {
      if (inBatch + result.events.length > MAX_EVENTS) await flush();
      batch.push({ line, events: result.events });
      inBatch += result.events.length;
    }
  }
  await flush();
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

export function registerEngagementCommand(program: Command): void {
  const engagement = program.command('engagement').description('play engagement back onto leads (POST /api/v2/lead-events, a Leadbase extension)');
  engagement
    .command('import <file>')
    .description(
      'record the engagement a vendor lead export carries (CSV with the Lead\'s field names as headers, or NDJSON of lead objects): counts, last times, steps and status become events on the leads with the same e-mail. Running it twice counts twice.',
    )
    .option('--campaign <id>', 'the campaign the leads are in here (the export\'s campaign ids are another account\'s)')
    .option('--list <id>', 'the list the leads are in here')
    .option('--dry-run', 'read and map the file, send nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, o: EngagementImportOptions, command: Command) => {
      if (o.campaign !== undefined && o.list !== undefined) throw new CliError('name --campaign or --list, not both');
      for (const [flag, value] of [['--campaign', o.campaign], ['--list', o.list]] as const) {
        if (value !== undefined && !isUuid(value)) throw new CliError(`${flag} must be an id (a UUID); got "${value}"`);
      }
      const client = o.dryRun === true ? null : clientFor(command);
      const report = await runEngagementImport(client, file, o);
      if (o.json === true) process.stdout.write(`${JSON.stringify({ rows: report.rows, rows_recorded: report.rowsRecorded, events: report.events, rows_without_engagement: report.nothing, refused: report.refused })}\n`);
      else {
        const verb = o.dryRun === true ? 'Would record' : 'Recorded';
        process.stdout.write(`${verb} ${report.events} events from ${report.rowsRecorded} of ${report.rows} rows; ${report.nothing} rows carry no engagement; ${report.refused.length} refused.\n`);
        for (const { line, reason } of report.refused) process.stdout.write(`  line ${line}: ${reason}\n`);
      }
      if (report.refused.length > 0) process.exitCode = EXIT.partial;
    });
}
