import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

/**
 * Custom tags and their mappings to campaigns; single e-mail verifications.
 *
 * The vendor maps tags onto campaigns and e-mail accounts; Leadbase has no accounts, so a
 * mapping names its campaign by a real foreign key and goes with it when the campaign is
 * deleted. A tag's label is unique in its workspace once trimmed (the vendor's rule); labels are
 * stored trimmed, so the unique index is on the column itself.
 *
 * A single verification is kept per workspace and address (its e-mail key, lower case), so
 * GET /email-verification/{email} answers the latest check of that address, pending or done.
 */
const statements = `
    CREATE TABLE custom_tags (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      label text NOT NULL,
      description text,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX custom_tags_label ON custom_tags (workspace_id, label);
    CREATE INDEX custom_tags_workspace ON custom_tags (workspace_id, id);

    CREATE TABLE custom_tag_mappings (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      tag_id uuid NOT NULL REFERENCES custom_tags (id) ON DELETE CASCADE,
      campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tag_id, campaign_id)
    );
    CREATE INDEX custom_tag_mappings_workspace ON custom_tag_mappings (workspace_id, id);
    CREATE INDEX custom_tag_mappings_campaign ON custom_tag_mappings (campaign_id);

    CREATE TABLE email_verifications (
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      email_key text NOT NULL,
      email text NOT NULL,
      verification_status text NOT NULL,
      reason text,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, email_key)
    );
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
