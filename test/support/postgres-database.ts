import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onCluster(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the suite's PostgreSQL cluster (npm test starts it and sets LEADBASE_TEST_PG_URL). */
export async function createTestDatabase(prefix = 'leadbase_test'): Promise<TestDatabase> {
  const adminUrl = process.env.LEADBASE_TEST_PG_URL;
  if (adminUrl === undefined) {
    throw new Error('LEADBASE_TEST_PG_URL is not set: run the suite with `npm test`, which starts PostgreSQL');
  }
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`;
  await onCluster(adminUrl, `CREATE DATABASE ${name}`);
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: () => onCluster(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
