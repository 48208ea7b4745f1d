import type { Static } from '@sinclair/typebox';
import { SMARTLEAD_CATEGORIES, smartleadCampaignStatus, smartleadCategoryId, smartleadFieldsOf, smartleadLeadStatus } from '../../domain/smartlead-lead.js';
import { leadCsvRecord } from '../../domain/lead-csv.js';
import type { ExportedCampaignLead } from '../../services/smartlead-campaigns.js';
import type { CampaignRow } from '../../store/campaign-repository.js';
import type { Payload } from '../../store/database.js';
import type { LeadRow } from '../../store/lead-repository.js';
import type { BlockEntryRow, ImportRow, LeadListWithCount } from '../../store/smartlead-repository.js';
import { toInt } from '../../store/smartlead-repository.js';
import type { SmartleadBlockEntry, SmartleadCampaign, SmartleadLeadList, SmartleadLeadType } from './smartlead.js';

/** Rows as Smartlead v1 shows them. */

export function leadListToSmartlead(list: LeadListWithCount): Static<typeof SmartleadLeadList> {
  return { id: toInt(list.smartlead_id), name: list.name, lead_count: list.lead_count, created_at: list.timestamp_created.toISOString() };
}

export function campaignToSmartlead(row: CampaignRow): Static<typeof SmartleadCampaign> {
  return {
    id: toInt(row.smartlead_id),
    user_id: null,
    client_id: null,
    name: row.name,
    status: smartleadCampaignStatus(row.status),
    created_at: row.timestamp_created.toISOString(),
    updated_at: row.timestamp_updated.toISOString(),
  };
}

const UNSUBSCRIBED = -2;

/** The person fields of a lead; `id` is the workspace-wide id of its e-mail. */
export function leadToSmartlead(row: LeadRow, id: number): SmartleadLeadType {
  const fields = smartleadFieldsOf(row.payload);
  return {
    id,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email ?? '',
    phone_number: row.phone,
    company_name: row.company_name,
    website: row.website,
    location: fields.location,
    linkedin_profile: fields.linkedin_profile,
    company_url: fields.company_url,
    custom_fields: fields.custom_fields,
    is_unsubscribed: row.status === UNSUBSCRIBED,
    unsubscribed_client_id_map: null,
  };
}

/** Smartlead pages its block list with a source per entry; Leadbase records none, so all say "api". */
export function blockEntryToSmartlead(row: BlockEntryRow): Static<typeof SmartleadBlockEntry> {
  return { id: row.id, email_or_domain: row.bl_value, created_at: row.timestamp_created.toISOString(), source: 'api' };
}

export function importToWire(row: ImportRow) {
  return {
    id: row.id,
    file_name: row.file_name,
    created_at: row.created_at.toISOString(),
    total_leads: row.total_leads,
    imported: row.imported,
    duplicates: row.duplicates,
    blocked: row.blocked,
    invalid_email_count: row.invalid,
  };
}

/**
 * One person from all the rows of an e-mail (its campaign and list memberships): each field
 * from the most recently updated row that has it, custom fields merged newest over oldest.
 */
export function personOf(rows: readonly LeadRow[]): LeadRow | undefined {
  const newestFirst = [...rows].sort((a, b) => b.timestamp_updated.getTime() - a.timestamp_updated.getTime());
  const latest = newestFirst[0];
  if (latest === undefined) return undefined;
  const pick = <K extends 'first_name' | 'last_name' | 'phone' | 'company_name' | 'website'>(field: K): LeadRow[K] =>
    newestFirst.find((row) => row[field] !== null)?.[field] ?? null;
  const payload: Payload = {};
  for (const row of [...newestFirst].reverse()) Object.assign(payload, row.payload);
  return {
    ...latest,
    first_name: pick('first_name'),
    last_name: pick('last_name'),
    phone: pick('phone'),
    company_name: pick('company_name'),
    website: pick('website'),
    payload: Object.keys(payload).length > 0 ? payload : null,
  };
}

export { personKeyOf } from '../../domain/smartlead-lead.js';

/**
 * The columns of a campaign's leads export: the lead as the campaign leads page shows it, one
 * line per lead, custom fields as one JSON object (as Smartlead's export writes them).
 */
export const CAMPAIGN_EXPORT_COLUMNS = [
  'id',
  'campaign_lead_map_id',
  'status',
  'category',
  'created_at',
  'first_name',
  'last_name',
  'email',
  'phone_number',
  'company_name',
  'website',
  'location',
  'custom_fields',
  'linkedin_profile',
  'company_url',
  'is_unsubscribed',
] as const;

const categoryNames: ReadonlyMap<number, string> = new Map(SMARTLEAD_CATEGORIES.map((c) => [c.id, c.name]));

const exportLayout = { fields: CAMPAIGN_EXPORT_COLUMNS, customVariables: [] };

export function campaignLeadExportRecord({ row, leadId, mapId }: ExportedCampaignLead): string[] {
  const lead = leadToSmartlead(row, leadId);
  const category = smartleadCategoryId(row.lt_interest_status);
  const values: Record<(typeof CAMPAIGN_EXPORT_COLUMNS)[number], unknown> = {
    ...lead,
    campaign_lead_map_id: mapId,
    status: smartleadLeadStatus(row.status),
    category: category === null ? null : categoryNames.get(category),
    created_at: row.timestamp_created.toISOString(),
  };
  return leadCsvRecord(exportLayout, values, {});
}
