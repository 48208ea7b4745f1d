import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { UUID_PATTERN } from './schemas/common.js';

// ajv-formats ships CommonJS with a default export that NodeNext sees one level down.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, removeAdditional: true, useDefaults: true, ...options });
  addFormats(ajv);
  // ajv-formats also accepts "urn:uuid:…", which PostgreSQL refuses: ids are the plain form only.
  ajv.addFormat('uuid', UUID_PATTERN);
  return ajv;
}

/**
 * Query strings and path parameters arrive as text, so "10" must become 10 there; a JSON body
 * carries its own types, and a number where a string belongs is a 400 naming the field rather
 * than a silent conversion.
 */
export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/** Where in a request value the first NUL character is ("body/leads/3/first_name"), or null. */
export function nulCharacterPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulCharacterPath(value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return `${path}/${key.replace(/\u0000/g, '\\u0000')}`;
      const found = nulCharacterPath(item, `${path}/${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}
