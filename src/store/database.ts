import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { StepSummary } from '../domain/engagement.js';

/** A timestamp column: the database fills it, reads come back as Date. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type JsonScalar = string | number | boolean | null;
export type Payload = Record<string, JsonScalar>;

export interface InstanceTable {
  id: ColumnType<number, number, never>;
  admin_key_hash: string;
  default_workspace_id: string;
  created_at: CreatedAt;
}

export interface WorkspaceTable {
  id: string;
  name: string;
  owner: string;
  org_logo_url: string | null;
  /** Leads this workspace may still hold in campaigns; null means unlimited. */
  lead_allowance: number | null;
  /** Vendor setting (migration 0011): an unsubscribe recorded on a lead puts its address on the block list. */
  add_unsub_to_block: Generated<boolean>;
  default_opportunity_value: number | null;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  scopes: string[];
  key_hash: string;
  /** The first characters of the secret, so a listing can tell keys apart. */
  key_prefix: string;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
}

export interface LeadListTable {
  id: string;
  workspace_id: string;
  name: string;
  has_enrichment_task: boolean | null;
  owned_by: string | null;
  timestamp_created: CreatedAt;
  /** Smartlead v1's integer id (migration 0004); int8 arrives as a string from pg, a number from PGlite. */
  smartlead_id: ColumnType<string | number, never, never>;
}

export interface CampaignTable {
  id: string;
  workspace_id: string;
  name: string;
  status: number;
  owned_by: string | null;
  /** Every other writable campaign field, stored as the client sent it. */
  settings: Json<Record<string, unknown>>;
  /** The union of custom variable names seen on this campaign's leads. */
  custom_variables: Json<Record<string, string>>;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
  /** Smartlead v1's integer id (migration 0004). */
  smartlead_id: ColumnType<string | number, never, never>;
}

export interface LeadTable {
  id: string;
  workspace_id: string;
  campaign_id: string | null;
  list_id: string | null;
  email: string | null;
  email_key: ColumnType<string | null, never, never>;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  company_domain: string;
  job_title: string | null;
  phone: string | null;
  website: string | null;
  personalization: string | null;
  payload: Json<Payload | null> | null;
  status: Generated<number>;
  lt_interest_status: number | null;
  pl_value_lead: string | null;
  assigned_to: string | null;
  uploaded_by_user: string | null;
  upload_method: Generated<string>;
  verification_status: number | null;
  enrichment_status: number | null;
  is_website_visitor: boolean | null;
  esp_code: number | null;
  esg_code: number | null;
  subsequence_id: string | null;
  email_open_count: Generated<number>;
  email_reply_count: Generated<number>;
  email_click_count: Generated<number>;
  timestamp_last_contact: Date | null;
  timestamp_last_open: Date | null;
  timestamp_last_reply: Date | null;
  timestamp_last_click: Date | null;
  timestamp_last_touch: Date | null;
  timestamp_last_interest_change: Date | null;
  timestamp_added_subsequence: Date | null;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
  /** The step fields engagement events keep (migration 0011); NULL until one is recorded. */
  last_step_from: string | null;
  last_step_id: string | null;
  last_step_timestamp_executed: Date | null;
  last_contacted_from: string | null;
  email_opened_step: number | null;
  email_opened_variant: number | null;
  email_replied_step: number | null;
  email_replied_variant: number | null;
  email_clicked_step: number | null;
  email_clicked_variant: number | null;
  status_summary: Json<StepSummary | null> | null;
  status_summary_subseq: Json<StepSummary | null> | null;
}

/** One recorded engagement event (migration 0011): the history behind a lead's summary columns. */
export interface LeadEventTable {
  id: string;
  workspace_id: string;
  lead_id: string;
  event_type: string;
  occurred_at: Date;
  event_count: number;
  step: number | null;
  variant: number | null;
  step_id: string | null;
  source: string | null;
  from_address: string | null;
  esp_code: number | null;
  subject: string | null;
  body: string | null;
  recorded_at: CreatedAt;
}

export interface LeadLabelTable {
  id: string;
  workspace_id: string;
  label: string;
  interest_status: number;
  interest_status_label: string;
  description: string | null;
  use_with_ai: boolean;
  created_by: string | null;
  timestamp_created: CreatedAt;
}

