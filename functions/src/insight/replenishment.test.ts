import { describe, expect, it } from 'vitest';
import { addDays } from '@linli/shared/time';
import { categoryCadences, expectedPurchase, expectedPurchases, medianDays, MIN_CATEGORY_BUYERS } from './replenishment.ts';

/** Purchase days as the order aggregates keep them (one order each), from the first day and the gaps after it. */
function bought(first: string, ...gaps: number[]): Record<string, number> {
  const days = [first];
  for (const gap of gaps) days.push(addDays(days.at(-1)!, gap));
  return Object.fromEntries(days.map((day) => [day, 1]));
}

describe('the median of gaps', () => {
  it('is the middle value of an odd count and the mean of the middle two of an even one, .5 rounding up', () => {
    expect(medianDays([30, 10, 20])).toBe(20);
    expect(medianDays([10, 20, 31, 40])).toBe(26); // (20 + 31) / 2 = 25.5
    expect(medianDays([10, 20])).toBe(15);
    expect(medianDays([])).toBeNull();
  });
});

describe("a member's next purchase of a category", () => {
  it('comes one own median gap after the last purchase once they have three purchase days', () => {
    // 1 Aug, 29 Aug, 28 Sep, 2 Nov: gaps 28, 30, 35, median 30, whatever the category's.
    expect(expectedPurchase(bought('2026-08-01', 28, 30, 35), 90, '2026-11-20')).toEqual({
      expectedDay: '2026-12-02',
      lastDay: '2026-11-02',
      cadenceDays: 30,
      basis: 'own',
    });
  });

  it("borrows the category's cadence with fewer than three purchase days", () => {
    expect(expectedPurchase(bought('2026-11-01', 10), 30, '2026-11-12')).toEqual({
      expectedDay: '2026-12-11',
      lastDay: '2026-11-11',
      cadenceDays: 30,
      basis: 'category',
    });
    expect(expectedPurchase(bought('2026-11-01'), 30, '2026-11-12')?.expectedDay).toBe('2026-12-01');
  });

  it('has none with too few purchase days of their own and no cadence for the category', () => {
    expect(expectedPurchase(bought('2026-11-01', 10), undefined, '2026-11-12')).toBeNull();
    expect(expectedPurchase({}, 30, '2026-11-12')).toBeNull();
  });

  it('has none for a cadence shorter than a week or longer than a year', () => {
    expect(expectedPurchase(bought('2026-11-01', 3, 3, 4), 30, '2026-11-12')).toBeNull();
    expect(expectedPurchase(bought('2026-11-01'), 6, '2026-11-02')).toBeNull();
    expect(expectedPurchase(bought('2026-11-01'), 7, '2026-11-02')?.expectedDay).toBe('2026-11-08');
    expect(expectedPurchase(bought('2024-01-01', 400, 400), 30, '2026-11-12')).toBeNull();
  });

  it('is dropped once the expected day is more than one cadence past (they stopped, or buy it elsewhere)', () => {
    const days = bought('2026-09-01', 30, 30); // last 2026-10-31, expected 2026-11-30
    expect(expectedPurchase(days, undefined, '2026-12-30')?.expectedDay).toBe('2026-11-30');
    expect(expectedPurchase(days, undefined, '2026-12-31')).toBeNull();
  });

  it('counts a day whose orders were all refunded as no purchase', () => {
    expect(expectedPurchase({ ...bought('2026-08-01', 30, 30), '2026-10-30': 0 }, undefined, '2026-10-31')?.lastDay).toBe('2026-09-30');
  });

  it('is given for every category the member has one for', () => {
    const cadences = new Map([['大米', 30]]);
    expect(
      expectedPurchases(
        { 奶粉: bought('2026-10-01', 14, 14), 大米: bought('2026-11-01'), 零食: bought('2026-11-01') },
        cadences,
        '2026-11-01',
      ),
    ).toEqual({
      奶粉: '2026-11-12',
      大米: '2026-12-01',
    });
  });
});

describe("a category's cadence over the shop", () => {
  it("is the median of its buyers' own median gaps, each buyer once however often they buy", () => {
    const members = [
      { 奶粉: bought('2026-01-01', ...Array.from({ length: 40 }, () => 7)) }, // weekly, 40 gaps
      { 奶粉: bought('2026-01-01', 30, 30) },
      { 奶粉: bought('2026-01-01', 28) },
      { 奶粉: bought('2026-01-01', 32) },
      { 奶粉: bought('2026-01-01', 29, 40, 31) }, // own median 31
      { 奶粉: bought('2026-01-01') }, // one purchase: no gap, not a buyer with a cadence
    ];
    expect(categoryCadences(members)).toEqual([{ category: '奶粉', cadenceDays: 30, buyers: 5 }]);
  });

  it('averages the middle two with an even number of buyers, and counts a gap past a year as a year', () => {
    const members = [10, 20, 40, 50, 60, 500].map((gap) => ({ 大米: bought('2024-01-01', gap) }));
    expect(categoryCadences(members)).toEqual([{ category: '大米', cadenceDays: 45, buyers: 6 }]);
    const long = [300, 400, 500, 600, 700].map((gap) => ({ 家具: bought('2020-01-01', gap) }));
    expect(categoryCadences(long)).toEqual([{ category: '家具', cadenceDays: 365, buyers: 5 }]);
  });

  it(`has none below ${MIN_CATEGORY_BUYERS} buyers, and lists the rest by buyers`, () => {
    const few = Array.from({ length: MIN_CATEGORY_BUYERS - 1 }, () => ({ 鲜花: bought('2026-01-01', 14) }));
    const many = Array.from({ length: MIN_CATEGORY_BUYERS + 1 }, () => ({ 纸巾: bought('2026-01-01', 20) }));
    const enough = Array.from({ length: MIN_CATEGORY_BUYERS }, () => ({ 大米: bought('2026-01-01', 30) }));
    expect(categoryCadences([...few, ...enough, ...many])).toEqual([
      { category: '纸巾', cadenceDays: 20, buyers: MIN_CATEGORY_BUYERS + 1 },
      { category: '大米', cadenceDays: 30, buyers: MIN_CATEGORY_BUYERS },
    ]);
  });
});
