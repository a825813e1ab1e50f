import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_CONFIG,
  DEFAULT_TIERS,
  TIER_CONFIG_MESSAGES,
  TierConfigUpdate,
  TierRights,
  tierForGrowth,
  tierProgress,
  validateTierConfig,
  type TierDefinition,
} from '@linli/shared/tiers';
import { growthFromOrders, growthWindowStart } from '../../functions/src/tiers/growth.ts';
import { graceOver, heldTier, planTierOnOrder, planTierReview } from '../../functions/src/tiers/standing.ts';

const rights = (pointsMultiplier: number) => ({
  pointsMultiplier,
  freeShipping: false,
  priorityService: false,
  birthdayGiftPoints: 0,
  exclusiveRewards: false,
});
const tier = (code: string, minGrowth: number, multiplier = 1): TierDefinition => ({
  code,
  name: code.toUpperCase(),
  minGrowth,
  rights: rights(multiplier),
});
const LADDER = [tier('base', 0), tier('silver', 100, 2), tier('gold', 500, 3)];

describe('validateTierConfig', () => {
  it('accepts the built-in ladder', () => {
    expect(validateTierConfig(DEFAULT_TIER_CONFIG)).toEqual([]);
  });

  it('rejects overlapping thresholds on the tier that overlaps', () => {
    const issues = validateTierConfig({ tiers: [tier('base', 0), tier('silver', 500), tier('gold', 500)] });
    expect(issues).toEqual([{ path: 'tiers.2.minGrowth', message: TIER_CONFIG_MESSAGES.notIncreasing }]);
  });

  it('rejects thresholds out of order', () => {
    const issues = validateTierConfig({ tiers: [tier('base', 0), tier('gold', 500), tier('silver', 100)] });
    expect(issues).toEqual([{ path: 'tiers.2.minGrowth', message: TIER_CONFIG_MESSAGES.notIncreasing }]);
  });

  it('rejects a ladder without a base tier at 0', () => {
    expect(validateTierConfig({ tiers: [tier('silver', 100), tier('gold', 500)] })).toEqual([
      { path: 'tiers.0.minGrowth', message: TIER_CONFIG_MESSAGES.baseTier },
    ]);
  });

  it('rejects duplicate codes and names', () => {
    const issues = validateTierConfig({ tiers: [tier('base', 0), { ...tier('base', 100), name: 'BASE' }] });
    expect(issues).toEqual([
      { path: 'tiers.1.code', message: TIER_CONFIG_MESSAGES.duplicateCode },
      { path: 'tiers.1.name', message: TIER_CONFIG_MESSAGES.duplicateName },
    ]);
  });

  it.each([
    ['one tier', 1],
    ['eleven tiers', 11],
  ])('rejects %s', (_, count) => {
    const tiers = Array.from({ length: count }, (__, i) => tier(`t${i}`, i * 100));
    expect(validateTierConfig({ tiers })).toEqual([{ path: 'tiers', message: TIER_CONFIG_MESSAGES.tierCount }]);
  });
});

describe('tier schemas', () => {
  it.each([
    [1, true],
    [1.25, true],
    [10, true],
    [0.5, false],
    [10.01, false],
    [1.255, false],
  ])('a points multiplier of %d is %s', (pointsMultiplier, ok) => {
    expect(TierRights.safeParse(rights(pointsMultiplier)).success).toBe(ok);
  });

  it('refuses a fractional growth threshold and defaults the grace to 30 days', () => {
    expect(TierConfigUpdate.safeParse({ version: 0, tiers: [tier('base', 0), tier('silver', 99.5)] }).success).toBe(false);
    expect(TierConfigUpdate.parse({ version: 0, tiers: LADDER }).downgradeGraceDays).toBe(30);
  });
});

describe('tierForGrowth and tierProgress', () => {
  it.each([
    [0, 'base'],
    [99, 'base'],
    [100, 'silver'],
    [499, 'silver'],
    [500, 'gold'],
    [1_000_000, 'gold'],
  ])('%i growth reaches %s', (growth, code) => {
    expect(tierForGrowth(LADDER, growth).code).toBe(code);
  });

  it('shows the next tier, what it unlocks and the growth still needed', () => {
    expect(tierProgress(LADDER, LADDER[1]!, 130)).toEqual({
      growth: 130,
      nextTier: { code: 'gold', name: 'GOLD', minGrowth: 500, rights: rights(3) },
      growthToNext: 370,
      rights: rights(2),
    });
  });

  it('has no next tier at the top', () => {
    expect(tierProgress(LADDER, LADDER[2]!, 900)).toMatchObject({ nextTier: null, growthToNext: 0 });
  });

  it('needs nothing more when growth already passed the next threshold (the upgrade is pending)', () => {
    expect(tierProgress(LADDER, LADDER[0]!, 700)).toMatchObject({ nextTier: { code: 'silver' }, growthToNext: 0 });
  });

  it('has the default ladder', () => {
    expect(DEFAULT_TIERS.map((t) => t.code)).toEqual(['regular', 'silver', 'gold', 'diamond']);
    expect(tierForGrowth(DEFAULT_TIERS, 999).code).toBe('regular');
    expect(tierForGrowth(DEFAULT_TIERS, 1_000).code).toBe('silver');
    expect(tierForGrowth(DEFAULT_TIERS, 5_000).rights.pointsMultiplier).toBe(1.5);
  });
});

