import type { Access, ScopeAction } from '../auth.js';
import { errorResponses } from '../schemas/common.js';

/** Route options shared by every /api/v2 route: its access rule and its documented error answers. */
export function guarded(resource: string, action: ScopeAction): { config: { access: Access } } {
  return { config: { access: { resource, action } } };
}

export { errorResponses };
