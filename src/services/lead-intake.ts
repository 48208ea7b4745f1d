import { blockCandidates } from '../domain/block-list.js';
import { enqueueJob } from '../jobs/queue.js';
import { companyDomainOf } from '../domain/company-domain.js';
import { type Candidate, type Counters, type Decision, type Presence, type SkipFlags, type TargetKind, countOutcomes, decideCandidates, screenBatch } from '../domain/import-plan.js';
import { blockListExists, blockedAmong, defaultBlockListId } from '../store/block-list-repository.js';
import { addCampaignVariables } from '../store/campaign-repository.js';
import type { Db } from '../store/database.js';
import { newId } from '../store/ids.js';
import { leadIdsInContainer, lockLeadIntake, presenceOf } from '../store/lead-import-repository.js';
import { type NewLeadRow, insertLeadsIgnoringDuplicates } from '../store/lead-repository.js';
import { unsubscribedKeysAmong } from '../store/smartlead-campaign-lead-repository.js';
import type { Principal } from './principal.js';
import { LeadAllowanceExceeded, NotFoundError } from './errors.js';
import { assertKnownInterestStatuses } from './interest-status.js';
import { campaignRoom } from './lead-allowance.js';
import type { LeadToAdd } from '../domain/lead-input.js';

export type { LeadToAdd };

export interface AddLeadsRequest {
  target: { kind: TargetKind; id: string; ownedBy: string | null };
  leads: readonly LeadToAdd[];
  blocklistId?: string | null | undefined;
  assignedTo?: string | undefined;
  verify?: boolean | undefined;
  flags: SkipFlags;
  /**
   * Find the existing lead behind each duplicated_lead the unique index reported (one more
   * query), so every outcome can name it: only the per-row outcomes ask for this.
   */
  identifyDuplicates?: boolean | undefined;
  /** Smartlead's csvSettings.ignoreGlobalBlockList: add blocked leads anyway. */
  ignoreBlockList?: boolean | undefined;
  /**
   * Leave out e-mails that unsubscribed in this workspace (outcome `unsubscribed`): Smartlead's
   * campaign add unless its settings.ignore_unsubscribe_list says otherwise.
   */
  skipUnsubscribed?: boolean | undefined;
  /**
   * Runs inside the request's transaction once every lead has its outcome, so what a caller
   * records about the request (an import's file name and counters) commits or rolls back with
   * the leads themselves.
   */
  withinTransaction?: ((trx: Db, outcome: TransactionOutcome) => Promise<void>) | undefined;
}

export interface TransactionOutcome {
  counters: Counters;
  decisions: readonly Decision[];
  createdLeads: readonly CreatedLead[];
}

export interface CreatedLead {
  index: number;
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
}

export interface AddLeadsResult {
  counters: Counters;
  /** Every lead's outcome by its index in the request, for callers that report per row. */
  decisions: Decision[];
  createdLeads: CreatedLead[];
  blocklistUsed: string;
  remainingInPlan: number | null;
  verificationJobId: string | null;
}

const PENDING_VERIFICATION = 11;

function rowFor(candidate: Candidate<LeadToAdd>, id: string, principal: Principal, request: AddLeadsRequest, now: Date): NewLeadRow {
  const lead = candidate.lead;
  return {
    id,
    workspace_id: principal.workspaceId,
    campaign_id: request.target.kind === 'campaign' ? request.target.id : null,
    list_id: request.target.kind === 'list' ? request.target.id : null,
    email: candidate.email,
    first_name: lead.first_name ?? null,
    last_name: lead.last_name ?? null,
    company_name: lead.company_name ?? null,
    company_domain: companyDomainOf(candidate.email, lead.website ?? null),
    job_title: lead.job_title ?? null,
    phone: lead.phone ?? null,
    website: lead.website ?? null,
    personalization: lead.personalization ?? null,
    payload: lead.custom_variables === undefined ? null : JSON.stringify(lead.custom_variables),
    lt_interest_status: lead.lt_interest_status ?? null,
    timestamp_last_interest_change: lead.lt_interest_status === undefined ? null : now,
    pl_value_lead: lead.pl_value_lead ?? null,
    assigned_to: lead.assigned_to ?? request.assignedTo ?? request.target.ownedBy ?? principal.userId,
    uploaded_by_user: principal.userId,
    verification_status: request.verify === true ? PENDING_VERIFICATION : null,
  };
}

/**
 * Adds a batch of leads to one campaign or list, or to the workspace alone (single create with
 * neither: leads with no campaign and no list): the rules of src/domain/import-plan.ts, with
 * the database consulted in set-based queries and written in one insert, all in one
 * transaction. Every path that brings leads into a workspace comes through here (v2 bulk add
 * and single create, Smartlead list import and campaign add), so the block list, the skip
 * flags and the allowance are enforced once. Intake is serialized per workspace
 * (lockLeadIntake: exclusive when a skip flag looks at other containers, shared otherwise), the
 * allowance by a lock on the workspace row, and the unique indexes have the last word on "once
 * per container".
 */
