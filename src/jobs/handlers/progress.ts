// The job counters live with the services that keep them; handlers import them from here.
export { type JobCounters, numberField, progressOf } from '../../services/job-progress.js';
