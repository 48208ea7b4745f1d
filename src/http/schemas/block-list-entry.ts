import { Type } from '@sinclair/typebox';
import type { BlockListEntryRow } from '../../store/block-list-repository.js';
import { DateTime, EmailText, SearchText, Uuid } from './common.js';

export const BlockListEntry = Type.Object(
  {
    id: Uuid(),
    timestamp_created: DateTime(),
    organization_id: Uuid({ description: 'Workspace ID that owns this block list entry' }),
    bl_value: Type.String({ description: 'The blocked e-mail or domain, lower-cased, international domains in their Unicode form' }),
    is_domain: Type.Boolean({ description: 'Whether this entry blocks an entire domain (and its subdomains)' }),
  },
  { title: 'Block List Entry', additionalProperties: false },
);

const BlValue = EmailText({
  description:
    'An e-mail address, a domain (blocks it and its subdomains; "@example.com" and "*@example.com" are read as "example.com"), or "*.example.com" (only its subdomains). Stored trimmed and lower-cased; "xn--" and Unicode spellings of a domain are one value.',
});

export const CreateBlockListEntry = Type.Object({ bl_value: BlValue }, { additionalProperties: false });
export const UpdateBlockListEntry = Type.Object({ bl_value: Type.Optional(BlValue) }, { additionalProperties: false, minProperties: 1 });
export const BulkCreateBlockListEntries = Type.Object(
  { bl_values: Type.Array(BlValue, { minItems: 1, maxItems: 1000, description: 'E-mails or domains to block' }) },
  { additionalProperties: false },
);
export const BulkCreatedBlockListEntries = Type.Object({
  items: Type.Array(BlockListEntry, { description: 'The entries created (values already on the list are not repeated)' }),
  valid_count: Type.Number({ description: 'How many values were valid e-mails or domains, counting repeats and values already on the list' }),
  invalid_count: Type.Number({ description: 'How many values were neither' }),
});
export const BulkDeleteBlockListEntries = Type.Object(
  { ids: Type.Array(Type.String(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export const BlockListFilterQuery = Type.Object({
  domains_only: Type.Optional(Type.Boolean({ description: 'Only domain entries' })),
  search: Type.Optional(SearchText({ description: 'Part of the value, case-insensitive' })),
});

export function blockListEntryToWire(row: BlockListEntryRow) {
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    organization_id: row.workspace_id,
    bl_value: row.bl_value,
    is_domain: row.is_domain,
  };
}
