import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.js';

/** Where `npm run build` puts the console (vite's outDir): dist/web beside dist/src. */
export const CONSOLE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/**
 * The console is a script-only page that holds an API key: no inline script may run, no other
 * origin may frame it (clickjacking), and no address it visits learns where the user came from.
 */
export const CONSOLE_SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

// Paths the console never owns: an unknown one among them stays the API's JSON 404.
const SERVER_PATHS = /^\/(api|docs|openapi\.json|healthz|assets)(\/|$|\?)/;

function cacheHeaders(reply: FastifyReply, path: string): void {
  // Built assets carry a content hash in their name; index.html must be asked for each time.
  reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * Serves the built console's files at /. A server built without the console (no dist/web)
 * simply has none. Client-side routes are not routes here: they reach consoleNotFoundHandler, so
 * the router keeps answering for every server path itself (an over-long id is still a 414).
 */
export async function registerConsole(app: App, root = CONSOLE_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) return;
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(CONSOLE_SECURITY_HEADERS);
      return payload;
    });
    // wildcard: false registers one route per built file, so nothing else falls into the file server.
    await scope.register(fastifyStatic, { root, prefix: '/', wildcard: false, cacheControl: false, setHeaders: cacheHeaders, schemaHide: true });
  });
}

/**
 * The answer to a path no route has: the console's page for a GET of a client-side route (its
 * router takes it from there), the API's JSON 404 for everything else.
 */
export function consoleNotFoundHandler(notFound: (request: FastifyRequest, reply: FastifyReply) => unknown, root = CONSOLE_ROOT) {
  const indexPath = join(root, 'index.html');
  // Small, and fixed for the life of the build: read once.
  const page = existsSync(indexPath) ? readFileSync(indexPath) : null;
  return (request: FastifyRequest, reply: FastifyReply) => {
    if (page === null || (request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.url)) return notFound(request, reply);
    return reply.code(200).headers(CONSOLE_SECURITY_HEADERS).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
  };
}
