import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The error loadConfig throws for this environment; fails when it throws nothing. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  test('an empty environment gives the documented defaults', () => {
    assert.deepEqual(loadConfig({}), {
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: null,
      adminKey: null,
      logLevel: 'info',
      worker: true,
      jobLeaseMs: 30_000,
      // Unset: the engine picks (src/jobs/index.ts DEFAULT_BATCH_SIZE).
      jobBatchSize: null,
      jobPollMs: 1_000,
      dnsServers: null,
      dbConnectTimeoutMs: 5_000,
      dbStatementTimeoutMs: 30_000,
      dbPoolTimeoutMs: 10_000,
      headersTimeoutMs: 30_000,
      requestTimeoutMs: 300_000,
      keepAliveTimeoutMs: 72_000,
      smartleadRateLimit: { max: 1200, windowSeconds: 60 },
    });
  });

  test('blank values count as unset, so an empty PORT= in a .env file is not an error', () => {
    const config = loadConfig({
      PORT: '',
      HOST: '  ',
      LEADBASE_DATA_DIR: '',
      DATABASE_URL: ' ',
      LEADBASE_ADMIN_KEY: '',
      LEADBASE_LOG_LEVEL: '',
      LEADBASE_WORKER: '',
      LEADBASE_JOB_LEASE_MS: ' ',
    });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, resolve('./data'));
    assert.equal(config.databaseUrl, null);
    assert.equal(config.adminKey, null);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.worker, true);
    assert.equal(config.jobLeaseMs, 30_000);
  });

  test('every variable is read, trimmed, and the data dir made absolute', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      HOST: '0.0.0.0',
      LEADBASE_DATA_DIR: 'var/leadbase',
      DATABASE_URL: 'postgresql://leadbase:secret@db:5432/leadbase',
      LEADBASE_ADMIN_KEY: '  0123456789abcdef  ',
      LEADBASE_LOG_LEVEL: 'warn',
      LEADBASE_WORKER: 'off',
      LEADBASE_JOB_LEASE_MS: '5000',
      LEADBASE_JOB_BATCH_SIZE: ' 50 ',
      LEADBASE_JOB_POLL_MS: '1',
      LEADBASE_DB_CONNECT_TIMEOUT_MS: '1500',
      LEADBASE_DB_STATEMENT_TIMEOUT_MS: ' 60000 ',
      LEADBASE_DB_POOL_TIMEOUT_MS: '2500',
      LEADBASE_HEADERS_TIMEOUT_MS: '2000',
      LEADBASE_REQUEST_TIMEOUT_MS: ' 10000 ',
      LEADBASE_KEEP_ALIVE_TIMEOUT_MS: '500',
      LEADBASE_SMARTLEAD_RATE_LIMIT_MAX: ' 3 ',
      LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS: '10',
    });
    assert.deepEqual(config, {
      port: 8080,
      host: '0.0.0.0',
      dataDir: resolve('var/leadbase'),
      databaseUrl: 'postgresql://leadbase:secret@db:5432/leadbase',
      adminKey: '0123456789abcdef',
      logLevel: 'warn',
      worker: false,
      jobLeaseMs: 5000,
      jobBatchSize: 50,
      jobPollMs: 1,
      dnsServers: null,
      dbConnectTimeoutMs: 1500,
      dbStatementTimeoutMs: 60_000,
      dbPoolTimeoutMs: 2500,
      headersTimeoutMs: 2_000,
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 500,
      smartleadRateLimit: { max: 3, windowSeconds: 10 },
    });
  });

  test('PORT accepts the whole range 0 to 65535, and postgres:// as well as postgresql://', () => {
    assert.equal(loadConfig({ PORT: '0' }).port, 0);
    assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' }).databaseUrl, 'postgres://u@localhost/db');
  });

  test('LEADBASE_WORKER takes on/off, true/false, 1/0 in any case', () => {
    for (const on of ['on', 'ON', 'true', '1']) assert.equal(loadConfig({ LEADBASE_WORKER: on }).worker, true, on);
    for (const off of ['off', 'Off', 'false', '0']) assert.equal(loadConfig({ LEADBASE_WORKER: off }).worker, false, off);
  });

  test('LEADBASE_SMARTLEAD_RATE_LIMIT_MAX=0 turns the /api/v1 rate limit off', () => {
    assert.equal(loadConfig({ LEADBASE_SMARTLEAD_RATE_LIMIT_MAX: '0' }).smartleadRateLimit, false);
  });

  test('every log level pino knows is accepted', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      assert.equal(loadConfig({ LEADBASE_LOG_LEVEL: level }).logLevel, level);
    }
  });
});

