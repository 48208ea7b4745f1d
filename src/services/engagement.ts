import type { Kysely } from 'kysely';
import { cleanEmail, emailKey, isValidEmail } from '../domain/email.js';
import { type EngagementEvent, type EngagementEventType, type EngagementState, type StepSource, applyEngagement } from '../domain/engagement.js';
import type { Database } from '../store/database.js';
import { type LeadPlace, type NewLeadEvent, insertLeadEvents, leadPlacesByEmailKey, lockLeadsForEngagement, writeLeadEngagement } from '../store/lead-event-repository.js';
import type { LeadRow } from '../store/lead-repository.js';
import { InvalidRequestError, NotFoundError } from './errors.js';
import { unsubscribeLeads } from './lead-unsubscribe.js';
import type { Principal } from './principal.js';

/** One event as a client sends it: about a lead named by id, or by e-mail (narrowed by campaign or list). */
export interface EngagementInput {
  lead_id?: string | undefined;
  email?: string | undefined;
  campaign?: string | undefined;
  list_id?: string | undefined;
  event_type: EngagementEventType;
  timestamp?: string | undefined;
  count?: number | undefined;
  step?: number | undefined;
  variant?: number | undefined;
  step_id?: string | undefined;
  source?: StepSource | undefined;
  from_address?: string | undefined;
  esp_code?: number | undefined;
  subject?: string | undefined;
  body?: string | undefined;
}

export interface EngagementOutcome {
  recorded: number;
  leadsUpdated: number;
  unsubscribed: number;
}

/** Clocks differ a little; an event further ahead than this is a mistake in the client's data. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const COUNTED: readonly EngagementEventType[] = ['opened', 'clicked', 'replied'];

/** Checks what the schema cannot and reads the event; `where` is its place in the body. */
function readEvent(input: EngagementInput, where: string, now: Date): EngagementEvent {
  if ((input.lead_id === undefined) === (input.email === undefined)) throw new InvalidRequestError(`${where} must name its lead by lead_id or by email (one of the two)`);
  if (input.lead_id !== undefined && (input.campaign !== undefined || input.list_id !== undefined)) {
    throw new InvalidRequestError(`${where}: campaign and list_id narrow an email; an event naming lead_id takes neither`);
  }
  if (input.count !== undefined && !COUNTED.includes(input.event_type)) {
    throw new InvalidRequestError(`${where}/count is for opened, clicked and replied events only; a ${input.event_type} event happens once`);
  }
  const at = input.timestamp === undefined ? now : new Date(input.timestamp);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new InvalidRequestError(`${where}/timestamp ${input.timestamp ?? ''} is in the future`);
  return {
    type: input.event_type,
    at,
    count: input.count ?? 1,
    step: input.step ?? null,
    variant: input.variant ?? null,
    stepId: input.step_id ?? null,
    source: input.source ?? 'campaign',
    from: input.from_address ?? null,
    espCode: input.esp_code ?? null,
  };
}

/** The e-mail key an event names, checked by the rule leads are stored by. */
function emailKeyOf(input: EngagementInput, where: string): string | null {
  if (input.email === undefined) return null;
  const email = cleanEmail(input.email);
  if (email === null || !isValidEmail(email)) throw new InvalidRequestError(`${where}/email is not a valid e-mail address: ${JSON.stringify(input.email.slice(0, 100))}`);
  return emailKey(email);
}

/** The one lead an e-mail event is about; none or several is the client's to fix. */
function placeOf(input: EngagementInput, key: string, places: readonly LeadPlace[], where: string): string {
  const matching = places.filter(
    (place) => place.email_key === key && (input.campaign === undefined || place.campaign_id === input.campaign) && (input.list_id === undefined || place.list_id === input.list_id),
  );
  const container = input.campaign !== undefined ? ` in campaign ${input.campaign}` : input.list_id !== undefined ? ` in list ${input.list_id}` : '';
  const [only, ...others] = matching;
  if (only === undefined) throw new NotFoundError(`${where}: a lead with email ${input.email ?? ''}${container}`);
  if (others.length > 0) {
    throw new InvalidRequestError(`${where}: ${input.email ?? ''} is a lead in ${matching.length} places${container}; name its campaign or list_id, or send lead_id`);
  }
  return only.id;
}

