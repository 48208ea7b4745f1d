import { createApiKey } from '../../store/api-key-repository.js';
import { countCampaignLeads } from '../../store/lead-import-repository.js';
import { createWorkspace, findWorkspace, updateWorkspace } from '../../store/workspace-repository.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { notFound } from '../errors.js';
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
    return db.transaction().execute(async (trx) => {
      const created = await createWorkspace(trx, request.body.name);
      const allowance = request.body.lead_allowance ?? null;
      const workspace = allowance === null ? created : ((await updateWorkspace(trx, created.id, { lead_allowance: allowance })) ?? created);
      const { row, secret } = await createApiKey(trx, { workspaceId: workspace.id, name: `${request.body.name} admin key`, scopes: ['all:all'] });
      return { ...workspaceToWire(workspace), lead_allowance: workspace.lead_allowance, api_key: apiKeyToWire(row, secret) };
    });
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
    const workspace = await updateWorkspace(db, request.params.id, { lead_allowance: request.body.lead_allowance });
    if (workspace === undefined) throw notFound('Workspace');
    const inCampaigns = await countCampaignLeads(db, workspace.id);
    return {
      workspace_id: workspace.id,
      lead_allowance: workspace.lead_allowance,
      leads_in_campaigns: inCampaigns,
      remaining_in_plan: workspace.lead_allowance === null ? null : workspace.lead_allowance - inCampaigns,
    };
  });

  app.get('/api/v2/workspaces/current', {
    ...guarded('workspaces', 'read'),
    schema: { tags, summary: 'Get current workspace', response: { 200: Workspace, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const workspace = await findWorkspace(db, principalOf(request).workspaceId);
    if (workspace === undefined) throw notFound('Workspace');
    return workspaceToWire(workspace);
  });

  app.patch('/api/v2/workspaces/current', {
    ...guarded('workspaces', 'update'),
    schema: { tags, summary: 'Update current workspace', body: UpdateWorkspace, response: { 200: Workspace, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    // Unknown fields were dropped by validation; a body of only those would silently change nothing.
    const workspace = await updateWorkspace(db, principalOf(request).workspaceId, request.body);
    if (workspace === undefined) throw notFound('Workspace');
    return workspaceToWire(workspace);
  });
}
