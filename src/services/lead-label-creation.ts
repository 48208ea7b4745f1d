import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { CUSTOM_INTEREST_STATUS_LIMIT, type InterestSentiment, type LeadLabelFields, type LeadLabelRow, createLeadLabel as insertLeadLabel } from '../store/lead-label-repository.js';
import { InvalidRequestError } from './errors.js';
import type { Principal } from './principal.js';

/**
 * Creates a label with the next unused custom interest status value of its sentiment. The value
 * is allocated and the row written in one transaction, so two labels never share a value.
 */
export async function createLeadLabel(
  db: Kysely<Database>,
  principal: Principal,
  fields: LeadLabelFields & { label: string; interest_status_label: InterestSentiment },
): Promise<LeadLabelRow> {
  const { workspaceId, userId } = principal;
  const row = await db.transaction().execute((trx) => insertLeadLabel(trx, workspaceId, userId, fields));
  if (row === null) {
    const side = fields.interest_status_label === 'negative' ? 'negative' : 'positive and neutral';
    throw new InvalidRequestError(
      `This workspace has used every custom interest status value for ${side} labels (they go up to ${CUSTOM_INTEREST_STATUS_LIMIT} in size and are never reused)`,
    );
  }
  return row;
}
