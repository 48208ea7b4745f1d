/**
 * The invariants of a workspace's leads (docs/compatibility.md, "Invariants of a workspace's
 * leads"), each checked on every path that can put a lead somewhere: v2 bulk add, single create,
 * Smartlead list import and campaign add, move, copy and merge; and under concurrent requests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, forEachEngine } from '../support/harness.js';
import { moveJob } from './leads-fixtures.js';
import { createCampaign, createList, v1, v2ListId } from './smartlead-fixtures.js';

const schedule = { schedules: [{ name: 'W', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };

interface Workspace {
  key: string;
  workspaceId: string;
}

async function newCampaign(h: Harness, key: string, name = 'Campaign'): Promise<string> {
  const r = await h.request('POST', '/api/v2/campaigns', { key, body: { name, campaign_schedule: schedule } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id as string;
}

async function newList(h: Harness, key: string, name = 'List'): Promise<string> {
  const r = await h.request('POST', '/api/v2/lead-lists', { key, body: { name } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id as string;
}

async function workspace(h: Harness): Promise<Workspace> {
  const ws = await h.newWorkspace();
  return { key: ws.key, workspaceId: ws.id };
}

async function setAllowance(h: Harness, workspaceId: string, allowance: number | null) {
  const r = await h.request('PUT', `/api/v2/workspaces/${workspaceId}/lead-allowance`, { body: { lead_allowance: allowance } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { leads_in_campaigns: number; remaining_in_plan: number | null };
}

interface Row {
  email_key: string | null;
  campaign_id: string | null;
  list_id: string | null;
}

async function rowsOf(h: Harness, workspaceId: string): Promise<Row[]> {
  return h.store.db.selectFrom('leads').select(['email_key', 'campaign_id', 'list_id']).where('workspace_id', '=', workspaceId).execute();
}

/** Invariant 1: no e-mail twice in one campaign, one list, or among the workspace leads (neither). */
function assertOncePerContainer(rows: readonly Row[]) {
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.email_key === null) continue;
    const workspace = row.campaign_id === null && row.list_id === null ? 'workspace' : null;
    for (const container of [row.campaign_id === null ? null : `c:${row.campaign_id}`, row.list_id === null ? null : `l:${row.list_id}`, workspace]) {
      if (container === null) continue;
      const place: string = `${container}:${row.email_key}`;
      assert.equal(seen.has(place), false, `${row.email_key} twice in ${container}`);
      seen.add(place);
    }
  }
}

