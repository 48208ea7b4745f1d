import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded store is one PostgreSQL running inside one process: a second process opening the
 * same directory keeps its own copy of the pages in memory and both overwrite each other's
 * writes. PGlite takes no lock of its own (its postmaster.pid holds a dummy pid), so this file
 * is the lock. It names its holder by pid, and by the holder's start time and the boot it ran
 * in, so that a lock left behind by a killed process is recognised as stale even when the pid
 * has since been given to another process.
 */
export const LOCK_FILE = 'leadbase.lock';

interface LockRecord {
  pid: number;
  /** The holder's start time in clock ticks since boot (/proc/<pid>/stat); null where unknown. */
  startTicks: string | null;
  bootId: string | null;
  /** Tells this holder's file from any other's, whatever the pid. */
  token: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by process ${holderPid} (a running Leadbase server?). ` +
        'LEADBASE_DATA_DIR (the embedded store) can be opened by one process only: stop that process first, ' +
        'or give this one another LEADBASE_DATA_DIR. The CLI talks to a running server over HTTP instead.',
    );
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still this holder's. */
  release(): void;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};

const bootId = (): string | null => readText('/proc/sys/kernel/random/boot_id');

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function startTicksOf(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseRecord(text: string | null): LockRecord | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Partial<LockRecord>;
    return typeof record.pid === 'number' && typeof record.token === 'string'
      ? { pid: record.pid, startTicks: record.startTicks ?? null, bootId: record.bootId ?? null, token: record.token, since: record.since ?? '' }
      : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote this record still runs: same pid, same boot, same start time. */
function holderRuns(record: LockRecord): boolean {
  if (record.bootId !== null && bootId() !== null && record.bootId !== bootId()) return false;
  if (!isAlive(record.pid)) return false;
  const ticks = startTicksOf(record.pid);
  return record.startTicks === null || ticks === null || ticks === record.startTicks;
}

/**
 * Takes the lock of dataDir (which must exist) for this process, or throws DataDirInUseError
 * naming the process that holds it. A stale lock (its holder was killed) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, startTicks: startTicksOf(process.pid), bootId: bootId(), token: randomUUID(), since: new Date().toISOString() };
  // Written whole first, then linked in: link() fails if the lock exists, and a reader never
  // sees a half-written file.
  const draft = `${path}.${mine.token}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        createExclusive(draft, path, mine);
        return { release: () => releaseIfMine(path, mine.token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = readText(path);
      const holder = parseRecord(text);
      // A file that names no holder (damaged) cannot protect anyone: it is stale as well.
      if (holder !== null && holderRuns(holder)) throw new DataDirInUseError(dataDir, holder.pid);
      removeStale(path, text);
    }
    throw new Error(`could not take the lock ${path}: other processes kept replacing it`);
  } finally {
    unlinkSync(draft);
  }
}

// Filesystems without hard links (some network and FUSE mounts) say so with one of these.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Creates the lock file from the draft, failing with EEXIST if it exists. */
function createExclusive(draft: string, path: string, record: LockRecord): void {
  try {
    linkSync(draft, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    // Still exclusive; only the one small write after the create is not atomic here.
    writeFileSync(path, `${JSON.stringify(record)}\n`, { flag: 'wx', mode: 0o600 });
  }
}

/**
 * Moves the stale file aside before deleting it, so that of two processes finding the same stale
 * lock only one removes it, and a fresh lock taken meanwhile by the other is put back, not lost.
 */
function removeStale(path: string, staleText: string | null): void {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process took the lock meanwhile; it is the holder now.
    }
  }
  unlinkSync(aside);
}

function releaseIfMine(path: string, token: string): void {
  if (parseRecord(readText(path))?.token !== token) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
