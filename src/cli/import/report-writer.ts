import { closeSync, ftruncateSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';

/** One row of the file that was not created, and why. */
export interface ReportRow {
  line: number;
  reason: string;
  detail: string;
  fields: readonly string[];
}

export const REPORT_COLUMNS = ['line', 'reason', 'detail'];

/**
 * The --report CSV: line, reason, detail, then the row's own columns, so the file can be fixed
 * and imported again. Rows are written synchronously when their batch is acknowledged; the
 * state file then records the report's length, and a resumed run cuts the report back to it.
 */
export class ReportWriter {
  private readonly fd: number;
  private size: number;

  constructor(path: string, header: readonly string[], resumeAt: number | null) {
    const full = resolve(path);
    mkdirSync(dirname(full), { recursive: true });
    if (resumeAt !== null) {
      this.fd = openSync(full, 'r+');
      const actual = fstatSync(this.fd).size;
      // Rows written after the last saved state belong to batches that will be sent again.
      if (actual > resumeAt) ftruncateSync(this.fd, resumeAt);
      this.size = Math.min(actual, resumeAt);
    } else {
      this.fd = openSync(full, 'w');
      this.size = 0;
      this.write([[...REPORT_COLUMNS, ...header]]);
    }
  }

  get bytes(): number {
    return this.size;
  }

  append(rows: readonly ReportRow[]): void {
    if (rows.length > 0) this.write(rows.map((r) => [String(r.line), r.reason, r.detail, ...r.fields]));
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(records: string[][]): void {
    const buffer = Buffer.from(stringify(records), 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(this.fd, buffer, written, buffer.length - written, this.size + written);
    this.size += buffer.length;
  }
}
