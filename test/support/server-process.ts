import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './postgres-cluster.js';
import { fetchChecked } from './http-contract.js';

/** The built server entry point, started exactly as the README's start command runs it. */
export const SERVER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

// PGlite compiles its WebAssembly on start: on a loaded 2-core machine that can take over 30 s.
const START_TIMEOUT_MS = 120_000;

/** Starts the built server on a free port and waits until it is healthy (killing it if it never is). */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, LEADBASE_LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server = { child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
  try {
    await waitHealthy(server, START_TIMEOUT_MS);
  } catch (error) {
    await stopServerProcess(server, 'SIGKILL');
    throw error;
  }
  return server;
}

export async function waitHealthy(server: Pick<ServerProcess, 'base' | 'output' | 'child'>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    try {
      if ((await fetch(`${server.base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not become healthy:\n${server.output()}`);
}

export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}

/** JSON over real HTTP with a Bearer key, checked against its contract; answers the status and the parsed body. */
export async function httpJson<T = unknown>(base: string, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const answer = await fetchChecked(base, path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: answer.response.status, body: (answer.text === '' ? null : answer.body) as T };
}
