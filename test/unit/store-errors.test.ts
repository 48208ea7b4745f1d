import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isStoreUnavailable, isUniqueViolation } from '../../src/store/errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store error classification', () => {
  test('a unique violation is a conflict, not an outage', () => {
    assert.equal(isUniqueViolation(withCode('23505')), true);
    assert.equal(isStoreUnavailable(withCode('23505')), false);
  });

  test('connection loss, shutdown, timeouts and refused connections mean the store is unavailable', () => {
    for (const code of ['08006', '08003', '57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      assert.equal(isStoreUnavailable(withCode(code)), true, code);
    }
    assert.equal(isStoreUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isStoreUnavailable(new Error('timeout exceeded when trying to connect')), true);
    assert.equal(isStoreUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')), true);
    assert.equal(isStoreUnavailable(new Error('wrapped', { cause: withCode('57P01') })), true);
  });

  test('errors that say the request is wrong are not outages', () => {
    for (const code of ['22P02', '23503', '42703', '22001']) assert.equal(isStoreUnavailable(withCode(code)), false, code);
    assert.equal(isStoreUnavailable(new Error('something else')), false);
    assert.equal(isStoreUnavailable(null), false);
    assert.equal(isStoreUnavailable('Connection terminated'), false);
  });
});
