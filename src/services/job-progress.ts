/** Job counters as the vendor names them; every handler keeps these in its data. */
export interface JobCounters {
  total_to_process: number;
  success_count: number;
  failed_count: number;
}

export function numberField(data: Record<string, unknown>, key: string): number {
  const value = data[key];
  return typeof value === 'number' ? value : 0;
}

export function progressOf(done: number, total: number): number {
  return total <= 0 ? 100 : Math.min(100, (done / total) * 100);
}

/** What one batch of a job's use case did: its new data and progress, and whether it is done. */
export interface JobBatchResult {
  done: boolean;
  progress: number;
  data: Record<string, unknown>;
}
