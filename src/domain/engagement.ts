/**
 * Engagement played back: what a recorded event does to a lead, by the vendor's rules. Pure: the
 * service reads the lead, folds its new events in here and writes the result.
 *
 * The fold does not depend on the order events arrive in. Counters add up; every "last" field
 * (timestamp_last_*, the step that goes with it, last_step_*) takes the newest event and never
 * moves back for an older one; the status moves only up the ladder below, so a late-arriving
 * reply cannot turn an unsubscribed lead back into a completed one.
 */

export const ENGAGEMENT_EVENT_TYPES = ['contacted', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'completed'] as const;
export type EngagementEventType = (typeof ENGAGEMENT_EVENT_TYPES)[number];

export const STEP_SOURCES = ['campaign', 'subsequence'] as const;
export type StepSource = (typeof STEP_SOURCES)[number];

/** The vendor's lead status values. */
export const LEAD_STATUS = { active: 1, paused: 2, completed: 3, bounced: -1, unsubscribed: -2, skipped: -3 } as const;

/** The last step a lead was sent, as the vendor's status_summary carries it. */
export interface StepSummary {
  from: string;
  stepID: string | null;
  timestamp_executed: string;
}

export interface EngagementEvent {
  type: EngagementEventType;
  at: Date;
  /** How many such events this one stands for (an export carries counts, not each open). */
  count: number;
  step: number | null;
  variant: number | null;
  stepId: string | null;
  source: StepSource;
  /** The sending address of a contact. */
  from: string | null;
  espCode: number | null;
}

/** The lead fields engagement changes, as the lead row holds them. */
export interface EngagementState {
  status: number;
  email_open_count: number;
  email_reply_count: number;
  email_click_count: number;
  timestamp_last_contact: Date | null;
  timestamp_last_open: Date | null;
  timestamp_last_reply: Date | null;
  timestamp_last_click: Date | null;
  timestamp_last_touch: Date | null;
  esp_code: number | null;
  last_step_from: string | null;
  last_step_id: string | null;
  last_step_timestamp_executed: Date | null;
  last_contacted_from: string | null;
  email_opened_step: number | null;
  email_opened_variant: number | null;
  email_replied_step: number | null;
  email_replied_variant: number | null;
  email_clicked_step: number | null;
  email_clicked_variant: number | null;
  status_summary: StepSummary | null;
  status_summary_subseq: StepSummary | null;
}

export interface EngagementRules {
  /** The lead's campaign stops sending on a reply (the vendor's stop_on_reply): a reply completes the lead. */
  stopOnReply: boolean;
}

/**
 * How final a status is. An event moves the status only to a higher rung: unsubscribed (the
 * recipient's own choice) over bounced (the address is dead) over completed (the sequence is
 * over) over the rest (active, paused, skipped).
 */
function rung(status: number): number {
  switch (status) {
    case LEAD_STATUS.unsubscribed:
      return 3;
    case LEAD_STATUS.bounced:
      return 2;
    case LEAD_STATUS.completed:
      return 1;
    default:
      return 0;
  }
}

function statusAfter(type: EngagementEventType, rules: EngagementRules): number | null {
  switch (type) {
    case 'bounced':
      return LEAD_STATUS.bounced;
    case 'unsubscribed':
      return LEAD_STATUS.unsubscribed;
    case 'completed':
      return LEAD_STATUS.completed;
    case 'replied':
      return rules.stopOnReply ? LEAD_STATUS.completed : null;
    default:
      return null;
  }
}

/** The fields each kind of response is counted and stamped in. */
const TALLIES = {
  opened: { count: 'email_open_count', last: 'timestamp_last_open', step: 'email_opened_step', variant: 'email_opened_variant' },
  clicked: { count: 'email_click_count', last: 'timestamp_last_click', step: 'email_clicked_step', variant: 'email_clicked_variant' },
  replied: { count: 'email_reply_count', last: 'timestamp_last_reply', step: 'email_replied_step', variant: 'email_replied_variant' },
} as const;

/** `at` is at least as new as `shown` (nothing shown yet counts as older). */
const notOlder = (at: Date, shown: Date | null) => shown === null || at.getTime() >= shown.getTime();
const newest = (at: Date, shown: Date | null) => (notOlder(at, shown) ? at : shown);

function applyEvent(state: EngagementState, event: EngagementEvent, rules: EngagementRules): EngagementState {
  const next = { ...state };
  const { at } = event;
  const target = statusAfter(event.type, rules);
  if (target !== null && rung(target) > rung(state.status)) next.status = target;
  if (event.type !== 'completed') next.timestamp_last_touch = newest(at, state.timestamp_last_touch);
  if (event.espCode !== null && notOlder(at, state.timestamp_last_touch)) next.esp_code = event.espCode;
  else if (event.espCode !== null && state.esp_code === null) next.esp_code = event.espCode;
  switch (event.type) {
    case 'contacted': {
      next.timestamp_last_contact = newest(at, state.timestamp_last_contact);
      if (notOlder(at, state.last_step_timestamp_executed)) {
        next.last_step_from = event.source;
        next.last_step_id = event.stepId;
        next.last_step_timestamp_executed = at;
        if (event.from !== null) next.last_contacted_from = event.from;
      }
      const summary: StepSummary = { from: event.source, stepID: event.stepId, timestamp_executed: at.toISOString() };
      if (event.source === 'campaign' && notOlder(at, summaryTime(state.status_summary))) next.status_summary = summary;
      if (event.source === 'subsequence' && notOlder(at, summaryTime(state.status_summary_subseq))) next.status_summary_subseq = summary;
      break;
    }
    case 'opened':
    case 'clicked':
    case 'replied': {
      const fields = TALLIES[event.type];
      next[fields.count] = state[fields.count] + event.count;
      if (notOlder(at, state[fields.last])) {
        next[fields.last] = at;
        if (event.step !== null) [next[fields.step], next[fields.variant]] = [event.step, event.variant];
      }
      break;
    }
    default:
      break;
  }
  return next;
}

const summaryTime = (summary: StepSummary | null) => (summary === null ? null : new Date(summary.timestamp_executed));

/** The lead's engagement fields once these events are recorded on it. */
export function applyEngagement(state: EngagementState, events: readonly EngagementEvent[], rules: EngagementRules): EngagementState {
  return events.reduce((current, event) => applyEvent(current, event, rules), state);
}
