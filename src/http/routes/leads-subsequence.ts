import { Type } from '@sinclair/typebox';
import { moveLeadToSubsequence, removeLeadFromSubsequence } from '../../services/lead-subsequence.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
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
    const { id, subsequence_id: subsequenceId } = request.body;
    return leadToWire(await moveLeadToSubsequence(db, principalOf(request), id, subsequenceId));
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
    return leadToWire(await removeLeadFromSubsequence(db, principalOf(request), request.body.id));
  });
}
