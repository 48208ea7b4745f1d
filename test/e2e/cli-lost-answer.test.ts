/**
 * A batch whose answer is lost after the server committed it: the CLI sends it again, and the
 * server answers its rows as already there (duplicated_lead, or skipped under a skip flag) with
 * the lead the first send created. The report must say those leads were added by this import,
 * not that they were there before it. A forwarding proxy in front of the real server drops the
 * first answer to /leads/add by closing the connection after the server has answered.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type TestServer, api, cleanEnv, leadIdTime, leadsOf, newList, newWorkspace, runCli, startTestServer, tempDir } from './cli-harness.js';

let server: TestServer;
const temp = tempDir();
const TIMEOUT = { timeout: 120_000 };

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.dispose();
  temp.remove();
});

/** Forwards everything to the server, but cuts the connection instead of returning the first /leads/add answer. */
async function lossyProxy(target: string): Promise<{ url: string; dropped: () => number; close: () => void }> {
  let dropped = 0;
  const proxy: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const method = request.method ?? 'GET';
      const answer = await fetch(`${target}${request.url ?? '/'}`, { method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
      const text = await answer.text();
      if (method === 'POST' && request.url === '/api/v2/leads/add' && dropped === 0) {
        dropped++;
        request.socket.destroy(); // the server committed the batch; the client never hears of it
        return;
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
    })();
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, dropped: () => dropped, close: () => proxy.close() };
}

function readReport(path: string): string[][] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
  return rows.map((r) => [r.line ?? '', r.reason ?? '', r.detail ?? '']);
}

const AGAIN = 'by another line with the same e-mail, or by this row when its batch was first sent and the answer was lost';

describe('a batch re-sent after its answer was lost', () => {
  test('rows the first send created are reported as added during this import; a lead from before stays "before"', TIMEOUT, async () => {
    const key = await newWorkspace(server);
    const list = await newList(server, key);
    const old = await api<{ id: string }>(server, key, 'POST', '/api/v2/leads', { list_id: list, email: 'old@example.com' });
    const proxy = await lossyProxy(server.url);
    try {
      const csv = temp.file('lost.csv', 'Email\na@example.com\nold@example.com\nb@example.com\n');
      const reportPath = `${temp.dir}/lost-report.csv`;
      const result = await runCli(['import', csv, '--list', list, '--report', reportPath], cleanEnv({ LEADBASE_URL: proxy.url, LEADBASE_API_KEY: key, LEADBASE_STATE_DIR: temp.dir }));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(proxy.dropped(), 1);
      assert.match(result.stderr, /retrying in/);
      const leads = await leadsOf(server, key, { list_id: list });
      const id = (email: string) => leads.find((l) => l.email === email)?.id ?? 'missing';
      assert.equal(leads.length, 3, 'each lead once');
      assert.deepEqual(readReport(reportPath), [
        ['2', 'already_in_list', `added during this import (lead ${id('a@example.com')}, added ${leadIdTime(id('a@example.com'))}): ${AGAIN}`],
        ['3', 'already_in_list', `in the list before this import began (lead ${old.id}, added ${leadIdTime(old.id)})`],
        ['4', 'already_in_list', `added during this import (lead ${id('b@example.com')}, added ${leadIdTime(id('b@example.com'))}): ${AGAIN}`],
      ]);
    } finally {
      proxy.close();
    }
  });

  test('under a skip flag the re-sent rows come back skipped by their own lead, and the report says so', TIMEOUT, async () => {
    const key = await newWorkspace(server);
    const list = await newList(server, key);
    const otherList = await newList(server, key, 'other');
    const other = await api<{ id: string }>(server, key, 'POST', '/api/v2/leads', { list_id: otherList, email: 'other@example.com' });
    const proxy = await lossyProxy(server.url);
    try {
      const csv = temp.file('lost-skip.csv', 'Email\na@example.com\nother@example.com\n');
      const reportPath = `${temp.dir}/lost-skip-report.csv`;
      const result = await runCli(['import', csv, '--list', list, '--skip-if-in-workspace', '--report', reportPath], cleanEnv({ LEADBASE_URL: proxy.url, LEADBASE_API_KEY: key, LEADBASE_STATE_DIR: temp.dir }));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(proxy.dropped(), 1);
      const [a] = await leadsOf(server, key, { list_id: list });
      assert.ok(a !== undefined && a.email === 'a@example.com');
      const skipped = 'skipped: already in a list of this workspace (skip_if_in_workspace)';
      assert.deepEqual(readReport(reportPath), [
        ['2', 'skipped', `${skipped}: lead ${a.id}, added during this import (${leadIdTime(a.id)}): ${AGAIN}`],
        ['3', 'skipped', `${skipped}: lead ${other.id}`],
      ]);
    } finally {
      proxy.close();
    }
  });
});
