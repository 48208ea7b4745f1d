import { Type } from '@sinclair/typebox';
import { startInterestStatusUpdate, startLeadAssignment, startLeadMove } from '../../services/lead-operations.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { BackgroundJob, jobToWire } from '../schemas/background-job.js';
import { isUuid } from '../../domain/uuid.js';
import { EmailText, ErrorBody, Nullable, Uuid } from '../schemas/common.js';
import { ESP_CODES, InterestStatus } from '../schemas/lead.js';
import { guarded } from './access.js';
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
    reset_interest_status: Type.Optional(Type.Boolean({ description: 'The moved or copied leads lose their interest status (false or absent: it is kept)' })),
    check_duplicates: Type.Optional(
      Type.Boolean({ description: 'Leadbase always refuses an e-mail the destination already holds; false (allow duplicates) is refused with a 400' }),
    ),
    ignore_resource_filter_clauses: Type.Optional(
      Type.Boolean({ description: 'Leadbase keeps no saved lead-finder clauses on campaigns or lists: the selection is the body\'s filters either way' }),
    ),
  },
  { additionalProperties: false },
);

const BulkAssignBody = Type.Object(
  {
    ...leadSelectionProperties,
    organization_user_ids: Type.Array(Uuid(), { minItems: 1, description: 'The users to hand the leads to, in turn' }),
    limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Assign at most this many leads (0: all)' })),
    assigned_to: Type.Optional(Uuid({ description: 'Only leads currently assigned to this user' })),
    has_clause: Type.Optional(Type.Boolean({ description: 'Leadbase keeps no web-app filter state: true is refused with a 400, false selects by the body\'s filters' })),
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
    const body = request.body;
    assertSupportedSelection(body);
    if (body.check_duplicates === false) {
      throw badRequest('body/check_duplicates: false is not supported: Leadbase never puts an e-mail twice in one campaign or list; omit it or send true');
    }
    const options = {
      to_campaign_id: body.to_campaign_id,
      to_list_id: body.to_list_id,
      check_duplicates_in_campaigns: body.check_duplicates_in_campaigns,
      skip_leads_in_verification: body.skip_leads_in_verification,
      limit: body.limit,
      assigned_to: body.assigned_to,
      esp_code: body.esp_code,
      copy_leads: body.copy_leads,
      reset_interest_status: body.reset_interest_status,
    };
    const job = await startLeadMove(db, principalOf(request), { filter: selectionOf(body), options });
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
    const body = request.body;
    assertSupportedSelection(body);
    if (body.has_clause === true) {
      throw badRequest('body/has_clause: true (the filters applied in the web app) is not supported: Leadbase keeps no web-app filter state; send the filters in the body');
    }
    // Here organization_user_ids names who receives the leads; it is not a filter on them.
    const filter = selectionOf({ ...body, organization_user_ids: undefined });
    const options = { organization_user_ids: body.organization_user_ids, limit: body.limit, current_owner: body.assigned_to };
    await startLeadAssignment(db, principalOf(request), { filter, options });
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
    const body = request.body;
    for (const field of ['campaign_id', 'list_id'] as const) {
      const value = body[field];
      if (value !== undefined && !isUuid(value)) throw badRequest(`body/${field} must match format "uuid"`);
    }
    await startInterestStatusUpdate(db, principalOf(request), { lead_email: body.lead_email, interest_value: body.interest_value, campaign_id: body.campaign_id, list_id: body.list_id });
    onJobEnqueued?.();
    return reply.code(202).send({ message: 'Lead interest status update background job submitted' });
  });
}
