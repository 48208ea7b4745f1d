import type { Static } from '@sinclair/typebox';
import type { BulkLead } from '../../http/schemas/lead-import.js';
import { FIELD_BY_ALIAS, LEAD_FIELDS, type LeadField, normalize } from '../../domain/lead-header-aliases.js';
import { CliError } from '../context.js';
import { isUuid } from '../../domain/uuid.js';

export type LeadToSend = Static<typeof BulkLead>;

export type ColumnTarget = { kind: 'field'; field: LeadField } | { kind: 'custom'; name: string } | { kind: 'skip' };

export interface ColumnPlan {
  index: number;
  header: string;
  target: ColumnTarget;
  /** Whether --map chose the target (shown in the mapping summary). */
  explicit: boolean;
}

function parseOverride(text: string, headers: readonly string[]): { index: number; target: ColumnTarget } {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw new CliError(`--map "${text}": write it as "Column=field", e.g. --map "E-Mail Adresse=email"`);
  const column = text.slice(0, eq).trim();
  const wanted = text.slice(eq + 1).trim();
  const index = headers.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
  if (index < 0) throw new CliError(`--map "${text}": the file has no column "${column}"; its columns are: ${headers.map((h) => JSON.stringify(h)).join(', ')}`);
  if (wanted === '' || wanted === '-') return { index, target: { kind: 'skip' } };
  if (wanted.startsWith('custom:')) {
    const name = wanted.slice('custom:'.length).trim();
    if (name === '') throw new CliError(`--map "${text}": custom: needs a variable name, e.g. "${column}=custom:industry"`);
    return { index, target: { kind: 'custom', name } };
  }
  const field = (LEAD_FIELDS as readonly string[]).includes(wanted) ? (wanted as LeadField) : FIELD_BY_ALIAS.get(normalize(wanted));
  if (field === undefined) {
    throw new CliError(`--map "${text}": "${wanted}" is not a lead field; use one of ${LEAD_FIELDS.join(', ')}, custom:NAME for a custom variable, or - to leave the column out`);
  }
  return { index, target: { kind: 'field', field } };
}

/**
 * Decides where each column goes: --map overrides first, then the first column (left to right)
 * whose header is an alias of a field takes that field, and every other column becomes a custom
 * variable named after its header.
 */
export function planColumns(headers: readonly string[], overrides: readonly string[]): ColumnPlan[] {
  const plans: (ColumnPlan | undefined)[] = headers.map(() => undefined);
  const taken = new Set<LeadField>();
  for (const text of overrides) {
    const { index, target } = parseOverride(text, headers);
    if (target.kind === 'field') {
      if (taken.has(target.field)) throw new CliError(`--map maps two columns to ${target.field}`);
      taken.add(target.field);
    }
    plans[index] = { index, header: headers[index] ?? '', target, explicit: true };
  }
  headers.forEach((header, index) => {
    if (plans[index] !== undefined) return;
    // `leadbase export` writes a custom variable named like a lead column as custom:NAME.
    if (header.trim().startsWith('custom:') && header.trim().length > 'custom:'.length) {
      plans[index] = { index, header, target: { kind: 'custom', name: header.trim().slice('custom:'.length) }, explicit: false };
      return;
    }
    const field = FIELD_BY_ALIAS.get(normalize(header));
    if (field !== undefined && !taken.has(field)) {
      taken.add(field);
      plans[index] = { index, header, target: { kind: 'field', field }, explicit: false };
    }
  });
  const customNames = new Set<string>();
  for (const plan of plans) if (plan?.target.kind === 'custom') customNames.add(plan.target.name);
  return headers.map((header, index) => {
    const planned = plans[index];
    if (planned !== undefined) return planned;
    // Custom variable names must be unique keys of one JSON object.
    const base = header.trim() === '' ? `column_${index + 1}` : header.trim();
    let name = base;
    for (let n = 2; customNames.has(name); n++) name = `${base}_${n}`;
    customNames.add(name);
    return { index, header, target: { kind: 'custom', name }, explicit: false };
  });
}

export function mappedFields(plans: readonly ColumnPlan[]): Set<LeadField> {
  return new Set(plans.flatMap((p) => (p.target.kind === 'field' ? [p.target.field] : [])));
}

export function describePlan(plans: readonly ColumnPlan[]): string {
  const fields = plans.filter((p) => p.target.kind === 'field').map((p) => `${JSON.stringify(p.header)} → ${p.target.kind === 'field' ? p.target.field : ''}`);
  const custom = plans.filter((p) => p.target.kind === 'custom').map((p) => (p.target.kind === 'custom' && p.target.name !== p.header.trim() ? `${JSON.stringify(p.header)} → ${p.target.name}` : JSON.stringify(p.header)));
  const skipped = plans.filter((p) => p.target.kind === 'skip').map((p) => JSON.stringify(p.header));
  return [
    `columns: ${fields.join(', ') || '(no lead fields)'}`,
    ...(custom.length > 0 ? [`custom variables: ${custom.join(', ')}`] : []),
    ...(skipped.length > 0 ? [`left out: ${skipped.join(', ')}`] : []),
  ].join('\n');
}

/** One CSV record as the lead to send, or why it cannot be sent as it is. */
export function leadFromRecord(plans: readonly ColumnPlan[], fields: readonly string[]): { lead: LeadToSend } | { problem: string } {
  const lead: LeadToSend = {};
  let custom: Record<string, string> | undefined;
  for (const plan of plans) {
    const value = (fields[plan.index] ?? '').trim();
    if (value === '' || plan.target.kind === 'skip') continue;
    if (plan.target.kind === 'custom') {
      custom ??= {};
      custom[plan.target.name] = value;
      continue;
    }
    const field = plan.target.field;
    if (field === 'lt_interest_status') {
      if (!/^-?\d+$/.test(value)) return { problem: `${plan.header} (lt_interest_status) must be a whole number, got ${JSON.stringify(value)}` };
      lead.lt_interest_status = Number(value);
    } else if (field === 'assigned_to') {
      if (!isUuid(value)) return { problem: `${plan.header} (assigned_to) must be a user id (UUID), got ${JSON.stringify(value)}` };
      lead.assigned_to = value;
    } else {
      lead[field] = value;
    }
  }
  if (custom !== undefined) lead.custom_variables = custom;
  return { lead };
}
