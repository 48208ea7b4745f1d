import { recordEngagement } from '../../services/engagement.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { ErrorBody } from '../schemas/common.js';
import { RecordEngagementBody, RecordedEngagement } from '../schemas/lead-event.js';
import { guarded } from './access.js';

export function leadEventRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/lead-events', {
    ...guarded('leads', 'update'),
    schema: {
      tags: ['Lead'],
      summary: 'Record engagement on leads (Leadbase extension)',
      description:
        'Leadbase extension, not part of the vendor API: Leadbase sends no e-mail, so this plays back what a sender saw. Each event (up to 1000 per request) names its lead by `lead_id` or by `email` ' +
        '(with `campaign` or `list_id` when the address is a lead in several places) and updates the lead as the vendor would: `status` (a reply completes the lead unless its campaign has ' +
        '`stop_on_reply: false`; bounced, unsubscribed and completed set theirs, never stepping back down), the open/reply/click counters, `timestamp_last_*`, the step fields, `status_summary`, ' +
        '`esp_code`, and, for an unsubscribe when the workspace has `add_unsub_to_block`, the block list. The events are kept (the Smartlead message history reads them). All or nothing: ' +
        'one event that is malformed or names no lead refuses the request and nothing is recorded.',
      body: RecordEngagementBody,
      response: { 200: RecordedEngagement, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const outcome = await recordEngagement(db, principalOf(request), request.body.events);
    return { recorded: outcome.recorded, leads_updated: outcome.leadsUpdated, unsubscribed: outcome.unsubscribed };
  });
}
