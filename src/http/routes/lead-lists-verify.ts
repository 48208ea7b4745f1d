import { enqueueJob } from '../../jobs/queue.js';
import { findLeadList } from '../../store/lead-list-repository.js';
import { VerificationStatus } from '../../verification/classify.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { notFound } from '../errors.js';
import { BackgroundJob, jobToWire } from '../schemas/background-job.js';
import { ErrorBody, IdParams } from '../schemas/common.js';
import { guarded } from './access.js';

/**
 * POST /api/v2/lead-lists/{id}/verify, a Leadbase extension: the vendor verifies leads only as
 * they are imported (verify_leads_on_import), and has no v2 call to verify a list already held.
 */
export function leadListVerifyRoutes(app: App, { db, onJobEnqueued }: AppDeps) {
  app.post('/api/v2/lead-lists/:id/verify', {
    ...guarded('lead_lists', 'update'),
    schema: {
      tags: ['Lead List'],
      summary: 'Verify every lead of a list (Leadbase extension)',
      description:
        'Leadbase extension, not part of the vendor API. Marks every lead of the list 12 (pending verification job) and answers the background job (type import-leads, entity the list) that verifies them: syntax, the domain\'s MX (or A/AAAA) records, disposable domains and role addresses. GET /lead-lists/{id}/verification-stats shows the outcome. See docs/verification.md.',
      params: IdParams,
      response: { 200: BackgroundJob, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const job = await db.transaction().execute(async (trx) => {
      const list = await findLeadList(trx, principal.workspaceId, request.params.id);
      if (list === undefined) throw notFound('Lead list');
      // Marked in the request's transaction, so the stats show the leads as pending at once and
      // a move with skip_leads_in_verification leaves them be until the job has judged them.
      const marked = await trx
        .updateTable('leads')
        .set({ verification_status: VerificationStatus.pendingJob })
        .where('workspace_id', '=', principal.workspaceId)
        .where('list_id', '=', list.id)
        .executeTakeFirst();
      return enqueueJob(trx, {
        workspaceId: principal.workspaceId,
        userId: principal.userId,
        type: 'import-leads',
        kind: 'verify-leads',
        entityType: 'list',
        entityId: list.id,
        data: { action: 'verify-leads', total_to_process: Number(marked.numUpdatedRows), success_count: 0, failed_count: 0 },
      });
    });
    onJobEnqueued?.();
    return jobToWire(job);
  });
}
