import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { App, AppDeps } from './app-deps.js';
import { authHook } from './auth.js';
import { badRequest, handleError, handleNotFound } from './errors.js';
import { registerRoutes } from './routes/index.js';
import { nulCharacterPath, validatorCompiler } from './validation.js';

// The types live in their own module so that route files need not import the file that imports them.
export type { App, AppDeps } from './app-deps.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
}

// A 1000-lead request with long personalizations and custom variables passes 1 MiB easily.
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const toArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function requireSomeField(request: FastifyRequest): Promise<void> {
  if (typeof request.body === 'object' && request.body !== null && Object.keys(request.body).length === 0) {
    throw badRequest('body has no field this route changes (unknown fields are ignored)');
  }
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  app.addHook('onRoute', (route) => {
    // Fail closed: an /api/v2 route that forgot to declare who may call it must not start.
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    }
    // Ajv counts properties before it drops unknown ones, so a PATCH of only unknown fields
    // would pass minProperties and change nothing: say so instead.
    const body = route.schema?.body as { minProperties?: number } | undefined;
    if (body?.minProperties !== undefined && body.minProperties > 0) {
      route.preHandler = [...toArray(route.preHandler), requireSomeField];
    }
  });

  // PostgreSQL cannot store a NUL character; naming the field beats a failed query.
  app.addHook('preValidation', async (request) => {
    const path = nulCharacterPath(request.body, 'body') ?? nulCharacterPath(request.query, 'querystring') ?? nulCharacterPath(request.params, 'params');
    if (path !== null) throw badRequest(`${path} must not contain a NUL (\\u0000) character`);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Leadbase API',
        version: '0.1.0',
        description:
          'A self-hosted lead database that speaks the Instantly API v2 lead dialect. Routes marked "Leadbase extension" are not part of the vendor\'s API.',
      },
      components: { securitySchemes: { ApiKeyAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ ApiKeyAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', authHook({ db: deps.db, adminKeyHash: deps.adminKeyHash, defaultWorkspaceId: deps.defaultWorkspaceId }));

  registerRoutes(app, deps);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
