/**
 * The CLI's server and access commands: `serve`, `migrate` (and its refusal to open a PGlite
 * store a running server holds), `workspaces create`, `keys create|list|delete`, and the
 * messages for a missing key or an unreachable server.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { freePort } from '../support/postgres-cluster.js';
import { fetchChecked } from '../support/http-contract.js';
import { createTestDatabase } from '../support/postgres-database.js';
import { ADMIN_KEY, cleanEnv, newWorkspace, runCli, serverForThisFile, spawnCli } from './cli-harness.js';

const suite = serverForThisFile();
const { temp } = suite;

const TIMEOUT = { timeout: 180_000 };
const status = async (key: string, path = '/api/v2/api-keys') => (await fetchChecked(suite.server.url, path, { headers: { authorization: `Bearer ${key}` } })).response.status;

describe('leadbase workspaces and keys', () => {
  test('workspaces create prints the new key once, alone on stdout; only the admin key may call it', TIMEOUT, async () => {
    const made = await runCli(['--url', suite.server.url, 'workspaces', 'create', 'Acme Corp', '--admin-key', ADMIN_KEY], cleanEnv());
    assert.equal(made.code, 0, made.stderr);
    const secret = made.stdout.trim();
    assert.match(secret, /^\S{20,}$/);
    assert.match(made.stderr, /Created workspace \S+ "Acme Corp" and its API key \S+ \(all:all\)\.\nThe key's secret follows\. Store it now: it is shown only this once\./);
    assert.equal(await status(secret), 200);

    const refused = await runCli(['--url', suite.server.url, '--api-key', secret, 'workspaces', 'create', 'Other'], cleanEnv());
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^leadbase: the server refused POST \/api\/v2\/workspaces: HTTP 401: /m);
  });

  test('keys create, list and delete', TIMEOUT, async () => {
    const key = await newWorkspace(suite.server);
    const env = cleanEnv({ LEADBASE_URL: suite.server.url, LEADBASE_API_KEY: key });
    const created = await runCli(['keys', 'create', '--name', 'importer', '--scopes', 'leads:all,lead_lists:read'], env);
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.equal(await status(secret, '/api/v2/lead-lists'), 200);
    assert.equal(await status(secret, '/api/v2/api-keys'), 401, 'the new key has only the scopes asked for');

    const listed = await runCli(['keys', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const line = listed.stdout.split('\n').find((l) => l.includes('\timporter\t'));
    assert.ok(line !== undefined, listed.stdout);
    assert.ok(!listed.stdout.includes(secret), 'a listing never shows a whole secret');
    const [id] = line.split('\t');

    const json = await runCli(['keys', 'list', '--json'], env);
    const names = json.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name);
    assert.ok(names.includes('importer') && names.length === 2, json.stdout);

    const deleted = await runCli(['keys', 'delete', id ?? ''], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /Deleted API key .* "importer"\./);
    assert.equal(await status(secret, '/api/v2/lead-lists'), 401);
    const again = await runCli(['keys', 'delete', id ?? ''], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /HTTP 404: API key not found/);
  });

  test('a missing key and an unreachable server get a message that says what to do', TIMEOUT, async () => {
    const noKey = await runCli(['--url', suite.server.url, 'keys', 'list'], cleanEnv());
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /^leadbase: an API key is needed: pass --api-key KEY or set LEADBASE_API_KEY$/m);
    const port = await freePort();
    const gone = await runCli(['--url', `http://127.0.0.1:${port}`, '--api-key', 'k', '--retries', '1', 'keys', 'list'], cleanEnv());
    assert.equal(gone.code, 1);
    // Nothing ever answered there: no retries (test/e2e/cli-refused.test.ts has the rest).
    assert.doesNotMatch(gone.stderr, /retrying in/);
    assert.match(gone.stderr, new RegExp(`^leadbase: no Leadbase server at http://127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED .*\\): is it running\\? start it with \`leadbase serve\` or set LEADBASE_URL$`, 'm'));
  });
});

describe('leadbase serve and migrate', () => {
  test('serve starts the server; migrate refuses its PGlite store while it runs, and migrates it after', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const dataDir = join(temp.dir, 'served');
    const serving = spawnCli(['serve', '--port', String(port), '--data-dir', dataDir], cleanEnv({ LEADBASE_ADMIN_KEY: ADMIN_KEY, LEADBASE_LOG_LEVEL: 'warn' }));
    const deadline = Date.now() + 150_000;
    let healthy = false;
    while (!healthy && Date.now() < deadline && serving.child.exitCode === null) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await sleep(200);
    }
    assert.ok(healthy, serving.output().stderr);

    const locked = await runCli(['migrate', '--data-dir', dataDir], cleanEnv());
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, new RegExp(`the data directory ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${serving.child.pid} \\(a running Leadbase server\\?\\)`));

    serving.child.kill('SIGTERM');
    assert.equal((await serving.done).code, 0);
    const migrated = await runCli(['migrate', '--data-dir', dataDir], cleanEnv());
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /^the embedded store in .* is up to date\.$/m);
  });

  test('migrate applies the migrations to a new PGlite store', { timeout: 300_000 }, async () => {
    const fresh = await runCli(['migrate'], cleanEnv({ LEADBASE_DATA_DIR: join(temp.dir, 'fresh') }));
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /^Applied to the embedded store in .*fresh: 0001-initial, /m);
  });

  test('migrate applies the migrations to PostgreSQL (DATABASE_URL), once', { timeout: 120_000, skip: process.env.LEADBASE_TEST_PG_URL === undefined }, async () => {
    const database = await createTestDatabase('leadbase_cli_migrate');
    try {
      const env = cleanEnv({ DATABASE_URL: database.url });
      const first = await runCli(['migrate'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^Applied to PostgreSQL \(DATABASE_URL\): 0001-initial, /m);
      const second = await runCli(['migrate'], env);
      assert.equal(second.stdout.trim(), 'PostgreSQL (DATABASE_URL) is up to date.');
    } finally {
      await database.drop();
    }
  });
});
