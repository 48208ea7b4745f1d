/**
 * `npm run bench`: the whole performance picture in one command and one table.
 *
 *   npm run bench                                  # 1M leads on PostgreSQL, 200k on PGlite
 *   npm run bench -- --leads 100000 --pglite-leads 20000 --import-leads 20000   # a quick look
 *
 * Runs read-bench.ts on each engine (every /leads/list filter over HTTP and as bare SQL, EXPLAIN
 * of the slowest, the streaming export, time to ready, memory), then import-bench.ts (bulk add
 * against COPY with the PostgreSQL workspace already holding --leads leads), then
 * startup-bench.ts (time to ready and memory on an existing store of each size).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { type ReadBenchResult, runReadBench } from './read-bench.js';

interface Options {
  leads: number;
  pgliteLeads: number;
  importLeads: number;
  iterations: number;
  engines: ('postgres' | 'pglite')[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { leads: 1_000_000, pgliteLeads: 200_000, importLeads: 100_000, iterations: 30, engines: ['postgres', 'pglite'] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = Number(value);
    if (flag === '--engines') {
      options.engines = value.split(',').map((e) => {
        if (e !== 'postgres' && e !== 'pglite') throw new Error('--engines is a comma-separated list of postgres and pglite');
        return e;
      });
    } else if (!Number.isInteger(count) || count < 0) throw new Error(`${flag} takes a whole number, not ${value}`);
    else if (flag === '--leads') options.leads = count;
    else if (flag === '--pglite-leads') options.pgliteLeads = count;
    else if (flag === '--import-leads') options.importLeads = count;
    else if (flag === '--iterations') options.iterations = Math.max(1, count);
    else throw new Error(`unknown option ${flag} (known: --leads, --pglite-leads, --import-leads, --iterations, --engines)`);
  }
  return options;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const TARGET_P99_MS = 50;
const ALWAYS_EXPLAINED = new Set(['list_id (newest list)', 'filter FILTER_VAL_INVALID', 'search common first name "john"', 'search full e-mail', 'search matching none, common trigrams', 'search 2 characters matching none "qx"']);

function printReads(results: ReadBenchResult[]): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('');
  out('| engine | leads | operation | rows | HTTP p50 ms | HTTP p99 ms | SQL p50 ms | SQL p99 ms | HTTP ÷ SQL (p50) | p99 < 50 ms |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const op of r.operations) {
      out(`| ${r.engine} | ${r.leads} | ${op.operation} | ${op.rows} | ${ms(op.httpP50)} | ${ms(op.httpP99)} | ${ms(op.sqlP50)} | ${ms(op.sqlP99)} | ${(op.httpP50 / op.sqlP50).toFixed(1)} | ${op.httpP99 < TARGET_P99_MS ? 'yes' : '**no**'} |`);
    }
  }
  out('');
  out('| engine | leads | fill (SQL) s | time to ready s | idle RSS MiB | API export rows/s | CLI export s | CLI rows/s | server peak RSS MiB |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    out(`| ${r.engine} | ${r.leads} | ${r.fillSeconds.toFixed(0)} | ${r.readySeconds.toFixed(1)} | ${r.idleRssMb.toFixed(0)} | ${r.exportRowsPerSecond.toFixed(0)} | ${r.cliExportSeconds.toFixed(1)} | ${r.cliRowsPerSecond.toFixed(0)} | ${r.serverPeakRssMb.toFixed(0)} |`);
  }
  for (const r of results) {
    // The three slowest as bare SQL, and the three the issue singled out whatever their speed.
    const slowest = [...r.operations].sort((a, b) => b.sqlP50 - a.sqlP50).slice(0, 3);
    const named = r.operations.filter((op) => ALWAYS_EXPLAINED.has(op.operation) && !slowest.includes(op));
    for (const op of [...slowest, ...named]) {
      out('');
      out(`EXPLAIN (ANALYZE, BUFFERS) — ${r.engine}, ${op.operation} (SQL p50 ${ms(op.sqlP50)} ms):`);
      out('```');
      out(op.explain);
      out('```');
    }
  }
}

async function runImportBench(options: Options): Promise<void> {
  const args = ['dist/bench/import-bench.js', '--engine', 'postgres', '--leads', String(options.importLeads), '--concurrency', '2', '--preload', String(options.leads)];
  process.stdout.write(`\nbulk add vs COPY: node ${args.join(' ')}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import-bench exited with ${code}`))));
  });
}

/** bench/startup-bench.ts: where a start's time and memory go, on stores of the same sizes. */
async function runStartupBench(options: Options): Promise<void> {
  const args = ['dist/bench/startup-bench.js', '--engines', options.engines.join(','), '--leads', String(options.leads), '--pglite-leads', String(options.pgliteLeads)];
  process.stdout.write(`\nstart-up: node ${args.join(' ')}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`startup-bench exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  process.stdout.write(`${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const results: ReadBenchResult[] = [];
  for (const engine of options.engines) {
    results.push(await runReadBench({ engine, leads: engine === 'postgres' ? options.leads : options.pgliteLeads, iterations: options.iterations }, log));
  }
  printReads(results);
  if (options.importLeads > 0 && options.engines.includes('postgres')) await runImportBench(options);
  await runStartupBench(options);
  process.stdout.write(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
