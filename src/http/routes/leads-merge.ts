import { Type } from '@sinclair/typebox';
import { mergeLeadPair } from '../../services/lead-merge.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorBody, Uuid } from '../schemas/common.js';
import { Lead, leadToWire } from '../schemas/lead.js';
import { guarded } from './access.js';

const MergeBody = Type.Object(
  {
    lead_id: Uuid({ description: 'The lead to merge; it is deleted' }),
    destination_lead_id: Uuid({ description: 'The lead to merge into; it keeps its id, campaign and list' }),
  },
  { additionalProperties: false },
);

export function leadMergeRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/leads/merge', {
    ...guarded('leads', 'update'),
    schema: {
      tags: ['Lead'],
      summary: 'Merge two leads',
      description:
        'Merges `lead_id` into `destination_lead_id` in one transaction and deletes `lead_id`. The destination\'s values win; the source fills its empty fields and payload keys; counters add up; each last-activity timestamp is the later one. The rules are in docs/merge-and-subsequences.md.',
      body: MergeBody,
      response: { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const outcome = await mergeLeadPair(db, principalOf(request), { sourceId: request.body.lead_id, destinationId: request.body.destination_lead_id });
    switch (outcome.kind) {
      case 'merged':
        return leadToWire(outcome.lead);
      case 'same-lead':
        throw badRequest('lead_id and destination_lead_id are the same lead: name two different leads to merge');
      case 'source-not-found':
        throw notFound('Lead');
      case 'destination-not-found':
        throw notFound('Destination lead');
      case 'email-taken':
        throw badRequest(
          `Lead ${outcome.holderId} already has the e-mail "${outcome.email}" in the destination's ${outcome.holderIn}, so the destination cannot take it from lead ${outcome.sourceId}: merge ${outcome.holderId} first`,
        );
      case 'email-taken-meanwhile':
        // The check names the lead in the way; this is the same conflict when another request
        // gave that address to a lead of the destination's campaign or list in the meantime.
        throw badRequest('Another lead of the destination\'s campaign or list now has the e-mail the destination would take; nothing was merged');
    }
  });
}