describe('loadConfig errors name the variable and say what is wanted', () => {
  for (const port of ['abc', '-1', '65536', '3.5', '1e3', '80 80']) {
    test(`PORT=${port}`, () => {
      assert.equal(configError({ PORT: port }).message, `PORT must be a whole number from 0 to 65535, got "${port}"`);
    });
  }

  for (const url of ['mysql://root@localhost/leads', 'localhost:5432', 'file:./data']) {
    test(`DATABASE_URL=${url}`, () => {
      assert.equal(
        configError({ DATABASE_URL: url }).message,
        'DATABASE_URL must be a PostgreSQL connection URL (postgres://user:password@host:5432/database)',
      );
    });
  }

  for (const [why, key] of [['too short', 'short-key'], ['white space inside', 'abcdefgh ijklmnopq']] as const) {
    test(`LEADBASE_ADMIN_KEY ${why}`, () => {
      assert.equal(configError({ LEADBASE_ADMIN_KEY: key }).message, 'LEADBASE_ADMIN_KEY must be at least 16 characters with no white space');
    });
  }

  test('LEADBASE_WORKER other than on or off', () => {
    assert.equal(configError({ LEADBASE_WORKER: 'Sometimes' }).message, 'LEADBASE_WORKER must be on or off, got "sometimes"');
  });

  for (const name of ['LEADBASE_JOB_LEASE_MS', 'LEADBASE_JOB_BATCH_SIZE', 'LEADBASE_JOB_POLL_MS', 'LEADBASE_DB_CONNECT_TIMEOUT_MS', 'LEADBASE_DB_STATEMENT_TIMEOUT_MS', 'LEADBASE_DB_POOL_TIMEOUT_MS', 'LEADBASE_HEADERS_TIMEOUT_MS', 'LEADBASE_REQUEST_TIMEOUT_MS', 'LEADBASE_KEEP_ALIVE_TIMEOUT_MS']) {
    for (const value of ['0', '-5', '1.5', 'soon']) {
      test(`${name}=${value}`, () => {
        assert.equal(configError({ [name]: value }).message, `${name} must be a whole number of at least 1, got "${value}"`);
      });
    }
  }

  for (const [name, minimum, values] of [
    ['LEADBASE_SMARTLEAD_RATE_LIMIT_MAX', 0, ['-1', '2.5', 'lots']],
    ['LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS', 1, ['0', '-5', 'minute']],
  ] as const) {
    for (const value of values) {
      test(`${name}=${value}`, () => {
        assert.equal(configError({ [name]: value }).message, `${name} must be a whole number of at least ${minimum}, got "${value}"`);
      });
    }
  }

  test('a headers timeout longer than the request timeout that contains it', () => {
    assert.equal(
      configError({ LEADBASE_HEADERS_TIMEOUT_MS: '5000', LEADBASE_REQUEST_TIMEOUT_MS: '4000' }).message,
      'LEADBASE_HEADERS_TIMEOUT_MS (5000) must not be longer than LEADBASE_REQUEST_TIMEOUT_MS (4000)',
    );
  });

  test('LEADBASE_LOG_LEVEL outside the list', () => {
    assert.equal(
      configError({ LEADBASE_LOG_LEVEL: 'verbose' }).message,
      'LEADBASE_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });
});
