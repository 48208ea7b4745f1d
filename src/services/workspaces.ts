import type { Kysely } from 'kysely';
import { type ApiKeyRow, createApiKey } from '../store/api-key-repository.js';
import type { Database } from '../store/database.js';
import { countCampaignLeads } from '../store/lead-import-repository.js';
import { type WorkspaceRow, createWorkspace, findWorkspace, updateWorkspace } from '../store/workspace-repository.js';
import { NotFoundError } from './errors.js';
import type { Principal } from './principal.js';

export interface CreatedWorkspace {
  workspace: WorkspaceRow;
  apiKey: ApiKeyRow;
  /** The key's secret: shown once, in the answer to the creation. */
  secret: string;
}

/** A workspace and its first all:all key, in one transaction: never a workspace nobody can reach. */
export async function createWorkspaceWithKey(db: Kysely<Database>, input: { name: string; leadAllowance: number | null }): Promise<CreatedWorkspace> {
  return db.transaction().execute(async (trx) => {
    const created = await createWorkspace(trx, input.name);
    const workspace = input.leadAllowance === null ? created : ((await updateWorkspace(trx, created.id, { lead_allowance: input.leadAllowance })) ?? created);
    const { row, secret } = await createApiKey(trx, { workspaceId: workspace.id, name: `${input.name} admin key`, scopes: ['all:all'] });
    return { workspace, apiKey: row, secret };
  });
}

export interface LeadAllowanceState {
  workspace: WorkspaceRow;
  leadsInCampaigns: number;
}

/** Sets (or, with null, removes) a workspace's cap on leads in campaigns and answers what it now holds. */
export async function setLeadAllowance(db: Kysely<Database>, workspaceId: string, allowance: number | null): Promise<LeadAllowanceState> {
  return db.transaction().execute(async (trx) => {
    const workspace = await updateWorkspace(trx, workspaceId, { lead_allowance: allowance });
    if (workspace === undefined) throw new NotFoundError('Workspace');
    return { workspace, leadsInCampaigns: await countCampaignLeads(trx, workspace.id) };
  });
}

export async function currentWorkspace(db: Kysely<Database>, principal: Principal): Promise<WorkspaceRow> {
  const workspace = await findWorkspace(db, principal.workspaceId);
  if (workspace === undefined) throw new NotFoundError('Workspace');
  return workspace;
}

export interface WorkspaceChanges {
  name?: string | undefined;
  org_logo_url?: string | null | undefined;
  add_unsub_to_block?: boolean | undefined;
  default_opportunity_value?: number | null | undefined;
}

/** Changes only the fields named; the caller has refused a body that names none. */
export async function updateCurrentWorkspace(db: Kysely<Database>, principal: Principal, changes: WorkspaceChanges): Promise<WorkspaceRow> {
  const named = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const workspace = await updateWorkspace(db, principal.workspaceId, named);
  if (workspace === undefined) throw new NotFoundError('Workspace');
  return workspace;
}
