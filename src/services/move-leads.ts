import type { Db } from '../store/database.js';
import { lockLeadIntake } from '../store/lead-import-repository.js';
import type { MoveJobData } from '../domain/job-payloads.js';
import { copyLeadsTo, keysInDestination, keysInOtherCampaignLeads, moveLeadsTo, nextMoveBatch } from '../store/lead-move-repository.js';
import { type JobBatchResult, numberField, progressOf } from './job-progress.js';
import { campaignRoom } from './lead-allowance.js';

const MOVED_EMAILS_CAP = 10_000;
const PENDING_VERIFICATION = [11, 12];

/**
 * Moves (or copies) the next batch of a move-leads job's selection, in the caller's transaction.
 * A lead whose e-mail is already in the destination, or twice in the batch, stays where it is
 * and is counted as failed: the destination's uniqueness is respected, never broken. A lead that
 * would enter a campaign past the workspace's lead allowance stays too, counted as failed and in
 * `not_moved_over_allowance`: a move takes the campaigns up to the allowance and no further.
 */
export async function moveLeadsBatch(trx: Db, workspaceId: string, data: MoveJobData & Record<string, unknown>, batchSize: number): Promise<JobBatchResult> {
  const { options } = data;
  const processed = numberField(data, 'processed');
  const total = numberField(data, 'total_to_process');
  const remaining = options.limit === undefined ? batchSize : Math.min(batchSize, options.limit - processed);
  const cursor = typeof data.cursor === 'string' ? data.cursor : null;
  // The same order as every intake: the workspace's intake lock, then (for campaigns) its allowance.
  await lockLeadIntake(trx, workspaceId);
  const batch = remaining <= 0 ? [] : await nextMoveBatch(trx, workspaceId, data, cursor, remaining);

  const toCampaign = options.to_campaign_id ?? null;
  const toList = options.to_list_id ?? null;
  const keys = [...new Set(batch.flatMap((l) => (l.email_key === null ? [] : [l.email_key])))];
  const taken = await keysInDestination(trx, workspaceId, { campaignId: toCampaign, listId: toList }, keys);
  if (toCampaign !== null && options.check_duplicates_in_campaigns === true) {
    for (const key of await keysInOtherCampaignLeads(trx, workspaceId, keys, batch.map((l) => l.id))) taken.add(key);
  }
  let room = toCampaign === null ? null : await campaignRoom(trx, workspaceId);

  const movers: string[] = [];
  const movedEmails: string[] = [];
  let failed = 0;
  let overAllowance = 0;
  for (const lead of batch) {
    const inVerification = lead.verification_status !== null && PENDING_VERIFICATION.includes(lead.verification_status);
    if ((options.skip_leads_in_verification === true && inVerification) || (lead.email_key !== null && taken.has(lead.email_key))) {
      failed++;
      continue;
    }
    // A copy always adds a campaign lead; a move adds one only when the lead was in no campaign.
    const entersCampaigns = room !== null && (options.copy_leads === true || lead.campaign_id === null);
    if (entersCampaigns && room !== null) {
      if (room <= 0) {
        failed++;
        overAllowance++;
        continue;
      }
      room--;
    }
    if (lead.email_key !== null) {
      taken.add(lead.email_key);
      movedEmails.push(lead.email_key);
    }
    movers.push(lead.id);
  }

  const destination = { campaign_id: toCampaign, list_id: toList, ...(options.assigned_to !== undefined ? { assigned_to: options.assigned_to } : {}) };
  const changes = { resetInterestStatus: options.reset_interest_status };
  if (options.copy_leads === true) await copyLeadsTo(trx, movers, destination, changes);
  else await moveLeadsTo(trx, movers, destination, changes);

  const last = batch[batch.length - 1];
  const done = batch.length < remaining || remaining <= 0 || last === undefined;
  const soFar = processed + batch.length;
  const previousEmails = Array.isArray(data.moved_lead_emails) ? (data.moved_lead_emails as string[]) : [];
  const overSoFar = numberField(data, 'not_moved_over_allowance') + overAllowance;
  return {
    done,
    progress: done ? 100 : progressOf(soFar, total),
    data: {
      ...data,
      cursor: last?.id ?? cursor,
      processed: soFar,
      success_count: numberField(data, 'success_count') + movers.length,
      failed_count: numberField(data, 'failed_count') + failed,
      moved_lead_emails: [...previousEmails, ...movedEmails].slice(0, MOVED_EMAILS_CAP),
      moved_leads: numberField(data, 'moved_leads') + movers.length,
      ...(overSoFar > 0 ? { not_moved_over_allowance: overSoFar } : {}),
    },
  };
}
