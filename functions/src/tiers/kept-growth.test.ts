import { describe, expect, it } from 'vitest';
import { growthFromOrders, type GrowthOrder } from './growth.ts';
import { dayLeavingWindow, growthFromKept, keptGrowthOfOrders } from './kept-growth.ts';

const DAY_MS = 24 * 3600 * 1000;

describe('growth kept by paid day', () => {
  it.each([
    ['2025-01-10', '2026-01-11'],
    ['2025-03-31', '2026-04-01'],
    ['2025-01-31', '2026-02-01'],
    // 29 February: the window never starts on it, so it leaves on 1 March.
    ['2024-02-29', '2025-03-01'],
    ['2024-02-28', '2025-03-01'],
    ['2024-12-31', '2026-01-01'],
  ])('an order paid on %s stops counting on %s', (paid, leaves) => {
    expect(dayLeavingWindow(paid)).toBe(leaves);
  });

  it('folds to what the orders give at every instant of two years, around Shanghai midnights and month ends', () => {
    const paidAts = [
      '2024-02-28T15:59:59.999Z', // 23:59:59.999 on 28 February in Shanghai
      '2024-02-28T16:00:00.000Z', // 00:00 on 29 February
      '2024-03-30T17:00:00.000Z',
      '2024-05-31T08:00:00.000Z',
      '2024-12-31T16:30:00.000Z',
    ];
    const orders: GrowthOrder[] = paidAts.map((paidAt, i) => ({
      orderId: `o${i}`,
      paidAt,
      paidFen: 10_050 * (i + 1),
      refundedFen: i * 1_000,
    }));
    const kept = keptGrowthOfOrders(orders, new Date('2024-01-01T00:00:00.000Z'));
    for (let t = Date.parse('2024-02-20T00:00:00.000Z'); t < Date.parse('2026-03-01T00:00:00.000Z'); t += DAY_MS / 3) {
      const now = new Date(t);
      expect({ now, growth: growthFromKept(kept, { now, bonus: 3 }) }).toEqual({
        now,
        growth: growthFromOrders(orders, { now, bonus: 3 }),
      });
    }
  });
});
