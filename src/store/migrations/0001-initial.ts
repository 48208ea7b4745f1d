import type { Kysely } from 'kysely';
import { runScript } from './sql-script.js';

const statements = `
    CREATE TABLE workspaces (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      owner uuid NOT NULL,
      org_logo_url text,
      lead_allowance integer CHECK (lead_allowance >= 0),
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE instance (
      id integer PRIMARY KEY CHECK (id = 1),
      admin_key_hash text NOT NULL,
      default_workspace_id uuid NOT NULL REFERENCES workspaces (id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      name text NOT NULL,
      scopes text[] NOT NULL,
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX api_keys_workspace ON api_keys (workspace_id, id);

    CREATE TABLE lead_lists (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      name text NOT NULL,
      has_enrichment_task boolean,
      owned_by uuid,
      timestamp_created timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX lead_lists_workspace ON lead_lists (workspace_id, id);

    CREATE TABLE campaigns (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      name text NOT NULL,
      status smallint NOT NULL DEFAULT 0,
      owned_by uuid,
      settings jsonb NOT NULL DEFAULT '{}',
      custom_variables jsonb NOT NULL DEFAULT '{}',
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX campaigns_workspace ON campaigns (workspace_id, id);

    CREATE TABLE lead_labels (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      label text NOT NULL,
      interest_status integer NOT NULL,
      interest_status_label text NOT NULL CHECK (interest_status_label IN ('positive', 'negative', 'neutral')),
      description text,
      use_with_ai boolean NOT NULL DEFAULT false,
      created_by uuid,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      UNIQUE (workspace_id, interest_status)
    );

    CREATE TABLE leads (
      id uuid PRIMARY KEY,
      workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      campaign_id uuid REFERENCES campaigns (id) ON DELETE CASCADE,
      list_id uuid REFERENCES lead_lists (id) ON DELETE CASCADE,
      email text,
      email_key text GENERATED ALWAYS AS (lower(email)) STORED,
      first_name text,
      last_name text,
      company_name text,
      company_domain text NOT NULL DEFAULT '',
      job_title text,
      phone text,
      website text,
      personalization text,
      payload jsonb,
      status smallint NOT NULL DEFAULT 1,
      lt_interest_status integer,
      pl_value_lead text,
      assigned_to uuid,
      uploaded_by_user uuid,
      upload_method text NOT NULL DEFAULT 'api',
      verification_status smallint,
      enrichment_status smallint,
      is_website_visitor boolean,
      esp_code smallint,
      esg_code smallint,
      subsequence_id uuid,
      email_open_count integer NOT NULL DEFAULT 0,
      email_reply_count integer NOT NULL DEFAULT 0,
      email_click_count integer NOT NULL DEFAULT 0,
      timestamp_last_contact timestamptz,
      timestamp_last_open timestamptz,
      timestamp_last_reply timestamptz,
      timestamp_last_click timestamptz,
      timestamp_last_touch timestamptz,
      timestamp_last_interest_change timestamptz,
      timestamp_added_subsequence timestamptz,
      timestamp_created timestamptz NOT NULL DEFAULT now(),
      timestamp_updated timestamptz NOT NULL DEFAULT now(),
      CHECK (campaign_id IS NOT NULL OR list_id IS NOT NULL)
    );
    -- The duplicate rule lives here, not in a read-then-write check: one e-mail once per container.
    CREATE UNIQUE INDEX leads_campaign_email ON leads (campaign_id, email_key)
      WHERE campaign_id IS NOT NULL AND email_key IS NOT NULL;
    CREATE UNIQUE INDEX leads_list_email ON leads (list_id, email_key)
      WHERE list_id IS NOT NULL AND email_key IS NOT NULL;
    CREATE INDEX leads_workspace_id ON leads (workspace_id, id);
    CREATE INDEX leads_workspace_email ON leads (workspace_id, email_key);
    CREATE INDEX leads_campaign_id ON leads (campaign_id, id) WHERE campaign_id IS NOT NULL;
    CREATE INDEX leads_list_id ON leads (list_id, id) WHERE list_id IS NOT NULL;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, statements);
}
