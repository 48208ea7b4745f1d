import type { App, AppDeps } from '../app-deps.js';
import { apiKeyRoutes } from './api-keys.js';
import { backgroundJobRoutes } from './background-jobs.js';
import { blockListEntryRoutes } from './block-lists-entries.js';
import { campaignRoutes } from './campaigns.js';
import { healthRoutes } from './health.js';
import { leadLabelRoutes } from './lead-labels.js';
import { leadListRoutes } from './lead-lists.js';
import { leadListVerifyRoutes } from './lead-lists-verify.js';
import { leadOperationRoutes } from './lead-operations.js';
import { leadsAddRoutes } from './leads-add.js';
import { leadExportRoutes } from './leads-export.js';
import { leadMergeRoutes } from './leads-merge.js';
import { leadSubsequenceRoutes } from './leads-subsequence.js';
import { leadRoutes } from './leads.js';
import { smartleadRoutes } from './smartlead/index.js';
import { subsequenceRoutes } from './subsequences.js';
import { workspaceRoutes } from './workspaces.js';

export function registerRoutes(app: App, deps: AppDeps): void {
  healthRoutes(app, deps);
  workspaceRoutes(app, deps);
  apiKeyRoutes(app, deps);
  leadListRoutes(app, deps);
  leadListVerifyRoutes(app, deps);
  leadLabelRoutes(app, deps);
  campaignRoutes(app, deps);
  leadRoutes(app, deps);
  leadsAddRoutes(app, deps);
  leadExportRoutes(app, deps);
  blockListEntryRoutes(app, deps);
  smartleadRoutes(app, deps);
  leadOperationRoutes(app, deps);
  leadMergeRoutes(app, deps);
  subsequenceRoutes(app, deps);
  leadSubsequenceRoutes(app, deps);
  backgroundJobRoutes(app, deps);
}
