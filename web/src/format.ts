/** The vendor's numeric codes as people read them. */
export const LEAD_STATUS: Record<number, string> = { 1: 'Active', 2: 'Paused', 3: 'Completed', [-1]: 'Bounced', [-2]: 'Unsubscribed', [-3]: 'Skipped' };
export const INTEREST: Record<number, string> = {
  1: 'Interested', 2: 'Meeting booked', 3: 'Meeting completed', 4: 'Won', 0: 'Out of office',
  [-1]: 'Not interested', [-2]: 'Wrong person', [-3]: 'Lost', [-4]: 'No show',
};
export const VERIFICATION: Record<number, string> = { 1: 'Verified', 11: 'Pending', 12: 'Pending (job)', [-1]: 'Invalid', [-2]: 'Risky', [-3]: 'Catch-all', [-4]: 'Job change' };

export const label = (table: Record<number, string>, value: number | null | undefined) =>
  value === null || value === undefined ? '' : (table[value] ?? String(value));

export const shortDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const numberOf = (n: number) => n.toLocaleString('en-US');

/** "1 lead", "1,200 leads": a count with its noun. */
export const countOf = (n: number, noun: string) => `${numberOf(n)} ${noun}${n === 1 ? '' : 's'}`;
