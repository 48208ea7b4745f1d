import { Type } from '@sinclair/typebox';
import type { InterestStatusValue } from '../../services/interest-status.js';
import { createSubsequence, deleteSubsequence, duplicateSubsequence, getSubsequence, listSubsequences, updateSubsequence } from '../../services/subsequences.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { ErrorBody, IdParams, NameText, Page, Uuid } from '../schemas/common.js';
import {
  CreateSubsequence,
  Subsequence,
  type SubsequenceFields,
  SubsequenceListQuery,
  UpdateSubsequence,
  splitSubsequenceBody,
  stepWithoutEnabledVariant,
  subsequenceToWire,
} from '../schemas/subsequence.js';
import { guarded } from './access.js';

const tags = ['CampaignSubsequence'];
const byId = { params: IdParams, response: { 200: Subsequence, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } };

const DuplicateSubsequence = Type.Object(
  {
    parent_campaign: Uuid({ description: 'The ID of the campaign to duplicate the subsequence to.' }),
    name: Type.Optional(NameText({ minLength: 1, description: 'The name of the duplicate subsequence. Defaults to the source subsequence name when omitted.' })),
  },
  { additionalProperties: false },
);

/**
 * Checks what the schema cannot see on its own (a step whose variants are all disabled) and
 * answers the crm_status values the service checks against the workspace's labels.
 */
function sendableStatuses(body: SubsequenceFields): InterestStatusValue[] {
  const step = stepWithoutEnabledVariant(body);
  if (step !== null) throw badRequest(`${step} must have at least one variant that is not disabled (v_disabled)`);
  return (body.conditions?.crm_status ?? []).map((value, i) => ({ field: `body/conditions/crm_status/${i}`, value }));
}


export function subsequenceRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/subsequences', {
    ...guarded('subsequences', 'create'),
    schema: {
      tags,
      summary: 'Create campaign subsequence',
      description: 'Creates a subsequence under `parent_campaign` (a campaign of this workspace). Without `subsequence_schedule`, the parent campaign\'s schedule is copied.',
      body: CreateSubsequence,
      response: { 200: Subsequence, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { parent_campaign: parentCampaignId, ...body } = request.body;
    const interestStatuses = sendableStatuses(body);
    const { settings } = splitSubsequenceBody(body);
    const row = await createSubsequence(db, principalOf(request), { parentCampaignId, name: body.name, conditions: body.conditions, settings, interestStatuses });
    return subsequenceToWire(row);
  });

  app.get('/api/v2/subsequences', {
    ...guarded('subsequences', 'read'),
    schema: { tags, summary: 'List campaign subsequences', querystring: SubsequenceListQuery, response: { 200: Page(Subsequence, 'The subsequences'), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const q = request.query;
    return listSubsequences(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      parentCampaignId: q.parent_campaign,
      parentCampaignNot: q.parent_campaign_not,
      search: q.search,
    }, subsequenceToWire);
  });

  app.get('/api/v2/subsequences/:id', { ...guarded('subsequences', 'read'), schema: { tags, summary: 'Get campaign subsequence', ...byId } }, async (request) => {
    return subsequenceToWire(await getSubsequence(db, principalOf(request), request.params.id));
  });

  app.patch('/api/v2/subsequences/:id', {
    ...guarded('subsequences', 'update'),
    // A body left empty once unknown fields (parent_campaign among them) are dropped is refused by
    // the app-wide minProperties hook, rather than answered as a change.
    schema: { tags, summary: 'Patch campaign subsequence', description: 'Changes only the fields given; `conditions` is replaced as a whole. The parent campaign cannot change.', body: UpdateSubsequence, ...byId },
  }, async (request) => {
    const interestStatuses = sendableStatuses(request.body);
    const row = await updateSubsequence(db, principalOf(request), request.params.id, splitSubsequenceBody(request.body), interestStatuses);
    return subsequenceToWire(row);
  });

  app.delete('/api/v2/subsequences/:id', {
    ...guarded('subsequences', 'delete'),
    schema: { tags, summary: 'Delete campaign subsequence', description: 'Deletes the subsequence; its leads stay in the campaign, out of any subsequence.', ...byId },
  }, async (request) => {
    return subsequenceToWire(await deleteSubsequence(db, principalOf(request), request.params.id));
  });

  app.post('/api/v2/subsequences/:id/duplicate', {
    ...guarded('subsequences', 'create'),
    schema: {
      tags,
      summary: 'Duplicate campaign subsequence',
      description: 'Copies the subsequence (conditions, steps, schedule and settings) under `parent_campaign`, a campaign of this workspace; no leads come with it.',
      params: IdParams,
      body: DuplicateSubsequence,
      response: { 200: Subsequence, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const row = await duplicateSubsequence(db, principalOf(request), request.params.id, { parentCampaignId: request.body.parent_campaign, name: request.body.name });
    return subsequenceToWire(row);
  });
}
