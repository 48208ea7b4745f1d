import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Confirm } from '../components/confirm.js';
import { ErrorNotice } from '../components/error-notice.js';
import { useContainerNames } from '../containers.js';
import { INTEREST, LEAD_STATUS, VERIFICATION, label, shortDate } from '../format.js';
import { navigate } from '../router.js';
import { useApi } from '../session.js';
import type { LeadPatch, LeadT } from '../types.js';

const TEXT_FIELDS = [
  ['first_name', 'First name'], ['last_name', 'Last name'], ['company_name', 'Company'], ['job_title', 'Job title'],
  ['phone', 'Phone'], ['website', 'Website'], ['personalization', 'Personalization'], ['pl_value_lead', 'Lead value'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];
type Draft = Record<TextField, string> & { interest: string; assigned_to: string; custom: [string, string][] };

const scalarText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function draftOf(lead: LeadT): Draft {
  const texts = Object.fromEntries(TEXT_FIELDS.map(([f]) => [f, lead[f] ?? ''])) as Record<TextField, string>;
  return {
    ...texts,
    interest: lead.lt_interest_status === undefined ? '' : String(lead.lt_interest_status),
    assigned_to: lead.assigned_to ?? '',
    custom: Object.entries(lead.payload ?? {}).map(([k, v]) => [k, scalarText(v)]),
  };
}

/** Only what changed goes in the PATCH; an emptied text field is cleared (null). */
function patchOf(lead: LeadT, draft: Draft): LeadPatch {
  const patch: LeadPatch = {};
  for (const [field] of TEXT_FIELDS) {
    if (draft[field] !== (lead[field] ?? '')) patch[field] = draft[field] === '' ? null : draft[field];
  }
  if (draft.interest !== '' && Number(draft.interest) !== lead.lt_interest_status) patch.lt_interest_status = Number(draft.interest);
  if (draft.assigned_to !== (lead.assigned_to ?? '')) patch.assigned_to = draft.assigned_to === '' ? null : draft.assigned_to;
  const before: Record<string, unknown> = lead.payload ?? {};
  const custom: Record<string, string | null> = {};
  for (const [k, v] of draft.custom) if (k.trim() !== '' && scalarText(before[k]) !== v) custom[k.trim()] = v;
  for (const k of Object.keys(before)) if (!draft.custom.some(([name]) => name.trim() === k)) custom[k] = null;
  if (Object.keys(custom).length > 0) patch.custom_variables = custom;
  return patch;
}

export function LeadDetailScreen({ id }: { id: string }) {
  const api = useApi();
  const client = useQueryClient();
  const names = useContainerNames();
  const lead = useQuery({ queryKey: ['lead', id], queryFn: () => api.call<LeadT>('GET', `/api/v2/leads/${id}`) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [mergeInto, setMergeInto] = useState('');
  useEffect(() => {
    if (lead.data !== undefined) setDraft(draftOf(lead.data));
  }, [lead.data]);

  const save = useMutation({
    mutationFn: (patch: LeadPatch) => api.call<LeadT>('PATCH', `/api/v2/leads/${id}`, patch),
    onSuccess: (updated) => {
      client.setQueryData(['lead', id], updated);
      void client.invalidateQueries({ queryKey: ['leads'] });
      setSaved(true);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.call('DELETE', `/api/v2/leads/${id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['leads'] });
      navigate('/leads');
    },
  });
  const merge = useMutation({
    mutationFn: (destination: string) => api.call<LeadT>('POST', '/api/v2/leads/merge', { lead_id: id, destination_lead_id: destination }),
    onSuccess: (kept) => {
      void client.invalidateQueries({ queryKey: ['leads'] });
      navigate(`/leads/${kept.id}`);
    },
  });

  if (lead.error !== null) return <ErrorNotice error={lead.error} />;
  if (lead.data === undefined || draft === null) return <p>Loading…</p>;
  const l = lead.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const patch = patchOf(l, draft);
    if (Object.keys(patch).length === 0) return setSaved(true);
    save.mutate(patch);
  };
  const edit = (changes: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...changes });
  };
  const container = l.campaign ?? l.list_id;
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">{l.email ?? `${l.first_name ?? ''} ${l.last_name ?? ''}`}</h1>
      <dl className="facts">
        <dt>E-mail</dt><dd>{l.email ?? '—'}</dd>
        <dt>{l.campaign ? 'Campaign' : 'List'}</dt><dd>{container ? (names.get(container) ?? container) : '—'}</dd>
        <dt>Status</dt><dd>{label(LEAD_STATUS, l.status)}</dd>
        <dt>Verification</dt><dd>{label(VERIFICATION, l.verification_status) || 'Not verified'}</dd>
        <dt>Interest</dt><dd>{label(INTEREST, l.lt_interest_status) || '—'}</dd>
        <dt>Company domain</dt><dd>{l.company_domain || '—'}</dd>
        <dt>Opens / replies / clicks</dt><dd>{l.email_open_count} / {l.email_reply_count} / {l.email_click_count}</dd>
        <dt>Upload method</dt><dd>{l.upload_method}</dd>
        <dt>Created</dt><dd>{shortDate(l.timestamp_created)}</dd>
        <dt>Updated</dt><dd>{shortDate(l.timestamp_updated)}</dd>
        <dt>Id</dt><dd><code>{l.id}</code></dd>
      </dl>
      <form className="lead-form" onSubmit={submit}>
        {TEXT_FIELDS.map(([field, text]) => (
          <span className="field" key={field}>
            <label htmlFor={`lead-${field}`}>{text}</label>
            <input id={`lead-${field}`} value={draft[field]} onChange={(e) => edit({ [field]: e.target.value })} />
          </span>
        ))}
        <span className="field">
          <label htmlFor="lead-interest">Interest status</label>
          <select id="lead-interest" value={draft.interest} onChange={(e) => edit({ interest: e.target.value })}>
            <option value="">—</option>
            {Object.entries(INTEREST).map(([v, name]) => <option key={v} value={v}>{name}</option>)}
            {draft.interest !== '' && INTEREST[Number(draft.interest)] === undefined ? <option value={draft.interest}>Label {draft.interest}</option> : null}
          </select>
        </span>
        <span className="field">
          <label htmlFor="lead-assigned">Assigned to (user id)</label>
          <input id="lead-assigned" value={draft.assigned_to} onChange={(e) => edit({ assigned_to: e.target.value })} />
        </span>
        <fieldset>
          <legend>Custom variables</legend>
          {draft.custom.map(([k, v], i) => (
            <div key={i} className="custom-row">
              <label htmlFor={`custom-name-${i}`} className="visually-hidden">Variable name {i + 1}</label>
              <input id={`custom-name-${i}`} value={k} onChange={(e) => edit({ custom: draft.custom.map((p, j) => (j === i ? [e.target.value, p[1]] : p)) })} />
              <label htmlFor={`custom-value-${i}`} className="visually-hidden">Value of {k || `variable ${i + 1}`}</label>
              <input id={`custom-value-${i}`} value={v} onChange={(e) => edit({ custom: draft.custom.map((p, j) => (j === i ? [p[0], e.target.value] : p)) })} />
              <button type="button" onClick={() => edit({ custom: draft.custom.filter((_, j) => j !== i) })} aria-label={`Remove ${k || `variable ${i + 1}`}`}>Remove</button>
            </div>
          ))}
          <button type="button" onClick={() => edit({ custom: [...draft.custom, ['', '']] })}>Add variable</button>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={save.isPending}>Save</button>
          {saved ? <span role="status">Saved.</span> : null}
        </div>
        <ErrorNotice error={save.error} />
      </form>
      <div className="danger-zone">
        <form onSubmit={(e) => { e.preventDefault(); if (mergeInto.trim() !== '') merge.mutate(mergeInto.trim()); }}>
          <label htmlFor="merge-into">Merge into lead (id)</label>
          <input id="merge-into" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)} size={36} />
          <button type="submit">Merge</button>
        </form>
        <ErrorNotice error={merge.error ?? remove.error} />
        <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>Delete lead</button>
        {confirmDelete ? (
          <Confirm confirmLabel="Delete" onCancel={() => setConfirmDelete(false)} onConfirm={() => remove.mutate()}>Delete this lead? This cannot be undone.</Confirm>
        ) : null}
      </div>
    </section>
  );
}
