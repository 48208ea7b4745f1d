import { Type } from '@sinclair/typebox';
import type { JobRow } from '../../jobs/queue.js';
import { Nullable, Uuid } from './common.js';

export const JOB_TYPES = ['move-leads', 'import-leads', 'export-leads', 'update-warmup-accounts', 'rename-variable', 'broadcast-ai-generate', 'broadcast-website-scrape', 'import-subscribers-from-crm', 'resync-subscriber-crm-tags'] as const;
export const JOB_ENTITY_TYPES = ['list', 'campaign', 'workspace', 'broadcast', 'subscriber-group-sync', 'subscriber-group'] as const;
export const JOB_STATUSES = ['pending', 'in-progress', 'success', 'failed', 'draining', 'paused', 'cancelled'] as const;

const stringEnum = <T extends readonly string[]>(values: T, description: string) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const BackgroundJob = Type.Object(
  {
    id: Type.String(),
    workspace_id: Uuid(),
    user_id: Type.Optional(Nullable(Uuid())),
    type: stringEnum(JOB_TYPES, 'The type of the job'),
    entity_id: Type.Optional(Nullable(Uuid())),
    entity_type: Type.Optional(stringEnum(JOB_ENTITY_TYPES, 'The type of the entity the job works on')),
    data: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'total_to_process, success_count, failed_count, and error when the job failed' })),
    progress: Type.Number({ minimum: 0, maximum: 100 }),
    status: stringEnum(JOB_STATUSES, 'The status of the job'),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { title: 'Background Job', additionalProperties: false },
);

export const JobListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
  starting_after: Type.Optional(Uuid()),
  ids: Type.Optional(Type.String({ description: 'Comma-separated job ids' })),
  included_ids: Type.Optional(Type.String({ description: 'Comma-separated job ids (the same as ids)' })),
  excluded_ids: Type.Optional(Type.String({ description: 'Comma-separated job ids to leave out' })),
  type: Type.Optional(stringEnum(JOB_TYPES, 'The type of the job')),
  entity_type: Type.Optional(stringEnum(JOB_ENTITY_TYPES, 'The type of the entity')),
  entity_id: Type.Optional(Type.String({ description: 'Comma-separated entity ids' })),
  status: Type.Optional(Type.String({ description: `Comma-separated statuses: ${JOB_STATUSES.join(', ')}` })),
  sort_column: Type.Optional(stringEnum(['created_at', 'updated_at'] as const, 'The column to sort by')),
  sort_order: Type.Optional(stringEnum(['asc', 'desc'] as const, 'The sort direction')),
});

/** Keys that only the worker reads: the wire shows the job's results, not its bookkeeping. */
const INTERNAL_DATA_KEYS = new Set(['kind', 'cursor', 'lead_ids', 'filter', 'options']);

export function jobToWire(row: JobRow, dataFields: readonly string[] | null = null) {
  const data = Object.fromEntries(
    Object.entries(row.data).filter(([key]) => !INTERNAL_DATA_KEYS.has(key) && (dataFields === null || dataFields.includes(key))),
  );
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    user_id: row.user_id,
    type: row.type as (typeof JOB_TYPES)[number],
    entity_id: row.entity_id,
    ...(row.entity_type !== null ? { entity_type: row.entity_type as (typeof JOB_ENTITY_TYPES)[number] } : {}),
    data,
    progress: row.progress,
    status: row.status as (typeof JOB_STATUSES)[number],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
