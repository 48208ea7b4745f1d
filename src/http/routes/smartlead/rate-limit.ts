import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { ConfigError } from '../../../config.js';
import type { App } from '../../app-deps.js';
import { ApiError } from '../../errors.js';

export interface RateLimitSettings {
  /** Requests one API key may make in one window. */
  max: number;
  windowSeconds: number;
}

/** Generous: a self-hosted server protects itself from a runaway script, not from its owner. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 1200, windowSeconds: 60 };

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = env[name]?.trim() ?? '';
  if (text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < minimum) throw new ConfigError(`${name} must be a whole number of at least ${minimum}, got "${text}"`);
  return Number(text);
}

/**
 * LEADBASE_SMARTLEAD_RATE_LIMIT_MAX (0 turns the limit off) and
 * LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS; a bad value stops start-up naming the variable.
 */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv): RateLimitSettings | false {
  const max = wholeNumber(env, 'LEADBASE_SMARTLEAD_RATE_LIMIT_MAX', DEFAULT_RATE_LIMIT.max, 0);
  const windowSeconds = wholeNumber(env, 'LEADBASE_SMARTLEAD_RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMIT.windowSeconds, 1);
  return max === 0 ? false : { max, windowSeconds };
}

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
