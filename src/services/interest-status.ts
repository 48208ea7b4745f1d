import type { Db } from '../store/database.js';
import { BUILT_IN_INTEREST_STATUSES, knownInterestStatuses } from '../store/lead-label-repository.js';
import { InvalidRequestError } from './errors.js';

/** A value a request gives for an interest status, and the field that carried it. */
export interface InterestStatusValue {
  field: string;
  value: number;
}

/**
 * The one check of "an interest status this workspace knows": a built-in one or a lead label's
 * value. Every use case that takes one (lead create and update, bulk add, update-interest-status,
 * subsequence conditions) asks here, so the rule and its message are the same everywhere.
 * Throws for the first unknown value, in the order given.
 */
export async function assertKnownInterestStatuses(db: Db, workspaceId: string, values: readonly InterestStatusValue[]): Promise<void> {
  if (values.length === 0) return;
  const known = await knownInterestStatuses(db, workspaceId, values.map((v) => v.value));
  const unknown = values.find((v) => !known.has(v.value));
  if (unknown !== undefined) {
    throw new InvalidRequestError(
      `${unknown.field} must be a built-in interest status (${BUILT_IN_INTEREST_STATUSES.join(', ')}) or the value of one of your lead labels; got ${unknown.value}`,
    );
  }
}
