import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../app-deps.js';
import { storeAnswersWithin } from '../../services/health.js';
import { STORE_RETRY_AFTER_SECONDS } from '../errors.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  store: Type.Object({ engine: Type.String(), answers: Type.Boolean() }),
});

/**
 * A health check must answer even when the database does not (a frozen host holds a query for
 * as long as the query timeouts allow): past this, the store counts as not answering.
 */
const HEALTH_DEADLINE_MS = 1_500;

export function healthRoutes(app: App, { db, engine }: AppDeps) {
  app.get('/healthz', {
    schema: {
      tags: ['Health'],
      summary: 'Whether the server and its store answer (Leadbase extension)',
      security: [],
      response: { 200: Health, 503: Health },
    },
  }, async (_request, reply) => {
    if (await storeAnswersWithin(db, HEALTH_DEADLINE_MS)) {
      return { status: 'ok' as const, store: { engine, answers: true } };
    }
    return reply.code(503).header('retry-after', String(STORE_RETRY_AFTER_SECONDS)).send({ status: 'unavailable' as const, store: { engine, answers: false } });
  });
}
