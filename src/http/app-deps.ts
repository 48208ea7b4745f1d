import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { Kysely } from 'kysely';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimitSettings } from '../config.js';
import type { Database } from '../store/database.js';

/** The Fastify instance with the TypeBox type provider every route is declared on. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What the routes are built with. */
export interface AppDeps {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  adminKeyHash: string;
  defaultWorkspaceId: string;
  /** Wakes this process's job worker when a request enqueued a job (none when the worker is off). */
  onJobEnqueued?: (() => void) | undefined;
  /** The /api/v1 rate limit per API key (config.smartleadRateLimit); false: none; unset: the default. */
  smartleadRateLimit?: RateLimitSettings | false | undefined;
  /** The resolvers single e-mail verification asks (config.dnsServers); null or unset: the system's. */
  dnsServers?: readonly string[] | null | undefined;
  dnsTimeoutMs?: number | undefined;
  /** How long POST /email-verification waits for its DNS check before answering pending (the vendor's 10 s). */
  emailVerificationWaitMs?: number | undefined;
}
