import { importLeadsToList } from '../../../services/smartlead-lead-import.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { badRequest } from '../../errors.js';
import { ImportAnswer, ImportBody, type ImportBodyType, SmartleadIdParams } from '../../schemas/smartlead.js';
import { guarded } from '../access.js';

function rowsOf(body: ImportBodyType) {
  if (body.leadList !== undefined && body.leads !== undefined) throw badRequest('Send the leads as either body/leadList or body/leads, not both');
  const rows = body.leadList ?? body.leads;
  if (rows === undefined) throw badRequest("body must have required property 'leadList' (or 'leads')");
  return rows;
}

export function smartleadImportRoutes(v1: App, { db }: AppDeps): void {
  v1.post('/api/v1/lead-list/:id/import', {
    ...guarded('leads', 'create'),
    schema: { params: SmartleadIdParams, body: ImportBody, response: { 200: ImportAnswer } },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    const rows = rowsOf(body);
    const { importId, counts } = await importLeadsToList(db, principal, {
      listId: request.params.id,
      rows,
      fileName: body.fileName,
      settings: { emailFieldsAdded: body.emailFieldsAdded ?? null, customFields: body.customFields ?? null, csvSettings: body.csvSettings ?? null },
      ignoreBlockList: body.csvSettings?.ignoreGlobalBlockList === true,
    });
    const { invalid, ...rest } = counts;
    return { ok: true as const, data: { ...rest, invalid_email_count: invalid, import_id: importId } };
  });
}
