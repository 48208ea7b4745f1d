import { Type } from '@sinclair/typebox';
import { countAssignSelection } from '../../store/lead-bulk-update-repository.js';
import { countMoveSelection } from '../../store/lead-move-repository.js';
import { enqueueJob } from '../../jobs/queue.js';
import { assertKnownInterestStatuses } from '../../services/interest-status.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { BackgroundJob, jobToWire } from '../schemas/background-job.js';
import { isUuid } from '../../domain/uuid.js';
import { EmailText, ErrorBody, Nullable, Uuid } from '../schemas/common.js';
import { ESP_CODES, InterestStatus } from '../schemas/lead.js';
import { guarded } from './access.js';
import { resolveContainer } from './lead-container.js';
import { AcceptedBody, assertSupportedSelection, leadSelectionProperties, selectionOf } from './lead-selection.js';

const tags = ['Lead'];

const MoveLeadsBody = Type.Object(
  {
    ...leadSelectionProperties,
    to_campaign_id: Type.Optional(Uuid({ description: 'The campaign to move the leads to' })),
    to_list_id: Type.Optional(Uuid({ description: 'The list to move the leads to' })),
    check_duplicates_in_campaigns: Type.Optional(Type.Boolean()),
    skip_leads_in_verification: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: 'Move at most this many leads (oldest first)' })),
    assigned_to: Type.Optional(Uuid({ description: 'Assign the moved leads to this user' })),
    esp_code: Type.Optional(Type.Unsafe<number>({ type: 'number', enum: [...ESP_CODES] })),
    copy_leads: Type.Optional(Type.Boolean({ description: 'Copy instead of move' })),
  },
  { additionalProperties: false },
);

const BulkAssignBody = Type.Object(
  {
    ...leadSelectionProperties,
    organization_user_ids: Type.Array(Uuid(), { minItems: 1, description: 'The users to hand the leads to, in turn' }),
    limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Assign at most this many leads (0: all)' })),
    assigned_to: Type.Optional(Uuid({ description: 'Only leads currently assigned to this user' })),
  },
  { additionalProperties: false },
);

const UpdateInterestBody = Type.Object(
  {
    lead_email: EmailText({ minLength: 1 }),
    interest_value: Nullable(InterestStatus),
    campaign_id: Type.Optional(Type.String()),
    list_id: Type.Optional(Type.String()),
    ai_interest_value: Type.Optional(Type.Number()),
    disable_auto_interest: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function leadOperationRoutes(app: App, { db, onJobEnqueued }: AppDeps) {
  app.post('/api/v2/leads/move', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: 'Move leads to a campaign or list',
      description:
        'Answers a move-leads background job; the worker moves the leads matching the filters in batches. A lead whose e-mail is already in the destination stays where it is and counts in failed_count.',
      body: MoveLeadsBody,
      response: { 200: BackgroundJob, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    assertSupportedSelection(body);
    if ((body.to_campaign_id === undefined) === (body.to_list_id === undefined)) {
      throw badRequest('Provide either to_campaign_id or to_list_id (exactly one)');
    }
    if (body.ids !== undefined && body.campaign === undefined && body.list_id === undefined) {
      throw badRequest('ids filters within a campaign or list: provide campaign or list_id with it');
    }
    if (body.campaign !== undefined || body.list_id !== undefined) await resolveContainer(db, principal.workspaceId, body.campaign, body.list_id);
    const destination = await resolveContainer(db, principal.workspaceId, body.to_campaign_id, body.to_list_id);
    const data = {
      filter: selectionOf(body),
      options: {
        to_campaign_id: body.to_campaign_id,
        to_list_id: body.to_list_id,
        check_duplicates_in_campaigns: body.check_duplicates_in_campaigns,
        skip_leads_in_verification: body.skip_leads_in_verification,
        limit: body.limit,
        assigned_to: body.assigned_to,
        esp_code: body.esp_code,
        copy_leads: body.copy_leads,
      },
    };
    const job = await db.transaction().execute(async (trx) =>
      enqueueJob(trx, {
        workspaceId: principal.workspaceId,
        userId: principal.userId,
        type: 'move-leads',
        kind: 'move-leads',
        entityType: destination.kind,
        entityId: destination.id,
        data: { ...data, total_to_process: await countMoveSelection(trx, principal.workspaceId, data), success_count: 0, failed_count: 0 },
      }),
    );
    onJobEnqueued?.();
    return jobToWire(job);
  });

  app.post('/api/v2/leads/bulk-assign', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: 'Assign leads to users in bulk',
      description: 'The matching leads are handed to the given users in turn, by a background job.',
      body: BulkAssignBody,
      response: { 202: AcceptedBody, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const body = request.body;
    assertSupportedSelection(body);
    if (body.campaign !== undefined || body.list_id !== undefined) await resolveContainer(db, principal.workspaceId, body.campaign, body.list_id);
    // Here organization_user_ids names who receives the leads; it is not a filter on them.
    const data = { filter: selectionOf({ ...body, organization_user_ids: undefined }), options: { organization_user_ids: body.organization_user_ids, limit: body.limit, current_owner: body.assigned_to } };
    await db.transaction().execute(async (trx) => {
      const counted = await countAssignSelection(trx, principal.workspaceId, data.filter, data.options.current_owner);
      const total = body.limit === undefined || body.limit === 0 ? counted : Math.min(counted, body.limit);
      await enqueueJob(trx, {
        workspaceId: principal.workspaceId,
        userId: principal.userId,
        type: 'assign-leads',
        kind: 'assign-leads',
        entityType: null,
        entityId: null,
        visible: false,
        data: { ...data, total_to_process: total, success_count: 0, failed_count: 0 },
      });
    });
    onJobEnqueued?.();
    return reply.code(202).send({ status: 'accepted', message: 'Your request will be processed in a background job' });
  });

  app.post('/api/v2/leads/update-interest-status', {
    ...guarded('leads', 'update'),
    schema: {
      tags,
      summary: "Update a lead's interest status",
      description: 'Sets lt_interest_status (null resets it) on the leads with this e-mail, in the campaign or list if one is given, by a background job.',
      body: UpdateInterestBody,
      response: { 202: AcceptedBody, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const body = request.body;
    for (const field of ['campaign_id', 'list_id'] as const) {
      const value = body[field];
      if (value !== undefined && !isUuid(value)) throw badRequest(`body/${field} must match format "uuid"`);
    }
    if (body.campaign_id !== undefined) await resolveContainer(db, principal.workspaceId, body.campaign_id, undefined);
    if (body.list_id !== undefined) await resolveContainer(db, principal.workspaceId, undefined, body.list_id);
    await assertKnownInterestStatuses(db, principal.workspaceId, body.interest_value === null ? [] : [{ field: 'body/interest_value', value: body.interest_value }]);
    await enqueueJob(db, {
      workspaceId: principal.workspaceId,
      userId: principal.userId,
      type: 'update-interest-status',
      kind: 'update-interest-status',
      entityType: null,
      entityId: null,
      visible: false,
      data: { options: { lead_email: body.lead_email, interest_value: body.interest_value, campaign_id: body.campaign_id, list_id: body.list_id } },
    });
    onJobEnqueued?.();
    return reply.code(202).send({ message: 'Lead interest status update background job submitted' });
  });
}
