import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { type TestDnsServer, type ZoneEntry, startDnsServer } from '../support/dns-server.js';
import { type Harness, forEachEngine } from '../support/harness.js';

const ZONE: Record<string, ZoneEntry> = {
  'good.test': { mx: [{ exchange: 'mx.good.test', priority: 10 }] },
  'nullmx.test': { mx: [{ exchange: '', priority: 0 }] },
  'mailinator.com': { mx: [{ exchange: 'mail.mailinator.com', priority: 10 }] },
  'broken.test': { servfail: true },
  'slow.test': { mx: [{ exchange: 'mx.slow.test', priority: 10 }], held: true },
};

interface Verification {
  status?: string;
  email: string;
  verification_status: string;
  catch_all?: boolean | string;
  credits?: number | null;
  credits_used?: number | null;
}

const done = (email: string, verificationStatus: 'verified' | 'invalid'): Verification => ({
  status: 'success',
  email,
  verification_status: verificationStatus,
  catch_all: false,
  credits: null,
  credits_used: 0,
});

const path = (email: string) => `/api/v2/email-verification/${encodeURIComponent(email)}`;

/**
 * What the Instantly MCP server's verify_email does: POST the address, and while the answer is
 * pending, poll GET /email-verification/{email}. The bound on polls is a guard, not a timing.
 */
async function verifyLikeTheMcpServer(h: Harness, key: string, email: string): Promise<Verification> {
  const posted = await h.request<Verification>('POST', '/api/v2/email-verification', { key, body: { email } });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
  let answer = posted.body;
  for (let poll = 0; answer.verification_status === 'pending' && poll < 400; poll++) {
    await sleep(25);
    const got = await h.request<Verification>('GET', path(email), { key });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    answer = got.body;
  }
  return answer;
}

let dns: TestDnsServer | undefined;
before(async () => {
  dns = await startDnsServer(ZONE);
});
after(async () => {
  await dns?.close();
});

forEachEngine(
  (h) => {
    describe('happy path', () => {
      test('the MCP verify_email flow: POST, then GET answers the same check, whatever the case of the address', async () => {
        const ws = await h.newWorkspace();
        assert.deepEqual(await verifyLikeTheMcpServer(h, ws.key, 'Ann@Good.test'), done('Ann@Good.test', 'verified'));
        const again = await h.request('GET', path('ann@good.test'), { key: ws.key });
        assert.equal(again.status, 200);
        assert.deepEqual(again.body, done('Ann@Good.test', 'verified'));
      });

      test('each kind of address gets the verdict docs/compatibility.md gives it', async () => {
        const ws = await h.newWorkspace();
        const cases: [string, 'verified' | 'invalid'][] = [
          ['bob@good.test', 'verified'],
          // A role mailbox takes mail; a throwaway one is no lead.
          ['info@good.test', 'verified'],
          ['gus@mailinator.com', 'invalid'],
          ['dee@nowhere.test', 'invalid'],
          ['eve@nullmx.test', 'invalid'],
          ['not an address', 'invalid'],
        ];
        for (const [email, expected] of cases) {
          assert.deepEqual(await verifyLikeTheMcpServer(h, ws.key, email), done(email, expected), email);
        }
      });

      test('a check slower than the wait is answered pending, and GET gives its result once DNS answers', async () => {
        const ws = await h.newWorkspace();
        const posted = await h.request<Verification>('POST', '/api/v2/email-verification', { key: ws.key, body: { email: 'sam@slow.test' } });
        assert.equal(posted.status, 200);
        const pending = { email: 'sam@slow.test', verification_status: 'pending', catch_all: 'pending', credits: null, credits_used: null };
        assert.deepEqual(posted.body, pending);
        assert.deepEqual((await h.request('GET', path('sam@slow.test'), { key: ws.key })).body, pending);
        dns?.release();
        let answer = pending as Verification;
        for (let poll = 0; answer.verification_status === 'pending' && poll < 400; poll++) {
          await sleep(25);
          answer = (await h.request<Verification>('GET', path('sam@slow.test'), { key: ws.key })).body;
        }
        assert.deepEqual(answer, done('sam@slow.test', 'verified'));
      });
    });

    describe('errors', () => {
      test('a resolver failure is answered status error and not kept: GET then answers 404', async () => {
        const ws = await h.newWorkspace();
        const r = await h.request<Verification>('POST', '/api/v2/email-verification', { key: ws.key, body: { email: 'hal@broken.test' } });
        assert.equal(r.status, 200);
        // On a busy machine the SERVFAIL may come after the wait: then the pending check is dropped.
        if (r.body.status !== undefined) {
          assert.deepEqual(r.body, { status: 'error', email: 'hal@broken.test', verification_status: 'pending', catch_all: 'pending', credits: null, credits_used: null });
        }
        let got = await h.request('GET', path('hal@broken.test'), { key: ws.key });
        for (let poll = 0; got.status === 200 && poll < 400; poll++) {
          await sleep(25);
          got = await h.request('GET', path('hal@broken.test'), { key: ws.key });
        }
        assert.deepEqual(got.body, { statusCode: 404, error: 'Not Found', message: 'Email verification not found' });
      });

      test('an address never checked, or checked in another workspace, is 404', async () => {
        const ws = await h.newWorkspace();
        const other = await h.newWorkspace();
        await verifyLikeTheMcpServer(h, other.key, 'ann@good.test');
        const r = await h.request('GET', path('ann@good.test'), { key: ws.key });
        assert.equal(r.status, 404);
        assert.equal(r.body.message, 'Email verification not found');
      });

      test('bad bodies are refused by name, webhook_url among them (Leadbase sends no webhooks)', async () => {
        const ws = await h.newWorkspace();
        const cases: [unknown, string][] = [
          [{}, "body must have required property 'email'"],
          [{ email: 42 }, 'body/email must be string'],
          [{ email: 'a@good.test', webhook_url: 'https://example.com/hook' }, 'body/webhook_url is not supported: Leadbase sends no webhooks; poll GET /api/v2/email-verification/{email} for a pending result'],
        ];
        for (const [body, message] of cases) {
          const r = await h.request('POST', '/api/v2/email-verification', { key: ws.key, body });
          assert.deepEqual(r.body, { statusCode: 400, error: 'Bad Request', message }, JSON.stringify(body));
        }
      });
    });

    describe('security', () => {
      test('POST needs email_verifications:create and GET email_verifications:read', async () => {
        const ws = await h.newWorkspace();
        const reader = await h.keyWithScopes(ws.key, ['email_verifications:read']);
        const post = await h.request('POST', '/api/v2/email-verification', { key: reader, body: { email: 'ann@good.test' } });
        assert.equal(post.status, 401);
        assert.match(post.body.message, /email_verifications:create/);
        const creator = await h.keyWithScopes(ws.key, ['email_verifications:create']);
        assert.equal((await h.request('POST', '/api/v2/email-verification', { key: creator, body: { email: 'ann@good.test' } })).status, 200);
        assert.equal((await h.request('GET', path('ann@good.test'), { key: creator })).status, 401);
        assert.equal((await h.request('GET', path('ann@good.test'), { key: reader })).status, 200);
        assert.equal((await h.request('GET', path('ann@good.test'), { key: null })).status, 401);
      });
    });
  },
  describe,
  // Short, so that the held look-up is answered pending well before the resolver gives up on it
  // (c-ares shortens its time-out for a server that answered fast before); checks that take
  // longer than this on a busy machine are polled, as the MCP server does.
  () => ({ dnsServers: dns?.servers ?? [], emailVerificationWaitMs: 200 }),
);
