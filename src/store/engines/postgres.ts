import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from '../database.js';
import type { OpenedEngine } from './pglite.js';

// int8 (counts, sums) as numbers: lead counts stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export interface PostgresLimits {
  poolSize: number;
  /** How long making one connection (TCP and start-up) may take. */
  connectTimeoutMs: number;
  /** How long a query waits for a connection from the pool, making one included. */
  poolTimeoutMs: number;
  /** The server's statement_timeout; null for none (migrations may rightly run for minutes). */
  statementTimeoutMs: number | null;
}

export const DEFAULT_POSTGRES_LIMITS: PostgresLimits = { poolSize: 10, connectTimeoutMs: 5_000, poolTimeoutMs: 10_000, statementTimeoutMs: 30_000 };

/**
 * How long past statement_timeout the client still waits. The server's own cancel (57014) leaves
 * the connection usable and normally comes first; this deadline only fires when the server does
 * not answer at all (a frozen host, a network partition), and then the connection is dropped.
 */
const CLIENT_GRACE_MS = 2_000;

const failure = (message: string, code: string, cause?: unknown) => Object.assign(new Error(message, cause === undefined ? {} : { cause }), { code });

/**
 * Hands pg's clients to Kysely with a deadline on each query, and makes sure a client that lost
 * its server is destroyed on release instead of going back to the pool.
 */
class GuardedPool implements PostgresPool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly limits: PostgresLimits,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      if (error instanceof pg.DatabaseError) throw error; // the server answered: wrong password, no such database…
      // 08001: sqlclient_unable_to_establish_sqlconnection; pg reports some of these without a code.
      const reason = error instanceof Error ? error.message : String(error);
      throw failure(`could not get a PostgreSQL connection within ${this.limits.poolTimeoutMs} ms: ${reason}`, '08001', error);
    }
    const deadlineMs = this.limits.statementTimeoutMs === null ? null : this.limits.statementTimeoutMs + CLIENT_GRACE_MS;
    let lost: Error | undefined;
    const query = (sql: string, parameters: ReadonlyArray<unknown>) => {
      // After a deadline the connection is in an unknown state: even the ROLLBACK must not wait on it.
      if (lost !== undefined) return Promise.reject(lost);
      const running = client.query(sql, [...parameters]);
      if (deadlineMs === null) return running;
      return new Promise<pg.QueryResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          lost = failure(`PostgreSQL did not answer within ${deadlineMs} ms`, 'ETIMEDOUT');
          reject(lost);
        }, deadlineMs);
        running.then(
          (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    };
    // Kysely's cursor overload is used only with a `cursor` dialect option, which this store does not set.
    return { query, release: () => client.release(lost) } as unknown as PostgresPoolClient;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

export function openPostgres(connectionString: string, limits: PostgresLimits = DEFAULT_POSTGRES_LIMITS): OpenedEngine {
  const { connectTimeoutMs } = limits;
  const pool = new pg.Pool({
    connectionString,
    max: limits.poolSize,
    // The pool's own timeout covers waiting for a free client as well as making a new one.
    connectionTimeoutMillis: limits.poolTimeoutMs,
    // The client's covers the connection alone, so a dead host is given up on sooner.
    Client: class extends pg.Client {
      constructor(config?: string | pg.ClientConfig) {
        super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: connectTimeoutMs });
      }
    },
    ...(limits.statementTimeoutMs !== null ? { statement_timeout: limits.statementTimeoutMs } : {}),
  });
  // A client that loses its connection emits 'error' whether idle (the pool's event) or checked
  // out (the client's own, with no listener while Kysely holds it): unhandled, either would end
  // the process. The query that was running gets the error itself and answers for it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new GuardedPool(pool, limits) }) });
  return {
    db,
    async close() {
      await db.destroy();
    },
  };
}
