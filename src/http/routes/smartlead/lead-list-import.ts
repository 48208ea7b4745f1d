import type { Counters } from '../../../domain/import-plan.js';
import { cleanEmail } from '../../../domain/email.js';
import { toLeadbaseLead } from '../../../domain/smartlead-lead.js';
import { newId } from '../../../store/ids.js';
import { findListBySmartleadId, recordImport } from '../../../store/smartlead-repository.js';
import { addLeads } from '../../../services/lead-intake.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { badRequest } from '../../errors.js';
import { ImportAnswer, ImportBody, type ImportBodyType, SmartleadIdParams } from '../../schemas/smartlead.js';
import { guarded } from '../access.js';
import { listNotFound } from './lead-lists.js';

function rowsOf(body: ImportBodyType) {
  if (body.leadList !== undefined && body.leads !== undefined) throw badRequest('Send the leads as either body/leadList or body/leads, not both');
  const rows = body.leadList ?? body.leads;
  if (rows === undefined) throw badRequest("body must have required property 'leadList' (or 'leads')");
  return rows;
}

export interface ImportCounts {
  total_leads: number;
  imported: number;
  duplicates: number;
  blocked: number;
  invalid: number;
}

/**
 * Smartlead's four counters from bulk add's. Every row lands in exactly one: duplicates are
 * repeats within the request and e-mails already in the list; invalid (a Leadbase field) is a
 * row with no e-mail or a malformed one, so total_leads is always the sum.
 */
export function importCounts(total: number, withoutEmail: number, c: Counters): ImportCounts {
  return {
    total_leads: total,
    imported: c.leads_uploaded,
    duplicates: c.duplicate_email_count + c.duplicated_leads,
    blocked: c.in_blocklist,
    // No skip flag is set, so skipped_count is 0; incomplete cannot happen to a lead with an e-mail.
    invalid: withoutEmail + c.invalid_email_count + c.incomplete_count + c.skipped_count,
  };
}

export function smartleadImportRoutes(v1: App, { db }: AppDeps): void {
  v1.post('/api/v1/lead-list/:id/import', {
    ...guarded('leads', 'create'),
    schema: { params: SmartleadIdParams, body: ImportBody, response: { 200: ImportAnswer } },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    const rows = rowsOf(body);
    const list = await findListBySmartleadId(db, principal.workspaceId, request.params.id);
    if (list === undefined) throw listNotFound(request.params.id);

    // Smartlead needs an e-mail on every lead: a row without one is counted invalid here rather
    // than written to the list as an e-mail-less lead (which v2 lists would accept).
    const leads = rows.map(toLeadbaseLead);
    const addable = leads.filter((lead) => cleanEmail(lead.email) !== null);
    const importId = newId();
    let counts: ImportCounts | undefined;
    await addLeads(db, principal, {
      target: { kind: 'list', id: list.id, ownedBy: null },
      leads: addable,
      flags: {},
      ignoreBlockList: body.csvSettings?.ignoreGlobalBlockList === true,
      withinTransaction: async (trx, outcome) => {
        counts = importCounts(rows.length, leads.length - addable.length, outcome.counters);
        await recordImport(trx, {
          id: importId,
          workspaceId: principal.workspaceId,
          listId: list.id,
          fileName: body.fileName,
          settings: { emailFieldsAdded: body.emailFieldsAdded ?? null, customFields: body.customFields ?? null, csvSettings: body.csvSettings ?? null },
          counters: counts,
          createdBy: principal.userId,
          createdLeadIds: outcome.createdLeads.map((lead) => lead.id),
        });
      },
    });
    if (counts === undefined) throw new Error('bulk add returned without recording the import');
    const { invalid, ...rest } = counts;
    return { ok: true as const, data: { ...rest, invalid_email_count: invalid, import_id: importId } };
  });
}
