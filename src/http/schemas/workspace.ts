import { type Static, Type } from '@sinclair/typebox';
import type { WorkspaceRow } from '../../store/workspace-repository.js';
import { ApiKey } from './api-key.js';
import { DateTime, Nullable, Uuid } from './common.js';

const workspaceProperties = {
  id: Uuid(),
  timestamp_created: DateTime(),
  timestamp_updated: DateTime(),
  owner: Uuid({ description: 'User ID of the workspace owner' }),
  name: Type.String(),
  org_logo_url: Type.Optional(Nullable(Type.String())),
};

export const Workspace = Type.Object(workspaceProperties, { title: 'Workspace', additionalProperties: false });

export const UpdateWorkspace = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1 })), org_logo_url: Type.Optional(Nullable(Type.String())) },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateWorkspace = Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false });

export const CreatedWorkspace = Type.Object(
  { ...workspaceProperties, api_key: ApiKey },
  { title: 'Created workspace', description: 'The workspace and its first all:all API key, secret included.', additionalProperties: false },
);

export function workspaceToWire(row: WorkspaceRow): Static<typeof Workspace> {
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
    owner: row.owner,
    name: row.name,
    org_logo_url: row.org_logo_url,
  };
}
