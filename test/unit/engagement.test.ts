import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type EngagementEvent, type EngagementEventType, type EngagementState, applyEngagement } from '../../src/domain/engagement.js';
import { eventsOfExportedLead, exportFieldName } from '../../src/domain/engagement-export.js';

const NOTHING: EngagementState = {
  status: 1, email_open_count: 0, email_reply_count: 0, email_click_count: 0,
  timestamp_last_contact: null, timestamp_last_open: null, timestamp_last_reply: null, timestamp_last_click: null, timestamp_last_touch: null,
  esp_code: null, last_step_from: null, last_step_id: null, last_step_timestamp_executed: null, last_contacted_from: null,
  email_opened_step: null, email_opened_variant: null, email_replied_step: null, email_replied_variant: null, email_clicked_step: null, email_clicked_variant: null,
  status_summary: null, status_summary_subseq: null,
};

const event = (type: EngagementEventType, day: number, extra: Partial<EngagementEvent> = {}): EngagementEvent => ({
  type, at: new Date(Date.UTC(2026, 0, day)), count: 1, step: day, variant: 1, stepId: null, source: 'campaign', from: `s${day}@acme.test`, espCode: null, ...extra,
});

/** Every order of a list (small lists only). */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('applyEngagement', () => {
  test('the result does not depend on the order the events arrive in', () => {
    const events = [event('contacted', 1), event('opened', 2, { count: 3 }), event('contacted', 5), event('replied', 6), event('bounced', 4), event('clicked', 3)];
    const expected = applyEngagement(NOTHING, events, { stopOnReply: true });
    for (const order of orders(events)) assert.deepEqual(applyEngagement(NOTHING, order, { stopOnReply: true }), expected);
    assert.equal(expected.status, -1, 'bounced outranks the completion a reply brings');
    assert.equal(expected.email_open_count, 3);
    assert.equal(expected.last_contacted_from, 's5@acme.test');
    assert.equal(expected.email_replied_step, 6);
    assert.deepEqual(expected.timestamp_last_touch, new Date(Date.UTC(2026, 0, 6)));
  });

  test('a reply completes an active or paused lead only when the campaign stops on reply', () => {
    assert.equal(applyEngagement(NOTHING, [event('replied', 1)], { stopOnReply: true }).status, 3);
    assert.equal(applyEngagement({ ...NOTHING, status: 2 }, [event('replied', 1)], { stopOnReply: true }).status, 3);
    assert.equal(applyEngagement(NOTHING, [event('replied', 1)], { stopOnReply: false }).status, 1);
    assert.equal(applyEngagement({ ...NOTHING, status: -2 }, [event('replied', 1), event('bounced', 2)], { stopOnReply: true }).status, -2);
  });

  test('an event without a step keeps the step the lead shows', () => {
    const first = applyEngagement(NOTHING, [event('opened', 1)], { stopOnReply: true });
    const second = applyEngagement(first, [event('opened', 2, { step: null, variant: null })], { stopOnReply: true });
    assert.equal(second.email_opened_step, 1);
    assert.deepEqual(second.timestamp_last_open, new Date(Date.UTC(2026, 0, 2)));
  });
});

describe('eventsOfExportedLead', () => {
  test('a vendor lead becomes the events that give it back its counts, times, steps and status', () => {
    const result = eventsOfExportedLead(
      {
        email: 'ann@example.com', status: '-2', email_open_count: '2', email_reply_count: 0, email_click_count: '', esp_code: '2',
        timestamp_last_contact: '2026-01-01T09:00:00Z', timestamp_last_open: '2026-01-02T09:00:00Z', email_opened_step: '1', email_opened_variant: '2',
        last_step_id: '0190a000-1111-7000-8000-00000000000a', last_step_from: 'campaign', last_contacted_from: 'me@acme.test', timestamp_last_touch: '2026-01-03T09:00:00Z',
      },
      { campaign: '0190a000-2222-7000-8000-00000000000b' },
    );
    const base = { email: 'ann@example.com', campaign: '0190a000-2222-7000-8000-00000000000b', esp_code: 2 };
    assert.deepEqual(result, {
      kind: 'events',
      email: 'ann@example.com',
      events: [
        { ...base, event_type: 'contacted', timestamp: '2026-01-01T09:00:00.000Z', step_id: '0190a000-1111-7000-8000-00000000000a', source: 'campaign', from_address: 'me@acme.test' },
        { ...base, event_type: 'opened', timestamp: '2026-01-02T09:00:00.000Z', count: 2, step: 1, variant: 2 },
        { ...base, event_type: 'unsubscribed', timestamp: '2026-01-03T09:00:00.000Z' },
      ],
    });
    assert.deepEqual(eventsOfExportedLead({ email: 'x@example.com', status: 1, email_open_count: 0 }, {}), { kind: 'nothing' });
    assert.deepEqual(eventsOfExportedLead({ status: 3 }, {}), { kind: 'refused', reason: 'no email' });
    assert.equal(exportFieldName('  Email Open-Count '), 'email_open_count');
  });
});
