import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import { getDomain } from 'tldts';
import { isValidEmail } from '../domain/email.js';

/** The Lead schema's verification_status values (the vendor's enum). */
export const VerificationStatus = {
  verified: 1,
  invalid: -1,
  risky: -2,
  catchAll: -3,
  pending: 11,
  pendingJob: 12,
} as const;

/** What DNS says about a mail domain; built by dns-checker.ts, judged here. */
export type DomainLookup =
  | { kind: 'mail-host'; via: 'mx' | 'a' | 'aaaa' }
  | { kind: 'no-mail-host'; reason: 'nxdomain' | 'null-mx' | 'no-records' }
  /** The resolver gave no usable answer (time-out, SERVFAIL, refused…): nothing is known. */
  | { kind: 'lookup-failed'; code: string };

export type VerificationReason = 'no-email' | 'syntax' | 'nxdomain' | 'null-mx' | 'no-mail-host' | 'dns-error' | 'disposable' | 'role' | 'deliverable';

export interface Verdict {
  status: typeof VerificationStatus.verified | typeof VerificationStatus.invalid | typeof VerificationStatus.risky;
  reason: VerificationReason;
  /** False when the lead could not really be checked (its domain's DNS failed): a failed_count. */
  conclusive: boolean;
}

/** Before DNS: either the address is settled by its syntax, or its domain must be looked up. */
export type SyntaxCheck = { kind: 'settled'; verdict: Verdict } | { kind: 'needs-dns'; email: string; domain: string };

const require = createRequire(import.meta.url);

// Built once: the package's own isDisposableEmailDomain() rebuilds its Set on every call.
const DISPOSABLE_DOMAINS: ReadonlySet<string> = disposableEmailBlocklistSet();
const ROLE_LOCAL_PARTS: ReadonlySet<string> = loadRoleLocalParts();

/** The package ships a bare CommonJS array without types: check its shape instead of trusting it. */
function loadRoleLocalParts(): ReadonlySet<string> {
  const list: unknown = require('role-based-email-addresses');
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) {
    throw new Error('role-based-email-addresses no longer exports an array of strings; review src/verification/classify.ts');
  }
  return new Set(list.map((entry: string) => entry.toLowerCase()));
}

/**
 * The domain as DNS knows it: IDNA (punycode) and lower case, so that "Bücher.example" and
 * "xn--bcher-kva.example" share one lookup and one cache entry. '' when it cannot be encoded.
 */
export function asciiDomainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : domainToASCII(email.slice(at + 1));
}

export function checkSyntax(email: string | null): SyntaxCheck {
  if (email === null || email.trim() === '') return { kind: 'settled', verdict: { status: VerificationStatus.invalid, reason: 'no-email', conclusive: true } };
  const domain = isValidEmail(email) ? asciiDomainOf(email) : '';
  if (domain === '') return { kind: 'settled', verdict: { status: VerificationStatus.invalid, reason: 'syntax', conclusive: true } };
  return { kind: 'needs-dns', email, domain };
}

/** RFC 7505: a single MX of preference 0 naming the root ("0 .") says the domain takes no mail. */
export function isNullMx(records: readonly { exchange: string; priority: number }[]): boolean {
  return records.length === 1 && records[0]?.priority === 0 && (records[0].exchange === '' || records[0].exchange === '.');
}

/**
 * Disposable lists name registrable domains; mail also comes from their sub-domains
 * (x.mailinator.com), so every parent up to the registrable domain is checked too.
 */
export function isDisposableDomain(asciiDomain: string): boolean {
  const registrable = getDomain(asciiDomain) ?? asciiDomain;
  for (let candidate = asciiDomain; ; ) {
    if (DISPOSABLE_DOMAINS.has(candidate)) return true;
    if (candidate === registrable) return false;
    const dot = candidate.indexOf('.');
    if (dot < 0) return false;
    candidate = candidate.slice(dot + 1);
  }
}

/** info@, sales+eu@: a mailbox for a function, not a person. Sub-address tags (+…) are ignored. */
export function isRoleAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = (at < 0 ? email : email.slice(0, at)).toLowerCase();
  const plus = local.indexOf('+');
  return ROLE_LOCAL_PARTS.has(plus < 0 ? local : local.slice(0, plus));
}

/**
 * The mapping documented in docs/verification.md. An address that cannot receive mail is
 * invalid whatever else is true of it; one that can, but at a throwaway or shared mailbox, is
 * risky. Catch-all (-3) is never concluded: telling it needs an SMTP conversation (RCPT TO a
 * made-up mailbox), which Leadbase does not hold.
 */
export function classify(email: string, lookup: DomainLookup, asciiDomain: string): Verdict {
  switch (lookup.kind) {
    case 'lookup-failed':
      return { status: VerificationStatus.risky, reason: 'dns-error', conclusive: false };
    case 'no-mail-host':
      return { status: VerificationStatus.invalid, reason: lookup.reason === 'no-records' ? 'no-mail-host' : lookup.reason, conclusive: true };
    case 'mail-host':
      if (isDisposableDomain(asciiDomain)) return { status: VerificationStatus.risky, reason: 'disposable', conclusive: true };
      if (isRoleAddress(email)) return { status: VerificationStatus.risky, reason: 'role', conclusive: true };
      return { status: VerificationStatus.verified, reason: 'deliverable', conclusive: true };
  }
}
