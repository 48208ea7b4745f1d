import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { emailDomain, emailKey, isValidEmail } from './email.js';

export interface BlockValue {
  /** As stored and matched: trimmed, lower-cased, international domains in their Unicode form. */
  value: string;
  isDomain: boolean;
}

// Only names that may be written two ways (punycode or Unicode, full-width letters) need the
// WHATWG mapping; plain ASCII names skip it, which keeps a 1000-lead batch cheap.
const MAY_HAVE_TWO_FORMS = /[^\x00-\x7f]|xn--/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * One spelling per international domain, so "xn--bcher-kva.de" on the block list blocks
 * "a@bücher.de" and the other way round. Returns null when the name is not a valid domain.
 */
function canonicalDomain(domain: string): string | null {
  if (!MAY_HAVE_TWO_FORMS.test(domain)) return domain;
  const unicode = domainToUnicode(domain);
  return unicode === '' ? null : unicode;
}

/** A host that names a registrable domain or a subdomain of one, in its canonical spelling. */
function blockableHost(host: string): string | null {
  // A registrable domain is required: "com" or "co.uk" alone would block whole countries.
  const accepts = (name: string) => {
    const parsed = parse(name);
    return parsed.hostname === name && parsed.domain !== null && parsed.isIp !== true;
  };
  if (!accepts(host)) return null;
  const canonical = canonicalDomain(host);
  return canonical !== null && accepts(canonical) ? canonical : null;
}

/**
 * Reads a block list value: an e-mail address, a domain ("example.com", also written
 * "@example.com" or "*@example.com"), or a wildcard ("*.example.com": its subdomains, not the
 * domain itself). Returns null for anything else, which the API counts or reports as invalid.
 */
export function parseBlockValue(raw: string): BlockValue | null {
  const text = raw.trim().toLowerCase();
  // JSON may carry a lone surrogate ("\ud800"); the e-mail validator throws on one.
  if (text === '' || LONE_SURROGATE.test(text)) return null;
  // "*@example.com" is how people write "anyone at example.com"; as a literal address it
  // would block nobody, so it is read as the domain.
  const domainText = text.startsWith('@') ? text.slice(1) : text.startsWith('*@') ? text.slice(2) : null;
  if (domainText === null && text.includes('@')) {
    if (!isValidEmail(text)) return null;
    const at = text.lastIndexOf('@');
    const domain = canonicalDomain(text.slice(at + 1));
    if (domain === null) return null;
    // The mapping can turn a valid spelling into an invalid one ("。" at the end becomes ".").
    const value = `${text.slice(0, at)}@${domain}`;
    return isValidEmail(value) ? { value, isDomain: false } : null;
  }
  const domain = domainText ?? text;
  const wildcard = domain.startsWith('*.');
  const host = blockableHost(wildcard ? domain.slice(2) : domain);
  if (host === null) return null;
  return { value: wildcard ? `*.${host}` : host, isDomain: true };
}

/**
 * Every block list value that would block this address: the address itself, its domain and
 * each parent domain, and the wildcard of each strict parent. One set lookup per value, so a
 * batch needs a single query for all its candidates.
 */
export function blockCandidates(email: string): string[] {
  const key = emailKey(email);
  const rawDomain = emailDomain(key);
  const domain = canonicalDomain(rawDomain) ?? rawDomain;
  const candidates = [rawDomain === '' ? key : `${key.slice(0, key.length - rawDomain.length)}${domain}`];
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    candidates.push(suffix);
    if (i > 0) candidates.push(`*.${suffix}`);
  }
  return candidates;
}

export function isBlocked(email: string, blockedValues: ReadonlySet<string>): boolean {
  return blockingValue(email, blockedValues) !== null;
}

/** The block list value that blocks this address (the address itself before its domains), or null. */
export function blockingValue(email: string, blockedValues: ReadonlySet<string>): string | null {
  return blockCandidates(email).find((candidate) => blockedValues.has(candidate)) ?? null;
}
