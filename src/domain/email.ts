import validator from 'validator';

/**
 * The e-mail as it will be stored: surrounding white space removed, case kept (the vendor shows
 * addresses as they were given). Returns null for a missing or blank value.
 */
export function cleanEmail(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Addresses compare without regard to case or surrounding white space: this is the key that
 * duplicates, block-list entries and look-ups by e-mail are found by. The database's
 * generated `email_key` column is `lower(email)` of the stored (already trimmed) address: the same.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

// A UTF-16 surrogate without its pair cannot be encoded (and makes validator throw).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isValidEmail(email: string): boolean {
  if (LONE_SURROGATE.test(email)) return false;
  return validator.isEmail(email, { allow_display_name: false, require_tld: true, allow_ip_domain: false, allow_utf8_local_part: true });
}

/** The domain part of an address, lower-cased; '' when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}
