/**
 * The embedded store's lock on real files and real processes: who holds it, and when a lock
 * left behind is stale (its process is gone, or the pid now belongs to another process).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from '../../src/store/data-dir-lock.js';

const root = mkdtempSync(join(tmpdir(), 'leadbase-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => mkdtempSync(join(root, `d${(dirs += 1)}-`));

/** What this process's lock file says, to forge one that differs in a single field. */
function recordOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
}

/** A pid that no process has any more: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

function assertHeldBy(dir: string, pid: number): void {
  assert.throws(
    () => lockDataDir(dir),
    (error: unknown) => error instanceof DataDirInUseError && error.holderPid === pid && error.message.includes(`in use by process ${pid}`) && error.message.includes('LEADBASE_DATA_DIR'),
  );
}

describe('the data directory lock', () => {
  test('a second holder is refused with the first one\'s pid, until the first releases it', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    assert.equal(statSync(join(dir, LOCK_FILE)).mode & 0o777, 0o600);
    assertHeldBy(dir, process.pid);
    lock.release();
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
    lockDataDir(dir).release();
    assert.deepEqual(readdirSync(dir), [], 'no draft or stale file is left behind');
  });

  test('a lock whose process is gone is stale and taken over', () => {
    const dir = freshDir();
    lockDataDir(dir).release();
    const lock = lockDataDir(dir);
    const forged = { ...recordOf(dir), pid: deadPid(), token: 'killed-holder' };
    lock.release();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(forged));
    const taken = lockDataDir(dir);
    assert.equal(recordOf(dir).pid, process.pid);
    taken.release();
  });

  test('a pid now used by another process (another start time, or another boot) is not the holder', { skip: !existsSync('/proc/self/stat') }, () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    const mine = recordOf(dir);
    lock.release();
    // process.pid is alive, but it is not the process that wrote these records.
    for (const forged of [{ ...mine, startTicks: '1', token: 'reused-pid' }, { ...mine, bootId: 'another-boot', token: 'before-reboot' }]) {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(forged));
      lockDataDir(dir).release();
    }
  });

  test('a damaged lock file names no holder and does not block', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    lockDataDir(dir).release();
  });

  test('release leaves alone a lock that is no longer this holder\'s', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir);
    const other = { ...recordOf(dir), token: 'someone-else' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    lock.release();
    assert.equal(recordOf(dir).token, 'someone-else');
  });
});
