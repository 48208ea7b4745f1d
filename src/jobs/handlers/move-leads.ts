import { sql } from 'kysely';
import type { Db } from '../../store/database.js';
import { newId } from '../../store/ids.js';
import { leadFilterCondition } from '../../store/lead-filter.js';
import { type BatchOutcome, type TypedJob, defineJobHandler } from '../handler.js';
import { type JobPayload, MovePayload } from '../payloads.js';
import { numberField, progressOf } from './progress.js';

/** A move's filter and options, as the route enqueues them (the payload schema's type). */
export type MoveJobData = JobPayload<'move-leads'>;

const MOVED_EMAILS_CAP = 10_000;
const PENDING_VERIFICATION = [11, 12];

/** The leads a move selects: the filter, the ESP code, and not already in the destination. */
export function moveSelection(db: Db, workspaceId: string, data: MoveJobData) {
  const { filter, options } = data;
  let query = db.selectFrom('leads').where((eb) => leadFilterCondition(eb, workspaceId, filter));
  if (options.esp_code !== undefined) query = query.where('esp_code', '=', options.esp_code);
  if (options.to_campaign_id !== undefined) query = query.where((eb) => eb.or([eb('campaign_id', 'is', null), eb('campaign_id', '<>', options.to_campaign_id ?? '')]));
  if (options.to_list_id !== undefined) query = query.where((eb) => eb.or([eb('list_id', 'is', null), eb('list_id', '<>', options.to_list_id ?? '')]));
  return query;
}

export async function countMoveSelection(db: Db, workspaceId: string, data: MoveJobData): Promise<number> {
  const row = await moveSelection(db, workspaceId, data).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return data.options.limit === undefined ? n : Math.min(n, data.options.limit);
}

/**
 * Moves (or copies) the next batch of selected leads. A lead whose e-mail is already in the
 * destination, or twice in the batch, stays where it is and is counted as failed: the
 * destination's uniqueness is respected, never broken.
 */
export const moveLeadsHandler = defineJobHandler({
  payload: MovePayload,
  // Reads and writes alike belong in the batch's transaction: nothing slow happens outside it.
  prepare: async () => undefined,
  async commit(trx: Db, job: TypedJob<MoveJobData>, _prepared: undefined, batchSize: number): Promise<BatchOutcome> {
    const data = job.data;
    const { options } = data;
    const processed = numberField(data, 'processed');
    const total = numberField(data, 'total_to_process');
    const remaining = options.limit === undefined ? batchSize : Math.min(batchSize, options.limit - processed);
    const cursor = typeof data.cursor === 'string' ? data.cursor : null;
    let selection = moveSelection(trx, job.workspace_id, data);
    if (cursor !== null) selection = selection.where('leads.id', '>', cursor);
    const batch = remaining <= 0 ? [] : await selection.select(['id', 'email_key', 'verification_status']).orderBy('id').limit(remaining).execute();

    const toCampaign = options.to_campaign_id ?? null;
    const toList = options.to_list_id ?? null;
    const keys = [...new Set(batch.flatMap((l) => (l.email_key === null ? [] : [l.email_key])))];
    const taken = new Set<string>();
    if (keys.length > 0) {
      let existing = trx.selectFrom('leads').select('email_key').where('workspace_id', '=', job.workspace_id).where(sql<boolean>`email_key = ANY(${keys}::text[])`);
      existing = toCampaign !== null ? existing.where('campaign_id', '=', toCampaign) : existing.where('list_id', '=', toList);
      for (const row of await existing.execute()) if (row.email_key !== null) taken.add(row.email_key);
      if (toCampaign !== null && options.check_duplicates_in_campaigns === true) {
        const batchIds = batch.map((l) => l.id);
        const elsewhere = await trx
          .selectFrom('leads')
          .select('email_key')
          .where('workspace_id', '=', job.workspace_id)
          .where('campaign_id', 'is not', null)
          .where('id', 'not in', batchIds)
          .where(sql<boolean>`email_key = ANY(${keys}::text[])`)
          .execute();
        for (const row of elsewhere) if (row.email_key !== null) taken.add(row.email_key);
      }
    }

    const movers: string[] = [];
    const movedEmails: string[] = [];
    let failed = 0;
    for (const lead of batch) {
      const inVerification = lead.verification_status !== null && PENDING_VERIFICATION.includes(lead.verification_status);
      if ((options.skip_leads_in_verification === true && inVerification) || (lead.email_key !== null && taken.has(lead.email_key))) {
        failed++;
        continue;
      }
      if (lead.email_key !== null) {
        taken.add(lead.email_key);
        movedEmails.push(lead.email_key);
      }
      movers.push(lead.id);
    }

    if (movers.length > 0) {
      const destination = { campaign_id: toCampaign, list_id: toList, ...(options.assigned_to !== undefined ? { assigned_to: options.assigned_to } : {}) };
      if (options.copy_leads === true) {
        const originals = await trx.selectFrom('leads').selectAll().where('id', 'in', movers).orderBy('id').execute();
        const now = new Date();
        await trx
          .insertInto('leads')
          .values(originals.map(({ email_key: _key, ...lead }) => ({ ...lead, ...destination, id: newId(), payload: lead.payload === null ? null : JSON.stringify(lead.payload), timestamp_created: now, timestamp_updated: now })))
          .execute();
      } else {
        await trx.updateTable('leads').set({ ...destination, timestamp_updated: new Date() }).where('id', 'in', movers).execute();
      }
    }

    const last = batch[batch.length - 1];
    const done = batch.length < remaining || remaining <= 0 || last === undefined;
    const soFar = processed + batch.length;
    const previousEmails = Array.isArray(data.moved_lead_emails) ? (data.moved_lead_emails as string[]) : [];
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
      },
    };
  },
});
