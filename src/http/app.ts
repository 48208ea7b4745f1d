import swagger from '@fastify/swagger';
import { Type } from '@sinclair/typebox';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { App, AppDeps } from './app-deps.js';
import { authHook } from './auth.js';
import { consoleNotFoundHandler, registerConsole } from './console.js';
import { badRequest, errorBody, handleError, handleNotFound } from './errors.js';
import { safeLogger } from '../logging.js';
import { type ConnectionTimeouts, httpServerFactory, requestIdOf } from './http-server.js';
import { registerRoutes } from './routes/index.js';
import { documentErrorAnswers } from './schemas/documented-errors.js';
import { unacceptableInputMessage, validatorCompiler } from './validation.js';

// The types live in their own module so that route files need not import the file that imports them.
export type { App, AppDeps } from './app-deps.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Slow-client limits of the listening server (LEADBASE_*_TIMEOUT_MS); Node's defaults without. */
  timeouts?: ConnectionTimeouts | undefined;
}

// A 1000-lead request with long personalizations and custom variables passes 1 MiB easily.
const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

// Open at every level: the serializer must pass the generated document through unchanged.
const OpenApiDocument = Type.Unsafe<ReturnType<App['swagger']>>(
  Type.Object(
    { openapi: Type.String(), info: Type.Object({}, { additionalProperties: true }), paths: Type.Object({}, { additionalProperties: true }) },
    { additionalProperties: true },
  ),
);

// find-my-way's default: no id of ours comes near it, so a longer path segment is a client error.
const MAX_PARAM_LENGTH = 100;

/** Errors the router raises before any route runs (bad percent-encoding, an over-long segment) get the usual body. */
function routerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(414).send(errorBody(414, `A path segment is longer than ${MAX_PARAM_LENGTH} characters; no id or name in a path is that long`));
  }
  return handleError(error, request, reply);
}

const toArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function requireSomeField(request: FastifyRequest): Promise<void> {
  if (typeof request.body === 'object' && request.body !== null && Object.keys(request.body).length === 0) {
    throw badRequest('body has no field this route changes (unknown fields are ignored)');
  }
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: safeLogger(options.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify would take any x-request-id as is; requestIdOf bounds it first.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Fastify's connectionTimeout / keepAliveTimeout / requestTimeout options do not reach a
    // server it did not create: the factory sets Node's timeouts itself.
    serverFactory: httpServerFactory(options.timeouts),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(consoleNotFoundHandler(handleNotFound));

  app.addHook('onRoute', (route) => {
    // Fail closed: an /api/v2 route that forgot to declare who may call it must not start.
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    }
    if (route.config?.access !== undefined) documentErrorAnswers(route);
    // Ajv counts properties before it drops unknown ones, so a PATCH of only unknown fields
    // would pass minProperties and change nothing: say so instead.
    const body = route.schema?.body as { minProperties?: number } | undefined;
    if (body?.minProperties !== undefined && body.minProperties > 0) {
      route.preHandler = [...toArray(route.preHandler), requireSomeField];
    }
  });

  // Prototype keys are let through the parser so the walk below can name them in its 400.
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);

  // What PostgreSQL cannot store (NUL, lone surrogates), code must not copy (__proto__ keys) or
  // recursive code cannot take (deep nesting): naming the field beats a failed query, a silent
  // U+FFFD, a polluted prototype or a stack overflow.
  app.addHook('preValidation', async (request) => {
    const message =
      unacceptableInputMessage(request.body, 'body') ?? unacceptableInputMessage(request.query, 'querystring') ?? unacceptableInputMessage(request.params, 'params');
    if (message !== null) throw badRequest(message);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Leadbase API',
        version: '0.1.0',
        description:
          'A self-hosted lead database that speaks the Instantly API v2 lead dialect under /api/v2 (key as `Authorization: Bearer`) and Smartlead API v1\'s lead surface under /api/v1 (key as `?api_key=`). Routes marked "Leadbase extension" are not part of either vendor\'s API.',
      },
      components: {
        securitySchemes: {
          ApiKeyAuth: { type: 'http', scheme: 'bearer' },
          // Smartlead clients send the key only in the query string; the /api/v1 routes say so.
          SmartleadApiKey: { type: 'apiKey', in: 'query', name: 'api_key' },
        },
      },
      security: [{ ApiKeyAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', authHook({ db: deps.db, adminKeyHash: deps.adminKeyHash, defaultWorkspaceId: deps.defaultWorkspaceId }));

  registerRoutes(app, deps);

  // Described like any other route, so that the document itself is an answer a schema covers.
  app.get('/openapi.json', { schema: { tags: ['Health'], summary: 'This OpenAPI document (Leadbase extension)', security: [], response: { 200: OpenApiDocument } } }, async () => app.swagger());
  await registerConsole(app);
  return app;
}
