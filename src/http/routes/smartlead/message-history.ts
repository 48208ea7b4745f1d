import type { TSchema } from '@sinclair/typebox';
import { messageHistory } from '../../../services/message-history.js';
import type { App, AppDeps } from '../../app-deps.js';
import { principalOf } from '../../auth.js';
import { ErrorBody } from '../../schemas/common.js';
import { CampaignLeadParams, LeadParams, MessageHistoryAnswer, messageHistoryToWire } from '../../schemas/smartlead-message-history.js';
import { guarded } from '../access.js';

const HOW = 'SENT for each recorded contacted event, REPLY for each reply (POST /api/v2/lead-events); empty until engagement is recorded.';

/** Both forms answer the same shape and need the same scope. */
const options = <P extends TSchema>(summary: string, params: P) => ({
  ...guarded('leads', 'read'),
  schema: { summary, description: HOW, params, response: { 200: MessageHistoryAnswer, 400: ErrorBody, 404: ErrorBody } },
});

export function smartleadMessageHistoryRoutes(v1: App, { db }: AppDeps): void {
  v1.get('/api/v1/campaigns/:campaign_id/leads/:lead_id/message-history', options("A lead's message history in a campaign", CampaignLeadParams), async (request) => {
    const { campaign_id: campaignId, lead_id: leadId } = request.params;
    return messageHistoryToWire(await messageHistory(db, principalOf(request), { leadId, campaignId }));
  });

  // Leadbase also serves the history without a campaign: every lead of the person.
  v1.get('/api/v1/leads/:lead_id/message-history', options("A lead's message history in all its campaigns", LeadParams), async (request) =>
    messageHistoryToWire(await messageHistory(db, principalOf(request), { leadId: request.params.lead_id })),
  );
}
