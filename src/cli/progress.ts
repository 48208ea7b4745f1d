import cliProgress from 'cli-progress';

export interface Progress {
  /** rows: done so far in total (earlier runs included). */
  update(rows: number): void;
  /** A message that must not be garbled by the bar. */
  log(message: string): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number | null;
  /** Rows already done when this run started (a resumed import). */
  start: number;
  tty: boolean;
  quiet: boolean;
  intervalMs: number;
}

const formatSeconds = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

/** Rows per second over this run only: rows an earlier run did would inflate it. */
function rateTracker(start: number) {
  const began = Date.now();
  return (rows: number) => {
    const seconds = (Date.now() - began) / 1000;
    return seconds > 0 ? (rows - start) / seconds : 0;
  };
}

/**
 * On a terminal, a bar with rows, rows/s and time left; otherwise (a log, CI, a pipe) one plain
 * line every intervalMs, which reads well in a file and costs nothing when nobody watches.
 */
export function createProgress(options: ProgressOptions): Progress {
  const rate = rateTracker(options.start);
  const out = process.stderr;
  if (options.quiet) return { update: () => undefined, log: (m) => out.write(`${m}\n`), stop: () => undefined };

  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | {left} left`,
        stream: out,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    const total = options.total ?? 0;
    bar.start(total, options.start, { rate: '0', left: '?' });
    return {
      update(rows) {
        const r = rate(rows);
        bar.update(rows, { rate: Math.round(r).toLocaleString('en-US'), left: r > 0 && total > 0 ? formatSeconds((total - rows) / r) : '?' });
      },
      log(message) {
        // cli-progress redraws on its own line; clear it, print, and let the next update redraw.
        out.write(`\r\x1b[2K${message}\n`);
      },
      stop() {
        bar.stop();
      },
    };
  }

  let last = 0;
  let latest = options.start;
  let printed = options.start;
  const line = () => {
    printed = latest;
    const r = rate(latest);
    const of = options.total !== null ? `/${options.total} rows (${options.total > 0 ? Math.floor((latest / options.total) * 100) : 100}%)` : ' rows';
    const left = options.total !== null && r > 0 && latest < options.total ? `, about ${formatSeconds((options.total - latest) / r)} left` : '';
    out.write(`${options.label}: ${latest}${of}, ${Math.round(r)} rows/s${left}\n`);
  };
  return {
    update(rows) {
      latest = rows;
      const now = Date.now();
      if (now - last >= options.intervalMs) {
        last = now;
        line();
      }
    },
    log: (m) => out.write(`${m}\n`),
    stop: () => {
      if (latest !== printed) line();
    },
  };
}
