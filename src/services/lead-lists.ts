import type { Kysely } from 'kysely';
import type { Database, Db } from '../store/database.js';
import {
  type LeadListFields,
  type VerificationCounts,
  countListVerification,
  createLeadList as insertLeadList,
  deleteLeadList as deleteLeadListRow,
  findLeadList,
  listLeadLists as listLeadListRows,
  updateLeadList as updateLeadListRow,
} from '../store/lead-list-repository.js';
import { type ImportRow, type LeadListWithCount, findListBySmartleadId, listImports, listListsWithCounts, withLeadCount } from '../store/smartlead-repository.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';
import { inWorkspace } from './workspace-scope.js';

/**
 * A lead list as a request names it: its id (Instantly, /api/v2) or its integer id (Smartlead,
 * /api/v1). Both surfaces serve the same lists through the same functions below.
 */
export type LeadListRef = string | number;

function listNotFound(ref: LeadListRef): NotFoundError {
  return new NotFoundError(typeof ref === 'number' ? `Lead list ${ref}` : 'Lead list');
}

async function findList(db: Db, workspaceId: string, ref: LeadListRef): Promise<LeadListWithCount | undefined> {
  if (typeof ref === 'number') return findListBySmartleadId(db, workspaceId, ref);
  const list = await findLeadList(db, workspaceId, ref);
  return list === undefined ? undefined : withLeadCount(db, list);
}

/** The list with its lead count; a list of another workspace is as unknown as a missing one. */
export async function getLeadList(db: Db, principal: Principal, ref: LeadListRef): Promise<LeadListWithCount> {
  const list = await findList(db, principal.workspaceId, ref);
  if (list === undefined) throw listNotFound(ref);
  return list;
}

export async function createLeadList(db: Kysely<Database>, principal: Principal, fields: LeadListFields & { name: string }): Promise<LeadListWithCount> {
  return { ...(await insertLeadList(db, principal.workspaceId, fields)), lead_count: 0 };
}

/** Changes the fields named and answers the list as it now is, lead count included. */
export async function updateLeadList(db: Kysely<Database>, principal: Principal, ref: LeadListRef, fields: LeadListFields): Promise<LeadListWithCount> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const id = typeof ref === 'string' ? ref : (await findListBySmartleadId(trx, workspaceId, ref))?.id;
    const updated = id === undefined ? undefined : await updateLeadListRow(trx, workspaceId, id, fields);
    if (updated === undefined) throw listNotFound(ref);
    return withLeadCount(trx, updated);
  });
}

/**
 * Deletes a list with its leads and answers it as it was, lead count included: the read and the
 * delete are one transaction, so the count is the one deleted.
 */
export async function deleteLeadList(db: Kysely<Database>, principal: Principal, ref: LeadListRef): Promise<LeadListWithCount> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const list = await findList(trx, workspaceId, ref);
    if (list === undefined || (await deleteLeadListRow(trx, workspaceId, list.id)) === undefined) throw listNotFound(ref);
    return list;
  });
}

/** /api/v2's cursor pages of lists. */
export const listLeadLists = inWorkspace(listLeadListRows);
/** /api/v1's offset pages of lists, with their lead counts. */
export const listLeadListsWithCounts = inWorkspace(listListsWithCounts);

export async function leadListVerificationCounts(db: Db, principal: Principal, ref: LeadListRef): Promise<VerificationCounts> {
  const list = await getLeadList(db, principal, ref);
  return countListVerification(db, list.id);
}

/** The Smartlead imports into a list (a Leadbase extension), oldest first. */
export async function leadListImports(db: Db, principal: Principal, ref: LeadListRef): Promise<ImportRow[]> {
  const list = await getLeadList(db, principal, ref);
  return listImports(db, list.id);
}