const emails = (n: number, prefix = 'p', offset = 0) => Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i + offset}@ok.com` }));

forEachEngine((h, engine) => {
  describe('the lead allowance holds on every path', () => {
    test('a copy from a list into a campaign cannot pass the allowance (the job moves up to it and counts the rest as failed)', async () => {
      const ws = await workspace(h);
      const campaign = await newCampaign(h, ws.key);
      const list = await newList(h, ws.key);
      await setAllowance(h, ws.workspaceId, 1);
      const refused = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { campaign_id: campaign, leads: emails(2) } });
      assert.equal(refused.status, 402);
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: emails(2) } });
      const job = await moveJob(h, ws.key, { list_id: list, to_campaign_id: campaign, copy_leads: true });
      assert.equal(job.status, 'success');
      assert.deepEqual([job.data.success_count, job.data.failed_count, job.data.not_moved_over_allowance], [1, 1, 1]);
      const after = await setAllowance(h, ws.workspaceId, 1);
      assert.deepEqual([after.leads_in_campaigns, after.remaining_in_plan], [1, 0]);
    });

    test('a move from a list into a campaign stops at the allowance; a move between campaigns costs nothing', async () => {
      const ws = await workspace(h);
      const [a, b] = [await newCampaign(h, ws.key, 'A'), await newCampaign(h, ws.key, 'B')];
      const list = await newList(h, ws.key);
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { campaign_id: a, leads: emails(2, 'c') } });
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: emails(5) } });
      await setAllowance(h, ws.workspaceId, 4);
      const job = await moveJob(h, ws.key, { list_id: list, to_campaign_id: b });
      assert.deepEqual([job.data.success_count, job.data.failed_count], [2, 3]);
      const between = await moveJob(h, ws.key, { campaign: a, to_campaign_id: b });
      assert.deepEqual([between.data.success_count, between.data.failed_count], [2, 0]);
      const after = await setAllowance(h, ws.workspaceId, 4);
      assert.deepEqual([after.leads_in_campaigns, after.remaining_in_plan], [4, 0]);
      const rows = await rowsOf(h, ws.workspaceId);
      assert.equal(rows.filter((r) => r.list_id === list).length, 3, 'the leads over the allowance stay in the list');
    });

    test('single create and Smartlead campaign add are refused over the allowance', async () => {
      const ws = await workspace(h);
      const campaign = await createCampaign(h, ws.key);
      await setAllowance(h, ws.workspaceId, 1);
      const one = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { campaign: campaign.uuid, email: 'one@ok.com' } });
      assert.equal(one.status, 200);
      const two = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { campaign: campaign.uuid, email: 'two@ok.com' } });
      assert.equal(two.status, 402);
      assert.match(two.body.message, /allowance/);
      const smartlead = await v1<{ upload_count: number; is_lead_limit_exhausted: boolean }>(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [{ email: 'three@ok.com' }] });
      assert.deepEqual([smartlead.body.upload_count, smartlead.body.is_lead_limit_exhausted], [0, true]);
      const after = await setAllowance(h, ws.workspaceId, 1);
      assert.equal(after.remaining_in_plan, 0);
    });

    test('concurrent adds and copies into campaigns never pass the allowance', async () => {
      const ws = await workspace(h);
      const [a, b] = [await newCampaign(h, ws.key, 'A'), await newCampaign(h, ws.key, 'B')];
      const list = await newList(h, ws.key);
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: emails(30, 'l') } });
      await setAllowance(h, ws.workspaceId, 25);
      const move = h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { list_id: list, to_campaign_id: a, copy_leads: true } });
      const adds = Array.from({ length: 8 }, (_, i) => h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { campaign_id: i % 2 === 0 ? a : b, leads: emails(4, `r${i}-`) } }));
      const replies = await Promise.all([move, ...adds, h.runJobs()]);
      await h.runJobs();
      for (const r of replies.slice(1, 9)) assert.ok([200, 402].includes((r as { status: number }).status));
      const after = await setAllowance(h, ws.workspaceId, 25);
      assert.ok(after.leads_in_campaigns <= 25, `${after.leads_in_campaigns} leads in campaigns with an allowance of 25`);
      assert.ok((after.remaining_in_plan ?? 0) >= 0);
    });
  });

  describe('nothing on the block list enters unless asked', () => {
    test('v2 bulk add, single create, Smartlead import and campaign add all refuse a blocked address', async () => {
      const ws = await workspace(h);
      await h.request('POST', '/api/v2/block-lists-entries', { key: ws.key, body: { bl_value: 'blocked.com' } });
      const v2List = await newList(h, ws.key);
      const bulk = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: v2List, leads: [{ email: 'a@blocked.com' }] } });
      assert.equal(bulk.body.in_blocklist, 1);
      const single = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: v2List, email: 'b@sub.blocked.com' } });
      assert.equal(single.status, 400);
      const smartList = await createList(h, ws.key);
      const imported = await v1<{ ok: boolean }>(h, 'POST', `/lead-list/${smartList}/import`, ws.key, { leadList: [{ email: 'c@blocked.com' }], fileName: 'x.csv' });
      assert.equal(imported.status, 200);
      const campaign = await createCampaign(h, ws.key);
      const added = await v1<{ block_count: number }>(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [{ email: 'd@blocked.com' }] });
      assert.equal(added.body.block_count, 1);
      assert.deepEqual(await rowsOf(h, ws.workspaceId), []);
      // Asked: Smartlead's ignore flags let them in.
      await v1(h, 'POST', `/lead-list/${smartList}/import`, ws.key, { leadList: [{ email: 'c@blocked.com' }], fileName: 'x.csv', csvSettings: { ignoreGlobalBlockList: true } });
      await v1(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [{ email: 'd@blocked.com' }], settings: { ignore_global_block_list: true } });
      const smartListId = await v2ListId(h, smartList);
      const rows = await rowsOf(h, ws.workspaceId);
      assert.equal(rows.length, 2);
      assert.equal(rows.filter((r) => r.list_id === smartListId).length, 1);
    });
  });

  describe('one e-mail once per campaign and per list', () => {
    test('every path: bulk, single, Smartlead import and campaign add, move, copy and merge', async () => {
      const ws = await workspace(h);
      const campaign = await createCampaign(h, ws.key);
      const smartList = await createList(h, ws.key);
      const list = await v2ListId(h, smartList);
      const other = await newList(h, ws.key, 'Other');
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: [{ email: 'x@ok.com' }, { email: 'y@ok.com' }] } });
      const bulk = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: list, leads: [{ email: 'X@ok.com' }] } });
      assert.equal(bulk.body.duplicated_leads, 1);
      assert.equal((await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: list, email: 'x@OK.com' } })).status, 400);
      await v1(h, 'POST', `/lead-list/${smartList}/import`, ws.key, { leadList: [{ email: 'x@ok.com' }], fileName: 'x.csv' });
      await v1(h, 'POST', `/campaigns/${campaign.id}/leads`, ws.key, { lead_list: [{ email: 'x@ok.com' }, { email: 'x@ok.com' }] });
      // The other list gets x too, then move and copy it back: it stays out of the list that has it.
      await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: other, leads: [{ email: 'x@ok.com' }, { email: 'z@ok.com' }] } });
      const copied = await moveJob(h, ws.key, { list_id: other, to_list_id: list, copy_leads: true });
      assert.deepEqual([copied.data.success_count, copied.data.failed_count], [1, 1]);
      const moved = await moveJob(h, ws.key, { list_id: other, to_list_id: list });
      assert.deepEqual([moved.data.success_count, moved.data.failed_count], [0, 2]);
      // A merge that would give the destination an e-mail its list already holds is refused.
      const noEmail = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: list, first_name: 'Nameless' } });
      const source = await h.request('POST', '/api/v2/leads', { key: ws.key, body: { list_id: other, email: 'y@ok.com' } });
      const merge = await h.request('POST', '/api/v2/leads/merge', { key: ws.key, body: { lead_id: source.body.id, destination_lead_id: noEmail.body.id } });
      assert.equal(merge.status, 400);
      // Workspace leads (neither campaign nor list): single create is the only way in, and a
      // move or copy can take them into a container that does not hold the e-mail yet.
      assert.equal((await h.request('POST', '/api/v2/leads', { key: ws.key, body: { email: 'w@ok.com' } })).status, 200);
      assert.equal((await h.request('POST', '/api/v2/leads', { key: ws.key, body: { email: 'W@ok.com' } })).status, 400);
      assert.equal((await h.request('POST', '/api/v2/leads', { key: ws.key, body: { email: 'x@ok.com' } })).status, 200);
      const fromWorkspace = await moveJob(h, ws.key, { in_campaign: false, in_list: false, to_list_id: list, copy_leads: true });
      assert.deepEqual([fromWorkspace.data.success_count, fromWorkspace.data.failed_count], [1, 1]);
      assertOncePerContainer(await rowsOf(h, ws.workspaceId));
    });
  });

  describe('adds with no skip flag run side by side (the intake lock shared)', () => {
    test('overlapping unflagged adds into one list, racing a copy into it, store each e-mail once, count exactly, and the copy job completes', async () => {
      const ws = await workspace(h);
      const [source, target] = [await newList(h, ws.key, 'Source'), await newList(h, ws.key, 'Target')];
      const seeded = await h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: source, leads: emails(60, 'c') } });
      assert.equal(seeded.status, 200);
      // Half of the copied e-mails are also sent by the adds, and the adds overlap each other.
      const move = h.request('POST', '/api/v2/leads/move', { key: ws.key, body: { list_id: source, to_list_id: target, copy_leads: true } });
      const adds = Array.from({ length: 8 }, (_, i) => h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: target, leads: emails(40, 'c', (i % 4) * 10) } }));
      const replies = await Promise.all([move, ...adds, h.runJobs()]);
      await h.runJobs();
      let created = 0;
      for (const r of replies.slice(1, 9)) {
        const reply = r as { status: number; body: Record<string, unknown> };
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal((reply.body.leads_uploaded as number) + (reply.body.duplicated_leads as number), 40, JSON.stringify(reply.body));
        created += reply.body.leads_uploaded as number;
      }
      const job = await h.request('GET', `/api/v2/background-jobs/${(replies[0] as { body: { id: string } }).body.id}`, { key: ws.key });
      assert.equal(job.body.status, 'success', JSON.stringify(job.body));
      const rows = (await rowsOf(h, ws.workspaceId)).filter((row) => row.list_id === target);
      assertOncePerContainer(rows);
      assert.equal(rows.length, 70, 'c0…c69: sixty copied or added, ten more only added');
      assert.ok(created >= 10 && created <= 70, `${created} created by the adds`);
    });
  });

  describe('workspace leads under concurrent requests', () => {
    test('concurrent single creates with no container and flagged bulk adds keep one lead per e-mail', async () => {
      const ws = await workspace(h);
      const lists = [await newList(h, ws.key, 'A'), await newList(h, ws.key, 'B')];
      const people = 20;
      const singles = Array.from({ length: 40 }, (_, i) => h.request('POST', '/api/v2/leads', { key: ws.key, body: { email: `p${i % people}@ok.com`, skip_if_in_workspace: true } }));
      const bulks = Array.from({ length: 4 }, (_, i) =>
        h.request('POST', '/api/v2/leads/add', { key: ws.key, body: { list_id: lists[i % 2], skip_if_in_workspace: true, leads: emails(people) } }),
      );
      const replies = await Promise.all([...singles, ...bulks]);
      let stored = 0;
      for (const r of replies.slice(0, singles.length)) {
        assert.ok([200, 400].includes(r.status), JSON.stringify(r.body));
        if (r.status === 200) stored++;
        else assert.match(r.body.message, /already in this workspace/);
      }
      for (const r of replies.slice(singles.length)) {
        assert.equal(r.status, 200, JSON.stringify(r.body));
        stored += r.body.leads_uploaded as number;
      }
      const rows = await rowsOf(h, ws.workspaceId);
      assert.equal(rows.length, stored, 'the answers add up to what is stored');
      assert.equal(rows.length, people, `${engine}: ${rows.length} rows for ${people} e-mails`);
      assertOncePerContainer(rows);
    });
  });

  describe('the skip flags hold under concurrent requests', () => {
    // The race that let 4,246 rows in for 1,999 e-mails on PostgreSQL: every request probes
    // before any inserts. Serialized intake per workspace makes each probe see the others.
    for (const flag of ['skip_if_in_workspace', 'skip_if_in_campaign', 'skip_if_in_list'] as const) {
      test(`${flag}: 16 concurrent bulk adds into 2 campaigns and 2 lists`, async () => {
        const ws = await workspace(h);
        const targets = [
          { campaign_id: await newCampaign(h, ws.key, 'A') },
          { campaign_id: await newCampaign(h, ws.key, 'B') },
          { list_id: await newList(h, ws.key, 'A') },
          { list_id: await newList(h, ws.key, 'B') },
        ];
        const people = 1000;
        const replies = await Promise.all(
          Array.from({ length: 16 }, (_, r) =>
            h.request('POST', '/api/v2/leads/add', {
              key: ws.key,
              body: { ...targets[r % 4], [flag]: true, leads: Array.from({ length: 500 }, (_, i) => ({ email: `p${(r * 125 + i) % people}@ok.com` })) },
            }),
          ),
        );
        let uploaded = 0;
        for (const r of replies) {
          assert.equal(r.status, 200, JSON.stringify(r.body));
          const b = r.body;
          assert.equal(b.leads_uploaded + b.skipped_count + b.duplicated_leads + b.in_blocklist + b.invalid_email_count + b.incomplete_count + b.duplicate_email_count, b.total_sent);
          uploaded += b.leads_uploaded as number;
        }
        const rows = await rowsOf(h, ws.workspaceId);
        assert.equal(rows.length, uploaded, 'the counters add up to what is stored');
        assertOncePerContainer(rows);
        const count = (pick: (row: Row) => boolean) => {
          const byEmail = new Map<string, number>();
          for (const row of rows) if (pick(row) && row.email_key !== null) byEmail.set(row.email_key, (byEmail.get(row.email_key) ?? 0) + 1);
          return byEmail;
        };
        if (flag === 'skip_if_in_workspace') {
          const all = count(() => true);
          assert.equal(all.size, people);
          assert.equal(rows.length, people, `${engine}: ${rows.length} rows for ${people} e-mails`);
        } else {
          // Only requests carrying the flag skip, and they skip only what the flag looks at:
          // campaign requests with skip_if_in_campaign keep one campaign lead per e-mail, etc.
          const kind = flag === 'skip_if_in_campaign' ? (row: Row) => row.campaign_id !== null : (row: Row) => row.list_id !== null;
          const perEmail = count(kind);
          for (const [email, n] of perEmail) assert.equal(n, 1, `${email} is in ${n} ${flag === 'skip_if_in_campaign' ? 'campaigns' : 'lists'}`);
        }
      });
    }
  });
}, describe);
