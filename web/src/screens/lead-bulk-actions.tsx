import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ContainerSelect } from '../components/container-select.js';
import { Confirm } from '../components/confirm.js';
import { ErrorNotice } from '../components/error-notice.js';
import { JobProgress } from '../components/job-progress.js';
import { parseContainerValue } from '../containers.js';
import { INTEREST, countOf } from '../format.js';
import { type Selection, assignSelection, canDeleteAllMatching, deleteSelection, moveSelection, setInterest } from '../lead-selection.js';
import { useApi } from '../session.js';
import type { JobT } from '../types.js';

/** Move/copy, assign, set interest and delete for the ticked rows or all matching leads. */
export function BulkActions({ selection, count, onChanged, onCleared }: { selection: Selection; count: number | null; onChanged(): void; onCleared(): void }) {
  const api = useApi();
  const [target, setTarget] = useState('');
  const [userId, setUserId] = useState('');
  const [interest, setInterestValue] = useState('1');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [jobs, setJobs] = useState<JobT[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const empty = selection.mode === 'rows' && selection.leads.length === 0;
  const what = count === null ? 'all matching leads' : countOf(count, 'selected lead');

  const run = useMutation({
    mutationFn: async (action: () => Promise<string>) => action(),
    onSuccess: (text) => {
      setMessage(text);
      onChanged();
    },
  });
  const move = (copy: boolean) => {
    const to = parseContainerValue(target);
    if (to === null) return setMessage('Choose the list or campaign to move the leads to.');
    run.mutate(async () => {
      const started = await moveSelection(api, selection, to, copy);
      setJobs((old) => [...started, ...old]);
      onCleared();
      return `${copy ? 'Copy' : 'Move'} started for ${what}.`;
    });
  };

  if (empty && jobs.length === 0 && message === null) return <p className="hint">Tick rows (or “Select all matching”) to move, copy, assign, set interest or delete them.</p>;
  return (
    <div className="bulk" aria-label="Bulk actions" role="group">
      {!empty ? (
        <>
          <span className="bulk-what">{what}:</span>
          <ContainerSelect id="bulk-target" label="To list or campaign" value={target} onChange={setTarget} emptyLabel="Choose…" />
          <button type="button" onClick={() => move(false)}>Move</button>
          <button type="button" onClick={() => move(true)}>Copy</button>
          <span className="field">
            <label htmlFor="bulk-user">Assign to user id</label>
            <input id="bulk-user" value={userId} onChange={(e) => setUserId(e.target.value)} size={36} />
          </span>
          <button type="button" disabled={userId.trim() === ''} onClick={() => run.mutate(async () => {
            await assignSelection(api, selection, userId.trim());
            return `Assignment of ${what} submitted as a background job.`;
          })}>Assign</button>
          <span className="field">
            <label htmlFor="bulk-interest">Interest status</label>
            <select id="bulk-interest" value={interest} onChange={(e) => setInterestValue(e.target.value)}>
              {Object.entries(INTEREST).map(([v, name]) => <option key={v} value={v}>{name}</option>)}
              <option value="">(reset)</option>
            </select>
          </span>
          <button type="button" disabled={selection.mode === 'all'} title={selection.mode === 'all' ? 'The API sets interest per lead: tick the rows instead' : undefined} onClick={() => {
            if (selection.mode !== 'rows') return;
            const leads = selection.leads;
            run.mutate(async () => `Interest status update submitted for ${countOf(await setInterest(api, leads, interest === '' ? null : Number(interest)), 'lead')}.`);
          }}>Set interest</button>
          <button type="button" className="danger" disabled={selection.mode === 'all' && !canDeleteAllMatching(selection.filter)}
            title={selection.mode === 'all' && !canDeleteAllMatching(selection.filter) ? 'Deleting all matching needs one list or campaign chosen and no other filter' : undefined}
            onClick={() => setConfirmDelete(true)}>Delete</button>
          {confirmDelete ? (
            <Confirm confirmLabel="Delete leads" onCancel={() => setConfirmDelete(false)} onConfirm={() => {
              setConfirmDelete(false);
              run.mutate(async () => {
                const deleted = await deleteSelection(api, selection);
                onCleared();
                return `Deleted ${countOf(deleted, 'lead')}.`;
              });
            }}>Delete {what}? This cannot be undone.</Confirm>
          ) : null}
        </>
      ) : null}
      {message !== null ? <p role="status">{message}</p> : null}
      <ErrorNotice error={run.error} />
      {jobs.length > 0 ? (
        <div className="bulk-jobs">
          {/* UUIDv7 ids start with the time: their tail tells jobs apart. */}
          {jobs.map((job) => <JobProgress key={job.id} jobId={job.id} title={`Move job …${job.id.slice(-6)}`} onFinished={onChanged} />)}
        </div>
      ) : null}
    </div>
  );
}
