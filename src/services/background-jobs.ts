import { findVisibleJob, listVisibleJobs } from '../store/background-job-repository.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

// Only the jobs a client may see (visible ones) are read here; the queue's own are not.
export const getBackgroundJob = foundInWorkspace('Background job', findVisibleJob);
export const listBackgroundJobs = inWorkspace(listVisibleJobs);
