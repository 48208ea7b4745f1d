import type { Api } from './session.js';
import type { JobT, LeadFilterBody, LeadT } from './types.js';

/** What a bulk action works on: the rows ticked, or every lead the current filters match. */
export type Selection = { mode: 'rows'; leads: LeadT[] } | { mode: 'all'; filter: LeadFilterBody };

type Source = { list_id: string } | { campaign: string };

/**
 * The API takes `ids` only within one campaign or list, so ticked rows go as one call per
 * container they are in.
 */
export function bySource(leads: readonly LeadT[]): { source: Source; ids: string[] }[] {
  const groups = new Map<string, { source: Source; ids: string[] }>();
  for (const lead of leads) {
    const source: Source | null = lead.campaign ? { campaign: lead.campaign } : lead.list_id ? { list_id: lead.list_id } : null;
    if (source === null) continue;
    const key = JSON.stringify(source);
    const group = groups.get(key) ?? { source, ids: [] };
    group.ids.push(lead.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The filters without the paging fields, as the bulk routes take them. */
const filterOnly = ({ limit: _limit, starting_after: _after, ...filter }: LeadFilterBody) => filter;

/** POST /leads/move for the selection; answers the jobs it started. */
export async function moveSelection(api: Api, selection: Selection, to: { kind: 'list' | 'campaign'; id: string }, copy: boolean): Promise<JobT[]> {
  const destination = to.kind === 'list' ? { to_list_id: to.id } : { to_campaign_id: to.id };
  const options = { ...destination, ...(copy ? { copy_leads: true } : {}) };
  if (selection.mode === 'all') {
    return [await api.call<JobT>('POST', '/api/v2/leads/move', { ...filterOnly(selection.filter), ...options })];
  }
  const jobs: JobT[] = [];
  for (const group of bySource(selection.leads)) jobs.push(await api.call<JobT>('POST', '/api/v2/leads/move', { ...group.source, ids: group.ids, ...options }));
  return jobs;
}

export async function assignSelection(api: Api, selection: Selection, userId: string): Promise<void> {
  if (selection.mode === 'all') {
    await api.call('POST', '/api/v2/leads/bulk-assign', { ...filterOnly(selection.filter), organization_user_ids: [userId] });
    return;
  }
  await api.call('POST', '/api/v2/leads/bulk-assign', { ids: selection.leads.map((l) => l.id), organization_user_ids: [userId] });
}

/** The API sets interest by e-mail, one lead at a time (a background job each). */
export async function setInterest(api: Api, leads: readonly LeadT[], value: number | null): Promise<number> {
  let sent = 0;
  for (const lead of leads) {
    if (!lead.email) continue;
    const where = lead.campaign ? { campaign_id: lead.campaign } : lead.list_id ? { list_id: lead.list_id } : {};
    await api.call('POST', '/api/v2/leads/update-interest-status', { lead_email: lead.email, interest_value: value, ...where });
    sent += 1;
  }
  return sent;
}

/** DELETE /leads works within one campaign or list: ticked rows go per container; "all" needs one chosen. */
export async function deleteSelection(api: Api, selection: Selection): Promise<number> {
  if (selection.mode === 'all') {
    const f = selection.filter;
    const answer = await api.call<{ count: number }>('DELETE', '/api/v2/leads', f.campaign !== undefined ? { campaign_id: f.campaign } : { list_id: f.list_id });
    return answer.count;
  }
  let count = 0;
  for (const group of bySource(selection.leads)) {
    const where = 'campaign' in group.source ? { campaign_id: group.source.campaign } : { list_id: group.source.list_id };
    for (let i = 0; i < group.ids.length; i += 10_000) {
      count += (await api.call<{ count: number }>('DELETE', '/api/v2/leads', { ...where, ids: group.ids.slice(i, i + 10_000) })).count;
    }
  }
  return count;
}

/** "Delete all matching" is only what DELETE /leads can do: a whole campaign or list, no other filter. */
export const canDeleteAllMatching = (f: LeadFilterBody) =>
  (f.campaign !== undefined) !== (f.list_id !== undefined) && f.search === undefined && f.filter === undefined;
