import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice.js';
import { JobLine, isFinished } from '../components/job-progress.js';
import { shortDate } from '../format.js';
import { query } from '../api.js';
import { useApi } from '../session.js';
import type { JobT, PageOf } from '../types.js';

export function JobsScreen() {
  const api = useApi();
  const jobs = useQuery({
    queryKey: ['background-jobs'],
    queryFn: () => api.call<PageOf<JobT>>('GET', `/api/v2/background-jobs${query({ limit: 100, sort_column: 'created_at', sort_order: 'desc' })}`),
    // Poll while any job still runs, so progress moves without a reload.
    refetchInterval: (q) => (q.state.data?.items.some((job) => !isFinished(job)) === true ? 1000 : false),
  });
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">Jobs</h1>
      <ErrorNotice error={jobs.error} />
      <table className="grid">
        <thead><tr><th scope="col">Type</th><th scope="col">Progress</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {(jobs.data?.items ?? []).map((job) => (
            <tr key={job.id}>
              <td>{job.type}{job.entity_type !== undefined ? ` → ${job.entity_type}` : ''}</td>
              <td><JobLine job={job} title={job.type} /></td>
              <td>{shortDate(job.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {jobs.data?.items.length === 0 ? <p>No background jobs yet.</p> : null}
    </section>
  );
}
