/**
 * The CLI as a user runs it (`node dist/src/cli/main.js`, a subprocess) against the built server
 * as a child process over real HTTP. The server runs on a database of its own in the suite's
 * PostgreSQL when there is one (fast to start), else on a fresh PGlite data directory.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/postgres-cluster.js';
import { createTestDatabase } from '../support/postgres-database.js';
import { fetchChecked } from '../support/http-contract.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
export const ADMIN_KEY = 'cli-test-admin-key-0123456789';
const START_TIMEOUT_MS = 120_000;

export interface TestServer {
  url: string;
  port: number;
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
  dataDir: string | null;
  /** Starts the same server again (same port and store) after stop() or a kill. */
  restart(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

/** The environment without anything of ours that could leak in from the runner's own. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'HOST', 'LEADBASE_DATA_DIR', 'DATABASE_URL', 'LEADBASE_ADMIN_KEY', 'LEADBASE_URL', 'LEADBASE_API_KEY', 'LEADBASE_STATE_DIR', 'LEADBASE_LOG_LEVEL']) delete env[name];
  return { ...env, ...extra };
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before it was healthy:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`server not healthy after ${START_TIMEOUT_MS} ms:\n${log()}`);
}

export async function startTestServer(options: { engine?: 'pglite' | 'postgres' } = {}): Promise<TestServer> {
  const pgUrl = process.env.LEADBASE_TEST_PG_URL;
  const engine = options.engine ?? (pgUrl !== undefined ? 'postgres' : 'pglite');
  const port = await freePort();
  const database = engine === 'postgres' && pgUrl !== undefined ? await createTestDatabase('leadbase_cli') : null;
  const dataDir = database === null ? mkdtempSync(join(tmpdir(), 'leadbase-cli-store-')) : null;
  const env = cleanEnv({
    PORT: String(port),
    LEADBASE_ADMIN_KEY: ADMIN_KEY,
    LEADBASE_LOG_LEVEL: 'warn',
    ...(database !== null ? { DATABASE_URL: database.url } : { LEADBASE_DATA_DIR: join(dataDir ?? '', 'data') }),
  });
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let current: ChildProcess | null = null;
  const launch = async () => {
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
    current = child;
    await waitHealthy(url, child, () => output);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const child = current;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  const server: TestServer = {
    url, port, env, dataDir,
    get child() {
      assert.ok(current !== null, 'the server was never started');
      return current;
    },
    restart: launch,
    stop,
    async dispose() {
      await stop('SIGKILL');
      await database?.drop();
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await launch();
  return server;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawnCli(args, env);
  return child.done;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<CliResult>; output(): CliResult } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, output: () => ({ code: child.exitCode, stdout, stderr }) };
}

export async function api<T = unknown>(server: TestServer, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const { response, text, body: answer } = await fetchChecked(server.url, path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return answer as T;
}

/** A workspace of its own for one test, made through the CLI; returns its all:all key. */
export async function newWorkspace(server: TestServer, name = `ws-${randomUUID().slice(0, 8)}`): Promise<string> {
  const result = await runCli(['--url', server.url, 'workspaces', 'create', name, '--admin-key', ADMIN_KEY, '--json'], cleanEnv());
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { api_key: { key: string } }).api_key.key;
}

export async function newList(server: TestServer, key: string, name = 'list'): Promise<string> {
  return (await api<{ id: string }>(server, key, 'POST', '/api/v2/lead-lists', { name })).id;
}

export interface LeadSeen {
  id: string;
  email: string | null;
  first_name?: string | null;
  payload?: Record<string, unknown> | null;
}

/** Every lead of a list, through the API's paging. */
export async function leadsOf(server: TestServer, key: string, filter: Record<string, unknown>): Promise<LeadSeen[]> {
  const leads: LeadSeen[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<{ items: LeadSeen[]; next_starting_after?: string }>(server, key, 'POST', '/api/v2/leads/list', { ...filter, limit: 100, ...(cursor !== undefined ? { starting_after: cursor } : {}) });
    leads.push(...page.items);
    cursor = page.next_starting_after;
  } while (cursor !== undefined);
  return leads;
}

/** When a lead id (a UUIDv7: its first 48 bits are Unix milliseconds) was made, as the import report writes it. */
export function leadIdTime(id: string): string {
  return new Date(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toISOString();
}

export function tempDir(): { dir: string; file(name: string, content: string | Buffer): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadbase-cli-'));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * One built server and one temporary folder for a whole test file: the server starts before the
 * file's first test and both are disposed of after its last (`suite.server` is read in tests).
 */
export function serverForThisFile(): { readonly server: TestServer; readonly temp: ReturnType<typeof tempDir> } {
  let started: TestServer | undefined;
  const temp = tempDir();
  before(async () => {
    started = await startTestServer();
  });
  after(async () => {
    await started?.dispose();
    temp.remove();
  });
  return {
    get server() {
      if (started === undefined) throw new Error('the test server is read before the file started it');
      return started;
    },
    temp,
  };
}

/** The CLI's environment for one workspace: URL and key from the environment, state kept in dir. */
export function cliEnv(server: TestServer, key: string, stateDir: string): NodeJS.ProcessEnv {
  return cleanEnv({ LEADBASE_URL: server.url, LEADBASE_API_KEY: key, LEADBASE_STATE_DIR: stateDir });
}

const SCHEDULE = { schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true, '2': true }, timezone: 'America/Chicago' }] };

export async function newCampaign(server: TestServer, key: string, name = 'campaign'): Promise<string> {
  return (await api<{ id: string }>(server, key, 'POST', '/api/v2/campaigns', { name, campaign_schedule: SCHEDULE })).id;
}
