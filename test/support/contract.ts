/**
 * Every response the suite sees answers to one document: Instantly's OpenAPI document for the
 * vendor's /api/v2 operations, Smartlead's shapes (spec/smartlead-v1.openapi.json) for /api/v1,
 * and Leadbase's own generated document (the app's /openapi.json) for its extensions and for the
 * error statuses the vendor does not list. A response no document covers (no route, no entry for
 * its status, no entry for its content type) fails the test that produced it.
 */
import { readFileSync } from 'node:fs';
import { SMARTLEAD_SPEC_PATH, SPEC_PATH } from './contract-paths.js';
import { type OpenApi, OpenApiContract, type ResponseEntry } from './openapi-contract.js';
import { type SchemaSource, tally } from './response-contract-tally.js';

export { SMARTLEAD_SPEC_PATH, SPEC_PATH };

const readDocument = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as OpenApi;

/**
 * The one place the checker is looser than the vendor: Lead.lt_interest_status lists only the
 * built-in values, while the same field's description (and the lead label API) allows "a custom
 * status interest value". A lead carrying a label's value is right, not a breach.
 */
function relaxInterestStatus(document: OpenApi): OpenApi {
  const lead = (document.components as { schemas?: Record<string, { properties?: Record<string, { enum?: unknown }> }> } | undefined)?.schemas?.Lead;
  const field = lead?.properties?.lt_interest_status;
  if (field === undefined || field.enum === undefined) throw new Error('the spec no longer has Lead.lt_interest_status with an enum: review relaxInterestStatus');
  delete field.enum;
  return document;
}

const vendor = new OpenApiContract('Instantly API v2', relaxInterestStatus(readDocument(SPEC_PATH)));
const smartlead = new OpenApiContract('Smartlead API v1', readDocument(SMARTLEAD_SPEC_PATH));

// Every harness of a test process serves the same document: compile it once.
const leadbaseDocuments = new Map<string, OpenApiContract>();
/** Leadbase's own document (what `GET /openapi.json` serves) as a checker. */
export function leadbaseContract(document: unknown): OpenApiContract {
  const text = JSON.stringify(document);
  let contract = leadbaseDocuments.get(text);
  if (contract === undefined) {
    contract = new OpenApiContract('Leadbase', JSON.parse(text) as OpenApi);
    leadbaseDocuments.set(text, contract);
  }
  return contract;
}

/** The vendor's error body is exactly these three fields; nothing like Fastify's `code` leaks. */
function errorBodyProblems(status: number, body: unknown): string[] {
  const ok =
    typeof body === 'object' && body !== null && !Array.isArray(body) &&
    Object.keys(body).sort().join() === 'error,message,statusCode' &&
    (body as { statusCode: unknown }).statusCode === status &&
    typeof (body as { error: unknown }).error === 'string' && typeof (body as { message: unknown }).message === 'string';
  return ok ? [] : [`error body is not {statusCode: ${status}, error, message}: ${JSON.stringify(body)}`];
}

export interface Answer {
  method: string;
  url: string;
  status: number;
  /** The Content-Type header as sent ('' when there is none). */
  contentType: string;
  /** The parsed JSON when the answer is JSON, else its text. */
  body: unknown;
}

export interface ContractResult {
  source: SchemaSource;
  errors: string[];
}

const mediaTypeOf = (contentType: string) => (contentType.split(';')[0] ?? '').trim().toLowerCase();

/** A documented entry against the answer: JSON by its schema, anything else by its content type. */
function checkEntry(contract: OpenApiContract, template: string, entry: ResponseEntry, answer: Answer): string[] {
  const media = mediaTypeOf(answer.contentType);
  const where = `${answer.method} ${template} ${answer.status} in ${contract.name}'s document`;
  if (media === '' && answer.body === '') return entry.content === undefined ? [] : [`${where} has a body, but the answer has none`];
  const content = entry.content?.[media];
  if (content === undefined) return [`${where} documents ${Object.keys(entry.content ?? {}).join(', ') || 'no body'}, not ${media || 'an untyped body'}`];
  if (media !== 'application/json') return [];
  if (content.schema === undefined) return [`${where} documents JSON without a schema`];
  return contract.validate(answer.method, template, answer.status, answer.body);
}

/**
 * A vendor entry whose statusCode enum is not its own status (the vendor's 400 of
 * /campaigns/{id}/activate and /pause carries a 404 body, a copy-paste slip) is held to the plain
 * error body instead of its schema.
 */
function vendorSlip(entry: ResponseEntry, status: number): boolean {
  const codes = (entry.content?.['application/json']?.schema as { properties?: { statusCode?: { enum?: unknown[] } } } | undefined)?.properties?.statusCode?.enum;
  return status >= 400 && codes !== undefined && !codes.includes(status);
}

/** Which document answers for this response, and what it finds wrong with it. */
export function checkResponse(answer: Answer, leadbase: OpenApiContract): ContractResult {
  const urlPath = answer.url.split('?')[0] ?? answer.url;
  const isSmartlead = urlPath === '/api/v1' || urlPath.startsWith('/api/v1/');
  // Smartlead's 401 is its own `{message}` body; every other error is the vendor's three fields.
  const errorBody = answer.status >= 400 && mediaTypeOf(answer.contentType) === 'application/json' && !(isSmartlead && answer.status === 401);
  const extra = errorBody ? errorBodyProblems(answer.status, answer.body) : [];

  const candidates: [SchemaSource, OpenApiContract][] = isSmartlead
    ? [['smartlead-v1', smartlead]]
    : [['instantly-v2', vendor], ['leadbase', leadbase]];
  const misses: string[] = [];
  for (const [source, contract] of candidates) {
    const found = contract.lookup(answer.method, urlPath, answer.status);
    if (found.kind === 'no-route') {
      misses.push(`${contract.name}'s document has no ${answer.method} ${urlPath}`);
      continue;
    }
    if (found.kind === 'no-status') {
      // The vendor lists few error statuses; Leadbase's own document must then list it.
      misses.push(`${contract.name}'s document lists no ${answer.status} for ${answer.method} ${found.template}`);
      continue;
    }
    if (source === 'instantly-v2' && vendorSlip(found.entry, answer.status)) return { source, errors: extra };
    return { source, errors: [...checkEntry(contract, found.template, found.entry, answer), ...extra] };
  }
  // A path no document has is answered by the server's one not-found handler (src/http/errors.ts):
  // the vendor's error body, which `extra` holds it to.
  const routeless = misses.every((miss) => miss.includes('has no '));
  if (routeless && answer.status === 404 && errorBody) return { source: 'leadbase', errors: extra };
  return { source: 'unchecked', errors: [`no schema covers this response: ${misses.join('; ')}`] };
}

/** Every response the suite produced goes through here; a violation fails the test that caused it. */
export function assertContract(answer: Answer, leadbase: OpenApiContract): void {
  const result = checkResponse(answer, leadbase);
  tally(result.source, answer.method, answer.url, answer.status, mediaTypeOf(answer.contentType));
  if (result.errors.length > 0) {
    const shown = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    throw new Error(`response to ${answer.method} ${answer.url} (${answer.status}) breaks its contract (${result.source}):\n  ${result.errors.join('\n  ')}\nbody: ${shown.slice(0, 2000)}`);
  }
}
