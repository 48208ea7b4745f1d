import type { Static } from '@sinclair/typebox';
import type { Lead } from '../../http/schemas/lead.js';
import { CliError } from '../context.js';
import { type ApiClient, HttpError } from '../http-client.js';
import type { AddLeadsAnswer, LeadSeen, Lookup, SentRow } from './attribution.js';

/** The /leads/add fields every batch of one import shares. */
export interface AddLeadsOptions {
  campaign_id?: string;
  list_id?: string;
  skip_if_in_workspace?: boolean;
  skip_if_in_campaign?: boolean;
  skip_if_in_list?: boolean;
  verify_leads_on_import?: boolean;
  blocklist_id?: string;
  assigned_to?: string;
}

export type BatchPart =
  | { rows: SentRow[]; answer: Partial<AddLeadsAnswer>; retried: boolean }
  | { rows: SentRow[]; refused: HttpError };

// These answers are about the key, the target or the workspace, not about the rows: every
// later batch would get the same, so the import stops instead of reporting each batch.
const STOPS_THE_IMPORT = new Set([401, 402, 403, 404]);

/**
 * Sends one batch. A 413 (body too large for this server) splits it in halves, each half then
 * explained on its own; any other 4xx refuses the batch's rows, which the report lists.
 */
export async function sendBatch(client: ApiClient, options: AddLeadsOptions, rows: SentRow[]): Promise<BatchPart[]> {
  if (rows.length === 0) return [];
  let retried = false;
  try {
    const answer = await client.request<Partial<AddLeadsAnswer>>('POST', '/api/v2/leads/add', { ...options, leads: rows.map((r) => r.lead) }, {
      onRetry: () => {
        retried = true;
      },
    });
    return [{ rows, answer, retried }];
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.status === 413 && rows.length > 1) {
      const half = Math.ceil(rows.length / 2);
      return [...(await sendBatch(client, options, rows.slice(0, half))), ...(await sendBatch(client, options, rows.slice(half)))];
    }
    if (STOPS_THE_IMPORT.has(error.status)) {
      const what = options.list_id !== undefined ? `list ${options.list_id}` : `campaign ${options.campaign_id ?? ''}`;
      throw new CliError(`the server refused a batch for the ${what}: HTTP ${error.status}: ${error.message}`);
    }
    return [{ rows, refused: error }];
  }
}

type LeadWire = Static<typeof Lead>;
interface LeadPage {
  items: LeadWire[];
  next_starting_after?: string;
}

const CONTACTS_PER_QUERY = 100;

/** Where e-mails are in the workspace, through POST /leads/list's `contacts` filter. */
export function leadLookup(client: ApiClient): Lookup {
  return async (emailKeys) => {
    const found = new Map<string, LeadSeen[]>();
    try {
      for (let i = 0; i < emailKeys.length; i += CONTACTS_PER_QUERY) {
        const contacts = emailKeys.slice(i, i + CONTACTS_PER_QUERY);
        let cursor: string | undefined;
        do {
          const page: LeadPage = await client.request<LeadPage>('POST', '/api/v2/leads/list', { contacts, limit: 100, ...(cursor !== undefined ? { starting_after: cursor } : {}) });
          for (const lead of page.items) {
            const key = (lead.email ?? '').toLowerCase();
            const seen: LeadSeen = { id: lead.id, campaign: lead.campaign ?? null, list_id: lead.list_id ?? null, timestamp_created: lead.timestamp_created };
            found.set(key, [...(found.get(key) ?? []), seen]);
          }
          cursor = page.next_starting_after;
        } while (cursor !== undefined);
      }
    } catch (error) {
      // A server that refuses the filter (or one address in it) costs the report its detail, not the import.
      if (error instanceof HttpError) return null;
      throw error;
    }
    return found;
  };
}
