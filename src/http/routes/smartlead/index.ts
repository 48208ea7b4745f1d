import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App, AppDeps } from '../../app-deps.js';
import { documentSmartleadRoute } from '../../schemas/smartlead.js';
import { apiKeyHook, handleSmartleadError, useQueryCredential } from './auth.js';
import { smartleadCampaignLeadRoutes } from './campaign-leads.js';
import { smartleadCampaignRoutes } from './campaigns.js';
import { smartleadImportRoutes } from './lead-list-import.js';
import { smartleadLeadListRoutes } from './lead-lists.js';
import { smartleadLeadRoutes } from './leads.js';
import { smartleadMessageHistoryRoutes } from './message-history.js';
import { DEFAULT_SMARTLEAD_RATE_LIMIT } from '../../../config.js';
import { registerRateLimit } from './rate-limit.js';

/**
 * The Smartlead API v1 lead surface (docs/smartlead-compatibility.md), on the same store as v2.
 * It is one encapsulated plugin, so its api_key authentication, its error bodies and its rate
 * limit apply to its routes and to nothing else.
 */
export function smartleadRoutes(app: App, deps: AppDeps): void {
  const limit = deps.smartleadRateLimit ?? DEFAULT_SMARTLEAD_RATE_LIMIT;
  void app.register(async (plugin) => {
    const v1 = plugin.withTypeProvider<TypeBoxTypeProvider>();
    v1.setErrorHandler(handleSmartleadError);
    v1.addHook('onRoute', useQueryCredential);
    v1.addHook('onRoute', documentSmartleadRoute);
    v1.addHook('onRequest', apiKeyHook({ db: deps.db, adminKeyHash: deps.adminKeyHash, defaultWorkspaceId: deps.defaultWorkspaceId }));
    if (limit !== false) await registerRateLimit(v1, limit);

    smartleadLeadListRoutes(v1, deps);
    smartleadImportRoutes(v1, deps);
    smartleadCampaignRoutes(v1, deps);
    smartleadLeadRoutes(v1, deps);
    smartleadCampaignLeadRoutes(v1, deps);
    smartleadMessageHistoryRoutes(v1, deps);
  });
}
