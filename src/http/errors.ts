import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStoreUnavailable } from '../store/errors.js';
import { DomainError, type DomainErrorKind } from '../services/errors.js';

/** An answer other than success: becomes the vendor's `{statusCode, error, message}` body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const unauthorized = (message: string) => new ApiError(401, message);

export function errorBody(statusCode: number, message: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) keep their status. */
function clientStatusOf(error: FastifyError): number | null {
  if (error.validation !== undefined) return 400;
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return status;
  return null;
}

/**
 * Seconds a client is told to wait when the database is unavailable: long enough for a
 * PostgreSQL restart or failover to finish, short enough that a retrying client loses little.
 */
export const STORE_RETRY_AFTER_SECONDS = 5;

export const STORE_UNAVAILABLE_MESSAGE = `The database is unavailable (unreachable, restarting or not answering). Retry in ${STORE_RETRY_AFTER_SECONDS} seconds; if this persists, the server's operator should check that PostgreSQL is running and reachable (DATABASE_URL).`;

/** The status each kind of refusal of a service answers on the wire. */
const STATUS_OF_DOMAIN_ERROR: Record<DomainErrorKind, number> = { invalid: 400, 'not-found': 404, 'over-allowance': 402 };

export function handleError(error: FastifyError | ApiError | DomainError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.statusCode, error.message));
  }
  if (error instanceof DomainError) {
    const status = STATUS_OF_DOMAIN_ERROR[error.kind];
    return reply.code(status).send(errorBody(status, error.message));
  }
  if (isStoreUnavailable(error)) {
    // An outage, not a bug: worth a warning, and a retry to the client.
    request.log.warn({ err: error }, 'database unavailable');
    return reply.code(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS)).send(errorBody(503, STORE_UNAVAILABLE_MESSAGE));
  }
  const status = clientStatusOf(error);
  if (status !== null) {
    return reply.code(status).send(errorBody(status, error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody(500, 'Internal Server Error'));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(errorBody(404, `Route ${request.method}:${request.url.split('?')[0] ?? ''} not found`));
}
