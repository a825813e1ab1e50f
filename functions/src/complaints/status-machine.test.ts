import { describe, expect, it } from 'vitest';
import {
  COMPLAINT_ACTORS,
  COMPLAINT_EVENTS,
  COMPLAINT_STATUSES,
  type ComplaintActor,
  type ComplaintEventType,
  type ComplaintStatus,
} from '@linli/shared/complaints';
import { autoCloseAt, availableEvents, REOPEN_WINDOW_MS, transition, type ComplaintState } from './status-machine.ts';

const resolvedAt = '2026-10-09T06:00:00.000Z';
const insideWindow = new Date(Date.parse(resolvedAt) + REOPEN_WINDOW_MS - 1);
const windowEnd = new Date(Date.parse(resolvedAt) + REOPEN_WINDOW_MS);
const now = new Date('2026-10-12T02:00:00.000Z');

function complaintIn(status: ComplaintStatus): ComplaintState {
  return { status, resolvedAt: status === 'resolved' || status === 'closed' ? resolvedAt : null };
}

const LEGAL: Array<[ComplaintStatus, ComplaintEventType, ComplaintActor, ComplaintStatus, Date]> = [
  ['submitted', 'acknowledge', 'agent', 'acknowledged', now],
  ['acknowledged', 'start', 'agent', 'in_progress', now],
  ['reopened', 'start', 'agent', 'in_progress', now],
  ['in_progress', 'ask_buyer', 'agent', 'waiting_for_buyer', now],
  ['waiting_for_buyer', 'buyer_replied', 'buyer', 'in_progress', now],
  ['waiting_for_buyer', 'buyer_replied', 'agent', 'in_progress', now],
  ['in_progress', 'resolve', 'agent', 'resolved', now],
  ['waiting_for_buyer', 'resolve', 'agent', 'resolved', now],
  ['resolved', 'confirm', 'buyer', 'closed', insideWindow],
  ['resolved', 'confirm', 'buyer', 'closed', windowEnd],
  ['resolved', 'reopen', 'buyer', 'reopened', insideWindow],
  ['resolved', 'auto_close', 'system', 'closed', windowEnd],
];

describe('transition', () => {
  it.each(LEGAL)('moves %s on %s by %s to %s', (from, type, by, to, at) => {
    const result = transition(complaintIn(from), { type, by }, at);
    expect(result).toMatchObject({ ok: true, next: { status: to }, change: { status: to, at: at.toISOString() } });
  });

  it('refuses every other status, event and actor combination', () => {
    for (const at of [insideWindow, windowEnd]) {
      for (const status of COMPLAINT_STATUSES) {
        for (const type of COMPLAINT_EVENTS) {
          for (const by of COMPLAINT_ACTORS) {
            // Rows dated `now` hold at any time; the others only at their instant.
            const legal = LEGAL.some(([f, t, b, , when]) => f === status && t === type && b === by && (when === now || when === at));
            const result = transition(complaintIn(status), { type, by }, at);
            expect({ status, type, by, at, ok: result.ok }).toEqual({ status, type, by, at, ok: legal });
          }
        }
      }
    }
  });

  it.each<[string, ComplaintStatus, ComplaintEventType, ComplaintActor]>([
    ['actor_not_allowed', 'submitted', 'acknowledge', 'buyer'],
    ['actor_not_allowed', 'resolved', 'reopen', 'agent'],
    ['actor_not_allowed', 'resolved', 'confirm', 'agent'],
    ['actor_not_allowed', 'in_progress', 'resolve', 'system'],
    ['actor_not_allowed', 'resolved', 'auto_close', 'agent'],
    ['already_acknowledged', 'in_progress', 'acknowledge', 'agent'],
    ['not_ready_to_start', 'submitted', 'start', 'agent'],
    ['not_ready_to_start', 'in_progress', 'start', 'agent'],
    ['not_in_progress', 'acknowledged', 'ask_buyer', 'agent'],
    ['not_in_progress', 'acknowledged', 'resolve', 'agent'],
    ['not_in_progress', 'reopened', 'resolve', 'agent'],
    ['not_waiting_for_buyer', 'in_progress', 'buyer_replied', 'buyer'],
    ['not_resolved', 'in_progress', 'confirm', 'buyer'],
    ['not_resolved', 'waiting_for_buyer', 'reopen', 'buyer'],
    ['not_resolved', 'reopened', 'auto_close', 'system'],
    ['already_closed', 'closed', 'reopen', 'buyer'],
    ['already_closed', 'closed', 'start', 'agent'],
  ])('refuses with %s: %s on %s by %s', (reason, status, type, by) => {
    expect(transition(complaintIn(status), { type, by }, now)).toEqual({ ok: false, code: 'COMPLAINT_TRANSITION_INVALID', reason });
  });

  it('records resolvedAt on resolve, clears it on reopen and keeps it on close', () => {
    const resolved = transition(complaintIn('in_progress'), { type: 'resolve', by: 'agent' }, now);
    expect(resolved).toMatchObject({ ok: true, next: { resolvedAt: now.toISOString() } });
    expect(transition(complaintIn('resolved'), { type: 'reopen', by: 'buyer' }, insideWindow)).toMatchObject({
      ok: true,
      next: { resolvedAt: null },
    });
    expect(transition(complaintIn('resolved'), { type: 'confirm', by: 'buyer' }, insideWindow)).toMatchObject({
      ok: true,
      next: { resolvedAt },
    });
  });

  it("keeps the caller's other fields on the next state", () => {
    const result = transition({ ...complaintIn('submitted'), complaintId: 'c_1', version: 3 }, { type: 'acknowledge', by: 'agent' }, now);
    expect(result.ok && result.next).toEqual({ complaintId: 'c_1', version: 3, status: 'acknowledged', resolvedAt: null });
  });

  it('refuses to judge a resolved complaint without resolvedAt', () => {
    expect(() => transition({ status: 'resolved', resolvedAt: null }, { type: 'reopen', by: 'buyer' }, now)).toThrow(RangeError);
  });
});

