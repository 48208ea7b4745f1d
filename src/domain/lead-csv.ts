/**
 * The CSV form of leads that `leadbase export` writes and `leadbase import` reads back: the
 * fields import maps by name, optionally the read-only ones, then one column per custom variable.
 */
export const LEAD_CSV_COLUMNS = ['email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization'] as const;
export const LEAD_CSV_META_COLUMNS = ['id', 'campaign', 'list_id', 'status', 'lt_interest_status', 'pl_value_lead', 'verification_status', 'assigned_to', 'company_domain', 'timestamp_created', 'timestamp_updated'] as const;

export interface LeadCsvLayout {
  /** The lead fields written, in order. */
  fields: readonly string[];
  /** The custom variables written after them, in order. */
  customVariables: readonly string[];
}

export function leadCsvLayout(meta: boolean, customVariables: readonly string[]): LeadCsvLayout {
  return { fields: [...LEAD_CSV_COLUMNS, ...(meta ? LEAD_CSV_META_COLUMNS : [])], customVariables };
}

/** A custom variable named like a lead column is written as custom:NAME, which import reads back as that custom variable. */
export function leadCsvHeader(layout: LeadCsvLayout): string[] {
  return [...layout.fields, ...layout.customVariables.map((k) => (layout.fields.includes(k) ? `custom:${k}` : k))];
}

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** One lead (its wire form) as the cells of one CSV record. */
export function leadCsvRecord(layout: LeadCsvLayout, lead: Readonly<Record<string, unknown>>, payload: Readonly<Record<string, unknown>>): string[] {
  return [...layout.fields.map((c) => cell(lead[c])), ...layout.customVariables.map((k) => cell(payload[k]))];
}
