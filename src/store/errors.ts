/** PostgreSQL's unique_violation, as both pg and PGlite report it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

const sqlStateOf = (error: unknown): unknown => (typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined);

/**
 * SQLSTATE classes and codes that mean "the database could not be reached or went away", not
 * "this request is wrong": connection exceptions (08), operator intervention (57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now), too many connections (53300),
 * statement timeout or cancel (57014), serialization / deadlock (40001, 40P01).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01']);
const UNAVAILABLE_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a lost or never-made connection with these messages and no code.
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /connection timeout/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /Client was closed/i, /terminating connection/i];

/**
 * Whether an error means the store is (for now) unavailable: worth a 503 with Retry-After to a
 * client and a retry to a job, never a verdict on the request.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = sqlStateOf(error);
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SYSTEM_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // An AggregateError (several addresses refused) or a wrapped cause.
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isStoreUnavailable(cause);
}
