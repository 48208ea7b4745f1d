import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The house layout (docs/design.md) as a check: all SQL in src/store/*-repository.ts, and
 * imports that flow one way. Each list of known exceptions is what is still to move; it only
 * ever shrinks, and the test fails both on a new offender and on a stale exception.
 */
const srcRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src');

function sourceFiles(dir = ''): string[] {
  return readdirSync(join(srcRoot, dir)).flatMap((name) => {
    const path = dir === '' ? name : `${dir}/${name}`;
    if (statSync(join(srcRoot, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Kysely's query builders and raw `sql` templates: what "SQL" means in this code base. */
const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)\(|\bsql(<[^>]*>)?`/;

/** The folders (under src/) a file's relative imports reach. */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(srcRoot, file), 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].flatMap((match) => {
    const specifier = match[1];
    if (specifier === undefined) return [];
    const target = join(dirname(file), specifier);
    return target.startsWith('..') ? [] : [target.split('/')[0] ?? ''];
  });
}

/** A value imported from store/ (`import type` of rows and Db is fine: a caller may name what a service hands it). */
const valueImportOfStore = /^import (?!type\b)[^;]*from '(?:\.\.\/)+store\//m;

describe('layering', () => {
  const files = sourceFiles();

  test('the file list is real', () => {
    assert.ok(files.includes('http/auth.ts') && files.includes('store/database.ts'), 'src/ was not found');
  });

  test('SQL lives in store/ only', () => {
    const offenders = files.filter((file) => !file.startsWith('store/') && SQL.test(readFileSync(join(srcRoot, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  test('a route opens no transaction: the service it calls owns one', () => {
    const offenders = files.filter((file) => file.startsWith('http/routes/') && /\.transaction\(\)/.test(readFileSync(join(srcRoot, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  test('a route calls services, never the store: no value import from store/ under http/routes/ (nor in http/auth.ts)', () => {
    const offenders = files.filter((file) => (file.startsWith('http/routes/') || file === 'http/auth.ts') && valueImportOfStore.test(readFileSync(join(srcRoot, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  test('a job handler calls services: no value import from store/, nothing from http/', () => {
    const offenders = files.filter(
      (file) => file.startsWith('jobs/handlers/') && (valueImportOfStore.test(readFileSync(join(srcRoot, file), 'utf8')) || importedFolders(file).includes('http')),
    );
    assert.deepEqual(offenders, []);
  });

  test('store/ never imports jobs/, http/ or services/', () => {
    const offenders = files.filter((file) => file.startsWith('store/') && importedFolders(file).some((folder) => ['jobs', 'http', 'services'].includes(folder)));
    assert.deepEqual(offenders, []);
  });

  test('services/ never imports http/: the request schemas services take live in domain/', () => {
    const offenders = files.filter((file) => file.startsWith('services/') && importedFolders(file).includes('http'));
    assert.deepEqual(offenders, []);
  });

  test('each job payload type is written once, derived from its schema in domain/job-payloads.ts', () => {
    const declared = files.flatMap((file) =>
      [...readFileSync(join(srcRoot, file), 'utf8').matchAll(/^export (?:interface|type) (\w+JobData)\b/gm)].map((match) => `${file}: ${match[1] ?? ''}`),
    );
    const expected = ['MoveJobData', 'AssignJobData', 'InterestJobData', 'VerifyJobData'].map((name) => `domain/job-payloads.ts: ${name}`);
    assert.deepEqual(declared, expected);
  });

  test('domain/ imports nothing of ours outside domain/', () => {
    const offenders = files.filter((file) => file.startsWith('domain/') && importedFolders(file).some((folder) => folder !== 'domain'));
    assert.deepEqual(offenders, []);
  });
});
