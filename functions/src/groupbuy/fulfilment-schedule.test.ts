import { describe, expect, it } from 'vitest';
import { afterAttempt, FULFILMENT_RETRY_MINUTES, newFulfilment, retriedByStaff } from './fulfilment-schedule.ts';

const T0 = new Date('2026-11-27T02:00:00.000Z');
const failed = { delivered: false as const, error: 'HTTP 503' };

describe('delivering a successful order to the shop', () => {
  it('is due at once, and done at the first answer the shop takes', () => {
    const first = newFulfilment(T0);
    expect(first).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0.toISOString() });
    expect(afterAttempt(first, { delivered: true }, T0)).toEqual({
      state: 'delivered',
      attempts: 1,
      lastError: null,
      deliveredAt: T0.toISOString(),
      nextAttemptAt: null,
    });
  });

  it('backs off 1, 5, 15 minutes … a day between failed attempts, then gives up after about two days', () => {
    let progress = newFulfilment(T0);
    let at = T0;
    const waits: number[] = [];
    while (progress.state !== 'gave-up') {
      progress = afterAttempt(progress, failed, at);
      if (progress.nextAttemptAt) {
        const next = new Date(progress.nextAttemptAt);
        waits.push((next.getTime() - at.getTime()) / 60_000);
        at = next;
      }
    }
    expect(waits).toEqual([...FULFILMENT_RETRY_MINUTES]);
    expect(progress).toMatchObject({ state: 'gave-up', attempts: FULFILMENT_RETRY_MINUTES.length + 1, lastError: 'HTTP 503' });
    const hours = (at.getTime() - T0.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(40);
    expect(hours).toBeLessThan(50);
  });

  it('starts again when staff retry a delivery that gave up, and leaves a delivered one alone', () => {
    const gaveUp = { state: 'gave-up' as const, attempts: 9, lastError: 'HTTP 503', deliveredAt: null, nextAttemptAt: null };
    expect(retriedByStaff(gaveUp, T0)).toMatchObject({ state: 'pending', attempts: 9, nextAttemptAt: T0.toISOString() });
    const delivered = afterAttempt(newFulfilment(T0), { delivered: true }, T0);
    expect(retriedByStaff(delivered, T0)).toBe(delivered);
  });
});
