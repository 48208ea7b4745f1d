import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DnsChecker } from '../../src/verification/dns-checker.js';
import { type TestDnsServer, type ZoneEntry, closedUdpPort, startDnsServer } from '../support/dns-server.js';
import { type Harness, forEachEngine } from '../support/harness.js';

const ZONE: Record<string, ZoneEntry> = {
  'good.test': { mx: [{ exchange: 'mx.good.test', priority: 10 }] },
  'a-only.test': { a: ['192.0.2.10'] },
  'v6-only.test': { aaaa: ['2001:db8::10'] },
  'nullmx.test': { mx: [{ exchange: '', priority: 0 }] },
  'nomail.test': {},
  'mailinator.com': { mx: [{ exchange: 'mail.mailinator.com', priority: 10 }] },
  'broken.test': { servfail: true },
};

/** Each address and the status the job must give it (docs/verification.md). */
const EXPECTED: Record<string, number> = {
  'ann@good.test': 1,
  'info@good.test': -2,
  'bob@a-only.test': 1,
  'cy@v6-only.test': 1,
  'dee@nowhere.test': -1,
  'eve@nullmx.test': -1,
  'fay@nomail.test': -1,
  'gus@mailinator.com': -2,
  'hal@broken.test': -2,
};

const schedule = { schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };

async function newList(h: Harness, key: string): Promise<string> {
  return (await h.request('POST', '/api/v2/lead-lists', { key, body: { name: 'Verify me' } })).body.id as string;
}

