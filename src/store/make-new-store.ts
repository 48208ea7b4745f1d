/**
 * Child-process entry point: makes a new embedded store in the data directory given as its one
 * argument (PGlite's initdb, then every migration) and exits 0, or prints why not on stderr and
 * exits 1. Its parent holds the directory's lock meanwhile and opens the store once this exits:
 * the ~450 MiB that initdb and the migrations leave behind in a process go back to the system
 * with this process, instead of staying in the server's for as long as it runs (issue 13).
 */
import type { Kysely } from 'kysely';
import { openPgliteUnlocked } from './engines/pglite.js';
import { migrateToLatest } from './migrations/index.js';

async function makeNewStore(dataDir: string): Promise<void> {
  const opened = await openPgliteUnlocked(dataDir);
  try {
    await migrateToLatest(opened.db as Kysely<unknown>);
  } finally {
    await opened.close();
  }
}

/** PGlite throws its file system's errors as plain objects ({name, errno}), which print as [object Object]. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'errno' in error) {
    const name = 'name' in error ? String(error.name) : 'error';
    return `${name} ${String(error.errno)} from PGlite's file system (is it a directory this user can write?)`;
  }
  return String(error);
}

// Only under the parent's lock: if the parent dies (even by SIGKILL) its end of the IPC channel
// closes, and working on without the lock could race the next server's own attempt.
// (A parent that died while this process was still loading may have closed it already.)
process.on('disconnect', () => process.exit(1));
if (!process.connected) process.exit(1);

const dataDir = process.argv[2];
if (dataDir === undefined || dataDir === '') {
  process.stderr.write('usage: make-new-store <data directory>\n');
  process.exit(1);
}
makeNewStore(dataDir).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${describe(error)}\n`);
    process.exit(1);
  },
);
