import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { Type } from '@sinclair/typebox';
import { parseBlockValue } from '../../domain/block-list.js';
import {
  addBlockListEntry,
  addBlockListValues,
  blockListEntryBatches,
  deleteBlockListEntry,
  deleteMatchingBlockListEntries,
  getBlockListEntry,
  listBlockListEntriesPage,
  requireBlockValue,
  updateBlockListEntry,
} from '../../services/block-list-entries.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import {
  BlockListEntry,
  BlockListFilterQuery,
  BulkCreateBlockListEntries,
  BulkCreatedBlockListEntries,
  BulkDeleteBlockListEntries,
  CreateBlockListEntry,
  UpdateBlockListEntry,
  blockListEntryToWire,
} from '../schemas/block-list-entry.js';
import { isUuid } from '../../domain/uuid.js';
import { ErrorBody, IdParams, Page, PageLimit, Uuid } from '../schemas/common.js';
import { guarded } from './access.js';

const tags = ['Block List Entry'];

/**
 * Ajv's "uuid" format also takes the "urn:uuid:" form, which PostgreSQL's uuid type refuses
 * (a 500); ids reaching SQL must be the plain form.
 */
function requirePlainUuid(value: string | undefined, field: string): void {
  if (value !== undefined && !isUuid(value)) throw badRequest(`${field} must match format "uuid"`);
}


export function blockListEntryRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/block-lists-entries', {
    ...guarded('block_list_entries', 'create'),
    schema: {
      tags,
      summary: 'Create block list entry',
      description: 'Adding a value that is already on the list answers the existing entry.',
      body: CreateBlockListEntry,
      response: { 200: BlockListEntry, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const value = requireBlockValue(request.body.bl_value);
    return blockListEntryToWire(await addBlockListEntry(db, principalOf(request), value));
  });

  app.get('/api/v2/block-lists-entries', {
    ...guarded('block_list_entries', 'read'),
    schema: {
      tags,
      summary: 'List block list entries',
      querystring: Type.Composite([BlockListFilterQuery, Type.Object({ limit: Type.Optional(PageLimit), starting_after: Type.Optional(Uuid()) })]),
      response: { 200: Page(BlockListEntry, 'The block list entries'), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    requirePlainUuid(q.starting_after, 'querystring/starting_after');
    return listBlockListEntriesPage(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      domainsOnly: q.domains_only,
      search: q.search,
    }, blockListEntryToWire);
  });

  app.delete('/api/v2/block-lists-entries', {
    ...guarded('block_list_entries', 'delete'),
    schema: {
      tags,
      summary: 'Delete block list entries matching a filter',
      description: 'Deletes every entry matching `domains_only` and `search` (all entries when neither is given) and answers them.',
      querystring: BlockListFilterQuery,
      response: { 200: Type.Array(BlockListEntry), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const rows = await deleteMatchingBlockListEntries(db, principalOf(request), { domainsOnly: request.query.domains_only, search: request.query.search });
    return rows.map(blockListEntryToWire);
  });

  app.post('/api/v2/block-lists-entries/bulk-create', {
    ...guarded('block_list_entries', 'create'),
    schema: {
      tags,
      summary: 'Create block list entries in bulk',
      description: 'Valid values are added (values already on the list are counted as valid but not repeated in `items`); invalid ones are counted and left out.',
      body: BulkCreateBlockListEntries,
      response: { 200: BulkCreatedBlockListEntries, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const parsed = request.body.bl_values.map(parseBlockValue);
    const valid = parsed.filter((v): v is NonNullable<typeof v> => v !== null);
    const rows = await addBlockListValues(db, principalOf(request), valid);
    return { items: rows.map(blockListEntryToWire), valid_count: valid.length, invalid_count: parsed.length - valid.length };
  });

  app.post('/api/v2/block-lists-entries/bulk-delete', {
    ...guarded('block_list_entries', 'delete'),
    schema: { tags, summary: 'Delete block list entries by id', body: BulkDeleteBlockListEntries, response: { 200: Type.Array(BlockListEntry), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const bad = request.body.ids.findIndex((id) => !isUuid(id));
    if (bad >= 0) throw badRequest(`body/ids/${bad} must match format "uuid"`);
    const rows = await deleteMatchingBlockListEntries(db, principalOf(request), { ids: request.body.ids });
    return rows.map(blockListEntryToWire);
  });

  app.get('/api/v2/block-lists-entries/download', {
    ...guarded('block_list_entries', 'read'),
    schema: {
      tags,
      summary: 'Download block list entries as CSV',
      description: 'A CSV (RFC 4180: CRLF line ends, quoted where needed) with the columns bl_value, is_domain, timestamp_created, streamed in creation order.',
      querystring: BlockListFilterQuery,
      produces: ['text/csv'],
      // A stream of text; the errors stay JSON (src/http/schemas/documented-errors.ts).
      response: { 200: { description: 'The entries as CSV', content: { 'text/csv': { schema: Type.Unsafe<Readable>({ type: 'string' }) } } } },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const filter = { domainsOnly: request.query.domains_only, search: request.query.search };
    async function* records() {
      for await (const rows of blockListEntryBatches(db, principal, filter)) {
        for (const r of rows) yield [r.bl_value, String(r.is_domain), r.timestamp_created.toISOString()];
      }
    }
    // RFC 4180 (CRLF record ends, as in the vendor's example); the header comes even when empty.
    const csv = stringify({ header: true, columns: ['bl_value', 'is_domain', 'timestamp_created'], record_delimiter: 'windows' });
    pipeline(Readable.from(records()), csv, (error) => {
      // A client that hangs up early is not a server fault; anything else is.
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') request.log.error({ err: error }, 'block list download failed');
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="block-list.csv"')
      .send(csv);
  });

  app.get('/api/v2/block-lists-entries/:id', {
    ...guarded('block_list_entries', 'read'),
    schema: { tags, summary: 'Get block list entry', params: IdParams, response: { 200: BlockListEntry, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    requirePlainUuid(request.params.id, 'params/id');
    return blockListEntryToWire(await getBlockListEntry(db, principalOf(request), request.params.id));
  });

  app.patch('/api/v2/block-lists-entries/:id', {
    ...guarded('block_list_entries', 'update'),
    schema: {
      tags,
      summary: 'Update block list entry',
      params: IdParams,
      body: UpdateBlockListEntry,
      response: { 200: BlockListEntry, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    requirePlainUuid(request.params.id, 'params/id');
    return blockListEntryToWire(await updateBlockListEntry(db, principalOf(request), request.params.id, request.body.bl_value));
  });

  app.delete('/api/v2/block-lists-entries/:id', {
    ...guarded('block_list_entries', 'delete'),
    schema: { tags, summary: 'Delete block list entry', params: IdParams, response: { 200: BlockListEntry, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    requirePlainUuid(request.params.id, 'params/id');
    return blockListEntryToWire(await deleteBlockListEntry(db, principalOf(request), request.params.id));
  });
}
