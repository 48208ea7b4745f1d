/** What every benchmark needs: the built server as a child process, its memory, percentiles. */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type PostgresCluster, freePort, startPostgresCluster } from '../test/support/postgres-cluster.js';

export async function api<T>(base: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/**
 * One keep-alive connection for timed requests. `fetch` (undici) spends 1.1–1.5 ms of its own on
 * a 128 KB /leads/list page (WHATWG streams; measured against node:http on the same server and
 * page, p50 5.1–5.5 against 4.0 ms): that is the client's cost, which the bare-SQL side, timed
 * through node-postgres, does not pay. A lean client, as load testers use, times the server.
 */
const timedAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** POSTs a JSON body over timedAgent and reads the whole answer; rejects unless it is 2xx. */
export function postForTiming(base: string, key: string, path: string, body: unknown): Promise<number> {
  const url = new URL(path, base);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: timedAgent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(chunks.reduce((bytes, chunk) => bytes + chunk.length, 0));
          else reject(new Error(`${path}: ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

export function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [...(process.env.BENCH_SERVER_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE_DIR}`] : []), 'dist/src/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', process.env.BENCH_SERVER_LOG === '1' ? 'inherit' : 'ignore', 'inherit'] });
}

export async function waitHealthy(base: string, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become healthy');
}

const statusField = (pid: number, field: 'VmHWM' | 'VmRSS'): number => {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) / 1024;
};
/** Peak resident memory of a process, from the kernel's high-water mark. */
export const peakRssMb = (pid: number): number => statusField(pid, 'VmHWM');
/** Resident memory of a process now. */
export const rssMb = (pid: number): number => statusField(pid, 'VmRSS');

export async function stopServer(child: ChildProcess): Promise<void> {
  timedAgent.destroy();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

export interface BenchStore {
  /** The server's environment: port, admin key, and the store it uses. */
  env: NodeJS.ProcessEnv;
  base: string;
  /** Set on PostgreSQL: a database of its own on a throwaway cluster. */
  databaseUrl: string | null;
  cluster: PostgresCluster | null;
  /** Where the embedded store lives (PGlite). */
  dataDir: string;
}

/** A fresh store for one benchmark run: a throwaway PostgreSQL cluster, or a PGlite directory in scratch. */
export async function prepareBenchStore(engine: 'pglite' | 'postgres', scratch: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchStore> {
  const port = await freePort();
  const dataDir = join(scratch, 'data');
  const env: NodeJS.ProcessEnv = { PORT: String(port), LEADBASE_ADMIN_KEY: BENCH_ADMIN_KEY, LEADBASE_LOG_LEVEL: 'warn', ...extraEnv };
  if (engine === 'pglite') return { env: { ...env, LEADBASE_DATA_DIR: dataDir }, base: `http://127.0.0.1:${port}`, databaseUrl: null, cluster: null, dataDir };
  const cluster = await startPostgresCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE leadbase_bench');
  await admin.end();
  const databaseUrl = cluster.url.replace(/\/postgres$/, '/leadbase_bench');
  return { env: { ...env, DATABASE_URL: databaseUrl }, base: `http://127.0.0.1:${port}`, databaseUrl, cluster, dataDir };
}
