import { type JudgedBatch, type LeadToVerify, type VerifySource, nextLeadsToVerify, recordVerdicts, tallyVerdicts } from '../../services/lead-verification.js';
import type { Db } from '../../store/database.js';
import { type DomainLookup, type SyntaxCheck, type Verdict, checkSyntax, classify } from '../../verification/classify.js';
import type { DnsChecker } from '../../verification/dns-checker.js';
import { type BatchOutcome, type JobHandler, JobFailure, type TypedJob, defineJobHandler } from '../handler.js';
import { type VerifyJobData, VerifyPayload } from '../payloads.js';

/** At most this many leads' look-ups in one batch, so progress is recorded often. */
const MAX_BATCH = 50;
/** Domain caches of jobs this process is running; old ones go first if jobs end unseen. */
const MAX_CACHED_JOBS = 16;

type VerifyJob = TypedJob<VerifyJobData>;

/** What the job verifies: the ids it was given (verify_leads_on_import), or else its list's pending leads. */
function sourceOf(job: VerifyJob): VerifySource {
  if (Array.isArray(job.data.lead_ids)) return { leadIds: job.data.lead_ids };
  if (job.entity_type !== 'list' || job.entity_id === null) throw new JobFailure('this verification job names neither leads nor a lead list');
  return { listId: job.entity_id };
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
  const judge = async (db: Db, job: VerifyJob, batchSize: number): Promise<JudgedBatch> => {
    const batch = await nextLeadsToVerify(db, job.workspace_id, sourceOf(job), job.data, Math.min(batchSize, MAX_BATCH));
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
    return tallyVerdicts(batch, checks.map(({ lead, check }) => ({ lead, verdict: verdictOf(lead, check) })));
  };

  return defineJobHandler({
    payload: VerifyPayload,
    prepare: judge,
    async commit(trx: Db, job: VerifyJob, judged: JudgedBatch): Promise<BatchOutcome> {
      if (judged.batch.done) caches.delete(job.id);
      return recordVerdicts(trx, job.workspace_id, job.data, judged);
    },
  });
}
