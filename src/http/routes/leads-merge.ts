import { Type } from '@sinclair/typebox';
import { mergeLeads, payloadKeysGained } from '../../domain/lead-merge.js';
import { addCampaignVariables } from '../../store/campaign-repository.js';
import { isUniqueViolation } from '../../store/errors.js';
import { applyMerge, emailHolder, lockLeadPair } from '../../store/lead-merge-repository.js';
import { findLead } from '../../store/lead-repository.js';
import { lockSubsequences } from '../../store/subsequence-repository.js';
import type { App, AppDeps } from '../app.js';
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
    const { workspaceId } = principalOf(request);
    const { lead_id: sourceId, destination_lead_id: destinationId } = request.body;
    if (sourceId.toLowerCase() === destinationId.toLowerCase()) {
      throw badRequest('lead_id and destination_lead_id are the same lead: name two different leads to merge');
    }
    try {
      return await db.transaction().execute(async (trx) => {
        // The source's subsequence may pass to the destination: lock it before the leads, the
        // order a concurrent delete of that subsequence keeps too (subsequence-repository.ts).
        const unlocked = await findLead(trx, workspaceId, sourceId);
        const held = await lockSubsequences(trx, workspaceId, [unlocked?.subsequence_id ?? null], 'key share');
        const pair = await lockLeadPair(trx, workspaceId, [sourceId, destinationId]);
        const source = pair.get(sourceId.toLowerCase());
        if (source === undefined) throw notFound('Lead');
        const destination = pair.get(destinationId.toLowerCase());
        if (destination === undefined) throw notFound('Destination lead');
        const merged = mergeLeads(destination, source);
        // A subsequence the source joined in the instant before its row was locked is not held,
        // and could be deleted under the merge: the destination does without it then.
        if (merged.subsequence_id !== destination.subsequence_id && merged.subsequence_id !== null && !held.has(merged.subsequence_id)) {
          merged.subsequence_id = null;
          merged.timestamp_added_subsequence = null;
        }
        if (merged.email !== null && merged.email !== destination.email) {
          const holder = await emailHolder(trx, destination, source.id, merged.email);
          if (holder !== undefined) {
            throw badRequest(
              `Lead ${holder.id} already has the e-mail "${merged.email}" in the destination's ${holder.in}, so the destination cannot take it from lead ${source.id}: merge ${holder.id} first`,
            );
          }
        }
        const lead = await applyMerge(trx, source.id, destination.id, merged);
        if (lead.campaign_id !== null) await addCampaignVariables(trx, lead.campaign_id, payloadKeysGained(destination, merged));
        return leadToWire(lead);
      });
    } catch (error) {
      // The check above names the lead in the way; this is the same conflict when another request
      // gave that address to a lead of the destination's campaign or list in the meantime.
      if (isUniqueViolation(error)) throw badRequest('Another lead of the destination\'s campaign or list now has the e-mail the destination would take; nothing was merged');
      throw error;
    }
  });
}
