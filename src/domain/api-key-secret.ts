import { createHash, randomBytes } from 'node:crypto';

/** A new API key secret: 32 random bytes, base64url, so it is safe in headers and query strings. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Keys are kept only as this hash; a leaked database does not leak working keys. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What a listing shows instead of the secret: its first characters and an ellipsis. */
export function maskSecret(prefix: string): string {
  return `${prefix}…`;
}

export const SECRET_PREFIX_LENGTH = 6;
