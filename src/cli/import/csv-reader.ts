import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { CliError } from '../context.js';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const SAMPLE_BYTES = 64 * 1024;
// A record this large is almost always an unclosed quote swallowing the rest of the file; the
// limit keeps such a file from being read into memory whole.
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export interface CsvRecord {
  /** The physical line the record starts on (the header is usually line 1). */
  line: number;
  fields: string[];
}

const encodingAdvice = 'Save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8; LibreOffice: character set Unicode (UTF-8)) and run the command again.';

/** UTF-8 with or without a BOM is all we read: other encodings are refused with advice, not guessed. */
export async function checkEncodingStart(path: string): Promise<{ bom: boolean; sample: Buffer }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const sample = buffer.subarray(0, bytesRead);
    const starts = (...bytes: number[]) => bytes.every((b, i) => sample[i] === b);
    if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) throw new CliError(`${path} is UTF-32 encoded; only UTF-8 is read. ${encodingAdvice}`);
    if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) throw new CliError(`${path} is UTF-16 encoded; only UTF-8 is read. ${encodingAdvice}`);
    // Text never holds NUL bytes; UTF-16 without a BOM holds one in every other byte of ASCII.
    if (sample.includes(0)) throw new CliError(`${path} contains NUL bytes: it looks like UTF-16 or a binary file (a spreadsheet .xlsx?), not UTF-8 CSV. ${encodingAdvice}`);
    const bom = starts(0xef, 0xbb, 0xbf);
    return { bom, sample: bom ? sample.subarray(3) : sample };
  } finally {
    await handle.close();
  }
}

/**
 * Picks the delimiter that splits the sample's lines into the same number of fields, most
 * fields winning; csv-parse does the splitting so quoted delimiters do not count.
 */
export function sniffDelimiter(sample: Buffer, complete: boolean): string {
  let text = sample.toString('utf8');
  if (!complete) {
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak > 0) text = text.slice(0, lastBreak + 1);
  }
  let best: { delimiter: string; fields: number; consistent: boolean } = { delimiter: ',', fields: 1, consistent: false };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parseSync(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to_line: 100 });
    } catch {
      continue; // a sample cut inside a quoted field: this candidate cannot be judged from it
    }
    const fields = records[0]?.length ?? 0;
    if (fields < 2) continue;
    const consistent = records.every((r) => r.length === fields);
    if ((consistent && !best.consistent) || (consistent === best.consistent && fields > best.fields)) best = { delimiter, fields, consistent };
  }
  return best.delimiter;
}

/** Passes bytes through unchanged, failing at the first byte sequence that is not UTF-8. */
class Utf8Guard extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private offset = 0;

  constructor(private readonly path: string) {
    super();
  }

  private fail(callback: TransformCallback, end: number) {
    callback(
      new CliError(`${this.path} is not valid UTF-8 (an invalid byte sequence between bytes ${this.offset} and ${end}): it was probably saved as Windows-1252/Latin-1. ${encodingAdvice}`),
    );
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.fail(callback, this.offset + chunk.length);
      return;
    }
    this.offset += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback) {
    try {
      this.decoder.decode();
      callback();
    } catch {
      this.fail(callback, this.offset);
    }
  }
}

function csvFailure(path: string, error: CsvError): CliError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line === undefined ? '' : ` at line ${line}`;
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new CliError(`${path}${where}: a row is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB, which usually means a quote (") that is never closed`);
  }
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return new CliError(`${path}${where}: a quoted field is never closed (a " with no matching ")`);
  return new CliError(`${path}${where}: the file is not well-formed CSV: ${error.message}`);
}

/**
 * The file's records in order, streamed: at most a few chunks of the file are in memory.
 * Empty lines are skipped; every record keeps the line it starts on, for the report.
 */
export async function* readRecords(path: string, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES, info: true });
  // pipeline() hands an error of any stage to the parser, which the loop below then throws.
  pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), new Utf8Guard(path), parser, () => undefined);
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const { record, info } = item;
      // A record starts after the previous one's last line and any empty lines skipped between.
      const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      yield { line, fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvFailure(path, error);
    throw error;
  } finally {
    parser.destroy();
  }
}
