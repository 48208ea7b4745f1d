import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { requestIdOf } from '../../src/http/http-server.js';
import { REDACTED, redactUrl, serializeError } from '../../src/logging.js';

const EMAIL = 'ada.lovelace@example.com';

describe('redactUrl', () => {
  test('the value of api_key goes, wherever it stands and however its name is spelled', () => {
    const cases: [string, string][] = [
      ['/api/v1/campaigns?api_key=s3cret', `/api/v1/campaigns?api_key=${REDACTED}`],
      ['/api/v1/campaigns?limit=5&api_key=s3cret&offset=0', `/api/v1/campaigns?limit=5&api_key=${REDACTED}&offset=0`],
      ['/api/v1/campaigns?api%5Fkey=s3cret', `/api/v1/campaigns?api%5Fkey=${REDACTED}`],
      ['/api/v1/campaigns?API_KEY=s3cret#top', `/api/v1/campaigns?API_KEY=${REDACTED}#top`],
      ['/x?token=a=b&access_token=c', `/x?token=${REDACTED}&access_token=${REDACTED}`],
      ['Route GET:/api/v1/nope?api_key=s3cret not found', `Route GET:/api/v1/nope?api_key=${REDACTED} not found`],
      ['in the "/api/v1/leads?api_key=s3cret" route', `in the "/api/v1/leads?api_key=${REDACTED} route`],
    ];
    for (const [text, expected] of cases) assert.equal(redactUrl(text), expected, text);
  });

  test('other parameters and texts without a query are left alone', () => {
    for (const text of ['/api/v1/campaigns?limit=5&offset=10', '/api/v2/leads/list', 'a = b & c', '/x?api_key', '/x?%E0%A4%A=1']) {
      assert.equal(redactUrl(text), text);
    }
  });
});

describe('serializeError with real database errors', () => {
  let db: PGlite;
  before(async () => {
    db = new PGlite();
    await db.exec('CREATE TABLE people (email text UNIQUE, first_name text, CONSTRAINT no_bots CHECK (first_name <> \'bot\'))');
    await db.query('INSERT INTO people (email, first_name) VALUES ($1, $2)', [EMAIL, 'Augusta']);
  });
  after(() => db.close());

  async function failure(sql: string, params: unknown[]): Promise<unknown> {
    try {
      await db.query(sql, params);
    } catch (error) {
      return error;
    }
    assert.fail(`${sql} did not fail`);
  }

  test('a unique violation: the driver error quotes the row, the log shows class, code and constraint', async () => {
    const error = await failure('INSERT INTO people (email, first_name) VALUES ($1, $2)', [EMAIL, 'Augusta']);
    // What pino's standard serializer would have written (every enumerable property).
    assert.match(JSON.stringify(error), /ada\.lovelace@example\.com/);
    const logged = serializeError(error);
    assert.deepEqual(
      { ...logged, stack: undefined },
      { type: 'DatabaseError', message: 'duplicate key value violates unique constraint "people_email_key"', code: '23505', constraint: 'people_email_key', table: 'people', stack: undefined },
    );
    assert.match(logged.stack, /^DatabaseError: duplicate key value violates unique constraint "people_email_key"\n\s+at /);
    assert.doesNotMatch(JSON.stringify(logged), /ada\.lovelace|Augusta/);
  });

  test('a data error quoting the input in its message: the quoted input goes', async () => {
    const logged = serializeError(await failure('SELECT $1::uuid', [EMAIL]));
    assert.equal(logged.message, `invalid input syntax for type uuid: ${REDACTED}`);
    assert.equal(logged.code, '22P02');
    assert.doesNotMatch(JSON.stringify(logged), /ada\.lovelace/);
  });

  test('a check violation names the constraint, not the failing row', async () => {
    const logged = serializeError(await failure('INSERT INTO people (email, first_name) VALUES ($1, $2)', ['grace@example.org', 'bot']));
    assert.equal(logged.constraint, 'no_bots');
    assert.doesNotMatch(JSON.stringify(logged), /grace@example\.org/);
  });
});

describe('serializeError with other errors', () => {
  test('causes and grouped errors are followed, their data cleaned the same way', () => {
    const inner = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:5432 for ${EMAIL}`), { code: 'ECONNREFUSED', address: '127.0.0.1' });
    const logged = serializeError(new Error('could not load lead', { cause: new AggregateError([inner], 'all attempts failed') }));
    assert.equal(logged.type, 'Error');
    assert.equal(logged.cause?.type, 'AggregateError');
    assert.deepEqual(logged.cause?.errors?.map((e) => [e.code, e.message]), [['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432 for [email]']]);
    assert.doesNotMatch(JSON.stringify(logged), /ada\.lovelace|"address"/);
  });

  test('a thrown non-error: a primitive is shown, an object is not', () => {
    assert.equal(serializeError('plain text').message, 'plain text');
    assert.equal(serializeError({ email: EMAIL }).message, 'a thrown object');
    assert.equal(serializeError(null).type, 'null');
  });

  test('a cause that refers to itself ends', () => {
    const error = new Error('loop');
    error.cause = error;
    assert.ok(JSON.stringify(serializeError(error)).length < 10_000);
  });
});

describe('requestIdOf', () => {
  const request = (id?: string) => {
    const message = new IncomingMessage(new Socket());
    if (id !== undefined) message.headers['x-request-id'] = id;
    return message;
  };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  test("a client's id of visible ASCII up to 128 characters is kept", () => {
    for (const id of ['abc', 'req:42/retry=1', 'z'.repeat(128)]) assert.equal(requestIdOf(request(id)), id);
  });

  test('anything else becomes a new UUID, the same one every time it is asked for', () => {
    for (const id of [undefined, '', 'z'.repeat(129), 'two words', 'a, b', 'tab\there', 'caf\u00e9', 'line\nbreak']) {
      const message = request(id);
      const first = requestIdOf(message);
      assert.match(first, UUID, String(id));
      assert.equal(requestIdOf(message), first);
    }
    assert.notEqual(requestIdOf(request()), requestIdOf(request()));
  });
});
