import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Confirm } from '../components/confirm.js';
import { ErrorNotice } from '../components/error-notice.js';
import { type Container, type ContainerKind, containerPath, useContainers } from '../containers.js';
import { numberOf } from '../format.js';
import { Link } from '../router.js';
import { type Api, useApi } from '../session.js';
import type { LeadT, PageOf, VerificationStatsT } from '../types.js';

// Campaign creation requires a schedule; the console sends a plain weekday one the user can change later.
const DEFAULT_SCHEDULE = {
  schedules: [{ name: 'Weekdays', timing: { from: '09:00', to: '17:00' }, days: { '1': true, '2': true, '3': true, '4': true, '5': true }, timezone: 'Etc/GMT+12' }],
};

// The API has no lead count for a campaign: count its leads a page at a time, up to this many.
const CAMPAIGN_COUNT_CAP = 10_000;

interface Counts {
  total: number;
  capped: boolean;
  stats: VerificationStatsT['stats'] | null;
}

async function countLeads(api: Api, container: Container): Promise<Counts> {
  if (container.kind === 'list') {
    const answer = await api.call<VerificationStatsT>('GET', `/api/v2/lead-lists/${container.id}/verification-stats`);
    return { total: answer.total_leads, capped: false, stats: answer.stats };
  }
  let total = 0;
  let after: string | undefined;
  do {
    const page: PageOf<LeadT> = await api.call('POST', '/api/v2/leads/list', { campaign: container.id, limit: 100, ...(after !== undefined ? { starting_after: after } : {}) });
    total += page.items.length;
    after = page.next_starting_after;
  } while (after !== undefined && total < CAMPAIGN_COUNT_CAP);
  return { total, capped: after !== undefined, stats: null };
}

const countText = (c: Counts) => `${numberOf(c.total)}${c.capped ? '+' : ''}`;

function ContainerRow({ container, noun }: { container: Container; noun: string }) {
  const api = useApi();
  const client = useQueryClient();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const counts = useQuery({ queryKey: ['container-count', container.id], queryFn: () => countLeads(api, container) });
  const refresh = () => client.invalidateQueries({ queryKey: ['containers', container.kind] });
  const rename = useMutation({
    mutationFn: (name: string) => api.call('PATCH', `${containerPath(container.kind)}/${container.id}`, { name }),
    onSuccess: async () => {
      setRenaming(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.call('DELETE', `${containerPath(container.kind)}/${container.id}`),
    onSuccess: refresh,
  });
  const stats = counts.data?.stats;
  return (
    <tr>
      <td>
        {renaming === null ? (
          <Link href={`/leads?${container.kind}=${container.id}`}>{container.name}</Link>
        ) : (
          <form onSubmit={(e) => { e.preventDefault(); rename.mutate(renaming); }}>
            <label htmlFor={`rename-${container.id}`} className="visually-hidden">New name for {container.name}</label>
            <input id={`rename-${container.id}`} value={renaming} onChange={(e) => setRenaming(e.target.value)} />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
          </form>
        )}
        <ErrorNotice error={rename.error ?? remove.error} />
      </td>
      <td className="num">{counts.data !== undefined ? countText(counts.data) : counts.error !== null ? '—' : '…'}</td>
      <td>{stats !== null && stats !== undefined ? `${stats.verified} verified · ${stats.invalid} invalid · ${stats.risky} risky · ${stats.catch_all} catch-all · ${stats.verification_job_pending_user} pending` : container.kind === 'campaign' ? '' : '…'}</td>
      <td>
        <button type="button" onClick={() => setRenaming(container.name)} aria-label={`Rename ${container.name}`}>Rename</button>
        <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Delete ${container.name}`}>Delete</button>
        {confirming ? (
          <Confirm confirmLabel={`Delete ${noun}`} onCancel={() => setConfirming(false)} onConfirm={() => { setConfirming(false); remove.mutate(); }}>
            Delete the {noun} “{container.name}” and the {counts.data !== undefined ? countText(counts.data) : 'uncounted'} leads in it? This cannot be undone.
          </Confirm>
        ) : null}
      </td>
    </tr>
  );
}

export function ContainersScreen({ kind }: { kind: ContainerKind }) {
  const api = useApi();
  const client = useQueryClient();
  const containers = useContainers(kind);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const noun = kind === 'list' ? 'list' : 'campaign';
  const title = kind === 'list' ? 'Lists' : 'Campaigns';
  const create = useMutation({
    mutationFn: (value: string) => api.call('POST', containerPath(kind), kind === 'list' ? { name: value } : { name: value, campaign_schedule: DEFAULT_SCHEDULE }),
    onSuccess: async () => {
      setName('');
      setCreating(false);
      await client.invalidateQueries({ queryKey: ['containers', kind] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') create.mutate(name.trim());
  };
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">{title}</h1>
      <div className="toolbar">
        <button type="button" onClick={() => setCreating(true)}>New {noun}</button>
      </div>
      {creating ? (
        <form className="inline-form" onSubmit={submit}>
          <label htmlFor="new-container-name">Name</label>
          <input id="new-container-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit" disabled={create.isPending}>Create</button>
          <button type="button" onClick={() => setCreating(false)}>Cancel</button>
        </form>
      ) : null}
      <ErrorNotice error={create.error ?? containers.error} />
      <table className="grid">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Leads</th><th scope="col">Verification</th><th scope="col">Actions</th></tr>
        </thead>
        <tbody>
          {(containers.data ?? []).map((c) => <ContainerRow key={c.id} container={c} noun={noun} />)}
        </tbody>
      </table>
      {containers.data?.length === 0 ? <p>No {noun}s yet.</p> : null}
    </section>
  );
}
