/**
 * What the server's log may hold: requests by method, path and id, errors by class, message and
 * SQLSTATE. Never a key (`?api_key=` on the Smartlead surface, `Authorization`, cookies) and never
 * lead data (a database error's detail, parameters or row values). Everything here is applied by
 * the logger itself (serializers, redact paths, a hook on every log call), so no log call has to
 * remember it. It sits outside http/ so that a job worker with a logger of its own can use the
 * same serializer (`serializers: { err: serializeError }`).
 */
import type { FastifyServerOptions } from 'fastify';

export const REDACTED = '[REDACTED]';

// Compared after percent-decoding and lower-casing: `?api%5Fkey=` authenticates like `?api_key=`.
const SECRET_QUERY_NAMES = new Set(['api_key', 'apikey', 'api-key', 'access_token', 'token']);

// A query parameter anywhere in a text: a URL, or a message quoting one. The value runs to the
// next parameter or white space; taking a closing quote with it errs on the side of the secret.
const QUERY_PARAMETER = /([?&;])([^=&#\s?]*)=([^&#\s]*)/g;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/** The text with the value of every secret query parameter (api_key…) replaced. */
export function redactUrl(text: string): string {
  return text.replace(QUERY_PARAMETER, (whole, separator: string, name: string) =>
    SECRET_QUERY_NAMES.has(decodedName(name)) ? `${separator}${name}=${REDACTED}` : whole,
  );
}

const EMAIL_ADDRESS = /[^\s@"'<>(),;:[\]]+@[^\s@"'<>(),;:[\]]+\.[^\s@"'<>(),;:[\]]+/g;
// PostgreSQL quotes the offending input at the end of a data error: `invalid input syntax for
// type uuid: "ada@example.com"`. Names of constraints and types come before the colon.
const QUOTED_INPUT = /(:\s*)".*$/s;
const SQLSTATE = /^[0-9A-Z]{5}$/;

// Fields of a PostgreSQL error (pg and PGlite share pg-protocol's) that name schema objects,
// never data. `detail`, `where`, `hint`, `internalQuery`, PGlite's `query` and `params` are left
// out: they quote row values.
const SCHEMA_FIELDS = ['constraint', 'table', 'column'] as const;

const MAX_CAUSE_DEPTH = 3;
const MAX_GROUPED_ERRORS = 5;

// A type alias, not an interface: pino's serializer slot wants an index-signature shape.
export type SerializedError = {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack: string;
  cause?: SerializedError;
  errors?: SerializedError[];
};

function stringField(value: object, name: string): string | undefined {
  const field: unknown = (value as Record<string, unknown>)[name];
  return typeof field === 'string' ? field : undefined;
}

function safeMessage(message: string, isDatabaseError: boolean): string {
  const text = redactUrl(message).replace(EMAIL_ADDRESS, '[email]');
  return isDatabaseError ? text.replace(QUOTED_INPUT, `$1${REDACTED}`) : text;
}

/**
 * An error as the log shows it: class, message without data, SQLSTATE or Node error code, the
 * schema names a database error carries, and the stack frames (under the cleaned message line).
 * Unlike pino's standard serializer it copies no other property, because those are where
 * drivers put the query, its parameters and the failing row.
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    const type = error === null ? 'null' : typeof error;
    // A thrown object's text is its data; a primitive's is its whole message.
    const message = typeof error === 'object' || typeof error === 'function' ? `a thrown ${type}` : safeMessage(String(error), false);
    return { type, message, stack: `${type}: ${message}` };
  }
  const code = stringField(error, 'code');
  const isDatabaseError = code !== undefined && SQLSTATE.test(code);
  // Both engines throw pg-protocol's DatabaseError, but PGlite's bundle minifies its class name.
  const type = isDatabaseError ? 'DatabaseError' : error.constructor.name === 'Error' ? error.name : error.constructor.name;
  const message = safeMessage(error.message, isDatabaseError);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const serialized: SerializedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  if (code !== undefined) serialized.code = code;
  if (isDatabaseError) {
    for (const field of SCHEMA_FIELDS) {
      const value = stringField(error, field);
      if (value !== undefined) serialized[field] = value;
    }
  }
  if (depth < MAX_CAUSE_DEPTH) {
    if (error.cause !== undefined) serialized.cause = serializeError(error.cause, depth + 1);
    if (error instanceof AggregateError && Array.isArray(error.errors)) {
      serialized.errors = error.errors.slice(0, MAX_GROUPED_ERRORS).map((inner: unknown) => serializeError(inner, depth + 1));
    }
  }
  return serialized;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
  socket?: { remotePort?: number | undefined } | null;
}

/** A request as the log shows it: no headers (Authorization, cookies), the URL without its key. */
export function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

// For a header object logged by hand: `{ headers: request.headers }` or `{ req: { headers } }`.
const REDACT_PATHS = ['headers.authorization', 'headers.cookie', 'headers["set-cookie"]', 'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

type LoggerSetting = FastifyServerOptions['logger'];

/**
 * The app's logger settings with the rules above applied on top. The hook covers the messages
 * Fastify writes itself with the raw URL in them ("Route GET:/… not found", "Reply was already
 * sent … in the "/…" route").
 */
export function safeLogger(setting: LoggerSetting): LoggerSetting {
  if (setting === undefined || setting === false) return false;
  const base = setting === true ? {} : setting;
  return {
    ...base,
    serializers: { ...base.serializers, req: serializeRequest, err: (error: unknown) => serializeError(error) },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg: unknown) => (typeof arg === 'string' ? redactUrl(arg) : arg));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
}
