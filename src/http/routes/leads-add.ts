import { rowOutcomes } from '../../domain/import-plan.js';
import { addLeads } from '../../services/lead-intake.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { ErrorBody } from '../schemas/common.js';
import { AddLeadsBody, AddLeadsSummary } from '../schemas/lead-import.js';
import { guarded } from './access.js';
import { resolveExactlyOneContainer } from '../../services/lead-container.js';

export function leadsAddRoutes(app: App, { db, onJobEnqueued }: AppDeps) {
  app.post('/api/v2/leads/add', {
    ...guarded('leads', 'create'),
    schema: {
      tags: ['Lead'],
      summary: 'Add leads in bulk to a campaign or list',
      description:
        'Adds up to 1000 leads to a campaign (`campaign_id`) or a list (`list_id`), not both. Each lead lands in exactly one counter, in this order of precedence: incomplete_count (list lead with no e-mail or name), invalid_email_count, duplicate_email_count (repeated in this request), in_blocklist, skipped_count (skip_if_in_* flags), duplicated_leads (already in this campaign or list), leads_uploaded. The request is one transaction.\n\nLeadbase extension: with `return_outcomes: true` the answer also has `outcomes`, one `{index, outcome, id, reason}` per lead in request order: the outcome names are the counters\' (`created`, `incomplete`, `invalid_email`, `duplicate_email`, `in_blocklist`, `skipped`, `duplicated_lead`), `id` is the created lead or the existing lead that made it skipped or a duplicated_lead (null when none or unknown), `reason` says why in words.',
      body: AddLeadsBody,
      response: { 200: AddLeadsSummary, 400: ErrorBody, 401: ErrorBody, 402: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    const target = await resolveExactlyOneContainer(db, principal.workspaceId, body.campaign_id, body.list_id, ['campaign_id', 'list_id']);
    const result = await addLeads(db, principal, {
      target,
      leads: body.leads,
      blocklistId: body.blocklist_id,
      assignedTo: body.assigned_to,
      verify: body.verify_leads_on_import,
      flags: body,
      identifyDuplicates: body.return_outcomes,
    });
    // A verification job was queued: wake this process's worker rather than wait for its poll.
    if (result.verificationJobId !== null) onJobEnqueued?.();
    return {
      status: 'success',
      ...result.counters,
      blocklist_used: result.blocklistUsed,
      remaining_in_plan: result.remainingInPlan,
      created_leads: result.createdLeads,
      ...(body.return_outcomes === true ? { outcomes: rowOutcomes(result.decisions, target.kind, body.leads) } : {}),
    };
  });
}