/** The last custom interest status each workspace gave out on each side (migration 0005). */
export interface LeadLabelValueTable {
  workspace_id: string;
  last_positive: Generated<number>;
  last_negative: Generated<number>;
}

export interface BlockListTable {
  id: string;
  workspace_id: string;
  is_default: Generated<boolean>;
  timestamp_created: CreatedAt;
}

export interface BlockListEntryTable {
  id: string;
  workspace_id: string;
  block_list_id: string;
  bl_value: string;
  is_domain: boolean;
  timestamp_created: CreatedAt;
}

export interface BackgroundJobTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  type: string;
  entity_type: string | null;
  entity_id: string | null;
  status: Generated<string>;
  progress: Generated<number>;
  data: Json<Record<string, unknown>>;
  locked_by: string | null;
  locked_until: Date | null;
  attempts: Generated<number>;
  /** Attempts a job gets before it is failed (migration 0007). */
  max_attempts: Generated<number>;
  /** The job is not claimed before this time: the back-off after a failed attempt. */
  run_at: Generated<Date>;
  /** Why the last attempt failed; kept while the job waits for its next attempt. */
  last_error: string | null;
  /** Jobs whose type the vendor's API has no name for run here but are not listed by the API. */
  visible: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  instance: InstanceTable;
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  lead_lists: LeadListTable;
  campaigns: CampaignTable;
  leads: LeadTable;
  lead_labels: LeadLabelTable;
  lead_label_values: LeadLabelValueTable;
  block_lists: BlockListTable;
  block_list_entries: BlockListEntryTable;
  background_jobs: BackgroundJobTable;
  smartlead_contacts: SmartleadContactTable;
  smartlead_lead_maps: SmartleadLeadMapTable;
  smartlead_imports: SmartleadImportTable;
  smartlead_import_leads: SmartleadImportLeadTable;
  subsequences: SubsequenceTable;
  lead_events: LeadEventTable;
  custom_tags: CustomTagTable;
  custom_tag_mappings: CustomTagMappingTable;
  email_verifications: EmailVerificationTable;
}

/** Smartlead v1's lead id: one integer per e-mail in a workspace (migration 0004). */
export interface SmartleadContactTable {
  id: ColumnType<string | number, never, never>;
  workspace_id: string;
  email_key: string;
}

/** Smartlead v1's campaign_lead_map_id: one integer per lead row. */
export interface SmartleadLeadMapTable {
  lead_id: string;
  id: ColumnType<string | number, never, never>;
}

/** One Smartlead list import: its file name, settings and counters. */
export interface SmartleadImportTable {
  id: string;
  workspace_id: string;
  list_id: string;
  file_name: string;
  settings: Json<Record<string, unknown>>;
  total_leads: number;
  imported: number;
  duplicates: number;
  blocked: number;
  invalid: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SmartleadImportLeadTable {
  import_id: string;
  lead_id: string;
}

/** A follow-up sequence under a parent campaign (migration 0006). */
export interface SubsequenceTable {
  id: string;
  workspace_id: string;
  parent_campaign_id: string;
  name: string;
  status: Generated<number>;
  conditions: Json<Record<string, unknown>>;
  /** Schedule, sequences and sending limits, stored as the client sent them. */
  settings: Json<Record<string, unknown>>;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
  /** Last time a lead entered or left the subsequence. */
  timestamp_leads_updated: UpdatedAt;
}

/** A workspace's tag for campaigns (migration 0010); the label is stored trimmed. */
export interface CustomTagTable {
  id: string;
  workspace_id: string;
  label: string;
  description: string | null;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
}

/** A tag put on a campaign (the vendor's resource_type 2). */
export interface CustomTagMappingTable {
  id: string;
  workspace_id: string;
  tag_id: string;
  campaign_id: string;
  timestamp_created: CreatedAt;
}

/** The latest single check of an address in a workspace (POST /email-verification). */
export interface EmailVerificationTable {
  workspace_id: string;
  email_key: string;
  email: string;
  /** 'pending', 'verified' or 'invalid', the vendor's words. */
  verification_status: string;
  /** Why (the verifier's reason), null while pending. */
  reason: string | null;
  timestamp_created: CreatedAt;
  timestamp_updated: UpdatedAt;
}

/** What repository functions take: the database, or a transaction the caller owns. */
export type Db = Kysely<Database> | Transaction<Database>;
