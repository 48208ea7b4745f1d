import { createWorkspaceWithKey, currentWorkspace, setLeadAllowance, updateCurrentWorkspace } from '../../services/workspaces.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { apiKeyToWire } from '../schemas/api-key.js';
import { ErrorBody, IdParams } from '../schemas/common.js';
import { guarded } from './access.js';
import { CreateWorkspace, CreatedWorkspace, LeadAllowance, SetLeadAllowance, UpdateWorkspace, Workspace, workspaceToWire } from '../schemas/workspace.js';

const tags = ['Workspace'];

export function workspaceRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/workspaces', {
    config: { access: 'admin' },
    schema: {
      tags,
      summary: 'Create workspace (Leadbase extension)',
      description:
        'Leadbase extension, not part of the vendor API. Only the instance administrator key (LEADBASE_ADMIN_KEY) may call it. Creates a workspace and its first API key with the all:all scope; the answer is the only time that key\'s secret is shown.',
      body: CreateWorkspace,
      response: { 200: CreatedWorkspace, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const { workspace, apiKey, secret } = await createWorkspaceWithKey(db, { name: request.body.name, leadAllowance: request.body.lead_allowance ?? null });
    return { ...workspaceToWire(workspace), lead_allowance: workspace.lead_allowance, api_key: apiKeyToWire(apiKey, secret) };
  });

  app.put('/api/v2/workspaces/:id/lead-allowance', {
    config: { access: 'admin' },
    schema: {
      tags,
      summary: "Set a workspace's lead allowance (Leadbase extension)",
      description:
        'Leadbase extension for the instance administrator key only. The allowance caps the leads a workspace holds in campaigns: POST /api/v2/leads/add answers what is left as remaining_in_plan and refuses a request that would pass it with a 402. null removes the cap.',
      params: IdParams,
      body: SetLeadAllowance,
      response: { 200: LeadAllowance, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { workspace, leadsInCampaigns } = await setLeadAllowance(db, request.params.id, request.body.lead_allowance);
    return {
      workspace_id: workspace.id,
      lead_allowance: workspace.lead_allowance,
      leads_in_campaigns: leadsInCampaigns,
      remaining_in_plan: workspace.lead_allowance === null ? null : workspace.lead_allowance - leadsInCampaigns,
    };
  });

  app.get('/api/v2/workspaces/current', {
    ...guarded('workspaces', 'read'),
    schema: { tags, summary: 'Get current workspace', response: { 200: Workspace, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => workspaceToWire(await currentWorkspace(db, principalOf(request))));

  app.patch('/api/v2/workspaces/current', {
    ...guarded('workspaces', 'update'),
    schema: {
      tags,
      summary: 'Update current workspace',
      description:
        'As the vendor documents it, plus two fields of its Workspace that its PATCH body leaves out (a Leadbase extension): `add_unsub_to_block` and `default_opportunity_value`.',
      body: UpdateWorkspace,
      response: { 200: Workspace, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    // Unknown fields were dropped by validation; a body of only those would silently change nothing.
    return workspaceToWire(await updateCurrentWorkspace(db, principalOf(request), request.body));
  });
}
