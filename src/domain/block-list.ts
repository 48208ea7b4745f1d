import { parse } from 'tldts';
import { emailDomain, isValidEmail } from './email.js';

export interface BlockValue {
  /** As stored and matched: trimmed and lower-cased. */
  value: string;
  isDomain: boolean;
}

/**
 * Reads a block list value: an e-mail address, a domain ("example.com", also written
 * "@example.com"), or a wildcard ("*.example.com": its subdomains, not the domain itself).
 * Returns null for anything else, which the API counts or reports as invalid.
 */
export function parseBlockValue(raw: string): BlockValue | null {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (text.includes('@') && !text.startsWith('@')) {
    return isValidEmail(text) ? { value: text, isDomain: false } : null;
  }
  const domain = text.replace(/^@/, '');
  const wildcard = domain.startsWith('*.');
  const host = wildcard ? domain.slice(2) : domain;
  const parsed = parse(host);
  // A registrable domain is required: "com" or "co.uk" alone would block whole countries.
  if (parsed.hostname !== host || parsed.domain === null || parsed.isIp === true) return null;
  return { value: wildcard ? `*.${host}` : host, isDomain: true };
}

/**
 * Every block list value that would block this address: the address itself, its domain and
 * each parent domain, and the wildcard of each strict parent. One set lookup per value, so a
 * batch needs a single query for all its candidates.
 */
export function blockCandidates(emailKey: string): string[] {
  const domain = emailDomain(emailKey);
  const candidates = [emailKey];
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    candidates.push(suffix);
    if (i > 0) candidates.push(`*.${suffix}`);
  }
  return candidates;
}

export function isBlocked(emailKey: string, blockedValues: ReadonlySet<string>): boolean {
  return blockCandidates(emailKey).some((candidate) => blockedValues.has(candidate));
}
