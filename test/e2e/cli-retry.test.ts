/**
 * How the CLI treats a server that pushes back: a 429 waits for its Retry-After, a 5xx is
 * retried with back-off, and the batch then counts once. A stand-in server answers exactly
 * that sequence, which a real server cannot be made to do on cue.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { cleanEnv, runCli, tempDir } from './cli-harness.js';

const temp = tempDir();
after(() => temp.remove());

const LIST = '01900000-0000-7000-8000-000000000001';

async function body(request: IncomingMessage): Promise<{ leads?: unknown[] }> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as { leads?: unknown[] });
}

test('a 429 is retried after its Retry-After, a 503 with back-off, and the batch counts once', { timeout: 60_000 }, async () => {
  const answers: number[] = [];
  const times: number[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const payload = await body(request);
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        answers.push(status);
        response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
      };
      if (request.method === 'GET' && request.url === `/api/v2/lead-lists/${LIST}`) return send(200, { id: LIST, name: 'l' });
      if (request.method !== 'POST' || request.url !== '/api/v2/leads/add') return send(404, { statusCode: 404, error: 'Not Found', message: 'Route not found' });
      times.push(Date.now());
      const adds = times.length;
      if (adds === 1) return send(429, { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 second' }, { 'retry-after': '1' });
      if (adds === 2) return send(503, { statusCode: 503, error: 'Service Unavailable', message: 'busy' });
      const count = payload.leads?.length ?? 0;
      return send(200, {
        status: 'success', total_sent: count, leads_uploaded: count, in_blocklist: 0, blocklist_used: null, duplicated_leads: 0, skipped_count: 0,
        invalid_email_count: 0, incomplete_count: 0, duplicate_email_count: 0, remaining_in_plan: null,
        created_leads: Array.from({ length: count }, (_, index) => ({ index, id: `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`, email: null, first_name: null, last_name: null, phone: null })),
      });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const csv = temp.file('retry.csv', 'Email\na@example.com\nb@example.com\n');
    const result = await runCli(['--url', url, '--api-key', 'k', 'import', csv, '--list', LIST, '--json'], cleanEnv({ LEADBASE_STATE_DIR: temp.dir }));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^leadbase: HTTP 429: Rate limit exceeded, retry in 1 second; retrying in 1\.0s \(attempt 1\)$/m);
    assert.match(result.stderr, /^leadbase: HTTP 503: busy; retrying in \d\.\ds \(attempt 2\)$/m);
    assert.ok((times[1] ?? 0) - (times[0] ?? 0) >= 950, 'waited for Retry-After');
    assert.deepEqual(answers, [200, 429, 503, 200]);
    const summary = JSON.parse(result.stdout) as { leads_uploaded: number; total_sent: number };
    assert.deepEqual([summary.leads_uploaded, summary.total_sent], [2, 2]);
  } finally {
    server.close();
  }
});
