/**
 * What opening a store does, and no longer re-does, at every start (issue 13): the migrations
 * check is one read when nothing is pending, the embedded store starts with a small page cache,
 * and PGlite's planner statistics survive a restart although its change counters do not.
 * Real stores: PGlite on disk (it must be closed and reopened) and a real PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/database.js';
import { type OpenedEngine, PGLITE_SETTINGS, openPglite } from '../../src/store/engines/pglite.js';
import { migrateToLatest, migrationsUpToDate } from '../../src/store/migrations/index.js';
import { makeNewStoreInChildProcess, openForMigrations, openStore } from '../../src/store/open-store.js';
import { analyzeStaleTables, keepStatisticsCurrent } from '../../src/store/statistics.js';
import { ENGINES } from '../support/harness.js';
import { createTestDatabase } from '../support/postgres-database.js';

const root = mkdtempSync(join(tmpdir(), 'leadbase-store-start-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDataDir = () => join(root, `data-${++dirs}`);

const asUnknown = (db: Kysely<Database>) => db as unknown as Kysely<unknown>;

/** Rows in pg_stats for a table: what the planner knows about its columns (none before an ANALYZE). */
async function columnStatistics(db: Kysely<Database>, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = ${table}`.execute(db);
  return result.rows[0]?.n ?? 0;
}

async function fillTable(db: Kysely<Database>, table: string, rows: number): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS ${sql.id(table)} (n integer, label text)`.execute(db);
  await sql`INSERT INTO ${sql.id(table)} SELECT n, 'row ' || n FROM generate_series(1, ${rows}::int) AS n`.execute(db);
}

describe('the migrations check at start', () => {
  for (const engine of ENGINES) {
    test(`${engine}: up to date only when the store holds exactly the migrations this build knows`, async () => {
      const database = engine === 'postgres' ? await createTestDatabase() : null;
      const opened: OpenedEngine = await openForMigrations({ databaseUrl: database?.url ?? null, dataDir: null });
      try {
        const db = asUnknown(opened.db);
        assert.equal(await migrationsUpToDate(db), false, 'a new store is not');
        await migrateToLatest(db);
        assert.equal(await migrationsUpToDate(db), true);
        // A store a newer build migrated further: left to the Migrator, which refuses it.
        await sql`INSERT INTO leadbase_migrations (name, timestamp) VALUES ('9999-from-the-future', now()::text)`.execute(db);
        assert.equal(await migrationsUpToDate(db), false);
        await sql`DELETE FROM leadbase_migrations WHERE name <> '9999-from-the-future'`.execute(db);
        assert.equal(await migrationsUpToDate(db), false, 'nor one with migrations pending');
      } finally {
        await opened.close();
        await database?.drop();
      }
    });
  }

  test('a store that is up to date opens again with its instance as it was', async () => {
    const dataDir = newDataDir();
    const first = await openStore({ databaseUrl: null, dataDir, adminKey: null });
    const { defaultWorkspaceId, adminKeyHash } = first.instance;
    assert.notEqual(first.instance.generatedAdminKey, null);
    await first.close();
    const again = await openStore({ databaseUrl: null, dataDir, adminKey: null });
    try {
      assert.deepEqual(again.instance, { defaultWorkspaceId, adminKeyHash, generatedAdminKey: null });
    } finally {
      await again.close();
    }
  });
});

describe('the embedded store', () => {
  test('a new store is made and migrated in a child process; the instance that serves it finds nothing to do, then or later', async () => {
    const dataDir = newDataDir();
    const first = await openStore({ databaseUrl: null, dataDir, adminKey: null });
    try {
      assert.equal(typeof first.openedInMs.newStore, 'number', 'made before this process opened it');
      assert.equal(await migrationsUpToDate(asUnknown(first.db)), true);
    } finally {
      await first.close();
    }
    const again = await openStore({ databaseUrl: null, dataDir, adminKey: null });
    try {
      assert.equal(again.openedInMs.newStore, null, 'an existing store is opened as it is');
      assert.equal(await migrationsUpToDate(asUnknown(again.db)), true);
    } finally {
      await again.close();
    }
  });

  test('a new store that cannot be made is refused with the directory and the reason', async () => {
    const notADirectory = join(root, 'a-file');
    writeFileSync(notADirectory, 'not a data directory');
    await assert.rejects(makeNewStoreInChildProcess(notADirectory), (error: Error) => {
      assert.ok(error.message.startsWith(`could not make a new store in ${notADirectory}: `), error.message);
      assert.doesNotMatch(error.message, /\[object Object\]/, 'a reason a person can read');
      return true;
    });
  });

  test('starts with the small page cache that keeps the server under 300 MB', async () => {
    const opened = await openPglite(null);
    try {
      for (const [name, value] of Object.entries(PGLITE_SETTINGS)) {
        const shown = await sql<Record<string, string>>`SHOW ${sql.id(name)}`.execute(opened.db);
        assert.equal(shown.rows[0]?.[name], value, name);
      }
      assert.ok((opened.heapBytes?.() ?? 0) > 0, 'the WebAssembly heap is measured');
    } finally {
      await opened.close();
    }
  });

  test('what changed since the last check is analyzed when the keeper stops, before the store closes', async () => {
    const dataDir = newDataDir();
    const opened = await openPglite(dataDir);
    const errors: unknown[] = [];
    // An interval no test waits for: only the check at start and the one at stop run.
    const keeper = keepStatisticsCurrent(opened.db, 3_600_000, (error) => errors.push(error));
    await fillTable(opened.db, 'keeper_rows', 500);
    await keeper.stop();
    await opened.close();
    assert.deepEqual(errors, []);
    const reopened = await openPglite(dataDir);
    try {
      assert.ok((await columnStatistics(reopened.db, 'keeper_rows')) > 0, 'the planner knows the rows added before the stop');
    } finally {
      await reopened.close();
    }
  });

  test('a table that grew before a restart is analyzed after it, though PGlite forgot its change counters', async () => {
    const dataDir = newDataDir();
    const opened = await openPglite(dataDir);
    await fillTable(opened.db, 'grown_rows', 300);
    assert.ok((await analyzeStaleTables(opened.db)).includes('grown_rows'));
    // Grows well past autovacuum's threshold, then the process ends before any check sees it.
    await fillTable(opened.db, 'grown_rows', 5_000);
    await opened.close();
    const reopened = await openPglite(dataDir);
    try {
      assert.ok((await analyzeStaleTables(reopened.db)).includes('grown_rows'));
      const estimate = await sql<{ rows: number }>`SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'grown_rows'`.execute(reopened.db);
      assert.equal(estimate.rows[0]?.rows, 5_300);
      assert.deepEqual(await analyzeStaleTables(reopened.db), [], 'then left alone');
    } finally {
      await reopened.close();
    }
  });
});
