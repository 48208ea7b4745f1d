import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminKey: string | null;
  logLevel: string;
}

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
  return {
    port,
    host: optional(env, 'HOST') ?? '127.0.0.1',
    dataDir: resolve(optional(env, 'LEADBASE_DATA_DIR') ?? './data'),
    databaseUrl,
    adminKey,
    logLevel,
  };
}
