import { type Command, InvalidArgumentError } from 'commander';
import { ApiClient, HttpError, NoServerError, type RetryNotice, UnreachableError } from './http-client.js';

/** A failure the user can act on: printed as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, partial: 3, interrupted: 130 } as const;

export interface GlobalOptions {
  url: string;
  apiKey?: string | undefined;
  retries: number;
  timeout: number;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return n;
}

const warnRetry = (notice: RetryNotice) => {
  process.stderr.write(`leadbase: ${notice.reason}; retrying in ${(notice.waitMs / 1000).toFixed(1)}s (attempt ${notice.attempt})\n`);
};

/** The client for commands that act inside a workspace: an API key is required. */
export function clientFor(command: Command, options: { signal?: AbortSignal; apiKey?: string | null; quietRetries?: boolean } = {}): ApiClient {
  const globals = globalsOf(command);
  const apiKey = options.apiKey !== undefined ? options.apiKey : (globals.apiKey ?? null);
  if (apiKey === null || apiKey.trim() === '') {
    throw new CliError('an API key is needed: pass --api-key KEY or set LEADBASE_API_KEY');
  }
  return new ApiClient({
    baseUrl: globals.url,
    apiKey: apiKey.trim(),
    retries: globals.retries,
    timeoutMs: globals.timeout * 1000,
    onRetry: options.quietRetries === true ? undefined : warnRetry,
    signal: options.signal,
  });
}

/** One line for any error that ends a command, with a hint where the cause is usually elsewhere. */
export function describeFailure(error: unknown, url: string | null): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof HttpError) {
    const hint =
      error.status === 401 ? ' (check --api-key / LEADBASE_API_KEY, and that the key has the scope this command needs)'
      : error.status === 404 && error.message.startsWith('Route ') ? ` (is ${url ?? 'the URL'} a Leadbase or Instantly API v2 server?)`
      : '';
    return { message: `the server refused ${error.method} ${error.path}: HTTP ${error.status}: ${error.message}${hint}`, exitCode: 1 };
  }
  if (error instanceof NoServerError) {
    const hint = error.code === 'ENOTFOUND' ? 'the host name does not resolve: check --url or LEADBASE_URL' : 'is it running? start it with `leadbase serve` or set LEADBASE_URL';
    return { message: `${error.message}: ${hint}`, exitCode: 1 };
  }
  if (error instanceof UnreachableError) {
    return { message: `${error.message}\n  is the server running at ${url ?? 'the given URL'}? (set --url or LEADBASE_URL)`, exitCode: 1 };
  }
  if (error instanceof Error) return { message: error.stack ?? error.message, exitCode: 1 };
  return { message: String(error), exitCode: 1 };
}
