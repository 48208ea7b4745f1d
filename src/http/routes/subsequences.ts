import { findCampaign } from '../../store/campaign-repository.js';
import type { Db } from '../../store/database.js';
import { assertKnownInterestStatuses } from '../../services/interest-status.js';
import { createSubsequence, deleteSubsequence, findSubsequence, listSubsequences, updateSubsequence } from '../../store/subsequence-repository.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
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

/** Checks what the schema cannot: enabled variants, and crm_status values this workspace knows. */
async function assertSendable(db: Db, workspaceId: string, body: SubsequenceFields) {
  const step = stepWithoutEnabledVariant(body);
  if (step !== null) throw badRequest(`${step} must have at least one variant that is not disabled (v_disabled)`);
  await assertKnownInterestStatuses(db, workspaceId, (body.conditions?.crm_status ?? []).map((value, i) => ({ field: `body/conditions/crm_status/${i}`, value })));
}

/** A campaign a request names must be one of the caller's: a foreign id is as unknown as a missing one. */
async function assertCampaign(db: Db, workspaceId: string, id: string | undefined) {
  if (id !== undefined && (await findCampaign(db, workspaceId, id)) === undefined) throw notFound('Campaign');
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
    const { workspaceId } = principalOf(request);
    const { parent_campaign: parentCampaignId, ...body } = request.body;
    await assertSendable(db, workspaceId, body);
    const campaign = await findCampaign(db, workspaceId, parentCampaignId);
    if (campaign === undefined) throw notFound('Campaign');
    const { settings } = splitSubsequenceBody(body);
    const inherited = campaign.settings.campaign_schedule;
    if (settings.subsequence_schedule === undefined && inherited !== undefined) settings.subsequence_schedule = inherited;
    const row = await createSubsequence(db, workspaceId, { parentCampaignId, name: body.name, conditions: body.conditions, settings });
    return subsequenceToWire(row);
  });

  app.get('/api/v2/subsequences', {
    ...guarded('subsequences', 'read'),
    schema: { tags, summary: 'List campaign subsequences', querystring: SubsequenceListQuery, response: { 200: Page(Subsequence, 'The subsequences'), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const q = request.query;
    await assertCampaign(db, workspaceId, q.parent_campaign);
    await assertCampaign(db, workspaceId, q.parent_campaign_not);
    return listSubsequences(db, workspaceId, {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      parentCampaignId: q.parent_campaign,
      parentCampaignNot: q.parent_campaign_not,
      search: q.search,
    }, subsequenceToWire);
  });

  app.get('/api/v2/subsequences/:id', { ...guarded('subsequences', 'read'), schema: { tags, summary: 'Get campaign subsequence', ...byId } }, async (request) => {
    const row = await findSubsequence(db, principalOf(request).workspaceId, request.params.id);
    if (row === undefined) throw notFound('Subsequence');
    return subsequenceToWire(row);
  });

  app.patch('/api/v2/subsequences/:id', {
    ...guarded('subsequences', 'update'),
    // A body left empty once unknown fields (parent_campaign among them) are dropped is refused by
    // the app-wide minProperties hook, rather than answered as a change.
    schema: { tags, summary: 'Patch campaign subsequence', description: 'Changes only the fields given; `conditions` is replaced as a whole. The parent campaign cannot change.', body: UpdateSubsequence, ...byId },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    await assertSendable(db, workspaceId, request.body);
    const row = await updateSubsequence(db, workspaceId, request.params.id, splitSubsequenceBody(request.body));
    if (row === undefined) throw notFound('Subsequence');
    return subsequenceToWire(row);
  });

  app.delete('/api/v2/subsequences/:id', {
    ...guarded('subsequences', 'delete'),
    schema: { tags, summary: 'Delete campaign subsequence', description: 'Deletes the subsequence; its leads stay in the campaign, out of any subsequence.', ...byId },
  }, async (request) => {
    const { workspaceId } = principalOf(request);
    const row = await db.transaction().execute((trx) => deleteSubsequence(trx, workspaceId, request.params.id));
    if (row === undefined) throw notFound('Subsequence');
    return subsequenceToWire(row);
  });
}
