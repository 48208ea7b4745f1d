/**
 * Schema-driven fuzzing of every route in /openapi.json, on both engines: requests generated from
 * each route's own schemas by json-schema-faker (valid ones), and the same requests broken in one
 * place (a hostile value anywhere in the body, a dropped required field, a bad key, malformed
 * JSON, a bad path or query parameter). Every answer must be below 500, a status the route
 * documents, and valid against its schema (the harness holds every answer to its document:
 * the vendor's, Smartlead's or Leadbase's own). Seeded: a failure names its seed and request, and
 * LEADBASE_FUZZ_SEED replays or varies a run.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { type JsonSchema, generate } from 'json-schema-faker';
import { type Harness, type Reply, TEST_ADMIN_KEY, forEachEngine } from '../support/harness.js';

const SEED = Number(process.env.LEADBASE_FUZZ_SEED ?? 20261128);
const VALID_PER_ROUTE = 3;
const BROKEN_PER_ROUTE = 8;

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

interface FuzzRequest {
  method: string;
  url: string;
  body?: unknown;
  rawBody?: string;
  what: string;
}

/** Deterministic numbers in [0, 1) for one seed: the n-th draw is a hash of (seed, n). */
class Draws {
  private n = 0;
  constructor(private readonly seed: string) {}
  next(): number {
    return createHash('sha256').update(`${this.seed}:${this.n++}`).digest().readUInt32BE(0) / 2 ** 32;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** A seed for json-schema-faker, drawn from this sequence. */
  seedNumber(): number {
    return this.int(2 ** 31);
  }
}

const nest = (depth: number): unknown => (depth === 0 ? [] : [nest(depth - 1)]);

/** Values no schema of ours allows everywhere: each probes one way a field could reach the database badly. */
const HOSTILE_VALUES: readonly unknown[] = [
  '\ud800',
  'a\u0000b',
  'x'.repeat(12_000),
  '',
  ' ',
  1.5,
  1e10,
  -1e308,
  -1,
  0,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  {},
  [],
  ['\udfff'],
  { k: '\ud800' },
  nest(40),
  'not-a-uuid',
  '0190a000-0000-7000-8000-000000000000',
  '2026-13-45T25:61:00Z',
  'josé@bücher.de',
];
const HOSTILE_KEYS: readonly string[] = ['\ud800', 'k\u0000', '__proto__', 'x'.repeat(300), ''];
const HOSTILE_PARAMS: readonly string[] = ['not-a-uuid', '%ED%A0%80', '%00', '1e20', '-1', '99999999999999999999', 'x'.repeat(99), '%F0%9F%98%80', '0190A000-0000-7000-8000-000000000000'];

type Path = (string | number)[];

/** Every place in a value (its root too), as paths of keys and indexes. */
function placesIn(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => placesIn(item, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, item] of Object.entries(value)) placesIn(item, [...path, k], out);
  return out;
}

function replaceAt(value: unknown, path: Path, replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  if (typeof value === 'object' && value !== null && typeof head === 'string') {
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, k === head ? replaceAt(item, rest, replacement) : item]));
  }
  return value;
}

class RouteFuzzer {
  constructor(
    private readonly document: Document,
    /** Ids of things that exist in the workspace, so generated requests also reach past the 404. */
    private readonly knownIds: readonly string[],
  ) {}