export async function addLeads(db: Db, principal: Principal, request: AddLeadsRequest): Promise<AddLeadsResult> {
  const { workspaceId } = principal;
  await assertKnownInterestStatuses(
    db,
    workspaceId,
    request.leads.flatMap((lead, index) => (lead.lt_interest_status === undefined ? [] : [{ field: `body/leads/${index}/lt_interest_status`, value: lead.lt_interest_status }])),
  );
  const { rejected, candidates } = screenBatch(request.leads, request.target.kind);

  return db.transaction().execute(async (trx) => {
    // Before the probe: a concurrent request's leads are either all visible to it or all after it.
    // An add that looks at no other container needs only the unique index: it shares the lock.
    const decidesFromOtherContainers = anySkipFlag(request.flags) || request.skipUnsubscribed === true;
    await lockLeadIntake(trx, workspaceId, decidesFromOtherContainers ? 'exclusive' : 'shared');
    const blocklistUsed = await resolveBlockList(trx, workspaceId, request.blocklistId);
    const room = request.target.kind === 'campaign' ? await campaignRoom(trx, workspaceId) : null;

    const keys = candidates.flatMap((c) => (c.emailKey === null ? [] : [c.emailKey]));
    const [blockedValues, presence, unsubscribed] = await Promise.all([
      request.ignoreBlockList === true ? new Set<string>() : blockedAmong(trx, blocklistUsed, [...new Set(keys.flatMap(blockCandidates))]),
      // Without a skip flag only "already in this container" matters, and the unique index's
      // ON CONFLICT answers that during the insert: the look-up would cost a probe per lead for nothing.
      anySkipFlag(request.flags) ? presenceOf(trx, workspaceId, request.target, keys) : new Map<string, Presence>(),
      request.skipUnsubscribed === true ? unsubscribedKeysAmong(trx, workspaceId, keys) : new Set<string>(),
    ]);
    const { toCreate, decisions } = decideCandidates(candidates, { blockedValues, presence, flags: request.flags, unsubscribed });

    const now = new Date();
    // Inserting in e-mail order means concurrent requests take the unique-index locks in the
    // same order: they may wait for each other, but never deadlock.
    const planned = toCreate
      .map((candidate) => ({ candidate, id: newId() }))
      .sort((a, b) => compareKeys(a.candidate.emailKey, b.candidate.emailKey));
    const inserted = await insertLeadsIgnoringDuplicates(trx, planned.map(({ candidate, id }) => rowFor(candidate, id, principal, request, now)));
    const insertedIds = new Set(inserted.map((row) => row.id));

    const conflicting = planned.flatMap(({ candidate, id }) => (insertedIds.has(id) || candidate.emailKey === null ? [] : [candidate.emailKey]));
    const existingIds = request.identifyDuplicates === true ? await leadIdsInContainer(trx, request.target, conflicting) : new Map<string, string>();
    const createdLeads: CreatedLead[] = [];
    for (const { candidate, id } of planned) {
      if (insertedIds.has(id)) {
        decisions.push({ index: candidate.index, outcome: 'created', leadId: id });
        const lead = candidate.lead;
        createdLeads.push({ index: candidate.index, id, email: candidate.email, first_name: lead.first_name ?? null, last_name: lead.last_name ?? null, phone: lead.phone ?? null });
      } else {
        // The unique index found the e-mail already in the target (put there earlier, or by a
        // concurrent request a moment ago).
        const existing = candidate.emailKey === null ? undefined : existingIds.get(candidate.emailKey);
        decisions.push(existing === undefined ? { index: candidate.index, outcome: 'duplicated_lead' } : { index: candidate.index, outcome: 'duplicated_lead', leadId: existing });
      }
    }

    if (request.target.kind === 'campaign') {
      const names = new Set<string>();
      for (const { candidate, id } of planned) {
        if (insertedIds.has(id)) for (const name of Object.keys(candidate.lead.custom_variables ?? {})) names.add(name);
      }
      await addCampaignVariables(trx, request.target.id, [...names]);
    }

    // Thrown inside the transaction: nothing of this request is kept.
    if (room !== null && createdLeads.length > 0 && createdLeads.length > room) throw new LeadAllowanceExceeded(createdLeads.length, Math.max(0, room));
    const remainingInPlan = room === null ? null : room - createdLeads.length;

    const verificationJobId = request.verify === true && createdLeads.length > 0 ? await createVerificationJob(trx, principal, request, createdLeads) : null;
    const allDecisions = [...rejected, ...decisions].sort((a, b) => a.index - b.index);
    const counters = countOutcomes(request.leads.length, allDecisions);
    createdLeads.sort((a, b) => a.index - b.index);
    await request.withinTransaction?.(trx, { counters, decisions: allDecisions, createdLeads });
    return {
      counters,
      decisions: allDecisions,
      createdLeads,
      blocklistUsed,
      remainingInPlan,
      verificationJobId,
    };
  });
}

const anySkipFlag = (flags: SkipFlags) => flags.skip_if_in_workspace === true || flags.skip_if_in_campaign === true || flags.skip_if_in_list === true;

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

async function resolveBlockList(db: Db, workspaceId: string, requested: string | null | undefined): Promise<string> {
  if (requested === undefined || requested === null) return defaultBlockListId(db, workspaceId);
  if (!(await blockListExists(db, workspaceId, requested))) throw new NotFoundError('Block list');
  return requested;
}

/** The verification the created leads wait for, queued for the worker in the request's transaction. */
async function createVerificationJob(db: Db, principal: Principal, request: AddLeadsRequest, created: CreatedLead[]): Promise<string> {
  const job = await enqueueJob(db, {
    workspaceId: principal.workspaceId,
    userId: principal.userId,
    type: 'import-leads',
    kind: 'verify-leads',
    entityType: request.target.kind,
    entityId: request.target.id,
    data: { action: 'verify-leads', lead_ids: created.map((c) => c.id), total_to_process: created.length, success_count: 0, failed_count: 0 },
  });
  return job.id;
}
