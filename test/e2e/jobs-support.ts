import assert from 'node:assert/strict';
import { type ServerProcess, httpJson } from '../support/server-process.js';

/**
 * Polls until `poll` answers something, or fails naming what it waited for. `ignoreErrors`
 * keeps asking through failures (a server whose database is down may answer 503 or not at all).
 */
export async function waitFor<T>(what: string, poll: () => Promise<T | undefined>, options: { timeoutMs?: number; ignoreErrors?: boolean } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const value = options.ignoreErrors === true ? await poll().catch(() => undefined) : await poll();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A background job as these tests read it over HTTP. */
export interface WireJob {
  id: string;
  status: string;
  progress: number;
  data: { success_count: number; failed_count: number; total_to_process: number; moved_lead_emails: string[] };
}

/** A workspace with `lists` source lists of `leadsPerList` leads each (added over HTTP), each with an empty target list. */
export async function setupWorkspace(server: Pick<ServerProcess, 'base'>, adminKey: string, lists: number, leadsPerList: number) {
  const ws = await httpJson<{ api_key: { key: string } }>(server.base, adminKey, 'POST', '/api/v2/workspaces', { name: 'Jobs' });
  const key = ws.body.api_key.key;
  const pairs: { source: string; target: string }[] = [];
  for (let l = 0; l < lists; l++) {
    const source = (await httpJson<{ id: string }>(server.base, key, 'POST', '/api/v2/lead-lists', { name: `Source ${l}` })).body.id;
    const target = (await httpJson<{ id: string }>(server.base, key, 'POST', '/api/v2/lead-lists', { name: `Target ${l}` })).body.id;
    for (let i = 0; i < leadsPerList; i += 1000) {
      const leads = Array.from({ length: Math.min(1000, leadsPerList - i) }, (_, j) => ({ email: `l${l}-${i + j}@jobs.test` }));
      const added = await httpJson<{ leads_uploaded: number }>(server.base, key, 'POST', '/api/v2/leads/add', { list_id: source, leads });
      assert.equal(added.body.leads_uploaded, leads.length);
    }
    pairs.push({ source, target });
  }
  return { key, pairs };
}

