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