async function addLeads(h: Harness, key: string, target: Record<string, string>, emails: string[], verify: boolean): Promise<Map<string, string>> {
  const r = await h.request('POST', '/api/v2/leads/add', { key, body: { ...target, verify_leads_on_import: verify, leads: emails.map((email) => ({ email })) } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return new Map((r.body.created_leads as { id: string; email: string }[]).map((c) => [c.email, c.id]));
}

async function statusOf(h: Harness, key: string, id: string): Promise<number | undefined> {
  const r = await h.request('GET', `/api/v2/leads/${id}`, { key });
  assert.equal(r.status, 200);
  return r.body.verification_status;
}

async function stats(h: Harness, key: string, listId: string) {
  const r = await h.request('GET', `/api/v2/lead-lists/${listId}/verification-stats`, { key });
  assert.equal(r.status, 200);
  return r.body;
}

async function onlyJob(h: Harness, key: string, entityId: string) {
  const r = await h.request('GET', `/api/v2/background-jobs?type=import-leads&entity_id=${entityId}`, { key });
  assert.equal(r.body.items.length, 1);
  return r.body.items[0];
}

const pendingStats = (n: number) => ({ stats: { verified: 0, invalid: 0, risky: 0, catch_all: 0, job_change: 0, verification_job_pending_leadfinder: 0, verification_job_pending_user: n }, total_leads: n });

forEachEngine((h) => {
  let dns: TestDnsServer;
  before(async () => {
    dns = await startDnsServer(ZONE);
  });
  after(async () => {
    await dns.close();
  });

  describe('happy path', () => {
    test('verify_leads_on_import: the job sets each status, the stats and the job record show it', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const ids = await addLeads(h, ws.key, { list_id: listId }, Object.keys(EXPECTED), true);
      assert.deepEqual(await stats(h, ws.key, listId), pendingStats(9));
      const queued = await onlyJob(h, ws.key, listId);
      assert.equal(queued.status, 'pending');
      assert.equal(queued.entity_type, 'list');

      assert.equal(await h.runJobs({ dnsServers: dns.servers }), 1);
      for (const [email, expected] of Object.entries(EXPECTED)) {
        assert.equal(await statusOf(h, ws.key, ids.get(email) ?? ''), expected, email);
      }
      assert.deepEqual(await stats(h, ws.key, listId), {
        stats: { verified: 3, invalid: 3, risky: 3, catch_all: 0, job_change: 0, verification_job_pending_leadfinder: 0, verification_job_pending_user: 0 },
        total_leads: 9,
      });
      const job = await h.request('GET', `/api/v2/background-jobs/${queued.id}`, { key: ws.key });
      assert.equal(job.body.status, 'success');
      assert.equal(job.body.progress, 100);
      assert.deepEqual(job.body.data, {
        action: 'verify-leads',
        total_to_process: 9,
        processed: 9,
        success_count: 8,
        failed_count: 1,
        verified_count: 3,
        invalid_count: 3,
        risky_count: 3,
      });
      // The harness runs three leads a batch: good.test came up in two batches and was asked once.
      assert.equal(dns.queries.filter((q) => q === 'MX good.test').length, 1);
    });

    test('campaign leads are verified too, the job naming the campaign', async () => {
      const ws = await h.newWorkspace();
      const campaign = (await h.request('POST', '/api/v2/campaigns', { key: ws.key, body: { name: 'C', campaign_schedule: schedule } })).body.id as string;
      const ids = await addLeads(h, ws.key, { campaign_id: campaign }, ['ann@good.test', 'dee@nowhere.test'], true);
      await h.runJobs({ dnsServers: dns.servers });
      assert.equal(await statusOf(h, ws.key, ids.get('ann@good.test') ?? ''), 1);
      assert.equal(await statusOf(h, ws.key, ids.get('dee@nowhere.test') ?? ''), -1);
      const job = await onlyJob(h, ws.key, campaign);
      assert.equal(job.entity_type, 'campaign');
      assert.equal(job.status, 'success');
    });

    test('POST /lead-lists/{id}/verify verifies every lead of the list and nothing else', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const otherList = await newList(h, ws.key);
      const ids = await addLeads(h, ws.key, { list_id: listId }, ['ann@good.test', 'eve@nullmx.test', 'broken@example.test'], false);
      const other = await addLeads(h, ws.key, { list_id: otherList }, ['bob@a-only.test'], false);
      // Addresses stored before verification existed may be malformed; the job judges them too.
      await h.store.db.updateTable('leads').set({ email: 'not an address' }).where('id', '=', ids.get('broken@example.test') ?? '').execute();

      const r = await h.request('POST', `/api/v2/lead-lists/${listId}/verify`, { key: ws.key });
      assert.equal(r.status, 200);
      assert.equal(r.body.type, 'import-leads');
      assert.equal(r.body.entity_type, 'list');
      assert.equal(r.body.entity_id, listId);
      assert.equal(r.body.status, 'pending');
      assert.equal(r.body.workspace_id, ws.id);
      assert.deepEqual(r.body.data, { action: 'verify-leads', total_to_process: 3, success_count: 0, failed_count: 0 });
      assert.deepEqual(await stats(h, ws.key, listId), pendingStats(3));
      assert.equal(await statusOf(h, ws.key, ids.get('ann@good.test') ?? ''), 12);

      assert.equal(await h.runJobs({ dnsServers: dns.servers }), 1);
      assert.equal(await statusOf(h, ws.key, ids.get('ann@good.test') ?? ''), 1);
      assert.equal(await statusOf(h, ws.key, ids.get('eve@nullmx.test') ?? ''), -1);
      assert.equal(await statusOf(h, ws.key, ids.get('broken@example.test') ?? ''), -1);
      assert.equal(await statusOf(h, ws.key, other.get('bob@a-only.test') ?? ''), undefined, 'a lead of another list is untouched');
      const job = await h.request('GET', `/api/v2/background-jobs/${r.body.id}`, { key: ws.key });
      assert.equal(job.body.status, 'success');
      assert.equal(job.body.data.success_count, 3);
      assert.equal(job.body.data.failed_count, 0);
      assert.equal((await stats(h, ws.key, listId)).stats.verified, 1);

      // Verifying again re-checks the leads already judged.
      const again = await h.request('POST', `/api/v2/lead-lists/${listId}/verify`, { key: ws.key, body: {} });
      assert.equal(again.body.data.total_to_process, 3);
      await h.runJobs({ dnsServers: dns.servers });
      assert.equal((await stats(h, ws.key, listId)).stats.invalid, 2);
    });

    test('a batch whose only domain fails, with the resolver still answering, marks it risky and counts it failed', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const ids = await addLeads(h, ws.key, { list_id: listId }, ['hal@broken.test', 'ida@broken.test'], true);
      await h.runJobs({ dnsServers: dns.servers });
      for (const id of ids.values()) assert.equal(await statusOf(h, ws.key, id), -2);
      const job = await onlyJob(h, ws.key, listId);
      assert.equal(job.status, 'success');
      assert.equal(job.data.success_count, 0);
      assert.equal(job.data.failed_count, 2);
    });

    test('a lead deleted before its turn counts as failed', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const ids = await addLeads(h, ws.key, { list_id: listId }, ['ann@good.test', 'gone@good.test'], true);
      assert.equal((await h.request('DELETE', `/api/v2/leads/${ids.get('gone@good.test') ?? ''}`, { key: ws.key })).status, 200);
      await h.runJobs({ dnsServers: dns.servers });
      const job = await onlyJob(h, ws.key, listId);
      assert.deepEqual([job.status, job.data.total_to_process, job.data.success_count, job.data.failed_count], ['success', 2, 1, 1]);
    });

    test('an empty list gives a job that succeeds at once', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const r = await h.request('POST', `/api/v2/lead-lists/${listId}/verify`, { key: ws.key });
      assert.equal(r.body.data.total_to_process, 0);
      await h.runJobs({ dnsServers: dns.servers });
      const job = await h.request('GET', `/api/v2/background-jobs/${r.body.id}`, { key: ws.key });
      assert.equal(job.body.status, 'success');
      assert.equal(job.body.progress, 100);
    });
  });

  describe('resolver unreachable', () => {
    const cases: [string, () => Promise<{ servers: string[]; close(): Promise<void> }>, RegExp][] = [
      ['refused (nothing listens)', async () => ({ servers: [`127.0.0.1:${await closedUdpPort()}`], close: async () => undefined }), /ECONNREFUSED/],
      ['SERVFAIL for everything', () => startDnsServer(ZONE, 'servfail'), /ESERVFAIL/],
      ['never answers', () => startDnsServer(ZONE, 'silent'), /ETIMEOUT/],
    ];
    for (const [why, start, code] of cases) {
      test(`${why}: the job fails naming the servers, the leads stay pending`, async () => {
        const resolver = await start();
        try {
          const ws = await h.newWorkspace();
          const listId = await newList(h, ws.key);
          const ids = await addLeads(h, ws.key, { list_id: listId }, ['ann@good.test', 'dee@nowhere.test', 'not-checked@good.test', 'x@a-only.test'], true);
          await h.runJobs({ dnsServers: resolver.servers, dnsTimeoutMs: 100 });
          const job = await onlyJob(h, ws.key, listId);
          assert.equal(job.status, 'failed');
          assert.match(job.data.error, /^the DNS resolver could not be reached \(asked /);
          assert.ok(job.data.error.includes(resolver.servers[0] ?? ''), job.data.error);
          assert.match(job.data.error, code);
          assert.equal(job.data.success_count, 0);
          for (const id of ids.values()) assert.equal(await statusOf(h, ws.key, id), 11);
          assert.deepEqual(await stats(h, ws.key, listId), pendingStats(4));
        } finally {
          await resolver.close();
        }
      });
    }
  });

  describe('errors', () => {
    test('a missing list is a 404, a malformed id a 400', async () => {
      const ws = await h.newWorkspace();
      const missing = await h.request('POST', '/api/v2/lead-lists/0195f1a8-7c2e-7000-8000-000000000000/verify', { key: ws.key });
      assert.deepEqual(missing.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
      const malformed = await h.request('POST', '/api/v2/lead-lists/nope/verify', { key: ws.key });
      assert.deepEqual(malformed.body, { statusCode: 400, error: 'Bad Request', message: 'params/id must match format "uuid"' });
    });
  });

  describe('security', () => {
    test('no key, a bad key and a key without lead_lists:update are 401s; the scope is enough', async () => {
      const ws = await h.newWorkspace();
      const listId = await newList(h, ws.key);
      const url = `/api/v2/lead-lists/${listId}/verify`;
      assert.equal((await h.request('POST', url, { key: null })).status, 401);
      assert.equal((await h.request('POST', url, { key: 'nope' })).status, 401);
      const readOnly = await h.keyWithScopes(ws.key, ['lead_lists:read']);
      const denied = await h.request('POST', url, { key: readOnly });
      assert.equal(denied.status, 401);
      assert.equal(denied.body.message, 'API key lacks the required scope: this route needs one of lead_lists:update, lead_lists:all, all:update, all:all');
      const updater = await h.keyWithScopes(ws.key, ['lead_lists:update']);
      assert.equal((await h.request('POST', url, { key: updater })).status, 200);
    });

    test("another workspace's list is a 404 and its leads are not touched", async () => {
      const owner = await h.newWorkspace();
      const stranger = await h.newWorkspace();
      const listId = await newList(h, owner.key);
      const ids = await addLeads(h, owner.key, { list_id: listId }, ['ann@good.test'], false);
      const r = await h.request('POST', `/api/v2/lead-lists/${listId}/verify`, { key: stranger.key });
      assert.deepEqual(r.body, { statusCode: 404, error: 'Not Found', message: 'Lead list not found' });
      assert.equal(await statusOf(h, owner.key, ids.get('ann@good.test') ?? ''), undefined);
      assert.deepEqual((await h.request('GET', '/api/v2/background-jobs', { key: stranger.key })).body.items, []);
    });
  });
}, describe);

