import { describe, expect, it } from 'vitest';
import {
  checkinReward,
  pointsExpiry,
  orderPointsAvailableAt,
  planDraw,
  previousDay,
  refundTakeBack,
  settleDebt,
  summarizeLots,
  type PointsLot,
} from './rules.ts';

const lot = (overrides: Partial<PointsLot>): PointsLot => ({
  lotId: 'l',
  memberId: 'm',
  source: 'order',
  refId: null,
  amount: 100,
  remaining: 100,
  earnedAt: '2026-01-01T00:00:00.000Z',
  availableAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-12-31T15:59:59.999Z',
  ...overrides,
});
const now = new Date('2026-06-01T00:00:00Z');

describe('pointsExpiry', () => {
  it('is by default the end of the next calendar year in Shanghai', () => {
    expect(pointsExpiry(new Date('2026-03-01T00:00:00Z'))).toBe('2027-12-31T15:59:59.999Z');
  });
  it('counts the Shanghai year: 31 Dec 17:00 UTC is already next year there', () => {
    expect(pointsExpiry(new Date('2026-12-31T17:00:00Z'))).toBe('2028-12-31T15:59:59.999Z');
  });
  it('follows the configured number of years', () => {
    expect(pointsExpiry(new Date('2026-03-01T00:00:00Z'), { expiryYears: 2 })).toBe('2028-12-31T15:59:59.999Z');
  });
});

describe('planDraw', () => {
  const lots = [
    lot({ lotId: 'b', earnedAt: '2026-02-01T00:00:00.000Z', remaining: 30 }),
    lot({ lotId: 'a', earnedAt: '2026-01-01T00:00:00.000Z', remaining: 20 }),
    lot({ lotId: 'p', earnedAt: '2026-05-30T00:00:00.000Z', availableAt: '2026-06-06T00:00:00.000Z', remaining: 50 }),
    lot({ lotId: 'x', earnedAt: '2025-01-01T00:00:00.000Z', expiresAt: '2026-05-01T00:00:00.000Z', remaining: 70 }),
  ];
  it('takes the oldest available lots first, skipping pending and expired ones', () => {
    expect(planDraw(lots, 25, now, 'available')).toEqual({
      draws: [
        { lot: lots[1], take: 20 },
        { lot: lots[0], take: 5 },
      ],
      shortfall: 0,
    });
  });
  it('reports what available lots cannot cover', () => {
    expect(planDraw(lots, 60, now, 'available').shortfall).toBe(10);
  });
  it('may take pending points when asked (refunds)', () => {
    expect(planDraw(lots, 100, now, 'available-or-pending').shortfall).toBe(0);
  });
});

describe('summarizeLots', () => {
  it('splits available, pending and soon-expiring points', () => {
    const lots = [
      lot({ lotId: 'soon', remaining: 10, expiresAt: '2026-06-20T00:00:00.000Z' }),
      lot({ lotId: 'later', remaining: 20 }),
      lot({ lotId: 'pending', remaining: 5, availableAt: '2026-06-05T00:00:00.000Z' }),
      lot({ lotId: 'gone', remaining: 99, expiresAt: '2026-05-01T00:00:00.000Z' }),
    ];
    expect(summarizeLots(lots, now, { expiringSoonDays: 30 })).toEqual({
      available: 30,
      pending: 5,
      expiringSoon: { points: 10, before: '2026-06-20T00:00:00.000Z' },
    });
  });
});

describe('settleDebt', () => {
  it('repays what is owed before anything reaches a lot', () => {
    expect(settleDebt(80, 50)).toEqual({ repaid: 50, toLot: 0, debtAfter: 30 });
    expect(settleDebt(30, 50)).toEqual({ repaid: 30, toLot: 20, debtAfter: 0 });
    expect(settleDebt(0, 50)).toEqual({ repaid: 0, toLot: 50, debtAfter: 0 });
  });
});

describe('refundTakeBack', () => {
  it("takes back in proportion to money refunded, partial refunds summing to the order's points", () => {
    const order = { orderPoints: 99, paidFen: 10_000 };
    const first = refundTakeBack({ ...order, refundedBeforeFen: 0, refundFen: 3_333 });
    const second = refundTakeBack({ ...order, refundedBeforeFen: 3_333, refundFen: 3_333 });
    const third = refundTakeBack({ ...order, refundedBeforeFen: 6_666, refundFen: 3_334 });
    expect(first + second + third).toBe(99);
  });
  it('takes nothing from a free order', () => {
    expect(refundTakeBack({ orderPoints: 0, paidFen: 0, refundedBeforeFen: 0, refundFen: 0 })).toBe(0);
  });
});

describe('check-in rules', () => {
  const rules = {
    dailyPoints: 5,
    streakBonuses: [
      { day: 7, bonus: 20 },
      { day: 30, bonus: 100 },
    ],
  };
  it('adds the bonus on its day only', () => {
    expect(checkinReward(6, rules)).toEqual({ points: 5, bonus: 0 });
    expect(checkinReward(7, rules)).toEqual({ points: 25, bonus: 20 });
    expect(checkinReward(30, rules)).toEqual({ points: 105, bonus: 100 });
  });
  it('knows the day before, across months and leap days', () => {
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
  });
  it('makes order points available after the return window', () => {
    expect(orderPointsAvailableAt('2026-06-01T10:00:00+08:00', { returnWindowDays: 7 })).toBe('2026-06-08T02:00:00.000Z');
  });
});
