import type { Db } from '../../store/database.js';
import { type DomainLookup, type SyntaxCheck, type Verdict, VerificationStatus, checkSyntax, classify } from '../../verification/classify.js';
import type { DnsChecker } from '../../verification/dns-checker.js';
import { type BatchOutcome, type JobHandler, JobFailure, type TypedJob, defineJobHandler } from '../handler.js';
import { type VerifyJobData, VerifyPayload } from '../payloads.js';
import { numberField, progressOf } from './progress.js';

/** At most this many leads' look-ups in one batch, so progress is recorded often. */
const MAX_BATCH = 50;
/** Domain caches of jobs this process is running; old ones go first if jobs end unseen. */
const MAX_CACHED_JOBS = 16;

interface LeadToVerify {
  id: string;
  email: string | null;
}

interface NextBatch {
  leads: LeadToVerify[];
  /** Ids the job was given that no longer exist (deleted meanwhile): counted as failed. */
  missing: number;
  /** How far the job got, in the job's own terms (an offset into lead_ids, or a lead id). */
  position: { processed: number; cursor: string | null };
  done: boolean;
}

/**
 * The leads a job verifies: the ids it was given (verify_leads_on_import), or else every lead
 * of its list still marked "pending verification job" (POST /lead-lists/{id}/verify), taken in
 * id order with a cursor so a resumed job goes on where the last committed batch ended.
 */
type VerifyJob = TypedJob<VerifyJobData>;

async function nextBatch(db: Db, job: VerifyJob, size: number): Promise<NextBatch> {
  const processed = numberField(job.data, 'processed');
  const leadIds = job.data.lead_ids;
  if (Array.isArray(leadIds)) {
    const ids = leadIds.slice(processed, processed + size);
    const leads = ids.length === 0 ? [] : await db.selectFrom('leads').select(['id', 'email']).where('workspace_id', '=', job.workspace_id).where('id', 'in', ids).execute();
    const end = processed + ids.length;
    return { leads, missing: ids.length - leads.length, position: { processed: end, cursor: null }, done: end >= leadIds.length };
  }
  if (job.entity_type !== 'list' || job.entity_id === null) throw new JobFailure('this verification job names neither leads nor a lead list');
  const cursor = typeof job.data.cursor === 'string' ? job.data.cursor : null;
  let query = db
    .selectFrom('leads')
    .select(['id', 'email'])
    .where('workspace_id', '=', job.workspace_id)
    .where('list_id', '=', job.entity_id)
    .where('verification_status', '=', VerificationStatus.pendingJob);
  if (cursor !== null) query = query.where('id', '>', cursor);
  const leads = await query.orderBy('id').limit(size).execute();
  return { leads, missing: 0, position: { processed: processed + leads.length, cursor: leads[leads.length - 1]?.id ?? cursor }, done: leads.length < size };
}

function resolverFailure(checker: DnsChecker, codes: Iterable<string>): JobFailure {
  const servers = checker.servers();
  const asked = servers.length === 0 ? 'no DNS server is configured on this system' : `asked ${servers.join(', ')}`;
  return new JobFailure(
    `the DNS resolver could not be reached (${asked}; errors: ${[...new Set(codes)].join(', ')}). ` +
      'The remaining leads were left pending verification; check LEADBASE_DNS_SERVERS and verify them again.',
  );
}

/**
 * Sets each lead's verification_status from its syntax, its domain's mail records (MX, else
 * A/AAAA) and the disposable-domain and role-address lists; see docs/verification.md. A batch in
 * which every lookup failed asks whether the resolver answers at all, and if not the job fails
 * with the servers it tried: leads are never marked invalid for the resolver's fault.
 */
export function createVerifyLeadsHandler(checker: DnsChecker): JobHandler {
  // One job's leads often share domains (one company, one provider): ask DNS once per job.
  const caches = new Map<string, Map<string, DomainLookup>>();
  const cacheOf = (jobId: string) => {
    let cache = caches.get(jobId);
    if (cache === undefined) {
      cache = new Map();
      caches.set(jobId, cache);
      for (const oldest of caches.keys()) {
        if (caches.size <= MAX_CACHED_JOBS) break;
        caches.delete(oldest);
      }
    }
    return cache;
  };

  /** The batch judged outside any transaction: the DNS answers never keep a connection waiting. */
  interface Judged {
    batch: NextBatch;
    byStatus: Map<Verdict['status'], string[]>;
    tally: { success: number; failed: number; verified: number; invalid: number; risky: number };
  }

  const judge = async (db: Db, job: VerifyJob, batchSize: number): Promise<Judged> => {
    const batch = await nextBatch(db, job, Math.min(batchSize, MAX_BATCH));
    const checks = batch.leads.map((lead) => ({ lead, check: checkSyntax(lead.email) }));
    const cache = cacheOf(job.id);
    const unknown = checks.flatMap(({ check }) => (check.kind === 'needs-dns' && !cache.has(check.domain) ? [check.domain] : []));
    const answers = await checker.lookupAll(unknown);
    const failures = [...answers.values()].flatMap((a) => (a.kind === 'lookup-failed' ? [a.code] : []));
    if (answers.size > 0 && failures.length === answers.size) {
      const probe = await checker.resolverAnswers();
      if (!probe.ok) {
        caches.delete(job.id);
        throw resolverFailure(checker, [...failures, probe.code]);
      }
    }
    for (const [domain, answer] of answers) cache.set(domain, answer);

    const verdictOf = (lead: LeadToVerify, check: SyntaxCheck): Verdict => {
      if (check.kind === 'settled') return check.verdict;
      const lookup = cache.get(check.domain);
      if (lookup === undefined) throw new Error(`no DNS answer kept for the domain of lead ${lead.id}`);
      return classify(check.email, lookup, check.domain);
    };
    const byStatus = new Map<Verdict['status'], string[]>();
    const tally = { success: 0, failed: batch.missing, verified: 0, invalid: 0, risky: 0 };
    for (const { lead, check } of checks) {
      const verdict = verdictOf(lead, check);
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
  };

  return defineJobHandler({
    payload: VerifyPayload,
    prepare: judge,
    async commit(trx: Db, job: VerifyJob, { batch, byStatus, tally }: Judged): Promise<BatchOutcome> {
      const now = new Date();
      for (const [status, ids] of byStatus) {
        await trx.updateTable('leads').set({ verification_status: status, timestamp_updated: now }).where('workspace_id', '=', job.workspace_id).where('id', 'in', ids).execute();
      }
      if (batch.done) caches.delete(job.id);

      const data = job.data;
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
    },
  });
}
