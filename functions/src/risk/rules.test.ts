import { describe, expect, it } from 'vitest';
import {
  monthOf,
  newMemberRedemption,
  outsizedOrderFacts,
  percentile,
  refundsAfterRedemption,
  sharedPhones,
  shopOrderNorm,
  staffOutliers,
  welcomeBursts,
  type LedgerFact,
  type PhoneHolder,
} from './rules.ts';

const NOW = new Date('2026-12-20T20:00:00.000Z'); // 2026-12-21 04:00 in Shanghai
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000).toISOString();

describe('outsized orders', () => {
  const usual: Array<[number, number]> = [
    [1, 10_000],
    [2, 24_000],
    [1, 15_000],
  ]; // typical orders ¥100, ¥120, ¥150

  it('flag an order over 5× the member’s median and 2× their largest', () => {
    const facts = outsizedOrderFacts({ paidFen: 80_000, paidAt: NOW.toISOString(), historyDays: usual, norm: null });
    expect(facts).toMatchObject({
      overMemberHistory: true,
      overShopNorm: false,
      memberMedianFen: 12_000,
      memberMaxFen: 15_000,
      priorDays: 3,
    });
  });

  it('leave alone an order within the member’s range, a member with too little history, and small orders', () => {
    expect(outsizedOrderFacts({ paidFen: 29_000, paidAt: NOW.toISOString(), historyDays: usual, norm: null })).toBeNull(); // under 5× the median (¥600)
    expect(outsizedOrderFacts({ paidFen: 500_000, paidAt: NOW.toISOString(), historyDays: usual.slice(0, 2), norm: null })).toBeNull();
    const tiny: Array<[number, number]> = [
      [1, 1_000],
      [1, 1_000],
      [1, 1_000],
    ];
    expect(outsizedOrderFacts({ paidFen: 15_000, paidAt: NOW.toISOString(), historyDays: tiny, norm: null })).toBeNull(); // under ¥200
  });

  it('flag an order over twice the shop’s 99th percentile once the shop has 200 orders, whatever the member’s history', () => {
    const orders = Array.from({ length: 200 }, (_, i) => 5_000 + i * 100); // ¥50 … ¥249
    const norm = shopOrderNorm(orders, NOW.toISOString());
    expect(norm.highFen).toBe(24_700);
    expect(outsizedOrderFacts({ paidFen: 50_000, paidAt: NOW.toISOString(), historyDays: [], norm })).toMatchObject({
      overShopNorm: true,
      overMemberHistory: false,
      shopHighFen: 24_700,
    });
    expect(outsizedOrderFacts({ paidFen: 49_000, paidAt: NOW.toISOString(), historyDays: [], norm })).toBeNull();
    expect(shopOrderNorm(orders.slice(0, 199), NOW.toISOString()).highFen).toBeNull();
  });

  it('take percentiles by nearest rank', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([5], 0.99)).toBe(5);
    expect(percentile([], 0.99)).toBeNull();
  });
});

describe('refunds after redemption', () => {
  /** Order credited, points redeemed, order refunded: `cycles` times, each 8 days apart. */
  function farming(cycles: number, options: { redeem?: boolean } = {}): LedgerFact[] {
    return Array.from({ length: cycles }, (_, i) => {
      const start = 25 - i * 8;
      return [
        { type: 'order', delta: 120, refId: `o${i}`, createdAt: daysAgo(start) },
        ...(options.redeem === false ? [] : [{ type: 'redemption', delta: -100, refId: 'r1', createdAt: daysAgo(start - 1) }]),
        { type: 'refund', delta: -20, refId: `o${i}`, createdAt: daysAgo(start - 2) },
      ];
    }).flat();
  }

  it('flag three orders refunded after their points were redeemed within 30 days', () => {
    const finding = refundsAfterRedemption(farming(3), NOW, 300);
    expect(finding?.facts).toEqual({
      kind: 'refunds-after-redemption',
      windowDays: 30,
      refundedOrders: 3,
      pointsRedeemed: 300,
      pointsOwed: 300,
    });
    expect(finding?.newestAt).toBe(daysAgo(7));
  });

  it('leave alone two such refunds, and refunds with no redemption before them', () => {
    expect(refundsAfterRedemption(farming(2), NOW, 0)).toBeNull();
    expect(refundsAfterRedemption(farming(3, { redeem: false }), NOW, 0)).toBeNull();
  });

  it('do not count a redemption made before the refunded order was credited', () => {
    const entries: LedgerFact[] = [
      { type: 'redemption', delta: -100, refId: 'r1', createdAt: daysAgo(20) },
      ...[1, 2, 3].flatMap((i) => [
        { type: 'order', delta: 100, refId: `o${i}`, createdAt: daysAgo(10 - i) },
        { type: 'refund', delta: -100, refId: `o${i}`, createdAt: daysAgo(5 - i) },
      ]),
    ];
    expect(refundsAfterRedemption(entries, NOW, 0)).toBeNull();
  });
});

