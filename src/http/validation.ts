import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
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
  return ({ schema, httpPart }) => namingKeys((httpPart === 'body' ? strict : coercing).compile(schema as object));
}

const shortKey = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);

/**
 * Ajv reports a key that breaks `propertyNames` as "body/custom_variables must NOT have more than
 * 200 characters, body/custom_variables property name must be valid", as if the object were too
 * long: say which key instead.
 */
function namingKeys(validate: ValidateFunction): ValidateFunction {
  const explain = (errors: ErrorObject[]) =>
    errors
      .filter((e) => e.keyword !== 'propertyNames')
      .map((e) => (e.propertyName === undefined ? e : { ...e, message: `key "${shortKey(e.propertyName)}" ${e.message ?? 'is not valid'}` }));
  const wrapped = ((data: unknown) => {
    const valid = validate(data);
    wrapped.errors = valid === true || validate.errors == null ? null : explain(validate.errors);
    return valid;
  }) as ValidateFunction;
  return wrapped;
}

/**
 * How deeply a request value may nest arrays and objects. The deepest body any route takes (a
 * campaign's sequences/steps/variants) is about 6 levels. JSON.parse itself does not recurse
 * (100,000 nested arrays parse), but Ajv, JSON.stringify and the jsonb encoder do and overflow the
 * stack: the walk below refuses such a value before any of them sees it.
 */
export const MAX_JSON_DEPTH = 32;

// Node 20 has String.prototype.isWellFormed (5x faster here than /\p{Surrogate}/u on long text);
// the ES2022 library this project compiles against does not declare it yet.
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
const UNSHOWABLE = /\u0000|\p{Surrogate}/gu;

/** A key as it can be shown in a message: NUL and lone surrogates written as \u escapes. */
const showKey = (key: string) => key.replace(UNSHOWABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Why a text cannot be stored as sent, or null. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL (\\u0000) character';
  // JSON.parse turns "\ud800" into a lone UTF-16 surrogate: no UTF-8 text (and so no PostgreSQL
  // text or jsonb value) can hold it, and storing U+FFFD instead would change the data silently.
  if (!isWellFormed(text)) {
    return 'must not contain a lone surrogate (an unpaired \\ud800-\\udfff escape, usually text cut in the middle of an emoji)';
  }
  return null;
}

/** Keys that would reach an object's prototype when code copies the value with Object.assign. */
function keyProblem(key: string, item: unknown): string | null {
  if (key === '__proto__') return 'is not accepted: "__proto__" is reserved and cannot be a key';
  if (key === 'constructor' && typeof item === 'object' && item !== null && Object.hasOwn(item, 'prototype')) {
    return 'is not accepted: a "constructor" object cannot have a "prototype" key';
  }
  return null;
}

/** Walks `value` with `path` as its location; on a problem, `path` is left pointing at it. */
function problemIn(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return textProblem(value);
  if (typeof value !== 'object' || value === null) return null;
  // Recursion stays bounded: nothing deeper than this is entered.
  if (path.length > MAX_JSON_DEPTH) return `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      const found = problemIn(value[i], path);
      if (found !== null) return found;
      path.pop();
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    path.push(key);
    const found = textProblem(key) ?? keyProblem(key, item) ?? problemIn(item, path);
    if (found !== null) return found;
    path.pop();
  }
  return null;
}

/**
 * The first part of a request value that cannot be stored or safely handled, as a 400 message
 * naming it ("body/leads/3/custom_variables/x must not contain …"), or null. One walk for every
 * check, over keys and values, run before validation or any recursive code sees the value.
 */
export function unacceptableInputMessage(value: unknown, root: string): string | null {
  const path = [root];
  const problem = problemIn(value, path);
  return problem === null ? null : `${path.map(showKey).join('/')} ${problem}`;
}
