import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { App, AppDeps } from '../app-deps.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  store: Type.Object({ engine: Type.String(), answers: Type.Boolean() }),
});

export function healthRoutes(app: App, { db, engine }: AppDeps) {
  app.get('/healthz', {
    schema: {
      tags: ['Health'],
      summary: 'Whether the server and its store answer (Leadbase extension)',
      security: [],
      response: { 200: Health, 503: Health },
    },
  }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok' as const, store: { engine, answers: true } };
    } catch {
      return reply.code(503).send({ status: 'unavailable' as const, store: { engine, answers: false } });
    }
  });
}