describe('shared phones', () => {
  const holder = (memberId: string, joinedAt: string): PhoneHolder => ({ memberId, joinedAt, phoneMasked: '138****0000' });

  it('flag a phone three members verified, newest member’s join as its evidence', () => {
    const findings = sharedPhones(
      new Map([
        ['h1', [holder('m2', daysAgo(3)), holder('m1', daysAgo(9)), holder('m3', daysAgo(1))]],
        ['h2', [holder('m4', daysAgo(3)), holder('m5', daysAgo(2))]],
      ]),
    );
    expect(findings).toEqual([
      {
        phoneHash: 'h1',
        memberIds: ['m1', 'm2', 'm3'],
        facts: { kind: 'shared-phone', phoneMasked: '138****0000', members: 3 },
        newestAt: daysAgo(1),
      },
    ]);
  });
});

describe('welcome bursts', () => {
  const day = '2026-12-20';

  it('count a member’s first redemption within 7 days of joining, on its Shanghai day', () => {
    const joinedAt = '2026-12-19T15:00:00.000Z'; // 12-19 23:00 Shanghai
    const redeemed: LedgerFact = { type: 'redemption', delta: -5, refId: 'r', createdAt: '2026-12-19T17:00:00.000Z' };
    expect(newMemberRedemption('m1', joinedAt, [redeemed])).toEqual({ memberId: 'm1', day: '2026-12-20' });
    expect(newMemberRedemption('m1', '2026-12-01T00:00:00.000Z', [redeemed])).toBeNull();
    expect(newMemberRedemption('m1', joinedAt, [{ ...redeemed, type: 'checkin', delta: 5 }])).toBeNull();
  });

  it('flag a day with at least 10 of them and over 3× the usual day', () => {
    const burst = Array.from({ length: 10 }, (_, i) => ({ memberId: `n${i}`, day }));
    expect(welcomeBursts(burst, [day])).toEqual([
      {
        day,
        memberIds: burst.map((r) => r.memberId),
        facts: { kind: 'welcome-burst', day, redemptions: 10, usualPerDay: 0, newMemberDays: 7 },
      },
    ]);
    expect(welcomeBursts(burst.slice(0, 9), [day])).toEqual([]);
  });

  it('leave alone a shop whose usual day is already busy with new members', () => {
    const usual = Array.from({ length: 28 }, (_, d) =>
      Array.from({ length: 5 }, (_, i) => ({
        memberId: `u${d}-${i}`,
        day: new Date(Date.parse(`${day}T00:00:00Z`) - (d + 1) * 864e5).toISOString().slice(0, 10),
      })),
    ).flat();
    const today = Array.from({ length: 12 }, (_, i) => ({ memberId: `n${i}`, day }));
    expect(welcomeBursts([...usual, ...today], [day])).toEqual([]);
  });
});

describe('staff outliers', () => {
  const credit = (actorId: string, points: number, days = 3) => ({ actorId, points, at: daysAgo(days) });

  it('flag a staff member crediting over 3× the median of their peers, over 2,000 points', () => {
    const credits = [credit('a', 300), credit('b', 500), credit('c', 400), credit('big', 1_500), credit('big', 1_500, 1)];
    expect(staffOutliers(credits, NOW)).toEqual([
      { actorId: 'big', newestAt: daysAgo(1), pointsCredited: 3_000, credits: 2, peers: 3, peerMedianPoints: 400 },
    ]);
  });

  it('leave alone staff within 3× their peers, under 2,000 points, without two peers, or credits older than 30 days', () => {
    expect(staffOutliers([credit('a', 1_000), credit('b', 1_000), credit('big', 2_900)], NOW)).toEqual([]);
    expect(staffOutliers([credit('a', 100), credit('b', 100), credit('big', 1_900)], NOW)).toEqual([]);
    expect(staffOutliers([credit('a', 100), credit('big', 5_000)], NOW)).toEqual([]);
    expect(staffOutliers([credit('a', 100), credit('b', 100), credit('big', 5_000, 31)], NOW)).toEqual([]);
  });
});

it('names a finding’s period by the Shanghai month of its newest evidence', () => {
  expect(monthOf('2026-11-30T16:30:00.000Z')).toBe('2026-12');
});
