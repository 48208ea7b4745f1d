import { companyDomainOf } from '../domain/company-domain.js';
import { cleanEmail } from '../domain/email.js';
import type { Outcome, SkipFlags, TargetKind } from '../domain/import-plan.js';
import type { LeadToAdd } from '../domain/lead-input.js';
import { addCampaignVariables } from '../store/campaign-repository.js';
import type { Db, Payload } from '../store/database.js';
import { type BulkDeleteQuery, type LeadChanges, type LeadListQuery, type LeadRow, deleteLead, deleteLeads, findLead, listLeads, updateLead } from '../store/lead-repository.js';
import type { PageResult } from '../store/paging.js';
import { NotFoundError } from './errors.js';
import { assertKnownInterestStatuses } from './interest-status.js';
import { resolveExactlyOneContainer } from './lead-container.js';
import { addLeads } from './lead-intake.js';
import type { Principal } from './principal.js';

export interface CreateLeadInput {
  campaignId?: string | null | undefined;
  listId?: string | null | undefined;
  lead: LeadToAdd;
  blocklistId?: string | undefined;
  verify?: boolean | undefined;
  flags: SkipFlags;
}

/** What became of a single create: the lead, or the bulk-add outcome that kept it out. */
export type CreateLeadOutcome =
  | { kind: 'created'; lead: LeadRow; verificationQueued: boolean }
  | { kind: 'refused'; outcome: Exclude<Outcome, 'created'>; email: string | null; target: TargetKind };

const interestValue = (value: number | undefined, field: string) => (value === undefined ? [] : [{ field, value }]);

/**
 * One lead into a campaign, a list or, with neither, the workspace alone: through lead intake
 * like bulk add, so the block list, the skip flags, the allowance and the duplicate rules are
 * the same ones.
 */
export async function createLead(db: Db, principal: Principal, input: CreateLeadInput): Promise<CreateLeadOutcome> {
  const { workspaceId } = principal;
  const target = await resolveExactlyOneContainer(db, workspaceId, input.campaignId, input.listId, ['campaign', 'list_id'], 'workspace');
  await assertKnownInterestStatuses(db, workspaceId, interestValue(input.lead.lt_interest_status, 'body/lt_interest_status'));
  const result = await addLeads(db, principal, { target, leads: [input.lead], blocklistId: input.blocklistId, verify: input.verify, flags: input.flags });
  const created = result.createdLeads[0];
  if (created === undefined) {
    const outcome = result.decisions[0]?.outcome ?? 'invalid_email';
    return { kind: 'refused', outcome: outcome === 'created' ? 'duplicated_lead' : outcome, email: cleanEmail(input.lead.email), target: target.kind };
  }
  const lead = await findLead(db, workspaceId, created.id);
  // Deleted by another request between the commit and this read.
  if (lead === undefined) throw new NotFoundError('Lead');
  return { kind: 'created', lead, verificationQueued: result.verificationJobId !== null };
}

export async function getLead(db: Db, principal: Principal, id: string): Promise<LeadRow | undefined> {
  return findLead(db, principal.workspaceId, id);
}

export interface LeadUpdate {
  changes: Omit<LeadChanges, 'company_domain'>;
  customVariables: Payload | undefined;
}

/**
 * Writes the given fields; the company domain follows the website, and a campaign lead's new
 * custom variable names join its campaign's, in the same transaction. Undefined: no such lead.
 */
export async function updateLeadFields(db: Db, principal: Principal, id: string, update: LeadUpdate): Promise<LeadRow | undefined> {
  const { workspaceId } = principal;
  await assertKnownInterestStatuses(db, workspaceId, interestValue(update.changes.lt_interest_status, 'body/lt_interest_status'));
  return db.transaction().execute(async (trx) => {
    const existing = await findLead(trx, workspaceId, id);
    if (existing === undefined) return undefined;
    const website = update.changes.website !== undefined ? update.changes.website : existing.website;
    const lead = await updateLead(trx, workspaceId, existing.id, { ...update.changes, company_domain: companyDomainOf(existing.email, website) }, update.customVariables);
    if (lead !== undefined && lead.campaign_id !== null && update.customVariables !== undefined) {
      await addCampaignVariables(trx, lead.campaign_id, Object.keys(update.customVariables));
    }
    return lead;
  });
}

export async function removeLead(db: Db, principal: Principal, id: string): Promise<LeadRow | undefined> {
  return deleteLead(db, principal.workspaceId, id);
}

/** Deletes the matching leads of one campaign or list (which must exist); answers how many. */
export async function removeLeads(db: Db, principal: Principal, query: BulkDeleteQuery): Promise<number> {
  await resolveExactlyOneContainer(db, principal.workspaceId, query.campaign_id, query.list_id, ['campaign_id', 'list_id']);
  return deleteLeads(db, principal.workspaceId, query);
}

export async function listLeadPage(db: Db, principal: Principal, query: LeadListQuery): Promise<PageResult<LeadRow>> {
  return listLeads(db, principal.workspaceId, query, (row) => row);
}
