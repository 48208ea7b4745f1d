import type { Counters } from '../domain/import-plan.js';
import { cleanEmail } from '../domain/email.js';
import { type SmartleadLeadInput, toLeadbaseLead } from '../domain/smartlead-lead.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { recordImport } from '../store/smartlead-repository.js';
import { addLeads } from './lead-intake.js';
import { getLeadList } from './lead-lists.js';
import type { Principal } from './principal.js';

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

export interface SmartleadImportRequest {
  /** The list's Smartlead integer id. */
  listId: number;
  rows: readonly SmartleadLeadInput[];
  fileName: string;
  /** What the client sent about its file, kept with the import as it came. */
  settings: Record<string, unknown>;
  ignoreBlockList: boolean;
}

/**
 * Adds the rows to the list and records the import (its counters and the leads it created) in
 * the same transaction, so an import on record is one that happened, with its true counts.
 */
export async function importLeadsToList(db: Db, principal: Principal, request: SmartleadImportRequest): Promise<{ importId: string; counts: ImportCounts }> {
  const list = await getLeadList(db, principal, request.listId);
  // Smartlead needs an e-mail on every lead: a row without one is counted invalid here rather
  // than written to the list as an e-mail-less lead (which v2 lists would accept).
  const leads = request.rows.map(toLeadbaseLead);
  const addable = leads.filter((lead) => cleanEmail(lead.email) !== null);
  const importId = newId();
  let counts: ImportCounts | undefined;
  await addLeads(db, principal, {
    target: { kind: 'list', id: list.id, ownedBy: null },
    leads: addable,
    flags: {},
    ignoreBlockList: request.ignoreBlockList,
    withinTransaction: async (trx, outcome) => {
      counts = importCounts(request.rows.length, leads.length - addable.length, outcome.counters);
      await recordImport(trx, {
        id: importId,
        workspaceId: principal.workspaceId,
        listId: list.id,
        fileName: request.fileName,
        settings: request.settings,
        counters: counts,
        createdBy: principal.userId,
        createdLeadIds: outcome.createdLeads.map((lead) => lead.id),
      });
    },
  });
  if (counts === undefined) throw new Error('bulk add returned without recording the import');
  return { importId, counts };
}
