import type { Kysely } from 'kysely';
import { emailKey } from '../domain/email.js';
import type { Database } from '../store/database.js';
import {
  type EmailVerificationRow,
  type EmailVerificationState,
  dropPendingEmailVerification,
  findEmailVerification,
  saveEmailVerification,
} from '../store/email-verification-repository.js';
import { type DomainLookup, type Verdict, VerificationStatus, checkSyntax, classify } from '../verification/classify.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

/** Where domains are looked up (a DnsChecker against the configured resolvers). */
export interface DomainLookups {
  lookup(asciiDomain: string): Promise<DomainLookup>;
}

/** The vendor's word for a verdict. Its single check knows no "risky": see docs/compatibility.md. */
function verificationStatusOf(verdict: Verdict): 'verified' | 'invalid' {
  if (verdict.status === VerificationStatus.verified) return 'verified';
  if (verdict.status === VerificationStatus.invalid) return 'invalid';
  // Risky and conclusive: a role mailbox takes mail (verified); a throwaway one is no lead (invalid).
  return verdict.reason === 'role' ? 'verified' : 'invalid';
}

/**
 * A check's outcome: a stored state (pending or done), or `inconclusive` when the resolver gave
 * no usable answer; such a check is not kept, so it can be asked again.
 */
export type EmailVerificationOutcome = { kind: 'stored'; row: EmailVerificationRow } | { kind: 'inconclusive'; email: string };

/**
 * Verifies one address the way the list verification does (syntax, then the domain's mail
 * hosts in DNS, then disposable and role checks), and answers within `waitMs`: a check still
 * waiting for DNS then is answered pending and finishes on its own, its result stored for
 * GET /email-verification/{email}. The DNS look-up runs outside any transaction.
 */
export async function verifyEmail(
  db: Kysely<Database>,
  principal: Principal,
  email: string,
  dns: DomainLookups,
  waitMs: number,
): Promise<EmailVerificationOutcome> {
  const { workspaceId } = principal;
  const given = email.trim();
  const key = emailKey(given);
  const state = (verdict: Verdict): EmailVerificationState => ({ emailKey: key, email: given, verificationStatus: verificationStatusOf(verdict), reason: verdict.reason });
  const syntax = checkSyntax(given);
  if (syntax.kind === 'settled') return { kind: 'stored', row: await saveEmailVerification(db, workspaceId, state(syntax.verdict)) };

  const pending = await saveEmailVerification(db, workspaceId, { emailKey: key, email: given, verificationStatus: 'pending', reason: null });
  const finished = dns.lookup(syntax.domain).then(async (lookup): Promise<EmailVerificationOutcome> => {
    const verdict = classify(syntax.email, lookup, syntax.domain);
    if (!verdict.conclusive) {
      await dropPendingEmailVerification(db, workspaceId, key);
      return { kind: 'inconclusive', email: given };
    }
    return { kind: 'stored', row: await saveEmailVerification(db, workspaceId, state(verdict)) };
  });
  // A check that outlives its request must not become an unhandled rejection: if its result
  // cannot be stored, the row stays pending and a new POST checks the address again.
  finished.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<EmailVerificationOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'stored', row: pending }), waitMs);
  });
  try {
    return await Promise.race([finished, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The latest check of an address in the workspace, pending or done. */
export async function findVerification(db: Kysely<Database>, principal: Principal, email: string): Promise<EmailVerificationRow> {
  const row = await findEmailVerification(db, principal.workspaceId, emailKey(email));
  if (row === undefined) throw new NotFoundError('Email verification');
  return row;
}