describe('growth', () => {
  const now = new Date('2026-11-23T02:00:00.000Z'); // 10:00 in Shanghai
  const order = (paidAt: string, paidFen: number, refundedFen = 0) => ({ orderId: paidAt, paidAt, paidFen, refundedFen });

  it('starts at 00:00 Asia/Shanghai on the same date a year back', () => {
    expect(growthWindowStart(now)).toBe('2025-11-22T16:00:00.000Z');
    // 00:30 on 1 March in Shanghai is still 28 February in UTC: the Shanghai date decides.
    expect(growthWindowStart(new Date('2026-02-28T16:30:00.000Z'))).toBe('2025-02-28T16:00:00.000Z');
  });

  it('starts on 28 February a year after a 29 February', () => {
    expect(growthWindowStart(new Date('2028-02-29T04:00:00.000Z'))).toBe('2027-02-27T16:00:00.000Z');
  });

  it('counts whole yuan kept over the last 12 months, plus the bonus', () => {
    const orders = [
      order('2025-11-22T15:59:59.999Z', 100_000), // 23:59 on 2025-11-22 in Shanghai: out
      order('2025-11-22T16:00:00.000Z', 10_050), // 00:00 on 2025-11-23: in
      order('2026-06-01T08:00:00+08:00', 20_000, 5_000),
    ];
    expect(growthFromOrders(orders, { now, bonus: 0 })).toBe(250);
    expect(growthFromOrders(orders, { now, bonus: 40 })).toBe(290);
  });

  it('sums fen before rounding down, and never goes below zero', () => {
    expect(growthFromOrders([order('2026-11-01T00:00:00Z', 150), order('2026-11-02T00:00:00Z', 150)], { now, bonus: 0 })).toBe(3);
    expect(growthFromOrders([], { now, bonus: -10 })).toBe(0);
  });
});

describe('tier decisions', () => {
  const now = new Date('2026-11-23T02:00:00.000Z');
  const member = (tierCode: string | null, tierSince: string | null = null) => ({ memberId: 'm1', tierCode, tierSince });
  const config = { tiers: LADDER, downgradeGraceDays: 30 };

  it('holds the stored tier, or the one growth reaches when never assessed or no longer configured', () => {
    expect(heldTier(LADDER, member('gold'), 0).code).toBe('gold');
    expect(heldTier(LADDER, member(null), 150).code).toBe('silver');
    expect(heldTier(LADDER, member('platinum'), 600).code).toBe('gold');
  });

  it('upgrades on the order that reaches a tier, paying it at the tier held before', () => {
    const decision = planTierOnOrder({
      tiers: LADDER,
      member: member('base'),
      growthBefore: 80,
      growthAfter: 600,
      orderId: 'o-9',
      now,
      changeId: 'tc1',
    });
    expect(decision.multiplier).toBe(1);
    expect(decision.patch).toEqual({ tierCode: 'gold', tierSince: now.toISOString() });
    expect(decision.change).toMatchObject({ from: 'base', to: 'gold', direction: 'up', reason: 'order o-9', growth: 600 });
  });

  it('never moves down on an order', () => {
    const decision = planTierOnOrder({
      tiers: LADDER,
      member: member('gold'),
      growthBefore: 0,
      growthAfter: 10,
      orderId: 'o-1',
      now,
      changeId: 'tc1',
    });
    expect(decision).toEqual({ multiplier: 3, patch: null, change: null });
  });

  it('settles a never-assessed member on an order without recording a change', () => {
    const decision = planTierOnOrder({
      tiers: LADDER,
      member: member(null),
      growthBefore: 0,
      growthAfter: 50,
      orderId: 'o-1',
      now,
      changeId: 'tc1',
    });
    expect(decision).toEqual({ multiplier: 1, patch: { tierCode: 'base', tierSince: now.toISOString() }, change: null });
  });

  it('counts the grace in Shanghai days', () => {
    expect(graceOver('2026-10-24T02:00:00.000Z', 30, now)).toBe(true);
    expect(graceOver('2026-10-25T02:00:00.000Z', 30, now)).toBe(false);
    expect(graceOver(null, 30, now)).toBe(true);
  });

  it('moves down one level at the review once the grace is over, not before', () => {
    const after = planTierReview({ config, member: member('gold', '2026-01-01T00:00:00.000Z'), growth: 0, now, changeId: 'tc1' });
    expect(after.patch).toEqual({ tierCode: 'silver', tierSince: now.toISOString() });
    expect(after.change).toMatchObject({ from: 'gold', to: 'silver', direction: 'down' });
    expect(after.change!.reason).toMatch(/^review: growth 0 below gold/);
    const within = planTierReview({ config, member: member('gold', '2026-11-01T00:00:00.000Z'), growth: 0, now, changeId: 'tc1' });
    expect(within).toEqual({ patch: null, change: null });
  });

  it('leaves a member whose growth still meets the tier alone', () => {
    expect(planTierReview({ config, member: member('silver', '2020-01-01T00:00:00.000Z'), growth: 100, now, changeId: 'tc1' })).toEqual({
      patch: null,
      change: null,
    });
  });

  it('moves up at the review when growth reaches a higher tier', () => {
    const decision = planTierReview({ config, member: member('base', '2026-11-22T00:00:00.000Z'), growth: 520, now, changeId: 'tc1' });
    expect(decision.change).toMatchObject({ from: 'base', to: 'gold', direction: 'up' });
  });
});
