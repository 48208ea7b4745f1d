import { sql } from 'kysely';
import { generateSecret, hashSecret } from '../domain/api-key-secret.js';
import type { Db } from './database.js';
import { createWorkspace } from './workspace-repository.js';

export interface InstanceState {
  adminKeyHash: string;
  defaultWorkspaceId: string;
  /** Set only when this start created the admin key: it must be shown once, then it is gone. */
  generatedAdminKey: string | null;
}

/**
 * First start creates the default workspace and the admin key; later starts keep them, except
 * that a configured LEADBASE_ADMIN_KEY always replaces the stored one.
 */
export async function bootstrapInstance(db: Db, configuredAdminKey: string | null): Promise<InstanceState> {
  return db.transaction().execute(async (trx) => {
    // Two servers starting against a new database must not both create a default workspace.
    await sql`SELECT pg_advisory_xact_lock(hashtext('leadbase_bootstrap'))`.execute(trx);
    const existing = await trx.selectFrom('instance').selectAll().where('id', '=', 1).executeTakeFirst();
    if (existing !== undefined) {
      if (configuredAdminKey !== null && hashSecret(configuredAdminKey) !== existing.admin_key_hash) {
        await trx.updateTable('instance').set({ admin_key_hash: hashSecret(configuredAdminKey) }).where('id', '=', 1).execute();
        return { adminKeyHash: hashSecret(configuredAdminKey), defaultWorkspaceId: existing.default_workspace_id, generatedAdminKey: null };
      }
      return { adminKeyHash: existing.admin_key_hash, defaultWorkspaceId: existing.default_workspace_id, generatedAdminKey: null };
    }
    const workspace = await createWorkspace(trx, 'Default workspace');
    const generatedAdminKey = configuredAdminKey === null ? generateSecret() : null;
    const adminKeyHash = hashSecret(configuredAdminKey ?? generatedAdminKey ?? '');
    await trx.insertInto('instance').values({ id: 1, admin_key_hash: adminKeyHash, default_workspace_id: workspace.id }).execute();
    return { adminKeyHash, defaultWorkspaceId: workspace.id, generatedAdminKey };
  });
}
