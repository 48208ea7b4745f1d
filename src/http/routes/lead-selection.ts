import { Type } from '@sinclair/typebox';
import type { LeadFilter } from '../../store/lead-filter.js';
import { badRequest, notFound } from '../errors.js';
import { ListLeadsBody, invalidContactMessage } from '../schemas/lead.js';

const { limit: _limit, starting_after: _startingAfter, distinct_contacts: _distinct, ...selectionProperties } = ListLeadsBody.properties;

/** The lead selection filters that /leads/list, /leads/move and /leads/bulk-assign share. */
export const leadSelectionProperties = selectionProperties;

export type SelectionBody = LeadFilter & { queries?: unknown[] | undefined; smart_view_id?: string | undefined };

/**
 * Checks what the schema cannot: contacts are e-mails by the same rule leads are stored by, and
 * smart views do not exist in Leadbase (saying so beats silently ignoring the filter).
 */
export function assertSupportedSelection(body: SelectionBody): void {
  const contactsProblem = invalidContactMessage(body.contacts);
  if (contactsProblem !== null) throw badRequest(contactsProblem);
  if (body.queries !== undefined && body.queries.length > 0) {
    throw badRequest('body/queries (smart view queries) is not supported by Leadbase; use the other filters');
  }
  if (body.smart_view_id !== undefined) throw notFound('Smart view');
}

/** Only the filter fields, so job data never carries anything else a client sent. */
export function selectionOf(body: SelectionBody): LeadFilter {
  const { search, filter, campaign, list_id, in_campaign, in_list, ids, excluded_ids, contacts, organization_user_ids, is_website_visitor, enrichment_status, esg_code, interest_status } = body;
  return Object.fromEntries(
    Object.entries({ search, filter, campaign, list_id, in_campaign, in_list, ids, excluded_ids, contacts, organization_user_ids, is_website_visitor, enrichment_status, esg_code, interest_status }).filter(([, v]) => v !== undefined),
  ) as LeadFilter;
}

export const AcceptedBody = Type.Object({ status: Type.Optional(Type.String()), message: Type.String() });
