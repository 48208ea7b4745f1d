import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The vendor's document, carried in the repository (spec/vendor/README.md says where it came from). */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SPEC_PATH = join(repoRoot, 'spec', 'vendor', 'instantly-api-v2-openapi.json');

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
relaxInterestStatus(spec);

/**
 * The one place the checker is looser than the document: Lead.lt_interest_status lists only the
 * built-in values, while the same field's description (and the lead label API) allows "a custom
 * status interest value". A lead carrying a label's value is right, not a breach.
 */
function relaxInterestStatus(document: Spec): void {
  const lead = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, { enum?: unknown }> }> } }).components.schemas.Lead;
  const field = lead?.properties.lt_interest_status;
  if (field === undefined || field.enum === undefined) throw new Error('the spec no longer has Lead.lt_interest_status with an enum: review relaxInterestStatus');
  delete field.enum;
}
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(spec as object, 'spec');

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

// Literal segments beat parameters: /leads/list must not be taken for /leads/{id}.
const templates = Object.keys(spec.paths)
  .map((path) => ({ path, regex: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

const validators = new Map<string, ValidateFunction>();

/** Statuses the spec does not list for an operation are still bound to the vendor's error body. */
const errorBodySchema = {
  type: 'object',
  properties: { statusCode: { type: 'number' }, error: { type: 'string' }, message: { type: 'string' } },
  required: ['statusCode', 'error', 'message'],
  additionalProperties: false,
};
const validateErrorBody = ajv.compile(errorBodySchema);

export interface ContractResult {
  /** The spec path the request matched, or null for a Leadbase extension. */
  specPath: string | null;
  documentedStatus: boolean;
  errors: string[];
}

export function specPathFor(method: string, urlPath: string): string | null {
  const m = method.toLowerCase();
  for (const t of templates) {
    if (t.regex.test(urlPath) && spec.paths[t.path]?.[m] !== undefined) return t.path;
  }
  return null;
}

/** Validates one response against the official OpenAPI document. */
export function checkResponse(method: string, url: string, status: number, body: unknown): ContractResult {
  const urlPath = url.split('?')[0] ?? url;
  const specPath = specPathFor(method, urlPath);
  if (specPath === null) return { specPath: null, documentedStatus: false, errors: [] };
  const m = method.toLowerCase();
  const response = spec.paths[specPath]?.[m]?.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (response === undefined || schema === undefined) {
    if (status >= 400) {
      const ok = validateErrorBody(body);
      return { specPath, documentedStatus: false, errors: ok ? [] : (validateErrorBody.errors ?? []).map((e) => `${e.instancePath} ${e.message}`) };
    }
    return { specPath, documentedStatus: false, errors: [`status ${status} is not documented for ${method} ${specPath}`] };
  }
  // Two vendor entries (the 400 of /campaigns/{id}/activate and /pause) carry a 404 body, a
  // copy-paste slip in the document: such an entry is held to the plain error body instead.
  const documentedCodes = (schema as { properties?: { statusCode?: { enum?: unknown[] } } }).properties?.statusCode?.enum;
  if (status >= 400 && documentedCodes !== undefined && !documentedCodes.includes(status)) {
    const ok = validateErrorBody(body) && (body as { statusCode: unknown }).statusCode === status;
    return { specPath, documentedStatus: true, errors: ok ? [] : [`error body does not match status ${status}: ${JSON.stringify(body)}`] };
  }
  const key = `${m} ${specPath} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `spec#/${pointer('paths', specPath, m, 'responses', String(status), 'content', 'application/json', 'schema')}` });
    validators.set(key, validate);
  }
  const errors: string[] = [];
  if (!validate(body)) {
    errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
  }
  // The vendor's error body is exactly these three fields; nothing like Fastify's `code` leaks.
  if (status >= 400 && !validateErrorBody(body)) errors.push(`error body is not {statusCode, error, message}: ${JSON.stringify(body)}`);
  return { specPath, documentedStatus: true, errors };
}

/** Every response the suite produced goes through here; a violation fails the test that caused it. */
export function assertContract(method: string, url: string, status: number, body: unknown): void {
  const result = checkResponse(method, url, status, body);
  if (result.errors.length > 0) {
    throw new Error(`response to ${method} ${url} (${status}) breaks the OpenAPI contract:\n  ${result.errors.join('\n  ')}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  }
}
