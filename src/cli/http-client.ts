import { setTimeout as sleep } from 'node:timers/promises';

/** An answer the server gave with a status other than 2xx, with the message of its error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached (or stopped answering) after every retry. */
export class UnreachableError extends Error {}

/**
 * Nothing listens at the URL, and nothing ever answered there during this command: a server that
 * is not running (or the wrong URL), which retrying for a minute would not change.
 */
export class NoServerError extends Error {
  constructor(
    readonly url: string,
    /** ECONNREFUSED (nothing listens there) or ENOTFOUND (the host name does not resolve). */
    readonly code: string,
    detail: string,
  ) {
    super(`no Leadbase server at ${url} (${detail})`);
  }
}

export interface RetryNotice {
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface ClientOptions {
  baseUrl: string;
  apiKey: string | null;
  /** Attempts after the first for network errors, 429 and 5xx; 4xx answers are never retried. */
  retries: number;
  timeoutMs: number;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Lets Ctrl-C cut a back-off wait short. */
  signal?: AbortSignal | undefined;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
// A Retry-After beyond this is more likely a misconfigured proxy than a plan: we cap the wait.
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : null;
}

/** Exponential back-off with jitter, so a fleet of clients does not retry in lock-step. */
export function backoffMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'request timed out';
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as Error & { code?: unknown }).code;
      return typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
    }
    return error.message;
  }
  return String(error);
}

// Refused: nothing listens on the port. Not found: the host name has no address. Both are
// definite answers, unlike a timeout or a reset; a server restarting mid-command is the case
// for retries, and that one has answered before.
const NO_SERVER_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND']);

function noServerCode(error: unknown): string | null {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const code = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && NO_SERVER_CODES.has(code) ? code : null;
}

function errorMessageOf(status: number, text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  } catch {
    // not the vendor's JSON error body: show the text itself
  }
  return text.trim() === '' ? `HTTP ${status}` : text.trim().slice(0, 500);
}

/** JSON over HTTP to a server that speaks the Instantly API v2 dialect, with retries. */
export class ApiClient {
  private readonly baseUrl: string;
  /** Whether the server has answered anything yet: after that, a refused connection is an outage to wait out. */
  private answered = false;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get url(): string {
    return this.baseUrl;
  }

  async request<T>(method: string, path: string, body?: unknown, perRequest: { onRetry?: (notice: RetryNotice) => void } = {}): Promise<T> {
    const text = await (await this.open(method, path, body, true, perRequest.onRetry)).text();
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  /**
   * An answer too large to hold (an export) as an open response whose body the caller reads as
   * a stream. Retried like any request until the server answers with success; once the body
   * flows it is the caller's, and a failure then is not retried (it would repeat what was read).
   */
  async stream(method: string, path: string, body?: unknown): Promise<Response> {
    return this.open(method, path, body, false);
  }

  /**
   * Sends until the server answers with success: 429, 5xx, time-outs and lost connections are
   * retried (after Retry-After or a back-off); a refused connection before the server ever
   * answered is a server that is not running, said at once.
   */
  private async open(method: string, path: string, body: unknown, timeout: boolean, onRetryOnce?: (notice: RetryNotice) => void): Promise<Response> {
    const { retries, onRetry, signal } = this.options;
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      let reason: string;
      try {
        const response = await this.send(method, path, body, timeout);
        this.answered = true;
        if (response.ok) return response;
        const message = errorMessageOf(response.status, await response.text());
        if (!RETRYABLE_STATUS.has(response.status) || attempt >= retries) throw new HttpError(response.status, method, path, message);
        wait = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt);
        reason = `HTTP ${response.status}: ${message}`;
      } catch (error) {
        if (error instanceof HttpError || error instanceof SyntaxError) throw error;
        if (signal?.aborted === true) throw error;
        const code = this.answered ? null : noServerCode(error);
        if (code !== null) throw new NoServerError(this.baseUrl, code, describeNetworkError(error));
        reason = describeNetworkError(error);
        if (attempt >= retries) throw new UnreachableError(`${method} ${this.baseUrl}${path} failed after ${attempt + 1} attempts: ${reason}`);
        wait = backoffMs(attempt);
      }
      const notice = { attempt: attempt + 1, waitMs: wait, reason };
      onRetry?.(notice);
      onRetryOnce?.(notice);
      await sleep(wait, undefined, signal === undefined ? {} : { signal });
    }
  }

  private send(method: string, path: string, body: unknown, timeout = true): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey !== null) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      // No time limit for a stream: exporting a million leads rightly takes longer than any one request.
      ...(timeout ? { signal: AbortSignal.timeout(this.options.timeoutMs) } : {}),
    });
  }
}
