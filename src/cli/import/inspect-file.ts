import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from '../context.js';
import { DELIMITERS, checkEncodingStart, readRecords, sniffDelimiter } from './csv-reader.js';

export interface MalformedRow {
  line: number;
  fields: number;
}

/** What the checking pass learned about a file before anything is sent. */
export interface FileShape {
  path: string;
  size: number;
  mtimeMs: number;
  delimiter: string;
  bom: boolean;
  header: string[];
  headerLine: number;
  /** Data records (the header not counted). */
  rows: number;
  malformedCount: number;
  /** The first few malformed rows, for the message; the report lists all of them. */
  malformed: MalformedRow[];
}

const SHOWN_MALFORMED = 10;

export const delimiterName = (d: string) => (d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d));

export function parseDelimiter(value: string): string {
  const named: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', '\\t': '\t', pipe: '|' };
  const delimiter = named[value.toLowerCase()] ?? value;
  if (!(DELIMITERS as readonly string[]).includes(delimiter)) throw new CliError(`--delimiter must be one of comma (,), semicolon (;), tab or pipe (|); got ${JSON.stringify(value)}`);
  return delimiter;
}

/**
 * Reads the whole file once, streaming: encoding, delimiter, header, row count and rows whose
 * field count differs from the header's. A bad file is refused here, before any lead is sent,
 * and the row count gives the progress bar its total.
 */
export async function inspectFile(file: string, delimiterOverride: string | undefined): Promise<FileShape> {
  const path = resolve(file);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(`file not found: ${file}`);
  }
  if (!info.isFile()) throw new CliError(`${file} is not a file`);
  if (info.size === 0) throw new CliError(`${file} is empty`);
  const { bom, sample } = await checkEncodingStart(path);
  const delimiter = delimiterOverride ?? sniffDelimiter(sample, sample.length + (bom ? 3 : 0) >= info.size);

  let header: string[] | undefined;
  let headerLine = 0;
  let rows = 0;
  let malformedCount = 0;
  const malformed: MalformedRow[] = [];
  for await (const record of readRecords(path, delimiter)) {
    if (header === undefined) {
      header = record.fields;
      headerLine = record.line;
      continue;
    }
    rows++;
    if (record.fields.length !== header.length) {
      malformedCount++;
      if (malformed.length < SHOWN_MALFORMED) malformed.push({ line: record.line, fields: record.fields.length });
    }
  }
  if (header === undefined) throw new CliError(`${file} has no header row`);
  if (header.length === 1 && rows > 0 && delimiterOverride === undefined) {
    process.stderr.write(`leadbase: ${file} has a single column; if that is wrong, pass --delimiter\n`);
  }
  return { path, size: info.size, mtimeMs: info.mtimeMs, delimiter, bom, header, headerLine, rows, malformedCount, malformed };
}

export function describeMalformed(shape: FileShape): string {
  const list = shape.malformed.map((m) => `line ${m.line} has ${m.fields} field${m.fields === 1 ? '' : 's'}`).join('; ');
  const more = shape.malformedCount > shape.malformed.length ? ` and ${shape.malformedCount - shape.malformed.length} more` : '';
  return `${shape.malformedCount} row${shape.malformedCount === 1 ? '' : 's'} of ${shape.path} do${shape.malformedCount === 1 ? 'es' : ''} not have the header's ${shape.header.length} fields (${delimiterName(shape.delimiter)}-separated): ${list}${more}`;
}