describe('DnsChecker against a real DNS server on 127.0.0.1', () => {
  let dns: TestDnsServer;
  before(async () => {
    dns = await startDnsServer(ZONE);
  });
  after(async () => {
    await dns.close();
  });

  test('MX, then A and AAAA as the implicit MX; NXDOMAIN, null MX, no records; SERVFAIL of one name', async () => {
    const checker = new DnsChecker({ servers: dns.servers });
    const answers = await checker.lookupAll(['good.test', 'a-only.test', 'v6-only.test', 'nowhere.test', 'nullmx.test', 'nomail.test', 'broken.test', 'good.test']);
    assert.deepEqual(Object.fromEntries(answers), {
      'good.test': { kind: 'mail-host', via: 'mx' },
      'a-only.test': { kind: 'mail-host', via: 'a' },
      'v6-only.test': { kind: 'mail-host', via: 'aaaa' },
      'nowhere.test': { kind: 'no-mail-host', reason: 'nxdomain' },
      'nullmx.test': { kind: 'no-mail-host', reason: 'null-mx' },
      'nomail.test': { kind: 'no-mail-host', reason: 'no-records' },
      'broken.test': { kind: 'lookup-failed', code: 'ESERVFAIL' },
    });
    assert.deepEqual(await checker.resolverAnswers(), { ok: true });
    assert.deepEqual(checker.servers(), dns.servers);
  });
});
