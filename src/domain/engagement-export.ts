/**
 * What a vendor lead export says about engagement, as events for POST /api/v2/lead-events. An
 * Instantly lead (a `/leads/list` item, a JSON export line, or a CSV export row whose headers
 * are the Lead's field names) carries counts and "last" times, not each event, so each counter
 * becomes one event with `count` at the matching last time; the status becomes the event that
 * leads to it. Pure: the CLI reads the file, this decides the events.
 *
 * | export field | event |
 * |---|---|
 * | `timestamp_last_contact` (else `last_step_timestamp_executed`), `last_step_id`, `last_step_from`, `last_contacted_from` | `contacted` (step_id, source, from_address) |
 * | `email_open_count` > 0, `timestamp_last_open`, `email_opened_step`/`_variant` | `opened` with `count` |
 * | `email_click_count` > 0, `timestamp_last_click`, `email_clicked_step`/`_variant` | `clicked` with `count` |
 * | `email_reply_count` > 0, `timestamp_last_reply`, `email_replied_step`/`_variant` | `replied` with `count` |
 * | `status` -1 / -2 / 3 | `bounced` / `unsubscribed` / `completed`, at the last touch |
 * | `esp_code` | carried on every event of the row |
 *
 * A status of 1 (active), 2 (paused) or -3 (skipped) says nothing that happened to the lead.
 * An event needs a time: a count or status without any time in the row is refused, not dated now.
 */

export type ExportRecord = Readonly<Record<string, unknown>>;

export interface ExportEvent {
  email: string;
  campaign?: string;
  list_id?: string;
  event_type: 'contacted' | 'opened' | 'clicked' | 'replied' | 'bounced' | 'unsubscribed' | 'completed';
  timestamp: string;
  count?: number;
  step?: number;
  variant?: number;
  step_id?: string;
  source?: 'campaign' | 'subsequence';
  from_address?: string;
  esp_code?: number;
}

export type ExportRowResult = { kind: 'events'; email: string; events: ExportEvent[] } | { kind: 'refused'; reason: string } | { kind: 'nothing' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ESP_CODES = new Set([0, 1, 2, 3, 8, 9, 10, 12, 13, 999, 1000]);
const STATUS_EVENTS: Record<number, ExportEvent['event_type']> = { [-1]: 'bounced', [-2]: 'unsubscribed', 3: 'completed' };

/** "Email Open Count", "email_open_count" and "EMAIL-OPEN-COUNT" are one field. */
export const exportFieldName = (header: string): string => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

function text(record: ExportRecord, field: string): string | undefined {
  const value = record[field];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(record: ExportRecord, field: string): number | undefined {
  const raw = text(record, field);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isInteger(value) ? value : undefined;
}

function time(record: ExportRecord, field: string): string | undefined {
  const raw = text(record, field);
  if (raw === undefined) return undefined;
  const parsed = new Date(raw);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

const TALLIES = [
  { type: 'opened', count: 'email_open_count', last: 'timestamp_last_open', step: 'email_opened_step', variant: 'email_opened_variant' },
  { type: 'clicked', count: 'email_click_count', last: 'timestamp_last_click', step: 'email_clicked_step', variant: 'email_clicked_variant' },
  { type: 'replied', count: 'email_reply_count', last: 'timestamp_last_reply', step: 'email_replied_step', variant: 'email_replied_variant' },
] as const;

/** The events one exported lead stands for; `target` names where the lead is in this workspace. */
export function eventsOfExportedLead(record: ExportRecord, target: { campaign?: string | undefined; list_id?: string | undefined }): ExportRowResult {
  const email = text(record, 'email');
  if (email === undefined) return { kind: 'refused', reason: 'no email' };
  const espCode = integer(record, 'esp_code');
  const base = {
    email,
    ...(target.campaign !== undefined ? { campaign: target.campaign } : {}),
    ...(target.list_id !== undefined ? { list_id: target.list_id } : {}),
    ...(espCode !== undefined && ESP_CODES.has(espCode) ? { esp_code: espCode } : {}),
  };
  const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  const events: ExportEvent[] = [];
  const contactedAt = time(record, 'timestamp_last_contact') ?? time(record, 'last_step_timestamp_executed');
  if (contactedAt !== undefined) {
    const stepId = text(record, 'last_step_id');
    const source = text(record, 'last_step_from');
    const from = text(record, 'last_contacted_from');
    events.push({
      ...base,
      event_type: 'contacted',
      timestamp: contactedAt,
      ...optional('step_id', stepId !== undefined && UUID.test(stepId) ? stepId : undefined),
      ...optional('source', source === 'campaign' || source === 'subsequence' ? source : undefined),
      ...optional('from_address', from !== undefined && from.includes('@') ? from : undefined),
    });
  }
  const lastTouch = time(record, 'timestamp_last_touch');
  for (const tally of TALLIES) {
    const count = integer(record, tally.count) ?? 0;
    if (count <= 0) continue;
    const at = time(record, tally.last) ?? lastTouch ?? contactedAt;
    if (at === undefined) return { kind: 'refused', reason: `${tally.count} is ${count} but the row has no ${tally.last} (nor timestamp_last_touch or timestamp_last_contact) to date it` };
    events.push({ ...base, event_type: tally.type, timestamp: at, count, ...optional('step', integer(record, tally.step)), ...optional('variant', integer(record, tally.variant)) });
  }
  const status = integer(record, 'status');
  const statusEvent = status === undefined ? undefined : STATUS_EVENTS[status];
  if (statusEvent !== undefined) {
    const latest = [lastTouch, contactedAt, ...events.map((event) => event.timestamp)].filter((value): value is string => value !== undefined).sort().at(-1);
    if (latest === undefined) return { kind: 'refused', reason: `status ${status ?? ''} (${statusEvent}) but the row has no time to date it` };
    events.push({ ...base, event_type: statusEvent, timestamp: latest });
  }
  return events.length === 0 ? { kind: 'nothing' } : { kind: 'events', email, events };
}
