import type { Kysely } from 'kysely';
import type { VerifyJobData } from '../domain/job-payloads.js';
import { enqueueJob } from '../jobs/queue.js';
import type { Database, Db } from '../store/database.js';
import type { JobRow } from '../store/job-queue-repository.js';
import { findLeadList } from '../store/lead-list-repository.js';
import { type LeadToVerify, leadsToVerifyByIds, listLeadsWithStatus, markListLeads, setVerificationStatus } from '../store/lead-verification-repository.js';
import { type Verdict, VerificationStatus } from '../verification/classify.js';
import { NotFoundError } from './errors.js';
import { type JobBatchResult, numberField, progressOf } from './job-progress.js';
import type { Principal } from './principal.js';

export type { LeadToVerify } from '../store/lead-verification-repository.js';

/**
 * Verifies every lead of a list: marks them all "pending verification job" and queues the job
 * that judges them (type import-leads, entity the list). The marks are made in the same
 * transaction as the job, so the stats show the leads as pending at once and a move with
 * skip_leads_in_verification leaves them be until the job has judged them.
 */
export async function verifyLeadList(db: Kysely<Database>, principal: Principal, listId: string): Promise<JobRow> {
  const { workspaceId } = principal;
  return db.transaction().execute(async (trx) => {
    const list = await findLeadList(trx, workspaceId, listId);
    if (list === undefined) throw new NotFoundError('Lead list');
    const marked = await markListLeads(trx, workspaceId, list.id, VerificationStatus.pendingJob);
    return enqueueJob(trx, {
      workspaceId,
      userId: principal.userId,
      type: 'import-leads',
      kind: 'verify-leads',
      entityType: 'list',
      entityId: list.id,
      data: { action: 'verify-leads', total_to_process: marked, success_count: 0, failed_count: 0 },
    });
  });
}

/** What a verification job verifies: the leads it names (verify_leads_on_import), or a list's pending ones. */
export type VerifySource = { leadIds: readonly string[] } | { listId: string };

export interface VerifyBatch {
  leads: LeadToVerify[];
  /** Ids the job was given that no longer exist (deleted meanwhile): counted as failed. */
  missing: number;
  /** How far the job got, in the job's own terms (an offset into lead_ids, or a lead id). */
  position: { processed: number; cursor: string | null };
  done: boolean;
}

/**
 * The next leads a job verifies: the next of the ids it was given, or the next leads of its list
 * still marked "pending verification job", taken in id order with a cursor so a resumed job
 * goes on where the last committed batch ended.
 */
export async function nextLeadsToVerify(db: Db, workspaceId: string, source: VerifySource, data: VerifyJobData, size: number): Promise<VerifyBatch> {
  const processed = numberField(data, 'processed');
  if ('leadIds' in source) {
    const ids = source.leadIds.slice(processed, processed + size);
    const leads = await leadsToVerifyByIds(db, workspaceId, ids);
    const end = processed + ids.length;
    return { leads, missing: ids.length - leads.length, position: { processed: end, cursor: null }, done: end >= source.leadIds.length };
  }
  const cursor = data.cursor ?? null;
  const leads = await listLeadsWithStatus(db, workspaceId, source.listId, VerificationStatus.pendingJob, cursor, size);
  return { leads, missing: 0, position: { processed: processed + leads.length, cursor: leads[leads.length - 1]?.id ?? cursor }, done: leads.length < size };
}

/** A batch's verdicts, grouped by the status each lead gets, with the counts the job keeps. */
export interface JudgedBatch {
  batch: VerifyBatch;
  byStatus: Map<Verdict['status'], string[]>;
  tally: { success: number; failed: number; verified: number; invalid: number; risky: number };
}

/** Groups verdicts by status and counts them: a conclusive verdict is a success, any other a failure. */
export function tallyVerdicts(batch: VerifyBatch, verdicts: readonly { lead: LeadToVerify; verdict: Verdict }[]): JudgedBatch {
  const byStatus = new Map<Verdict['status'], string[]>();
  const tally = { success: 0, failed: batch.missing, verified: 0, invalid: 0, risky: 0 };
  for (const { lead, verdict } of verdicts) {
    const ids = byStatus.get(verdict.status) ?? [];
    ids.push(lead.id);
    byStatus.set(verdict.status, ids);
    if (verdict.conclusive) tally.success++;
    else tally.failed++;
    if (verdict.status === VerificationStatus.verified) tally.verified++;
    else if (verdict.status === VerificationStatus.invalid) tally.invalid++;
    else tally.risky++;
  }
  return { batch, byStatus, tally };
}

/** Writes a judged batch's statuses in the caller's transaction and answers the job's new data. */
export async function recordVerdicts(trx: Db, workspaceId: string, data: VerifyJobData & Record<string, unknown>, judged: JudgedBatch): Promise<JobBatchResult> {
  const { batch, byStatus, tally } = judged;
  const now = new Date();
  for (const [status, ids] of byStatus) await setVerificationStatus(trx, workspaceId, ids, status, now);
  return {
    done: batch.done,
    progress: batch.done ? 100 : progressOf(batch.position.processed, numberField(data, 'total_to_process')),
    data: {
      ...data,
      processed: batch.position.processed,
      ...(batch.position.cursor !== null ? { cursor: batch.position.cursor } : {}),
      success_count: numberField(data, 'success_count') + tally.success,
      failed_count: numberField(data, 'failed_count') + tally.failed,
      verified_count: numberField(data, 'verified_count') + tally.verified,
      invalid_count: numberField(data, 'invalid_count') + tally.invalid,
      risky_count: numberField(data, 'risky_count') + tally.risky,
    },
  };
}
