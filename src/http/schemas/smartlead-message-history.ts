import { type Static, Type } from '@sinclair/typebox';
import type { MessageHistory } from '../../services/message-history.js';
import { DateTime } from './common.js';
import { SmartleadId } from './smartlead.js';

/**
 * Smartlead's "Fetch Lead Message History Based On Campaign" answer (its public API reference):
 * the messages sent to a lead (SENT) and its replies (REPLY), oldest first. Leadbase sends and
 * receives nothing: the history is the engagement recorded through POST /api/v2/lead-events.
 */
export const SmartleadMessage = Type.Object(
  {
    stats_id: Type.String(),
    from: Type.String(),
    to: Type.String(),
    type: Type.Union([Type.Literal('SENT'), Type.Literal('REPLY')]),
    message_id: Type.String(),
    time: DateTime(),
    email_body: Type.String(),
    subject: Type.String(),
    email_seq_number: Type.String(),
    open_count: Type.Integer(),
    click_count: Type.Integer(),
    click_details: Type.Object({}, { additionalProperties: true }),
  },
  { title: 'SmartleadMessage' },
);

/**
 * The same messages as the current reference page's example shows them (`messages`, with a
 * direction): the older form (`history`) is what published clients parse, so both are answered.
 */
export const SmartleadThreadMessage = Type.Object(
  {
    id: Type.String(),
    subject: Type.String(),
    direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
    sent_at: Type.Optional(DateTime()),
    opened_at: Type.Optional(DateTime()),
    received_at: Type.Optional(DateTime()),
  },
  { title: 'SmartleadThreadMessage' },
);

export const MessageHistoryAnswer = Type.Object(
  { history: Type.Array(SmartleadMessage), messages: Type.Array(SmartleadThreadMessage), from: Type.String(), to: Type.String() },
  { title: 'SmartleadMessageHistory', description: 'Empty history until engagement is recorded on the lead (POST /api/v2/lead-events)' },
);

export const CampaignLeadParams = Type.Object({ campaign_id: SmartleadId, lead_id: SmartleadId });
export const LeadParams = Type.Object({ lead_id: SmartleadId });

type Message = Static<typeof SmartleadMessage>;
type ThreadMessage = Static<typeof SmartleadThreadMessage>;

/** SENT for each contacted event, REPLY for each replied one; opens and clicks count against the step they name. */
export function messageHistoryToWire(history: MessageHistory): Static<typeof MessageHistoryAnswer> {
  const tally = (type: string, step: number | null) =>
    history.events.filter((event) => event.event_type === type && event.step === step).reduce((sum, event) => sum + event.event_count, 0);
  const firstOpen = (step: number | null) =>
    history.events.find((event) => event.event_type === 'opened' && event.step === step)?.occurred_at.toISOString();
  let sender = '';
  const messages: Message[] = [];
  const thread: ThreadMessage[] = [];
  for (const event of history.events) {
    if (event.event_type !== 'contacted' && event.event_type !== 'replied') continue;
    const sent = event.event_type === 'contacted';
    if (sent && event.from_address !== null) sender = event.from_address;
    messages.push({
      stats_id: event.id,
      from: sent ? (event.from_address ?? '') : history.leadEmail,
      to: sent ? history.leadEmail : sender,
      type: sent ? 'SENT' : 'REPLY',
      message_id: `<${event.id}@leadbase>`,
      time: event.occurred_at.toISOString(),
      email_body: event.body ?? '',
      subject: event.subject ?? '',
      email_seq_number: event.step === null ? '' : String(event.step),
      open_count: sent ? tally('opened', event.step) : 0,
      click_count: sent ? tally('clicked', event.step) : 0,
      click_details: {},
    });
    const time = event.occurred_at.toISOString();
    const opened = sent ? firstOpen(event.step) : undefined;
    thread.push({
      id: event.id,
      subject: event.subject ?? '',
      direction: sent ? 'outbound' : 'inbound',
      ...(sent ? { sent_at: time } : { received_at: time }),
      ...(opened === undefined ? {} : { opened_at: opened }),
    });
  }
  return { history: messages, messages: thread, from: sender, to: history.leadEmail };
}
