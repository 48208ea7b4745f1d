import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The repository root: this file runs from dist/test/unit/. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'data', '.git', '.tmp']);

/** The files a clone has: git's list where there is a checkout, else the tree less what .gitignore names. */
function cloneFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter((file) => file !== '' && existsSync(join(repoRoot, file)));
  } catch {
    const walk = (dir: string): string[] =>
      readdirSync(join(repoRoot, dir)).flatMap((name) => {
        if (IGNORED_DIRS.has(name)) return [];
        const path = dir === '' ? name : `${dir}/${name}`;
        return statSync(join(repoRoot, path)).isDirectory() ? walk(path) : [path];
      });
    return walk('');
  }
}

const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|txt|yml|yaml|sh|html|css)$|^\.ci\/|(^|\/)\.gitignore$|(^|\/)LICENSE$/;
// Spelled in two parts so this file does not trip its own check.
const SIBLING_FOLDER = ['..', 'shared'].join('/');

describe('a clone with nothing beside it', () => {
  const files = cloneFiles().filter((file) => TEXT.test(file));

  test('the file list is real (the check below looks at something)', () => {
    assert.ok(files.includes('package.json'), 'package.json is not among the files');
    assert.ok(files.length > 50, `only ${files.length} files found`);
  });

  test(`no file points at the ${SIBLING_FOLDER} folder a developer machine has beside the repository`, () => {
    const offenders = files.filter((file) => readFileSync(join(repoRoot, file), 'utf8').includes(SIBLING_FOLDER));
    assert.deepEqual(offenders, []);
  });

  test('every relative link in the Markdown files leads to a file inside the repository', () => {
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (match[1] ?? '').split('#')[0] ?? '';
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // an anchor or a URL
        const absolute = resolve(repoRoot, dirname(file), target);
        const inside = !relative(repoRoot, absolute).startsWith(`..${sep}`) && absolute !== resolve(repoRoot, '..');
        if (!inside || !existsSync(absolute)) broken.push(`${file}: ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  test('the vendor documents the contract tests read are in the repository', () => {
    assert.ok(existsSync(join(repoRoot, 'spec', 'vendor', 'instantly-api-v2-openapi.json')));
    assert.ok(existsSync(join(repoRoot, 'spec', 'vendor', 'README.md')));
  });
});
