import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useApi } from '../session.js';
import type { JobT } from '../types.js';
import { ErrorNotice } from './error-notice.js';

const FINISHED = new Set(['success', 'failed', 'cancelled']);

export const isFinished = (job: JobT) => FINISHED.has(job.status);

// The schema leaves `data` open ({} with additional properties): read it as the record it is.
const dataOf = (job: JobT): Record<string, unknown> => job.data ?? {};

const countOf = (job: JobT, name: string) => {
  const value = dataOf(job)[name];
  return typeof value === 'number' ? value : null;
};

/** A background job's progress, polled until it ends. */
export function JobProgress({ jobId, title, onFinished }: { jobId: string; title: string; onFinished?: () => void }) {
  const api = useApi();
  const finished = useRef(false);
  const job = useQuery({
    queryKey: ['background-job', jobId],
    queryFn: () => api.call<JobT>('GET', `/api/v2/background-jobs/${jobId}`),
    refetchInterval: (q) => (q.state.data !== undefined && isFinished(q.state.data) ? false : 500),
  });
  useEffect(() => {
    if (job.data !== undefined && isFinished(job.data) && !finished.current) {
      finished.current = true;
      onFinished?.();
    }
  }, [job.data, onFinished]);
  if (job.error !== null) return <ErrorNotice error={job.error} />;
  if (job.data === undefined) return <p>{title}: starting…</p>;
  return <JobLine job={job.data} title={title} />;
}

export function JobLine({ job, title }: { job: JobT; title: string }) {
  const done = countOf(job, 'success_count');
  const failed = countOf(job, 'failed_count');
  const total = countOf(job, 'total_to_process');
  const error = dataOf(job)['error'];
  return (
    <div className="job" aria-live="polite">
      <span>{title}</span>
      <progress max={100} value={job.progress} aria-label={`${title} progress`} />
      <span className="job-status" data-status={job.status}>{job.status}</span>
      <span>
        {job.progress}%{total !== null ? ` of ${total}` : ''}
        {done !== null ? ` · ${done} done` : ''}
        {failed !== null && failed > 0 ? ` · ${failed} failed` : ''}
      </span>
      {typeof error === 'string' ? <span className="notice error">{error}</span> : null}
    </div>
  );
}
