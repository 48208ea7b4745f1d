import { CliError } from '../context.js';
import { type ApiClient, HttpError } from '../http-client.js';
import type { AddLeadsAnswer, SentRow } from './row-outcomes.js';

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
 * reported on its own; any other 4xx refuses the batch's rows, which the report lists.
 */
export async function sendBatch(client: ApiClient, options: AddLeadsOptions, rows: SentRow[]): Promise<BatchPart[]> {
  if (rows.length === 0) return [];
  let retried = false;
  try {
    // return_outcomes (a Leadbase extension) makes the answer say what became of each row.
    const body = { ...options, return_outcomes: true, leads: rows.map((r) => r.lead) };
    const answer = await client.request<Partial<AddLeadsAnswer>>('POST', '/api/v2/leads/add', body, {
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
