/**
 * The embedded store's data directory as an operator meets it: a second server on a directory
 * in use is refused before it touches the store, a server killed with SIGKILL does not block the
 * next start, the files are the owner's only, and a port in use is reported in one line with
 * the store closed behind it. Real processes, real files.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LOCK_FILE } from '../../src/store/data-dir-lock.js';
import { freePort } from '../support/postgres-cluster.js';
import { SERVER_ENTRY, type ServerProcess, httpJson, startServerProcess, stopServerProcess } from '../support/server-process.js';

const ADMIN_KEY = 'pglite-data-dir-admin-key-0123456789';
const TIMEOUT = { timeout: 300_000 };
const root = mkdtempSync(join(tmpdir(), 'leadbase-data-dir-'));
const servers: ServerProcess[] = [];

after(async () => {
  await Promise.all(servers.map((server) => stopServerProcess(server, 'SIGKILL')));
  rmSync(root, { recursive: true, force: true });
});

async function serve(dataDir: string): Promise<ServerProcess> {
  const server = await startServerProcess({ LEADBASE_DATA_DIR: dataDir, LEADBASE_ADMIN_KEY: ADMIN_KEY });
  servers.push(server);
  return server;
}

/** Runs the built server expecting it to refuse to start; answers its exit code and stderr. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, LEADBASE_LOG_LEVEL: 'warn', HOST: '127.0.0.1', LEADBASE_ADMIN_KEY: ADMIN_KEY, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A server that does start is a failure, not a hang.
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, stderr };
}

/** Every path under dir whose mode lets anyone but the owner in. */
function notOwnerOnly(dir: string): string[] {
  const loose: string[] = [];
  const walk = (path: string) => {
    if ((statSync(path).mode & 0o077) !== 0) loose.push(`${path} ${(statSync(path).mode & 0o777).toString(8)}`);
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return loose;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('one server per embedded data directory', () => {
  const dataDir = join(root, 'store');
  let listId = '';

  test('a second server on a directory in use exits 1 naming LEADBASE_DATA_DIR and the holder; the first keeps its writes', TIMEOUT, async () => {
    const first = await serve(dataDir);
    const list = await httpJson<{ id: string }>(first.base, ADMIN_KEY, 'POST', '/api/v2/lead-lists', { name: 'Held' });
    assert.equal(list.status, 200);
    listId = list.body.id;
    const leads = Array.from({ length: 500 }, (_, i) => ({ email: `held-${i}@example.com` }));
    assert.equal((await httpJson(first.base, ADMIN_KEY, 'POST', '/api/v2/leads/add', { list_id: listId, leads })).status, 200);

    const second = await refusedStart({ LEADBASE_DATA_DIR: dataDir, PORT: String(await freePort()) });
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`^leadbase: could not start: the data directory ${escaped(dataDir)} is in use by process ${first.child.pid} `, 'm'));
    assert.match(second.stderr, /LEADBASE_DATA_DIR/);
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');

    const page = await httpJson<{ items: unknown[] }>(first.base, ADMIN_KEY, 'POST', '/api/v2/leads/list', { list_id: listId, limit: 100 });
    assert.equal(page.status, 200);
    assert.equal(page.body.items.length, 100);
  });

  test('its files and directories are the owner\'s only', TIMEOUT, () => {
    assert.deepEqual(notOwnerOnly(dataDir), []);
  });

  test('a server killed with SIGKILL leaves a lock that does not block the next start', TIMEOUT, async () => {
    const killed = servers.at(-1);
    assert.ok(killed !== undefined);
    assert.equal(await stopServerProcess(killed, 'SIGKILL'), null);
    assert.ok(existsSync(join(dataDir, LOCK_FILE)), 'a killed server cannot remove its lock');
    const next = await serve(dataDir);
    assert.equal((await httpJson(next.base, ADMIN_KEY, 'GET', `/api/v2/lead-lists/${listId}`)).status, 200);
    assert.deepEqual(notOwnerOnly(dataDir), []);
    assert.equal(await stopServerProcess(next, 'SIGTERM'), 0, next.output());
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false, 'a clean shutdown releases the lock');
  });
});

describe('a new store made in a child process', () => {
  /** The children of a process, from the kernel (Linux). */
  const childrenOf = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const until = async (condition: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return condition();
  };

  test('stops with a server killed while it works, and the next start makes the store', TIMEOUT, async () => {
    const dataDir = join(root, 'killed-while-new');
    const server = spawn(process.execPath, [SERVER_ENTRY], {
      env: { ...process.env, LEADBASE_LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(await freePort()), LEADBASE_DATA_DIR: dataDir, LEADBASE_ADMIN_KEY: ADMIN_KEY },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const pid = server.pid ?? 0;
    assert.ok(await until(() => childrenOf(pid).length > 0, 60_000), 'the server started a child to make the store');
    const [maker = 0] = childrenOf(pid);
    server.kill('SIGKILL');
    await exited;
    assert.ok(await until(() => !existsSync(`/proc/${maker}`), 60_000), 'the child went with its server');
    // Left running, it would have finished the store without the lock the next start takes; it
    // stopped instead, so the next start makes the store itself (its ready line says how long).
    const next = await startServerProcess({ LEADBASE_DATA_DIR: dataDir, LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_LOG_LEVEL: 'info' });
    servers.push(next);
    assert.match(next.output(), /"newStoreMs":\d+/, next.output());
    assert.equal((await httpJson(next.base, ADMIN_KEY, 'GET', '/api/v2/workspaces/current')).status, 200, next.output());
    assert.equal(await stopServerProcess(next, 'SIGTERM'), 0, next.output());
  });
});

describe('a port in use', () => {
  let holder: Server | undefined;
  after(() => holder?.close());

  test('is named in one line on stderr, exit 1, and the store is closed behind it', TIMEOUT, async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder?.listen(port, '127.0.0.1', resolve));
    const dataDir = join(root, 'port-in-use');
    const refused = await refusedStart({ LEADBASE_DATA_DIR: dataDir, PORT: String(port) });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^leadbase: could not start: PORT ${port} is in use on 127\\.0\\.0\\.1: `, 'm'));
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
    // Closed, not abandoned: the lock is released and the store opens again.
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false);
    const next = await serve(dataDir);
    assert.equal(await stopServerProcess(next, 'SIGTERM'), 0, next.output());
  });
});
