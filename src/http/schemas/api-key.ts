import { type Static, Type } from '@sinclair/typebox';
import { maskSecret } from '../../domain/api-key-secret.js';
import type { ApiKeyRow } from '../../store/api-key-repository.js';
import { DateTime, NameText, PageLimit, Uuid } from './common.js';
import { API_KEY_SCOPES } from './vendor-enums.js';

const Scope = Type.Unsafe<string>({ type: 'string', enum: [...API_KEY_SCOPES] });

export const ApiKey = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    scopes: Type.Array(Scope),
    key: Type.String({ description: 'The secret, shown in full only in the answer that creates the key; listings show its first characters.' }),
    organization_id: Uuid(),
    timestamp_created: DateTime(),
    timestamp_updated: DateTime(),
  },
  { title: 'API Key', additionalProperties: false },
);

export const CreateApiKey = Type.Object(
  { name: NameText({ minLength: 1 }), scopes: Type.Array(Scope, { minItems: 1 }) },
  { additionalProperties: false },
);

export const ApiKeyListQuery = Type.Object({
  limit: Type.Optional(PageLimit),
  starting_after: Type.Optional(Uuid({ description: 'The id of the last key of the previous page (its `next_starting_after`)' })),
});

/** The wire form of a key: the full secret only when it was just created. */
export function apiKeyToWire(row: ApiKeyRow, secret: string | null = null): Static<typeof ApiKey> {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    key: secret ?? maskSecret(row.key_prefix),
    organization_id: row.workspace_id,
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
  };
}