function stateOf(lead: LeadRow): EngagementState {
  const { status, email_open_count, email_reply_count, email_click_count, timestamp_last_contact, timestamp_last_open, timestamp_last_reply, timestamp_last_click } = lead;
  return {
    status, email_open_count, email_reply_count, email_click_count, timestamp_last_contact, timestamp_last_open, timestamp_last_reply, timestamp_last_click,
    timestamp_last_touch: lead.timestamp_last_touch,
    esp_code: lead.esp_code,
    last_step_from: lead.last_step_from,
    last_step_id: lead.last_step_id,
    last_step_timestamp_executed: lead.last_step_timestamp_executed,
    last_contacted_from: lead.last_contacted_from,
    email_opened_step: lead.email_opened_step,
    email_opened_variant: lead.email_opened_variant,
    email_replied_step: lead.email_replied_step,
    email_replied_variant: lead.email_replied_variant,
    email_clicked_step: lead.email_clicked_step,
    email_clicked_variant: lead.email_clicked_variant,
    status_summary: lead.status_summary,
    status_summary_subseq: lead.status_summary_subseq,
  };
}

/**
 * Records engagement events and updates every lead field the vendor would (src/domain/engagement.ts
 * holds the rules). One transaction: an event that names no lead, or is malformed, refuses the
 * whole request and nothing is recorded.
 */
export async function recordEngagement(db: Kysely<Database>, principal: Principal, inputs: readonly EngagementInput[]): Promise<EngagementOutcome> {
  const { workspaceId } = principal;
  const now = new Date();
  const read = inputs.map((input, index) => {
    const where = `body/events/${index}`;
    return { input, where, event: readEvent(input, where, now), key: emailKeyOf(input, where) };
  });
  return db.transaction().execute(async (trx) => {
    const places = await leadPlacesByEmailKey(trx, workspaceId, read.flatMap(({ key }) => (key === null ? [] : [key])));
    const located = read.map((item) => ({ ...item, leadId: item.key === null ? (item.input.lead_id ?? '').toLowerCase() : placeOf(item.input, item.key, places, item.where) }));
    const leads = await lockLeadsForEngagement(trx, workspaceId, located.map(({ leadId }) => leadId));
    const missing = located.find(({ leadId }) => !leads.has(leadId));
    if (missing !== undefined) throw new NotFoundError(`${missing.where}: lead ${missing.leadId}`);

    const byLead = new Map<string, typeof located>();
    for (const item of located) {
      byLead.set(item.leadId, [...(byLead.get(item.leadId) ?? []), item]);
    }
    const unsubscribing: string[] = [];
    for (const [leadId, items] of byLead) {
      const engaged = leads.get(leadId);
      if (engaged === undefined) continue;
      const events = items.map(({ event }) => event).sort((a, b) => a.at.getTime() - b.at.getTime());
      // The vendor's default is to stop on reply; only a campaign that turned it off keeps going.
      const next = applyEngagement(stateOf(engaged.lead), events, { stopOnReply: engaged.stopOnReply !== false });
      await writeLeadEngagement(trx, leadId, next, now);
      if (events.some((event) => event.type === 'unsubscribed')) unsubscribing.push(leadId);
    }
    await insertLeadEvents(trx, located.map(({ input, event, leadId }): NewLeadEvent => ({
      workspace_id: workspaceId,
      lead_id: leadId,
      event_type: event.type,
      occurred_at: event.at,
      event_count: event.count,
      step: event.step,
      variant: event.variant,
      step_id: event.stepId,
      source: event.source,
      from_address: event.from,
      esp_code: event.espCode,
      subject: input.subject ?? null,
      body: input.body ?? null,
    })));
    // The status is already Unsubscribed; this adds the addresses to the block list when the workspace says so.
    await unsubscribeLeads(trx, workspaceId, unsubscribing, now);
    return { recorded: located.length, leadsUpdated: byLead.size, unsubscribed: unsubscribing.length };
  });
}
