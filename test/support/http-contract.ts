/**
 * The contract check for answers that come over real HTTP (the built server as a process): the
 * same rule as the in-process harness, with Leadbase's own document read once from the running
 * server's /openapi.json, as a client would see it.
 */
import { type OpenApiContract } from './openapi-contract.js';
import { assertContract, leadbaseContract } from './contract.js';

const documents = new Map<string, Promise<OpenApiContract>>();

/** Leadbase's own document as the server at `base` publishes it, fetched once. */
export function documentOf(base: string): Promise<OpenApiContract> {
  let document = documents.get(base);
  if (document === undefined) {
    document = fetch(`${base}/openapi.json`).then(async (response) => {
      if (!response.ok) throw new Error(`${base}/openapi.json answered ${response.status}`);
      return leadbaseContract(await response.json());
    });
    // A server that was down a moment ago may be up again: do not keep the failure.
    document.catch(() => documents.delete(base));
    documents.set(base, document);
  }
  return document;
}

export interface CheckedAnswer {
  response: Response;
  text: string;
  /** The parsed body when the answer is JSON, else its text. */
  body: unknown;
}

/** fetch, then the contract check of whatever came back; throws when it breaks its document. */
export async function fetchChecked(base: string, path: string, init: RequestInit = {}): Promise<CheckedAnswer> {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const body: unknown = contentType.includes('application/json') && text !== '' ? JSON.parse(text) : text;
  const url = new URL(path, base);
  assertContract({ method: init.method ?? 'GET', url: url.pathname, status: response.status, contentType, body }, await documentOf(base));
  return { response, text, body };
}
