/**
 * The Node HTTP server under Fastify: how long a client may take to send a request, how long an
 * idle connection stays open, and the request id on every answer.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_REQUEST_ID_LENGTH = 128;
// Visible ASCII only: the id goes back out in a response header and into log lines, where a
// control character or a line break would forge either.
const REQUEST_ID = /^[\x21-\x7e]+$/;

const requestIds = new WeakMap<IncomingMessage, string>();

/**
 * The id of a request: the client's `x-request-id` when it is one line of visible ASCII up to 128
 * characters (a repeated header arrives joined with ", " and is refused), else a new UUID. The
 * same request always gets the same id, whoever asks first (the server wrapper or Fastify).
 */
export function requestIdOf(request: IncomingMessage): string {
  const known = requestIds.get(request);
  if (known !== undefined) return known;
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && given.length <= MAX_REQUEST_ID_LENGTH && REQUEST_ID.test(given) ? given : randomUUID();
  requestIds.set(request, id);
  return id;
}

export interface ConnectionTimeouts {
  /** Time to receive a request's headers, from its first byte (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveTimeoutMs: number;
}

// Node looks for overdue requests on a timer (every 30 s unless told); a quarter of the headers
// timeout keeps the overshoot small without scanning the connections all the time.
const MIN_CHECK_INTERVAL_MS = 100;
const MAX_CHECK_INTERVAL_MS = 30_000;

function checkingIntervalMs(timeouts: ConnectionTimeouts): number {
  return Math.min(MAX_CHECK_INTERVAL_MS, Math.max(MIN_CHECK_INTERVAL_MS, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)));
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Fastify's serverFactory. The request id is set on the raw response before Fastify runs, so it
 * is on every answer, including those Fastify writes itself (the 503 while closing, a 404).
 */
export function httpServerFactory(timeouts: ConnectionTimeouts | undefined) {
  return (handler: Handler): Server => {
    const stamped: Handler = (request, response) => {
      response.setHeader(REQUEST_ID_HEADER, requestIdOf(request));
      handler(request, response);
    };
    // Without settings (an app built for a test) Node's own defaults apply.
    if (timeouts === undefined) return createServer(stamped);
    const server = createServer(
      {
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        keepAliveTimeout: timeouts.keepAliveTimeoutMs,
        connectionsCheckingInterval: checkingIntervalMs(timeouts),
      },
      stamped,
    );
    return server;
  };
}
