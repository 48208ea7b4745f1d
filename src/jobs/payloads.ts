import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// The schemas live in domain/ so that services and store can name a payload's type without importing jobs/.
export * from '../domain/job-payloads.js';

/** What is wrong with a payload, in the words of its first mismatch; null when it fits. */
export function payloadProblem(schema: TSchema, data: unknown): string | null {
  const first = Value.Errors(schema, data).First();
  if (first === undefined) return null;
  return `data${first.path === '' ? '' : first.path.replaceAll('/', '.')} ${first.message.toLowerCase()}`;
}
