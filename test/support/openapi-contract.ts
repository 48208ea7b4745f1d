/**
 * One OpenAPI 3.1 document as a response checker: which operation a request reached, whether
 * the status it answered is documented there, and whether the body fits that entry's schema.
 * The three documents the suite checks against (Instantly's, Smartlead's, Leadbase's own) are
 * each one of these; test/support/contract.ts decides which one a response answers to.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface MediaEntry {
  schema?: unknown;
}
export interface ResponseEntry {
  content?: Record<string, MediaEntry>;
}
export interface Operation {
  responses?: Record<string, ResponseEntry>;
}
export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}

/** Where a response is documented, or why it is not. */
export type Lookup =
  | { kind: 'documented'; template: string; entry: ResponseEntry }
  | { kind: 'no-status'; template: string }
  | { kind: 'no-route' };

// One Ajv for every document: each is added under its own key and compiled lazily, by entry.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
let documentCount = 0;

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export class OpenApiContract {
  private readonly key = `document-${++documentCount}`;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; regex: RegExp }[];

  constructor(
    readonly name: string,
    readonly document: OpenApi,
  ) {
    ajv.addSchema(document as object, this.key);
    // Literal segments beat parameters: /leads/list must not be taken for /leads/{id}.
    this.templates = Object.keys(document.paths)
      .map((path) => ({ path, params: (path.match(/\{/g) ?? []).length, regex: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
      .sort((a, b) => a.params - b.params);
  }

  /** The document's path template for a request, or null when it has no such operation. */
  templateFor(method: string, urlPath: string): string | null {
    const m = method.toLowerCase();
    return this.templates.find((t) => t.regex.test(urlPath) && this.document.paths[t.path]?.[m] !== undefined)?.path ?? null;
  }

  lookup(method: string, urlPath: string, status: number): Lookup {
    const template = this.templateFor(method, urlPath);
    if (template === null) return { kind: 'no-route' };
    const entry = this.document.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)];
    return entry === undefined ? { kind: 'no-status', template } : { kind: 'documented', template, entry };
  }

  /** Errors of `body` against the documented JSON schema of that entry (none when it fits). */
  validate(method: string, template: string, status: number, body: unknown): string[] {
    const id = `${method.toLowerCase()} ${template} ${status}`;
    let validate = this.validators.get(id);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `${this.key}#/${pointer('paths', template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}` });
      this.validators.set(id, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
