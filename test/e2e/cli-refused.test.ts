/**
 * A CLI pointed at a port where nothing listens says so at once, instead of retrying for a
 * minute; a server that answered and then went away is still waited for. Attempts are counted
 * from the retry notices the CLI prints for each one, not from the clock.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { freePort } from '../support/postgres-cluster.js';
import { cleanEnv, runCli, tempDir } from './cli-harness.js';

const temp = tempDir();
after(() => temp.remove());

const LIST = '01900000-0000-7000-8000-000000000001';
const RETRY_NOTICE = /retrying in/g;
// Shorter than the default retries would take (about a minute): on the old code the test fails
// by timing out rather than hanging the suite.
const TEST_TIMEOUT_MS = 40_000;

describe('nothing listens at the URL', () => {
  const commands: [string, (url: string) => string[]][] = [
    ['keys list', (url) => ['--url', url, '--api-key', 'k', 'keys', 'list']],
    ['export', (url) => ['--url', url, '--api-key', 'k', 'export', '--list', LIST]],
    ['import', (url) => ['--url', url, '--api-key', 'k', 'import', temp.file('refused.csv', 'Email\nada@example.com\n'), '--list', LIST]],
    ['workspaces create', (url) => ['--url', url, 'workspaces', 'create', 'acme', '--admin-key', 'admin-key-0123456789']],
  ];
  for (const [name, args] of commands) {
    test(`${name} fails on the first refused connection with the hint`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const result = await runCli(args(url), cleanEnv({ LEADBASE_STATE_DIR: temp.dir }));
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stderr.match(RETRY_NOTICE)?.length ?? 0, 0, `retried:\n${result.stderr}`);
      // The import reports on the file first; the failure is the last line.
      assert.equal(
        result.stderr.trimEnd().split('\n').at(-1),
        `leadbase: no Leadbase server at ${url} (connect ECONNREFUSED ${url.slice('http://'.length)}): is it running? start it with \`leadbase serve\` or set LEADBASE_URL`,
      );
      assert.equal(result.stdout, '');
    });
  }

  test('LEADBASE_URL is what the message names', { timeout: TEST_TIMEOUT_MS }, async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runCli(['--api-key', 'k', 'keys', 'list'], cleanEnv({ LEADBASE_URL: url }));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^leadbase: no Leadbase server at ${url} `));
  });
});

describe('a server that answered, then went away', () => {
  test('is retried: the refused connection comes mid-command, where a restart is the likely cause', { timeout: TEST_TIMEOUT_MS }, async () => {
    // Answers the target check, then stops listening before the first batch arrives.
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ id: LIST, name: 'l' }));
      server.close();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const csv = temp.file('gone.csv', 'Email\nada@example.com\n');
    const result = await runCli(['--url', url, '--api-key', 'k', '--retries', '2', 'import', csv, '--list', LIST], cleanEnv({ LEADBASE_STATE_DIR: temp.dir }));
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr.match(RETRY_NOTICE)?.length, 2, result.stderr);
    assert.match(result.stderr, /failed after 3 attempts: connect ECONNREFUSED/);
    assert.match(result.stderr, /is the server running at/);
  });
});