  operations(): { path: string; method: string; operation: Operation }[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })));
  }

  private async fake(schema: JsonSchema, draws: Draws): Promise<unknown> {
    const options = { seed: draws.seedNumber(), optionalsProbability: 0.5, maxItems: 3, maxDefaultItems: 3, useDefaultValue: false };
    try {
      return await generate(schema, options);
    } catch {
      // json-schema-faker 0.6 gives up on minProperties over only optional properties (PATCH
      // bodies) when it happened to leave them all out: fill every optional property then.
      return generate(schema, { ...options, alwaysFakeOptionals: true });
    }
  }

  private async parameterValue(parameter: Parameter, draws: Draws): Promise<string> {
    const format = typeof parameter.schema === 'object' ? parameter.schema.format : undefined;
    if (format === 'uuid' && this.knownIds.length > 0 && draws.next() < 0.6) return draws.pick(this.knownIds);
    const value = await this.fake(parameter.schema, draws);
    return Array.isArray(value) ? value.join(',') : String(value);
  }

  async validRequest(path: string, method: string, operation: Operation, draws: Draws): Promise<FuzzRequest & { query: Map<string, string>; pathValues: Map<string, string> }> {
    const pathValues = new Map<string, string>();
    const query = new Map<string, string>();
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path') pathValues.set(parameter.name, encodeURIComponent(await this.parameterValue(parameter, draws)));
      else if (parameter.in === 'query' && (parameter.required === true || draws.next() < 0.4)) query.set(parameter.name, await this.parameterValue(parameter, draws));
    }
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const body = bodySchema === undefined ? undefined : await this.fake(bodySchema, draws);
    return { method, url: buildUrl(path, pathValues, query), ...(body === undefined ? {} : { body }), what: 'valid', query, pathValues };
  }

  async brokenRequest(path: string, method: string, operation: Operation, draws: Draws): Promise<FuzzRequest> {
    const valid = await this.validRequest(path, method, operation, draws);
    const { query, pathValues } = valid;
    const kinds = [
      ...(valid.body !== undefined ? ['value', 'value', 'value', 'key', 'drop', 'raw'] : []),
      ...(pathValues.size > 0 ? ['path'] : []),
      ...((operation.parameters ?? []).some((p) => p.in === 'query') ? ['query'] : []),
    ];
    if (kinds.length === 0) return { ...valid, what: 'valid (nothing to break)' };
    const kind = draws.pick(kinds);
    const places = placesIn(valid.body);
    switch (kind) {
      case 'value': {
        const at = draws.pick(places);
        const value = draws.pick(HOSTILE_VALUES);
        return { method, url: valid.url, body: replaceAt(valid.body, at, () => value), what: `${JSON.stringify(value).slice(0, 40)} at /${at.join('/')}` };
      }
      case 'key': {
        const objects = places.filter((p) => {
          const node = p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], valid.body);
          return typeof node === 'object' && node !== null && !Array.isArray(node);
        });
        const at = objects.length > 0 ? draws.pick(objects) : [];
        const key = draws.pick(HOSTILE_KEYS);
        // fromEntries defines keys as own data properties, "__proto__" included.
        const withKey = replaceAt(valid.body, at, (node) => Object.fromEntries([[key, 'v'], ...Object.entries(node as object)]));
        return { method, url: valid.url, body: withKey, what: `key ${JSON.stringify(key).slice(0, 40)} at /${at.join('/')}` };
      }
      case 'drop': {
        const at = draws.pick(places.filter((p) => p.length > 0).concat([[]]));
        const dropped = at.length === 0 ? {} : replaceAt(valid.body, at.slice(0, -1), (node) => (Array.isArray(node) ? node.filter((_, i) => i !== at.at(-1)) : Object.fromEntries(Object.entries(node as object).filter(([k]) => k !== at.at(-1)))));
        return { method, url: valid.url, body: dropped, what: `dropped /${at.join('/')}` };
      }
      case 'raw': {
        const text = JSON.stringify(valid.body);
        const raw = draws.pick([text.slice(0, Math.max(1, text.length - 1)), '', '{"a":', `${text}x`, '[]', '"text"', '{"__proto__":{"x":1}}', '['.repeat(100_000)]);
        return { method, url: valid.url, rawBody: raw, what: `raw body ${JSON.stringify(raw.slice(0, 40))}` };
      }
      case 'path': {
        const name = draws.pick([...pathValues.keys()]);
        const value = draws.pick(HOSTILE_PARAMS);
        return { method, url: buildUrl(path, new Map([...pathValues, [name, value]]), query), ...(valid.body === undefined ? {} : { body: valid.body }), what: `path ${name}=${value.slice(0, 40)}` };
      }
      default: {
        const name = draws.pick((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
        const value = draws.pick([...HOSTILE_PARAMS, ...HOSTILE_VALUES.filter((v): v is string => typeof v === 'string')]);
        return { method, url: buildUrl(path, pathValues, new Map([...query, [name, value]])), ...(valid.body === undefined ? {} : { body: valid.body }), what: `query ${name}=${value.slice(0, 40)}` };
      }
    }
  }

  /**
   * Problems with one answer: a 5xx or a status the route does not document. Its body is held to
   * its schema by the harness itself (test/support/contract.ts), which throws on a breach.
   */
  check(operation: Operation, reply: Reply<unknown>): string[] {
    if (reply.status >= 500) return [`answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`];
    if (operation.responses[String(reply.status)] === undefined) return [`answered ${reply.status}, which the route does not document: ${JSON.stringify(reply.body).slice(0, 300)}`];
    return [];
  }
}

