import { after, before } from 'node:test';
import { type App, buildApp } from '../../src/http/app.js';
import { createWorker } from '../../src/jobs/index.js';
import { type Store, openStore } from '../../src/store/open-store.js';
import { assertContract, leadbaseContract } from './contract.js';
import { createTestDatabase } from './postgres-database.js';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this exact text as the body (malformed JSON tests). */
  rawBody?: string;
}

export interface Harness {
  engine: Engine;
  app: App;
  store: Store;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<Reply<T>>;
  /** A fresh workspace with an all:all key: each test works in a tenant of its own. */
  newWorkspace(name?: string): Promise<{ id: string; key: string }>;
  /** A key with exactly these scopes in the given workspace. */
  keyWithScopes(workspaceKey: string, scopes: string[]): Promise<string>;
  /** Runs every pending background job to its end with the real worker code, small batches. */
  runJobs(options?: RunJobsOptions): Promise<number>;
}

export interface RunJobsOptions {
  /**
   * The resolvers verification jobs ask. By default a loopback port where nothing listens: tests
   * never reach a real resolver, and a verification job run without its own DNS server (see
   * test/support/dns-server.ts) fails at once and leaves its leads pending.
   */
  dnsServers?: readonly string[];
  dnsTimeoutMs?: number;
}

const NO_DNS_SERVER = ['127.0.0.1:9'];

/** What a suite may change in the app it runs against (the resolvers of single e-mail verification…). */
export interface HarnessOptions {
  /** The resolvers POST /email-verification asks; by default the same dead port as runJobs. */
  dnsServers?: readonly string[];
  dnsTimeoutMs?: number;
  emailVerificationWaitMs?: number;
}

export async function openHarness(engine: Engine, options: HarnessOptions = {}): Promise<Harness & { close(): Promise<void> }> {
  const database = engine === 'postgres' ? await createTestDatabase() : null;
  const store = await openStore({ databaseUrl: database?.url ?? null, dataDir: null, adminKey: TEST_ADMIN_KEY });
  const app = await buildApp({
    db: store.db,
    engine: store.engine,
    adminKeyHash: store.instance.adminKeyHash,
    defaultWorkspaceId: store.instance.defaultWorkspaceId,
    dnsServers: options.dnsServers ?? NO_DNS_SERVER,
    dnsTimeoutMs: options.dnsTimeoutMs,
    emailVerificationWaitMs: options.emailVerificationWaitMs,
  });
  await app.ready();
  const ownDocument = leadbaseContract(app.swagger());

  const request = async <T>(method: string, url: string, options: RequestOptions = {}): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? TEST_ADMIN_KEY : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    const text = response.body;
    const contentType = String(response.headers['content-type'] ?? '');
    const body = (contentType.includes('application/json') && text !== '' ? JSON.parse(text) : text) as T;
    assertContract({ method, url, status: response.statusCode, contentType, body }, ownDocument);
    return { status: response.statusCode, body, headers: response.headers };
  };

  const newWorkspace = async (name = 'Test workspace') => {
    const reply = await request<{ id: string; api_key: { key: string } }>('POST', '/api/v2/workspaces', { body: { name } });
    if (reply.status !== 200) throw new Error(`could not create a workspace: ${JSON.stringify(reply.body)}`);
    return { id: reply.body.id, key: reply.body.api_key.key };
  };

  const keyWithScopes = async (workspaceKey: string, scopes: string[]) => {
    const reply = await request<{ key: string }>('POST', '/api/v2/api-keys', { key: workspaceKey, body: { name: `scopes ${scopes.join(' ')}`, scopes } });
    if (reply.status !== 200) throw new Error(`could not create a key: ${JSON.stringify(reply.body)}`);
    return reply.body.key;
  };

  return {
    engine,
    app,
    store,
    request,
    newWorkspace,
    keyWithScopes,
    runJobs: (options = {}) =>
      createWorker(store.db, app.log, { batchSize: 3, leaseMs: 60_000, dnsServers: options.dnsServers ?? NO_DNS_SERVER, dnsTimeoutMs: options.dnsTimeoutMs }).drain(),
    async close() {
      await app.close();
      await store.close();
      await database?.drop();
    },
  };
}

/**
 * Runs a suite once per engine: `suite` declares its tests with the harness, which is opened
 * before they run and closed after them.
 */
export function forEachEngine(
  suite: (h: Harness, engine: Engine) => void,
  describeFn: (name: string, fn: () => void) => void,
  // A function, read when the harness opens: a suite's own before() (a DNS server's port…) has run by then.
  options: () => HarnessOptions = () => ({}),
): void {
  for (const engine of ENGINES) {
    describeFn(engine, () => {
      let opened: (Harness & { close(): Promise<void> }) | undefined;
      const proxy = new Proxy({} as Harness, {
        get(_target, prop: keyof Harness) {
          if (prop === 'engine') return engine;
          if (opened === undefined) throw new Error('harness used before it was opened');
          return opened[prop];
        },
      });
      before(async () => {
        opened = await openHarness(engine, options());
      });
      after(async () => {
        await opened?.close();
      });
      suite(proxy, engine);
    });
  }
}
