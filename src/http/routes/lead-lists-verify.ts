import { verifyLeadList } from '../../services/lead-verification.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
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
    const job = await verifyLeadList(db, principalOf(request), request.params.id);
    onJobEnqueued?.();
    return jobToWire(job);
  });
}
