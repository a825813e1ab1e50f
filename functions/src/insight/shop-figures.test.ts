import { describe, expect, it } from 'vitest';
import { boughtTogether } from './shop-figures.ts';
import type { OrderAggregates } from '../orders/order-aggregates.ts';

/** A member's aggregates holding only these orders' baskets (SKUs sorted, as the aggregates keep them). */
function buyer(memberId: string, baskets: string[][]): { aggregates: OrderAggregates } {
  return {
    aggregates: {
      memberId,
      days: {},
      categories: {},
      region: null,
      baskets: Object.fromEntries(baskets.map((skus, n) => [`${memberId}-o${n}`, ['2026-11-01', [...skus].sort()] as [string, string[]]])),
    },
  };
}

describe('frequently bought together', () => {
  it('gives support, confidence and lift over all members’ orders, strongest lift first', () => {
    // 10 orders: apple+orange together 3 times, apple alone 1, orange alone 1, rice+veg twice, 3 others.
    const pairs = boughtTogether([
      buyer('m1', [['APPLE', 'ORANGE'], ['APPLE', 'ORANGE'], ['APPLE']]),
      buyer('m2', [['APPLE', 'ORANGE'], ['ORANGE'], ['RICE', 'VEG']]),
      buyer('m3', [['RICE', 'VEG'], ['MILK'], ['EGG'], ['TEA']]),
    ]);
    expect(pairs).toEqual([
      { skuA: 'RICE', skuB: 'VEG', orders: 2, support: 0.2, confidence: 1, lift: 5 },
      { skuA: 'APPLE', skuB: 'ORANGE', orders: 3, support: 0.3, confidence: 0.75, lift: (3 * 10) / (4 * 4) },
    ]);
  });

  it('leaves out pairs seen in one order only, and pairs bought together less often than chance', () => {
    // MILK is in most orders: MILK+EGG together twice in 10 orders, with MILK in 8 and EGG in 3 → lift 0.83.
    const milk = Array.from({ length: 6 }, () => ['MILK']);
    const pairs = boughtTogether([buyer('m1', [['EGG', 'MILK'], ['EGG', 'MILK'], ['EGG'], ['APPLE', 'TEA'], ...milk])]);
    expect(pairs).toEqual([]);
  });
});
