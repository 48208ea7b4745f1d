import { Type } from '@sinclair/typebox';
import { ENGAGEMENT_EVENT_TYPES, STEP_SOURCES } from '../../domain/engagement.js';
import { DateTime, EmailBodyText, EmailText, LongText, Uuid } from './common.js';
import { ESP_CODES } from './lead.js';

export const MAX_ENGAGEMENT_EVENTS = 1000;

const enumOf = <T extends readonly (string | number)[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: typeof values[0] === 'number' ? 'number' : 'string', enum: [...values], description });
const StepNumber = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description }));

export const EngagementEventBody = Type.Object(
  {
    lead_id: Type.Optional(Uuid({ description: 'The lead the event is about. Send this or email.' })),
    email: Type.Optional(EmailText({ description: 'The lead the event is about, by e-mail address (case-insensitive); narrowed by campaign or list_id when the address is a lead in several places' })),
    campaign: Type.Optional(Uuid({ description: 'With email: the campaign the lead is in' })),
    list_id: Type.Optional(Uuid({ description: 'With email: the list the lead is in' })),
    event_type: enumOf(ENGAGEMENT_EVENT_TYPES, 'What happened: contacted (a step was sent), opened, clicked, replied, bounced, unsubscribed, completed (the sequence is over)'),
    timestamp: Type.Optional(DateTime({ description: 'When it happened; default: now. An event older than what the lead shows counts but never moves its "last" fields back' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'opened, clicked, replied: how many such events this one stands for (an export carries counts); default 1' })),
    step: StepNumber('The sequence step (1 is the first e-mail) sent, opened, clicked or replied to'),
    variant: StepNumber('The step variant (1 is the first)'),
    step_id: Type.Optional(Uuid({ description: 'contacted: the id of the step sent (last_step_id)' })),
    source: Type.Optional(enumOf(STEP_SOURCES, 'contacted: whether the step belongs to the campaign or a subsequence (last_step_from); default campaign')),
    from_address: Type.Optional(EmailText({ description: 'contacted: the sending address (last_contacted_from)' })),
    esp_code: Type.Optional(enumOf(ESP_CODES, "The lead's e-mail service provider as the vendor codes it (esp_code)")),
    subject: Type.Optional(LongText({ description: 'contacted, replied: the subject, shown by the Smartlead message history' })),
    body: Type.Optional(EmailBodyText({ description: 'contacted, replied: the message, shown by the Smartlead message history' })),
  },
  { additionalProperties: false },
);

export const RecordEngagementBody = Type.Object(
  { events: Type.Array(EngagementEventBody, { minItems: 1, maxItems: MAX_ENGAGEMENT_EVENTS }) },
  { additionalProperties: false },
);

export const RecordedEngagement = Type.Object(
  {
    recorded: Type.Integer({ description: 'Events recorded' }),
    leads_updated: Type.Integer({ description: 'Distinct leads the events were about' }),
    unsubscribed: Type.Integer({ description: 'Leads with an unsubscribed event (their addresses went on the block list when the workspace has add_unsub_to_block)' }),
  },
  { title: 'Recorded engagement', additionalProperties: false },
);
