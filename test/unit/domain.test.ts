import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { SECRET_PREFIX_LENGTH, generateSecret, hashSecret, maskSecret } from '../../src/domain/api-key-secret.js';
import { companyDomainOf } from '../../src/domain/company-domain.js';
import { cleanEmail, emailDomain, emailKey, isValidEmail } from '../../src/domain/email.js';
import { splitStatements } from '../../src/store/migrations/sql-script.js';

describe('e-mail', () => {
  test('cleanEmail trims and keeps case; nothing or blank is null', () => {
    assert.equal(cleanEmail('  Ada.Lovelace@Example.COM \n'), 'Ada.Lovelace@Example.COM');
    assert.equal(cleanEmail('ada@example.com'), 'ada@example.com');
    assert.equal(cleanEmail(''), null);
    assert.equal(cleanEmail('   '), null);
    assert.equal(cleanEmail(null), null);
    assert.equal(cleanEmail(undefined), null);
  });

  test('emailKey makes addresses that differ only in case the same key', () => {
    assert.equal(emailKey('Ada@Example.COM'), 'ada@example.com');
    assert.equal(emailKey('Ada@Example.COM'), emailKey('ada@example.com'));
  });

  test('isValidEmail accepts ordinary and UTF-8 local parts', () => {
    for (const email of ['ada@example.com', 'ada.lovelace+leads@mail.example.co.uk', 'josé@example.com', 'a_b-c@sub.example.io']) {
      assert.equal(isValidEmail(email), true, email);
    }
  });

  test('isValidEmail refuses what cannot be sent to', () => {
    for (const email of ['no-at-sign', 'ada@', '@example.com', 'ada@localhost', 'Ada <ada@example.com>', 'ada@127.0.0.1', 'ada@[127.0.0.1]', 'ada @example.com', 'ada@exa mple.com']) {
      assert.equal(isValidEmail(email), false, email);
    }
  });

  test('emailDomain is the lower-cased part after the last @, or ""', () => {
    assert.equal(emailDomain('Ada@Example.COM'), 'example.com');
    assert.equal(emailDomain('"a@b"@example.org'), 'example.org');
    assert.equal(emailDomain('no-at-sign'), '');
    assert.equal(emailDomain('ada@'), '');
  });
});

describe('companyDomainOf', () => {
  test('the e-mail domain wins over the website', () => {
    assert.equal(companyDomainOf('ada@Example.com', 'https://www.other.org'), 'example.com');
  });

  test('without an e-mail domain, the website host without "www."', () => {
    assert.equal(companyDomainOf(null, 'https://www.Acme.io/about'), 'acme.io');
    assert.equal(companyDomainOf(null, 'www.acme.io'), 'acme.io');
    assert.equal(companyDomainOf(null, 'acme.io'), 'acme.io');
    assert.equal(companyDomainOf(null, 'HTTP://WWW.ACME.IO:8080/'), 'acme.io');
    assert.equal(companyDomainOf('no-at-sign', ' acme.io '), 'acme.io');
  });

  test('only "www." is dropped: other subdomains are kept', () => {
    assert.equal(companyDomainOf(null, 'https://shop.acme.co.uk/x?y=1'), 'shop.acme.co.uk');
  });

  test('"" when neither gives a domain (the field is required on the wire)', () => {
    assert.equal(companyDomainOf(null, null), '');
    assert.equal(companyDomainOf(null, '   '), '');
    assert.equal(companyDomainOf(null, 'not a url'), '');
    assert.equal(companyDomainOf('no-at-sign', null), '');
  });
});

describe('API key secrets', () => {
  test('generateSecret gives 32 random bytes as base64url, different every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateSecret()));
    assert.equal(secrets.size, 50);
    for (const secret of secrets) {
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(secret, 'base64url').length, 32);
    }
  });

  test('hashSecret is the SHA-256 hex of the UTF-8 secret', () => {
    assert.equal(hashSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(hashSecret('clé'), createHash('sha256').update(Buffer.from('clé', 'utf8')).digest('hex'));
    assert.notEqual(hashSecret('abc'), hashSecret('abd'));
  });

  test('a listing shows the first 6 characters and an ellipsis', () => {
    assert.equal(SECRET_PREFIX_LENGTH, 6);
    const secret = generateSecret();
    assert.equal(maskSecret(secret.slice(0, SECRET_PREFIX_LENGTH)), `${secret.slice(0, 6)}…`);
  });
});

describe('splitStatements', () => {
  test('splits on semicolons that end a line and drops the final semicolon', () => {
    assert.deepEqual(splitStatements('CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\nSELECT 3;'), [
      'CREATE TABLE a (x int)',
      'INSERT INTO a VALUES (1)',
      'SELECT 3',
    ]);
  });

  test('comments go first, so a commented semicolon neither splits nor hides a line end', () => {
    assert.deepEqual(splitStatements('CREATE TABLE a (x int); -- note; here\nINSERT INTO a VALUES (1);  \n'), [
      'CREATE TABLE a (x int)',
      'INSERT INTO a VALUES (1)',
    ]);
  });

  test('a "--" inside a string literal is not a comment', () => {
    assert.deepEqual(splitStatements("INSERT INTO t VALUES ('a--b', 'it''s'); -- gone\nSELECT 1;"), ["INSERT INTO t VALUES ('a--b', 'it''s')", 'SELECT 1']);
  });

  test('a semicolon inside a line does not split', () => {
    assert.deepEqual(splitStatements("SELECT ';' ; SELECT 2;\n"), ["SELECT ';' ; SELECT 2"]);
  });

  test('multi-line statements stay whole; blank and comment-only parts vanish', () => {
    const script = `
      -- The table
      CREATE TABLE t (
        id int PRIMARY KEY,
        name text
      );

      -- only a comment;
      CREATE INDEX t_name ON t (name);
    `;
    assert.deepEqual(splitStatements(script), [
      'CREATE TABLE t (\n        id int PRIMARY KEY,\n        name text\n      )',
      'CREATE INDEX t_name ON t (name)',
    ]);
    assert.deepEqual(splitStatements(''), []);
    assert.deepEqual(splitStatements('-- nothing\n\n'), []);
  });
});
