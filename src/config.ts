import { isIP } from 'node:net';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminKey: string | null;
  logLevel: string;
  /** Whether this process runs background jobs (LEADBASE_WORKER=off serves the API only). */
  worker: boolean;
  jobLeaseMs: number;
  /** LEADBASE_JOB_BATCH_SIZE; null: the engine's own default (small on PGlite). */
  jobBatchSize: number | null;
  jobPollMs: number;
  /** The resolvers e-mail verification asks (LEADBASE_DNS_SERVERS); null: the system's. */
  dnsServers: string[] | null;
  /** PostgreSQL only: how long making one connection may take. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL only: the server's statement_timeout for API and job queries (not migrations). */
  dbStatementTimeoutMs: number;
  /** PostgreSQL only: how long a query waits for a pooled connection. */
  dbPoolTimeoutMs: number;
  /** Slow clients: time to send a request's headers, a whole request, and idle keep-alive time. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** The Smartlead-compatible /api/v1 surface's limit per API key; false: no limit (MAX=0). */
  smartleadRateLimit: RateLimitSettings | false;
}

export interface RateLimitSettings {
  /** Requests one API key may make in one window. */
  max: number;
  windowSeconds: number;
}

/** Generous: a self-hosted server protects itself from a runaway script, not from its owner. */
export const DEFAULT_SMARTLEAD_RATE_LIMIT: RateLimitSettings = { max: 1200, windowSeconds: 60 };

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function optional(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** Reads the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = optional(env, 'PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${portText}"`);
  }
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL connection URL (postgres://user:password@host:5432/database)');
  }
  const adminKey = optional(env, 'LEADBASE_ADMIN_KEY');
  if (adminKey !== null && (adminKey.length < 16 || /\s/.test(adminKey))) {
    throw new ConfigError('LEADBASE_ADMIN_KEY must be at least 16 characters with no white space');
  }
  const logLevel = optional(env, 'LEADBASE_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LEADBASE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const workerText = (optional(env, 'LEADBASE_WORKER') ?? 'on').toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(workerText)) {
    throw new ConfigError(`LEADBASE_WORKER must be on or off, got "${workerText}"`);
  }
  const headersTimeoutMs = positiveInteger(env, 'LEADBASE_HEADERS_TIMEOUT_MS', 30_000);
  const requestTimeoutMs = positiveInteger(env, 'LEADBASE_REQUEST_TIMEOUT_MS', 300_000);
  // Node refuses a headers timeout longer than the request timeout that contains it.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`LEADBASE_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not be longer than LEADBASE_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  }
  return {
    port,
    host: optional(env, 'HOST') ?? '127.0.0.1',
    dataDir: resolve(optional(env, 'LEADBASE_DATA_DIR') ?? './data'),
    databaseUrl,
    adminKey,
    logLevel,
    worker: ['on', 'true', '1'].includes(workerText),
    jobLeaseMs: positiveInteger(env, 'LEADBASE_JOB_LEASE_MS', 30_000),
    jobBatchSize: positiveInteger(env, 'LEADBASE_JOB_BATCH_SIZE', null),
    jobPollMs: positiveInteger(env, 'LEADBASE_JOB_POLL_MS', 1_000),
    dnsServers: dnsServers(env),
    dbConnectTimeoutMs: positiveInteger(env, 'LEADBASE_DB_CONNECT_TIMEOUT_MS', 5_000),
    dbStatementTimeoutMs: positiveInteger(env, 'LEADBASE_DB_STATEMENT_TIMEOUT_MS', 30_000),
    dbPoolTimeoutMs: positiveInteger(env, 'LEADBASE_DB_POOL_TIMEOUT_MS', 10_000),
    headersTimeoutMs,
    requestTimeoutMs,
    // Longer than the 60 s idle timeout of common load balancers, so they never reuse a
    // connection this server has just closed.
    keepAliveTimeoutMs: positiveInteger(env, 'LEADBASE_KEEP_ALIVE_TIMEOUT_MS', 72_000),
    smartleadRateLimit: smartleadRateLimit(env),
  };
}

function wholeNumber<F extends number | null>(env: NodeJS.ProcessEnv, name: string, fallback: F, minimum: number): number | F {
  const text = optional(env, name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < minimum) throw new ConfigError(`${name} must be a whole number of at least ${minimum}, got "${text}"`);
  return Number(text);
}

function positiveInteger<F extends number | null>(env: NodeJS.ProcessEnv, name: string, fallback: F): number | F {
  return wholeNumber(env, name, fallback, 1);
}

/** LEADBASE_SMARTLEAD_RATE_LIMIT_MAX (0 turns the limit off) and _WINDOW_SECONDS. */
function smartleadRateLimit(env: NodeJS.ProcessEnv): RateLimitSettings | false {
  const max = wholeNumber(env, 'LEADBASE_SMARTLEAD_RATE_LIMIT_MAX', DEFAULT_SMARTLEAD_RATE_LIMIT.max, 0);
  const windowSeconds = wholeNumber(env, 'LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS', DEFAULT_SMARTLEAD_RATE_LIMIT.windowSeconds, 1);
  return max === 0 ? false : { max, windowSeconds };
}

const DNS_SERVERS_FORMAT = 'LEADBASE_DNS_SERVERS must be a comma-separated list of resolver IP addresses, each with an optional port (1.1.1.1, 127.0.0.1:5353, [2001:db8::1]:53)';

/**
 * c-ares takes IP addresses only (a resolver cannot be found by name without a resolver), in
 * the host[:port] / [v6]:port forms node:dns's setServers() reads.
 */
function dnsServers(env: NodeJS.ProcessEnv): string[] | null {
  const text = optional(env, 'LEADBASE_DNS_SERVERS');
  if (text === null) return null;
  return text.split(',').map((raw) => checkDnsServer(raw.trim(), text));
}

function checkDnsServer(entry: string, text: string): string {
  if (entry === '') throw new ConfigError(`${DNS_SERVERS_FORMAT}; got an empty entry in "${text}"`);
  if (isIP(entry) !== 0) return entry;
  const notAnAddress = new ConfigError(`${DNS_SERVERS_FORMAT}; "${entry}" is not an IP address`);
  const bracketed = /^\[(.+)\](?::(.*))?$/.exec(entry);
  const colon = entry.lastIndexOf(':');
  const [host, port] = bracketed !== null ? [bracketed[1] ?? '', bracketed[2]] : colon < 0 ? ['', ''] : [entry.slice(0, colon), entry.slice(colon + 1)];
  // An IPv6 address with a port must be bracketed, or its last group would read as the port.
  if (isIP(host) !== (bracketed !== null ? 6 : 4)) throw notAnAddress;
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    throw new ConfigError(`${DNS_SERVERS_FORMAT}; "${entry}" has a port that is not a whole number from 1 to 65535`);
  }
  return entry;
}
