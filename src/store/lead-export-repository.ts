import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database, Db } from './database.js';
import { type LeadFilter, leadFilterCondition } from './lead-filter.js';
import type { LeadRow } from './lead-repository.js';

/**
 * The leads of an export: those matching the filter that existed when it began. The bound is the
 * newest matching id at the start, so leads added while a long export runs do not stretch it
 * (ids are time-ordered UUIDv7), and every query of one export sees the same selection.
 */
export interface ExportSelection {
  workspaceId: string;
  filter: LeadFilter;
  /** The last id of the selection; null when nothing matches. */
  lastId: string | null;
}

function selected(db: Db, s: ExportSelection & { lastId: string }): SelectQueryBuilder<Database, 'leads', object> {
  return db.selectFrom('leads').where((eb) => leadFilterCondition(eb, s.workspaceId, s.filter)).where('leads.id', '<=', s.lastId);
}

export async function openExportSelection(db: Db, workspaceId: string, filter: LeadFilter): Promise<ExportSelection> {
  const last = await db
    .selectFrom('leads')
    .select('id')
    .where((eb) => leadFilterCondition(eb, workspaceId, filter))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { workspaceId, filter, lastId: last?.id ?? null };
}

export async function countExportSelection(db: Db, s: ExportSelection): Promise<number> {
  if (s.lastId === null) return 0;
  const row = await selected(db, { ...s, lastId: s.lastId }).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// Custom variables live in the payload object; anything else there (never written by us) has no names.
const payloadKeys = sql<string>`jsonb_object_keys(CASE WHEN jsonb_typeof(payload) = 'object' THEN payload END)`;

/** Every custom variable name the selection's leads carry, in name order. */
export async function exportCustomVariableNames(db: Db, s: ExportSelection): Promise<string[]> {
  if (s.lastId === null) return [];
  const rows = await selected(db, { ...s, lastId: s.lastId }).select(payloadKeys.as('name')).distinct().orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** How many custom variable values of the selection have a name outside `names` (left out of a CSV). */
export async function countValuesOutside(db: Db, s: ExportSelection, names: readonly string[]): Promise<number> {
  if (s.lastId === null) return 0;
  const keys = selected(db, { ...s, lastId: s.lastId }).select(payloadKeys.as('name'));
  const query = db.selectFrom(keys.as('k')).select((eb) => eb.fn.countAll<number>().as('n'));
  const row = await (names.length === 0 ? query : query.where('k.name', '<>', sql<string>`all(${[...names]}::text[])`)).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The selection in id order, one keyset batch per query: memory stays two batches whatever the
 * export's size, and on the embedded store other requests run between batches instead of
 * waiting for a whole export. The next batch is asked for as soon as the current one is known,
 * so the database reads it while the caller encodes this one (the export is CPU-bound in Node:
 * ~20 µs a lead against ~0.4 µs of SQL, measured on PostgreSQL at 100k leads).
 */
export async function* exportBatches(db: Db, s: ExportSelection, batchSize: number): AsyncGenerator<LeadRow[]> {
  const lastId = s.lastId;
  if (lastId === null) return;
  const batchAfter = (after: string | null): Promise<LeadRow[]> => {
    let query = selected(db, { ...s, lastId }).selectAll();
    if (after !== null) query = query.where('leads.id', '>', after);
    return query.orderBy('leads.id').limit(batchSize).execute();
  };
  let next: Promise<LeadRow[]> | null = batchAfter(null);
  try {
    while (next !== null) {
      const rows: LeadRow[] = await next;
      const last = rows[rows.length - 1];
      next = last !== undefined && rows.length === batchSize ? batchAfter(last.id) : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A reader that stops early (a closed connection) leaves one batch in flight: let it end
    // quietly instead of as an unhandled rejection.
    await next?.catch(() => undefined);
  }
}
