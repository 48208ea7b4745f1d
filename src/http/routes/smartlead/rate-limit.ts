import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimitSettings } from '../../../config.js';
import type { App } from '../../app-deps.js';
import { ApiError } from '../../errors.js';

// Runs after the plugin's api_key hook, so a request is counted against the key it used.
const keyOf = (request: FastifyRequest) => request.principal?.apiKeyId ?? (request.principal?.isAdmin === true ? 'admin' : `ip:${request.ip}`);

/**
 * Counts per API key, in this process's memory: several servers behind one database each
 * allow `max`. Answers 429 with Retry-After (seconds) and the plugin's X-RateLimit-* headers.
 */
export async function registerRateLimit(v1: App, settings: RateLimitSettings): Promise<void> {
  await v1.register(rateLimit, {
    global: true,
    max: settings.max,
    timeWindow: settings.windowSeconds * 1000,
    keyGenerator: keyOf,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, `Rate limit exceeded: this API key may make ${context.max} requests every ${settings.windowSeconds} seconds; retry in ${context.after}`),
  });
}
