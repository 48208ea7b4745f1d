import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blockCandidates, isBlocked, parseBlockValue } from '../../src/domain/block-list.js';

const domain = (value: string) => ({ value, isDomain: true });
const email = (value: string) => ({ value, isDomain: false });

describe('parseBlockValue', () => {
  test('reads e-mail addresses, trimmed and lower-cased', () => {
    assert.deepEqual(parseBlockValue('  John.Doe@Example.COM \t'), email('john.doe@example.com'));
    assert.deepEqual(parseBlockValue('a+tag@sub.example.co.uk'), email('a+tag@sub.example.co.uk'));
  });

  test('reads domains, "@domain" and "*@domain" as the domain', () => {
    assert.deepEqual(parseBlockValue('Example.com'), domain('example.com'));
    assert.deepEqual(parseBlockValue('sub.example.com'), domain('sub.example.com'));
    assert.deepEqual(parseBlockValue('example.co.uk'), domain('example.co.uk'));
    assert.deepEqual(parseBlockValue(' @Example.com '), domain('example.com'));
    assert.deepEqual(parseBlockValue('*@example.com'), domain('example.com'));
  });

  test('reads "*.domain" as a wildcard, kept apart from the domain itself', () => {
    assert.deepEqual(parseBlockValue('*.Example.com'), domain('*.example.com'));
    assert.deepEqual(parseBlockValue('@*.example.com'), domain('*.example.com'));
    assert.deepEqual(parseBlockValue('*.sub.example.com'), domain('*.sub.example.com'));
  });

  test('international domains are accepted, one spelling for punycode and Unicode', () => {
    assert.deepEqual(parseBlockValue('bücher.de'), domain('bücher.de'));
    assert.deepEqual(parseBlockValue('XN--BCHER-KVA.DE'), domain('bücher.de'));
    assert.deepEqual(parseBlockValue('*.xn--bcher-kva.de'), domain('*.bücher.de'));
    assert.deepEqual(parseBlockValue('ＥＸＡＭＰＬＥ.com'), domain('example.com'));
    assert.deepEqual(parseBlockValue('info@xn--bcher-kva.de'), email('info@bücher.de'));
  });

  test('rejects what is neither an e-mail nor a registrable domain', () => {
    const rejected = [
      '', '   ', 'not a value', 'com', 'co.uk', '*.com', '*.co.uk', 'a@', '@', '*', '*.', '@@example.com', 'a@b@example.com',
      'a@example', 'http://x.com/path', 'example.com/path', 'example.com:80', 'exa mple.com', 'example..com', '-example.com',
      'example.com.', '*.*.example.com', 'a@*.example.com', 'example.com\nother.com', 'localhost', 'a'.repeat(300) + '.com',
      'a@example.com\u3002', 'a@exa\u0000mple.com', 'xn--zz.com',
    ];
    for (const value of rejected) assert.equal(parseBlockValue(value), null, JSON.stringify(value));
  });

  test('rejects text with a lone surrogate instead of throwing', () => {
    for (const value of ['"\ud800"@example.com', '\udc00@example.com', 'ex\ud800ample.com']) assert.equal(parseBlockValue(value), null, JSON.stringify(value));
    assert.doesNotThrow(() => parseBlockValue('"a\ud83d\ude00"@example.com'), 'a surrogate pair is read normally');
    assert.deepEqual(parseBlockValue('Jürgen@Example.com'), email('jürgen@example.com'));
  });

  test('rejects IP addresses, bare or as an e-mail domain', () => {
    for (const value of ['1.2.3.4', '*.1.2.3.4', '::1', '[::1]', '2001:db8::1', 'user@[1.2.3.4]', 'user@1.2.3.4']) {
      assert.equal(parseBlockValue(value), null, value);
    }
  });
});

describe('blockCandidates', () => {
  test('the address, each parent domain and the wildcard of each strict parent', () => {
    assert.deepEqual(blockCandidates('a@x.sub.example.com'), [
      'a@x.sub.example.com', 'x.sub.example.com', 'sub.example.com', '*.sub.example.com', 'example.com', '*.example.com',
    ]);
    assert.deepEqual(blockCandidates('a@example.com'), ['a@example.com', 'example.com']);
  });

  test('case and surrounding white space do not matter', () => {
    assert.deepEqual(blockCandidates(' A@Sub.Example.COM '), ['a@sub.example.com', 'sub.example.com', 'example.com', '*.example.com']);
  });

  test('a punycode address yields the Unicode spelling the block list stores', () => {
    assert.deepEqual(blockCandidates('a@xn--bcher-kva.de'), ['a@bücher.de', 'bücher.de']);
  });

  test('an address without a domain yields only itself', () => {
    assert.deepEqual(blockCandidates('nodomain'), ['nodomain']);
  });
});

describe('isBlocked', () => {
  const blockedBy = (...values: string[]) => {
    const set = new Set(values.map((v) => {
      const parsed = parseBlockValue(v);
      if (parsed === null) throw new Error(`not a block value: ${v}`);
      return parsed.value;
    }));
    return (address: string) => isBlocked(address, set);
  };

  test('a domain entry blocks the domain and its subdomains, nothing that merely ends alike', () => {
    const blocked = blockedBy('example.com');
    assert.equal(blocked('a@example.com'), true);
    assert.equal(blocked('a@sub.example.com'), true);
    assert.equal(blocked('a@deep.sub.example.com'), true);
    assert.equal(blocked('a@notexample.com'), false);
    assert.equal(blocked('a@example.com.au'), false);
    assert.equal(blocked('a@example.org'), false);
  });

  test('a wildcard entry blocks only subdomains', () => {
    const blocked = blockedBy('*.example.com');
    assert.equal(blocked('a@sub.example.com'), true);
    assert.equal(blocked('a@deep.sub.example.com'), true);
    assert.equal(blocked('a@example.com'), false);
    assert.equal(blocked('a@notexample.com'), false);
  });

  test('a subdomain entry does not block its parent or siblings', () => {
    const blocked = blockedBy('sub.example.com');
    assert.equal(blocked('a@sub.example.com'), true);
    assert.equal(blocked('a@x.sub.example.com'), true);
    assert.equal(blocked('a@example.com'), false);
    assert.equal(blocked('a@other.example.com'), false);
  });

  test('an e-mail entry blocks that address whatever its case, and no other', () => {
    const blocked = blockedBy('John@Example.com');
    assert.equal(blocked('john@example.com'), true);
    assert.equal(blocked('JOHN@EXAMPLE.COM'), true);
    assert.equal(blocked('jane@example.com'), false);
    assert.equal(blocked('john@sub.example.com'), false);
    assert.equal(blocked('xjohn@example.com'), false);
  });

  test('"@domain" and "*@domain" entries block like the domain', () => {
    assert.equal(blockedBy('@example.com')('a@sub.example.com'), true);
    assert.equal(blockedBy('*@example.com')('a@example.com'), true);
  });

  test('punycode and Unicode spellings block each other', () => {
    assert.equal(blockedBy('xn--bcher-kva.de')('a@bücher.de'), true);
    assert.equal(blockedBy('bücher.de')('a@shop.xn--bcher-kva.de'), true);
    assert.equal(blockedBy('info@bücher.de')('INFO@XN--BCHER-KVA.DE'), true);
  });

  test('nothing is blocked by an empty list', () => {
    assert.equal(isBlocked('a@example.com', new Set()), false);
  });
});
