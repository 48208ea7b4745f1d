import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { exportLeads } from '../../services/lead-export.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { ErrorBody } from '../schemas/common.js';
import { leadToWire } from '../schemas/lead.js';
import { guarded } from './access.js';
import { assertSupportedSelection, leadSelectionProperties, selectionOf } from './lead-selection.js';

const ExportLeadsBody = Type.Object(
  {
    ...leadSelectionProperties,
    format: Type.Optional(Type.Unsafe<'csv' | 'ndjson'>({ type: 'string', enum: ['csv', 'ndjson'], default: 'csv', description: '`csv` (the columns of `leadbase export`) or `ndjson` (one lead per line, as /leads/list items)' })),
    meta: Type.Optional(Type.Boolean({ description: 'CSV: also id, campaign, list_id, status, interest and verification status, assignee, company_domain and timestamps' })),
    custom_variables: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { maxItems: 1000, uniqueItems: true, description: 'CSV: these custom variable columns, in this order. Without it, one column per custom variable any exported lead has, in name order.' }),
    ),
  },
  { additionalProperties: false },
);

// The answer is a stream of text: documented as a string, typed as the Readable the route sends.
const StreamedText = Type.Unsafe<Readable>({ type: 'string' });

const MEDIA_TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson' } as const;

/**
 * POST /api/v2/leads/export, a Leadbase extension: every lead a /leads/list filter selects, as
 * one streamed CSV or NDJSON answer instead of pages of 100. Counts travel in headers, as they
 * are known before the first lead is written.
 */
export function leadExportRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/leads/export', {
    ...guarded('leads', 'read'),
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
    schema: {
      tags: ['Lead'],
      summary: 'Export leads (Leadbase extension)',
      description:
        'Streams every lead matching the filters of POST /api/v2/leads/list (without paging) in id order, as CSV or NDJSON. The leads are those that match when the export begins. Headers: `Leadbase-Lead-Count` (how many leads follow), `Leadbase-Custom-Variable-Columns` (CSV: how many custom variable columns) and, for CSV with `custom_variables`, `Leadbase-Omitted-Values` (custom variable values left out because their name is not a column).',
      body: ExportLeadsBody,
      produces: [MEDIA_TYPES.csv, MEDIA_TYPES.ndjson],
      // Errors stay JSON; src/http/schemas/documented-errors.ts documents them as such.
      response: {
        200: {
          description: 'The leads, streamed',
          content: { [MEDIA_TYPES.csv]: { schema: StreamedText }, [MEDIA_TYPES.ndjson]: { schema: StreamedText } },
        },
        // A list, campaign or smart view the filter names may not exist.
        404: { description: 'Not found', content: { 'application/json': { schema: ErrorBody } } },
      },
    },
  }, async (request, reply) => {
    const { workspaceId } = principalOf(request);
    const body = request.body;
    assertSupportedSelection(body);
    const format = body.format ?? 'csv';
    const result = await exportLeads(db, workspaceId, { filter: selectionOf(body), format, meta: body.meta === true, customVariables: body.custom_variables }, leadToWire);
    return reply
      .type(`${MEDIA_TYPES[format]}; charset=utf-8`)
      .header('content-disposition', `attachment; filename="leads.${format}"`)
      .header('leadbase-lead-count', String(result.leadCount))
      .header('leadbase-custom-variable-columns', String(result.customVariables.length))
      .header('leadbase-omitted-values', String(result.omittedValues))
      .send(result.body);
  });
}
