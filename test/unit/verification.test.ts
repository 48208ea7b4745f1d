import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type DomainLookup, VerificationStatus, checkSyntax, classify, isDisposableDomain, isNullMx, isRoleAddress } from '../../src/verification/classify.js';

describe('checkSyntax', () => {
  test('a missing or blank address is invalid for want of an address', () => {
    for (const email of [null, '', '   ']) {
      assert.deepEqual(checkSyntax(email), { kind: 'settled', verdict: { status: -1, reason: 'no-email', conclusive: true } });
    }
  });

  test('what validator.isEmail refuses is invalid by syntax, without a DNS query', () => {
    for (const email of ['not-an-email', 'a@b', 'two@@ats.example', 'a b@example.com', 'x@127.0.0.1', 'Ann <ann@example.com>', 'lone\uD800@example.com']) {
      assert.deepEqual(checkSyntax(email), { kind: 'settled', verdict: { status: -1, reason: 'syntax', conclusive: true } }, email);
    }
  });

  test('a good address asks for its domain, in the lower-case ASCII form DNS uses', () => {
    assert.deepEqual(checkSyntax('Ann.Lee@Example.COM'), { kind: 'needs-dns', email: 'Ann.Lee@Example.COM', domain: 'example.com' });
    assert.deepEqual(checkSyntax('jose@Bücher.example'), { kind: 'needs-dns', email: 'jose@Bücher.example', domain: 'xn--bcher-kva.example' });
  });
});

describe('isNullMx (RFC 7505)', () => {
  test('only a lone "0 ." record says the domain takes no mail', () => {
    assert.equal(isNullMx([{ exchange: '', priority: 0 }]), true);
    assert.equal(isNullMx([{ exchange: '.', priority: 0 }]), true);
    assert.equal(isNullMx([]), false);
    assert.equal(isNullMx([{ exchange: 'mx.example.com', priority: 0 }]), false);
    assert.equal(isNullMx([{ exchange: '', priority: 10 }]), false);
    assert.equal(isNullMx([{ exchange: '', priority: 0 }, { exchange: 'mx.example.com', priority: 10 }]), false);
  });
});

describe('disposable domains and role addresses (maintained lists)', () => {
  test('a listed domain and its sub-domains are disposable; a look-alike is not', () => {
    assert.equal(isDisposableDomain('mailinator.com'), true);
    assert.equal(isDisposableDomain('inbox.mailinator.com'), true);
    assert.equal(isDisposableDomain('mailinator-reviews.com'), false);
    assert.equal(isDisposableDomain('example.com'), false);
    assert.equal(isDisposableDomain('gmail.com'), false);
  });

  test('role mailboxes are found in any case and with a +tag; people are not', () => {
    for (const email of ['info@example.com', 'Sales@example.com', 'support+eu@example.com', 'noreply@example.com']) assert.equal(isRoleAddress(email), true, email);
    for (const email of ['ann.lee@example.com', 'john+news@example.com', 'information-age@example.com']) assert.equal(isRoleAddress(email), false, email);
  });
});

describe('classify', () => {
  const mx: DomainLookup = { kind: 'mail-host', via: 'mx' };
  const cases: [string, string, DomainLookup, string, number, string, boolean][] = [
    ['an MX', 'ann@example.com', mx, 'example.com', 1, 'deliverable', true],
    ['only an A record (implicit MX)', 'ann@example.com', { kind: 'mail-host', via: 'a' }, 'example.com', 1, 'deliverable', true],
    ['only an AAAA record (implicit MX)', 'ann@example.com', { kind: 'mail-host', via: 'aaaa' }, 'example.com', 1, 'deliverable', true],
    ['NXDOMAIN', 'ann@nowhere.example', { kind: 'no-mail-host', reason: 'nxdomain' }, 'nowhere.example', -1, 'nxdomain', true],
    ['a null MX', 'ann@example.com', { kind: 'no-mail-host', reason: 'null-mx' }, 'example.com', -1, 'null-mx', true],
    ['no MX, A or AAAA', 'ann@example.com', { kind: 'no-mail-host', reason: 'no-records' }, 'example.com', -1, 'no-mail-host', true],
    ['a disposable domain', 'ann@mailinator.com', mx, 'mailinator.com', -2, 'disposable', true],
    ['a role address', 'info@example.com', mx, 'example.com', -2, 'role', true],
    ['a failed lookup: risky, and not conclusive', 'ann@example.com', { kind: 'lookup-failed', code: 'ESERVFAIL' }, 'example.com', -2, 'dns-error', false],
    ['a role address at a dead domain is invalid first', 'info@nowhere.example', { kind: 'no-mail-host', reason: 'nxdomain' }, 'nowhere.example', -1, 'nxdomain', true],
  ];
  for (const [why, email, lookup, domain, status, reason, conclusive] of cases) {
    test(why, () => {
      assert.deepEqual(classify(email, lookup, domain), { status, reason, conclusive });
    });
  }

  test('catch-all is never concluded without SMTP, and the statuses are the vendor enum', () => {
    assert.deepEqual(VerificationStatus, { verified: 1, invalid: -1, risky: -2, catchAll: -3, pending: 11, pendingJob: 12 });
  });
});

describe('LEADBASE_DNS_SERVERS', () => {
  const configError = (value: string): string => {
    try {
      loadConfig({ LEADBASE_DNS_SERVERS: value });
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.message;
    }
    return assert.fail(`accepted ${value}`);
  };
  const format = 'LEADBASE_DNS_SERVERS must be a comma-separated list of resolver IP addresses, each with an optional port (1.1.1.1, 127.0.0.1:5353, [2001:db8::1]:53)';

  test('unset or blank: the system resolvers', () => {
    assert.equal(loadConfig({}).dnsServers, null);
    assert.equal(loadConfig({ LEADBASE_DNS_SERVERS: ' ' }).dnsServers, null);
  });

  test('IPv4 and IPv6 addresses, with or without ports, trimmed, in the forms node:dns accepts', () => {
    const servers = loadConfig({ LEADBASE_DNS_SERVERS: ' 1.1.1.1 , 127.0.0.1:5353,2001:db8::1, [2001:db8::2]:53,[::1]' }).dnsServers;
    assert.deepEqual(servers, ['1.1.1.1', '127.0.0.1:5353', '2001:db8::1', '[2001:db8::2]:53', '[::1]']);
    assert.doesNotThrow(() => new Resolver().setServers(servers ?? []));
  });

  for (const [value, message] of [
    ['dns.example.com', `${format}; "dns.example.com" is not an IP address`],
    ['1.1.1.1,,8.8.8.8', `${format}; got an empty entry in "1.1.1.1,,8.8.8.8"`],
    ['300.1.1.1', `${format}; "300.1.1.1" is not an IP address`],
    ['[1.1.1.1]:53', `${format}; "[1.1.1.1]:53" is not an IP address`],
    ['127.0.0.1:0', `${format}; "127.0.0.1:0" has a port that is not a whole number from 1 to 65535`],
    ['127.0.0.1:65536', `${format}; "127.0.0.1:65536" has a port that is not a whole number from 1 to 65535`],
    ['127.0.0.1:', `${format}; "127.0.0.1:" has a port that is not a whole number from 1 to 65535`],
    ['[::1]:dns', `${format}; "[::1]:dns" has a port that is not a whole number from 1 to 65535`],
  ] as const) {
    test(`a malformed value names the entry: ${value}`, () => {
      assert.equal(configError(value), message);
    });
  }
});
