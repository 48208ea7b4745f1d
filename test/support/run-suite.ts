/**
 * `npm test`: starts a throwaway PostgreSQL cluster, runs every test file once with Node's test
 * runner (integration suites run each test on PGlite and on that PostgreSQL), stops the cluster.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster } from './postgres-cluster.js';
import { TALLY_ENV, summarizeTally } from './response-contract-tally.js';

const testRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const sourceRoot = join(testRoot, '..', '..', 'test');

/** A compiled test whose source was deleted or renamed stays in dist/ until a clean build: skip it. */
const hasSource = (compiled: string) => existsSync(join(sourceRoot, compiled.slice(testRoot.length).replace(/\.js$/, '.ts')));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'support' ? [] : testFiles(path);
    return name.endsWith('.test.js') && hasSource(path) ? [path] : [];
  });
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const files = testFiles(testRoot).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
  const cluster = await startPostgresCluster();
  // The tally goes to a fresh file unless the caller chose one (to keep it for a closer look).
  const tallyFile = process.env[TALLY_ENV] ?? join(mkdtempSync(join(tmpdir(), 'leadbase-tally-')), 'tally.tsv');
  const stop = () => cluster.stop();
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], {
      stdio: 'inherit',
      env: { ...process.env, LEADBASE_TEST_PG_URL: cluster.url, [TALLY_ENV]: tallyFile },
    });
    const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)));
    process.stdout.write(`${summarizeTally(tallyFile)}\n`);
    return code;
  } finally {
    stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test suite could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
