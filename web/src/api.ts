import type { ErrorBodyT } from './types.js';

/** An answer other than 2xx, with the vendor's error body when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** The scopes the server said would do ("…this route needs one of leads:read, …"), if that was the refusal. */
  get missingScopes(): string[] | null {
    const match = /lacks the required scope: this route needs one of (.+)$/.exec(this.message);
    return match?.[1] === undefined ? null : match[1].split(',').map((s) => s.trim());
  }

  get needsAdmin(): boolean {
    return this.status === 401 && this.message.includes('administrator key');
  }
}

const isErrorBody = (value: unknown): value is ErrorBodyT =>
  typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Every call of the console: the public API with the signed-in key in the Authorization header
 * (never in a URL, which would land in logs and history).
 */
export async function callApi<T>(key: string, method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    throw new ApiError(response.status, isErrorBody(parsed) ? parsed.message : `${response.status} ${response.statusText}`);
  }
  return parsed as T;
}

/** A download that needs the key: fetched, then handed to the browser as a file. */
export async function downloadWithKey(key: string, path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  saveBlob(await response.blob(), filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const query = (params: Record<string, string | number | boolean | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};
