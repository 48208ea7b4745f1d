import type { AssignJobData, InterestJobData, MoveJobData } from '../domain/job-payloads.js';
import { type JobRow, enqueueJob } from '../jobs/queue.js';
import type { Db } from '../store/database.js';
import { countAssignSelection } from '../store/lead-bulk-update-repository.js';
import { countMoveSelection } from '../store/lead-move-repository.js';
import { InvalidRequestError } from './errors.js';
import { assertKnownInterestStatuses } from './interest-status.js';
import { resolveContainer } from './lead-container.js';
import type { Principal } from './principal.js';

const given = (value: string | undefined): value is string => value !== undefined;

/** The source campaign or list a selection names must be the caller's. */
async function assertSourceExists(db: Db, workspaceId: string, filter: MoveJobData['filter']): Promise<void> {
  if (given(filter.campaign) || given(filter.list_id)) await resolveContainer(db, workspaceId, filter.campaign, filter.list_id);
}

/**
 * Queues a move-leads job for the selection, with its total counted in the same transaction.
 * `ids` select within a source (the vendor's rule): a campaign, a list, or the workspace
 * leads (`in_campaign: false` and `in_list: false`), which have no id to name.
 */
export async function startLeadMove(db: Db, principal: Principal, input: Pick<MoveJobData, 'filter' | 'options'>): Promise<JobRow> {
  const { workspaceId } = principal;
  const { filter, options } = input;
  if (given(options.to_campaign_id) === given(options.to_list_id)) throw new InvalidRequestError('Provide either to_campaign_id or to_list_id (exactly one)');
  const workspaceLeads = filter.in_campaign === false && filter.in_list === false;
  if (filter.ids !== undefined && !given(filter.campaign) && !given(filter.list_id) && !workspaceLeads) {
    throw new InvalidRequestError('ids filters within a campaign or list: provide campaign or list_id with it (or in_campaign: false and in_list: false for the workspace leads)');
  }
  await assertSourceExists(db, workspaceId, filter);
  const destination = await resolveContainer(db, workspaceId, options.to_campaign_id, options.to_list_id);
  return db.transaction().execute(async (trx) =>
    enqueueJob(trx, {
      workspaceId,
      userId: principal.userId,
      type: 'move-leads',
      kind: 'move-leads',
      entityType: destination.kind,
      entityId: destination.id,
      data: { filter, options, total_to_process: await countMoveSelection(trx, workspaceId, { filter, options }), success_count: 0, failed_count: 0 },
    }),
  );
}

/** Queues an assign-leads job (not listed: the vendor has no job type for it). */
export async function startLeadAssignment(db: Db, principal: Principal, input: Pick<AssignJobData, 'filter' | 'options'>): Promise<void> {
  const { workspaceId } = principal;
  const { filter, options } = input;
  await assertSourceExists(db, workspaceId, filter);
  await db.transaction().execute(async (trx) => {
    const counted = await countAssignSelection(trx, workspaceId, filter, options.current_owner);
    const total = options.limit === undefined || options.limit === 0 ? counted : Math.min(counted, options.limit);
    await enqueueJob(trx, {
      workspaceId,
      userId: principal.userId,
      type: 'assign-leads',
      kind: 'assign-leads',
      entityType: null,
      entityId: null,
      visible: false,
      data: { filter, options, total_to_process: total, success_count: 0, failed_count: 0 },
    });
  });
}

/** Queues the interest status change of the leads with one e-mail, in a campaign or list if named. */
export async function startInterestStatusUpdate(db: Db, principal: Principal, options: InterestJobData['options']): Promise<void> {
  const { workspaceId } = principal;
  if (given(options.campaign_id)) await resolveContainer(db, workspaceId, options.campaign_id, undefined);
  if (given(options.list_id)) await resolveContainer(db, workspaceId, undefined, options.list_id);
  await assertKnownInterestStatuses(db, workspaceId, options.interest_value === null ? [] : [{ field: 'body/interest_value', value: options.interest_value }]);
  await enqueueJob(db, {
    workspaceId,
    userId: principal.userId,
    type: 'update-interest-status',
    kind: 'update-interest-status',
    entityType: null,
    entityId: null,
    visible: false,
    data: { options },
  });
}
