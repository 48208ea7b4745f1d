import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/error-notice.js';
import { useApi } from '../session.js';
import type { CreatedWorkspaceT, LeadAllowanceT } from '../types.js';

/**
 * Empty is unlimited; anything else must be a whole number. (Number('ten') is NaN, which
 * JSON.stringify sends as null: a typo would have lifted the cap.)
 */
function allowanceOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) throw new Error(`The lead allowance must be a whole number of 0 or more (or empty for unlimited), not "${trimmed}".`);
  return Number(trimmed);
}

/** The administrator key's extra: create workspaces and set their lead allowance. */
export function WorkspacesPanel() {
  const api = useApi();
  const [name, setName] = useState('');
  const [allowance, setAllowance] = useState('');
  const [created, setCreated] = useState<CreatedWorkspaceT[]>([]);
  const [target, setTarget] = useState('');
  const [newAllowance, setNewAllowance] = useState('');
  const create = useMutation({
    mutationFn: () => api.call<CreatedWorkspaceT>('POST', '/api/v2/workspaces', { name: name.trim(), lead_allowance: allowanceOf(allowance) }),
    onSuccess: (workspace) => {
      setCreated((old) => [workspace, ...old]);
      setName('');
    },
  });
  const setLimit = useMutation({
    mutationFn: () => api.call<LeadAllowanceT>('PUT', `/api/v2/workspaces/${target.trim()}/lead-allowance`, { lead_allowance: allowanceOf(newAllowance) }),
  });
  const submitCreate = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') create.mutate();
  };
  const submitLimit = (event: FormEvent) => {
    event.preventDefault();
    if (target.trim() !== '') setLimit.mutate();
  };
  return (
    <section aria-labelledby="workspaces-title" className="workspaces">
      <h2 id="workspaces-title">Workspaces</h2>
      <form className="inline-form" onSubmit={submitCreate}>
        <label htmlFor="workspace-name">Workspace name</label>
        <input id="workspace-name" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="workspace-allowance">Lead allowance (empty: unlimited)</label>
        <input id="workspace-allowance" inputMode="numeric" value={allowance} onChange={(e) => setAllowance(e.target.value)} size={10} />
        <button type="submit">Create workspace</button>
      </form>
      <ErrorNotice error={create.error} />
      {created.map((w) => (
        <div key={w.id} className="secret" role="status">
          <p>Workspace “{w.name}” (<code>{w.id}</code>) created. Its first key (all:all), shown once:</p>
          <code>{w.api_key.key}</code>
          <button type="button" onClick={() => void navigator.clipboard.writeText(w.api_key.key)}>Copy key</button>
        </div>
      ))}
      <form className="inline-form" onSubmit={submitLimit}>
        <label htmlFor="allowance-workspace">Workspace id</label>
        <input id="allowance-workspace" value={target} onChange={(e) => setTarget(e.target.value)} size={36} />
        <label htmlFor="allowance-value">New lead allowance (empty: unlimited)</label>
        <input id="allowance-value" inputMode="numeric" value={newAllowance} onChange={(e) => setNewAllowance(e.target.value)} size={10} />
        <button type="submit">Set allowance</button>
      </form>
      <ErrorNotice error={setLimit.error} />
      {setLimit.data !== undefined ? (
        <p role="status">Allowance {setLimit.data.lead_allowance ?? 'unlimited'}; {setLimit.data.leads_in_campaigns} leads in campaigns; {setLimit.data.remaining_in_plan ?? 'unlimited'} remaining.</p>
      ) : null}
    </section>
  );
}