describe('the 7-day reopen window', () => {
  it('lets the buyer reopen until 1 ms before resolvedAt + 7 days', () => {
    expect(transition(complaintIn('resolved'), { type: 'reopen', by: 'buyer' }, insideWindow).ok).toBe(true);
  });

  it('is over at exactly resolvedAt + 7 days', () => {
    expect(transition(complaintIn('resolved'), { type: 'reopen', by: 'buyer' }, windowEnd)).toMatchObject({
      ok: false,
      reason: 'reopen_window_passed',
    });
  });

  it('lets the system close the complaint from exactly that instant, not before', () => {
    expect(transition(complaintIn('resolved'), { type: 'auto_close', by: 'system' }, insideWindow)).toMatchObject({
      ok: false,
      reason: 'auto_close_too_early',
    });
    expect(transition(complaintIn('resolved'), { type: 'auto_close', by: 'system' }, windowEnd)).toMatchObject({
      ok: true,
      next: { status: 'closed' },
    });
  });

  it('closes at resolvedAt + 7 days, and only resolved complaints', () => {
    expect(autoCloseAt(complaintIn('resolved'))).toEqual(new Date('2026-10-16T06:00:00.000Z'));
    expect(autoCloseAt(complaintIn('closed'))).toBeNull();
    expect(autoCloseAt(complaintIn('in_progress'))).toBeNull();
  });

  it('starts afresh when a reopened complaint is resolved again', () => {
    const reopened = transition(complaintIn('resolved'), { type: 'reopen', by: 'buyer' }, insideWindow);
    if (!reopened.ok) throw new Error('reopen refused');
    const restarted = transition(reopened.next, { type: 'start', by: 'agent' }, insideWindow);
    if (!restarted.ok) throw new Error('start refused');
    const resolvedAgainAt = new Date(insideWindow.getTime() + 3600_000);
    const resolvedAgain = transition(restarted.next, { type: 'resolve', by: 'agent' }, resolvedAgainAt);
    if (!resolvedAgain.ok) throw new Error('resolve refused');
    expect(transition(resolvedAgain.next, { type: 'reopen', by: 'buyer' }, windowEnd).ok).toBe(true);
    expect(autoCloseAt(resolvedAgain.next)).toEqual(new Date(resolvedAgainAt.getTime() + REOPEN_WINDOW_MS));
  });
});

describe('availableEvents', () => {
  it('offers the buyer confirm and reopen inside the window, only confirm after it', () => {
    expect(availableEvents(complaintIn('resolved'), 'buyer', insideWindow)).toEqual(['confirm', 'reopen']);
    expect(availableEvents(complaintIn('resolved'), 'buyer', windowEnd)).toEqual(['confirm']);
  });

  it('offers an agent working a complaint asking the buyer or resolving', () => {
    expect(availableEvents(complaintIn('in_progress'), 'agent', now)).toEqual(['ask_buyer', 'resolve']);
  });

  it('offers nothing on a closed complaint', () => {
    for (const actor of COMPLAINT_ACTORS) expect(availableEvents(complaintIn('closed'), actor, windowEnd)).toEqual([]);
  });
});
