/**
 * The payloads the console sends and reads, as the server's own TypeBox schemas define them
 * (type-only imports: nothing of the server is bundled).
 */
import type { Static } from '@sinclair/typebox';
import type { ApiKey, CreateApiKey } from '../../src/http/schemas/api-key.js';
import type { BackgroundJob } from '../../src/http/schemas/background-job.js';
import type { BlockListEntry, BulkCreatedBlockListEntries } from '../../src/http/schemas/block-list-entry.js';
import type { Campaign } from '../../src/http/schemas/campaign.js';
import type { ErrorBody } from '../../src/http/schemas/common.js';
import type { AddLeadsBody, AddLeadsSummary, BulkLead } from '../../src/http/schemas/lead-import.js';
import type { LeadList, VerificationStats } from '../../src/http/schemas/lead-list.js';
import type { Lead, ListLeadsBody, UpdateLead } from '../../src/http/schemas/lead.js';
import type { CreatedWorkspace, LeadAllowance, Workspace } from '../../src/http/schemas/workspace.js';

export type LeadT = Static<typeof Lead>;
export type LeadFilterBody = Static<typeof ListLeadsBody>;
export type LeadPatch = Static<typeof UpdateLead>;
export type LeadListT = Static<typeof LeadList>;
export type VerificationStatsT = Static<typeof VerificationStats>;
export type CampaignT = Static<typeof Campaign>;
export type JobT = Static<typeof BackgroundJob>;
export type BlockEntryT = Static<typeof BlockListEntry>;
export type BulkBlockAnswer = Static<typeof BulkCreatedBlockListEntries>;
export type ApiKeyT = Static<typeof ApiKey>;
export type NewApiKey = Static<typeof CreateApiKey>;
export type WorkspaceT = Static<typeof Workspace>;
export type CreatedWorkspaceT = Static<typeof CreatedWorkspace>;
export type LeadAllowanceT = Static<typeof LeadAllowance>;
export type ErrorBodyT = Static<typeof ErrorBody>;
export type BulkLeadT = Static<typeof BulkLead>;
export type AddLeadsBodyT = Static<typeof AddLeadsBody>;

/** With `return_outcomes: true`, `outcomes` carries one entry per lead (a Leadbase extension). */
export type AddLeadsAnswer = Static<typeof AddLeadsSummary>;
export type RowOutcome = NonNullable<AddLeadsAnswer['outcomes']>[number];

export interface PageOf<T> {
  items: T[];
  next_starting_after?: string;
}
