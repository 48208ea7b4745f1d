import type { Totals } from './state.js';

export interface SummaryContext {
  file: string;
  target: string;
  totalRows: number;
  reportPath: string | null;
  statePath: string;
  status: 'finished' | 'interrupted' | 'stopped' | 'already finished';
}

/** The summed counters of every batch, in the API's own names so they can be looked up. */
export function summaryText(totals: Totals, ctx: SummaryContext): string {
  const targetName = ctx.target.startsWith('list') ? 'list' : 'campaign';
  const lines: [string, number][] = [
    ['created (leads_uploaded)', totals.leads_uploaded],
    [`already in the ${targetName} (duplicated_leads)`, totals.duplicated_leads],
    ['repeated e-mail within a batch (duplicate_email_count)', totals.duplicate_email_count],
    ['invalid e-mail (invalid_email_count)', totals.invalid_email_count],
    ['no e-mail or name (incomplete_count)', totals.incomplete_count],
    ['on the block list (in_blocklist)', totals.in_blocklist],
    ['skipped by a skip-if-in flag (skipped_count)', totals.skipped_count],
    ['refused by the server (4xx on a batch)', totals.rejected],
    ['not sent (malformed row or bad value)', totals.not_sent],
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const head = `${ctx.status === 'finished' ? 'Imported' : ctx.status === 'already finished' ? 'Already imported' : 'Partly imported'} ${ctx.file} into ${ctx.target}: ${totals.rows_read} of ${ctx.totalRows} rows read, ${totals.total_sent} sent`;
  const body = lines.filter(([, n], i) => i < 7 || n > 0).map(([label, n]) => `  ${label.padEnd(width)}  ${n}`);
  const report = ctx.reportPath !== null ? [`Report: ${ctx.reportPath} (${totals.report_rows} row${totals.report_rows === 1 ? '' : 's'} not created)`] : [];
  return [head, ...body, ...report].join('\n');
}

export function summaryJson(totals: Totals, ctx: SummaryContext): string {
  return JSON.stringify({ status: ctx.status, file: ctx.file, target: ctx.target, total_rows: ctx.totalRows, report: ctx.reportPath, state: ctx.statePath, ...totals });
}