function buildUrl(path: string, pathValues: Map<string, string>, query: Map<string, string>): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => pathValues.get(name) ?? name);
  // A URL is UTF-8 bytes: a lone surrogate cannot be in one (its bytes, %ED%A0%80, are in HOSTILE_PARAMS).
  const encode = (v: string) => encodeURIComponent(v.replace(/\p{Surrogate}/gu, '\ufffd'));
  const search = [...query].map(([k, v]) => `${encode(k)}=${/%[0-9A-F]{2}/.test(v) ? v : encode(v)}`).join('&');
  return search === '' ? filled : `${filled}?${search}`;
}

/** A few things of each kind in the admin key's (fresh) workspace, whose ids the fuzzer mixes in. */
async function seedWorkspace(h: Harness): Promise<string[]> {
  const ok = async (method: string, url: string, body: unknown): Promise<string> => {
    const r = await h.request<{ id: string }>(method, url, { body });
    assert.ok(r.status < 300, `${method} ${url}: ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const schedule = { schedules: [{ name: 's', timing: { from: '09:00', to: '17:00' }, days: { '1': true }, timezone: 'America/Chicago' }] };
  const list = await ok('POST', '/api/v2/lead-lists', { name: 'Fuzz list' });
  const campaign = await ok('POST', '/api/v2/campaigns', { name: 'Fuzz campaign', campaign_schedule: schedule });
  const lead = await ok('POST', '/api/v2/leads', { list_id: list, email: 'fuzz@example.com', first_name: 'Fuzz' });
  const label = await ok('POST', '/api/v2/lead-labels', { label: 'Fuzz label', interest_status_label: 'positive' });
  const entry = await ok('POST', '/api/v2/block-lists-entries', { bl_value: 'blocked.example' });
  const subsequence = await ok('POST', '/api/v2/subsequences', { parent_campaign: campaign, name: 'Fuzz follow-up', conditions: { lead_activity: [2] } });
  const job = await ok('POST', '/api/v2/leads/move', { list_id: list, to_campaign_id: campaign, copy_leads: true });
  const workspace = (await h.request<{ id: string }>('GET', '/api/v2/workspaces/current')).body.id;
  return [list, campaign, lead, label, entry, subsequence, job, workspace];
}

forEachEngine((h) => {
  let fuzzer: RouteFuzzer | undefined;

  before(async () => {
    const document = await h.request<Document>('GET', '/openapi.json');
    assert.equal(document.status, 200);
    fuzzer = new RouteFuzzer(document.body, await seedWorkspace(h));
  });

  describe(`seed ${SEED}`, () => {
    test('every route in /openapi.json answers generated valid and broken requests within its contract', async () => {
      if (fuzzer === undefined) throw new Error('fuzzer not set up');
      const failures: string[] = [];
      let sent = 0;
      for (const { path, method, operation } of fuzzer.operations()) {
        const draws = new Draws(`${SEED}:${method} ${path}`);
        for (let i = 0; i < VALID_PER_ROUTE + BROKEN_PER_ROUTE; i++) {
          const request = i < VALID_PER_ROUTE ? await fuzzer.validRequest(path, method, operation, draws) : await fuzzer.brokenRequest(path, method, operation, draws);
          const options = request.rawBody !== undefined ? { rawBody: request.rawBody } : request.body !== undefined ? { body: request.body } : {};
          // Smartlead's routes take the key as a query parameter, not a Bearer header.
          const url = path.startsWith('/api/v1') ? `${request.url}${request.url.includes('?') ? '&' : '?'}api_key=${TEST_ADMIN_KEY}` : request.url;
          let problems: string[];
          try {
            problems = fuzzer.check(operation, await h.request(request.method, url, options));
          } catch (error) {
            // The harness throws when an answer breaks its document.
            problems = [String(error).slice(0, 600)];
          }
          sent++;
          for (const problem of problems) failures.push(`${request.method} ${request.url.slice(0, 200)} (${request.what}): ${problem}`);
        }
      }
      assert.ok(sent > 0);
      assert.deepEqual(failures, [], `${failures.length} of ${sent} requests broke their contract (seed ${SEED})`);
    });
  });
}, describe);
