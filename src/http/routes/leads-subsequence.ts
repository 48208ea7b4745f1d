import { Type } from '@sinclair/typebox';
import { findLead } from '../../store/lead-repository.js';
import { lockSubsequences, putLeadInSubsequence, takeLeadOutOfSubsequence, touchSubsequences } from '../../store/subsequence-repository.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorBody, Uuid } from '../schemas/common.js';
import { Lead, leadToWire } from '../schemas/lead.js';
import { guarded } from './access.js';

const tags = ['Lead'];
const responses = { 200: Lead, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

const MoveBody = Type.Object(
  {
    id: Uuid({ description: 'The lead to move' }),
    subsequence_id: Uuid({ description: 'The subsequence to move it to; it must belong to the lead\'s campaign' }),
  },
  { additionalProperties: false },
);
const RemoveBody = Type.Object({ id: Uuid({ description: 'The lead to take out of its subsequence' }) }, { additionalProperties: false });

export function leadSubsequenceRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/leads/subsequence/move', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: 'Move a lead to a subsequence',
      description:
        'Sets the lead\'s `subsequence_id` and stamps `timestamp_added_subsequence`. The lead must be in the subsequence\'s parent campaign (400 otherwise). Moving a lead to the subsequence it is already in changes nothing.',
      body: MoveBody,
      response: responses,
    },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const { id, subsequence_id: subsequenceId } = request.body;
    return db.transaction().execute(async (trx) => {
      const lead = await findLead(trx, workspaceId, id);
      if (lead === undefined) throw notFound('Lead');
      // The subsequence the lead leaves is stamped too, so it is locked with the one it joins.
      const locked = await lockSubsequences(trx, workspaceId, [subsequenceId, lead.subsequence_id], 'no key update');
      const subsequence = locked.get(subsequenceId.toLowerCase());
      if (subsequence === undefined) throw notFound('Subsequence');
      const notInParent = badRequest(
        `Lead ${lead.id} is not in campaign ${subsequence.parent_campaign_id}, the parent campaign of subsequence ${subsequence.id}: a lead can only be moved to a subsequence of its own campaign`,
      );
      if (lead.campaign_id !== subsequence.parent_campaign_id) throw notInParent;
      // Keeps the original timestamp_added_subsequence: the lead was added then, not now.
      if (lead.subsequence_id === subsequence.id) return leadToWire(lead);
      const now = new Date();
      const moved = await putLeadInSubsequence(trx, workspaceId, lead.id, subsequence, now);
      if (moved === undefined) throw notInParent;
      await touchSubsequences(trx, [lead.subsequence_id, subsequence.id], now);
      return leadToWire(moved);
    });
  });

  app.post('/api/v2/leads/subsequence/remove', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: 'Remove a lead from a subsequence',
      description: 'Clears the lead\'s `subsequence_id` and `timestamp_added_subsequence`; the lead stays in its campaign. A lead in no subsequence is answered unchanged.',
      body: RemoveBody,
      response: responses,
    },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    return db.transaction().execute(async (trx) => {
      const lead = await findLead(trx, workspaceId, request.body.id);
      if (lead === undefined) throw notFound('Lead');
      if (lead.subsequence_id === null) return leadToWire(lead);
      await lockSubsequences(trx, workspaceId, [lead.subsequence_id], 'no key update');
      const now = new Date();
      const removed = await takeLeadOutOfSubsequence(trx, workspaceId, lead.id, now);
      if (removed === undefined) throw notFound('Lead');
      await touchSubsequences(trx, [lead.subsequence_id], now);
      return leadToWire(removed);
    });
  });
}
