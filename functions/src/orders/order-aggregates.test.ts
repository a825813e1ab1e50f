import { describe, expect, it } from 'vitest';
import { aggregateOrders, emptyOrderAggregates, withOrderAggregated, withRefundAggregated } from './order-aggregates.ts';

const fruit = [{ category: '水果', sku: 'apple' }];
let nextId = 0;
const order = (paidAt: string, paidFen: number, items: Array<{ category: string; sku?: string }> = fruit, refundedFen = 0) => ({
  orderId: `o${++nextId}`,
  paidAt,
  paidFen,
  refundedFen,
  items: items.map((item) => ({ sku: item.sku ?? item.category, ...item })),
});

describe('order aggregates', () => {
  it('fold orders by their Shanghai paid day: one day of several orders is one entry', () => {
    const aggregates = aggregateOrders('m1', [
      order('2026-11-20T15:59:59Z', 1000), // 23:59:59 in Shanghai: the 20th
      order('2026-11-20T16:00:00Z', 2000), // midnight in Shanghai: the 21st
      order('2026-11-21T03:00:00Z', 500, [{ category: '水果' }, { category: '粮油' }, { category: '水果' }]),
    ]);
    expect(aggregates.days).toEqual({ '2026-11-20': [1, 1000], '2026-11-21': [2, 2500] });
    expect(aggregates.categories).toEqual({ 水果: { '2026-11-20': 1, '2026-11-21': 2 }, 粮油: { '2026-11-21': 1 } });
  });

  it('a partial refund lowers the money of the paid day; the order still counts', () => {
    const paid = order('2026-11-20T02:00:00Z', 1000);
    const after = withRefundAggregated(aggregateOrders('m1', [paid]), paid, 300);
    expect(after.days).toEqual({ '2026-11-20': [1, 700] });
    expect(after.categories).toEqual({ 水果: { '2026-11-20': 1 } });
  });

  it('a refund that completes a partly refunded order takes the order and what it kept away', () => {
    const paid = order('2026-11-20T02:00:00Z', 1000);
    const other = order('2026-11-20T05:00:00Z', 400, [{ category: '粮油' }]);
    const partly = withRefundAggregated(aggregateOrders('m1', [paid, other]), paid, 300);
    const full = withRefundAggregated(partly, { ...paid, refundedFen: 300 }, 700);
    expect(full.days).toEqual({ '2026-11-20': [1, 400] });
    expect(full.categories).toEqual({ 粮油: { '2026-11-20': 1 } });
  });

  it('a day whose only order is refunded in full is no purchase occasion any more', () => {
    const paid = order('2026-11-20T02:00:00Z', 1000);
    expect(withRefundAggregated(aggregateOrders('m1', [paid]), paid, 1000)).toEqual(emptyOrderAggregates('m1'));
  });

  it('an order credited after it was refunded in full adds nothing; one refunded in part adds what it kept', () => {
    const empty = emptyOrderAggregates('m1');
    expect(withOrderAggregated(empty, order('2026-11-20T02:00:00Z', 1000, fruit, 1000))).toEqual(empty);
    expect(withOrderAggregated(empty, order('2026-11-20T02:00:00Z', 1000, fruit, 250)).days).toEqual({ '2026-11-20': [1, 750] });
  });

  it('a free order (0 fen) counts as an order', () => {
    expect(withOrderAggregated(emptyOrderAggregates('m1'), order('2026-11-20T02:00:00Z', 0)).days).toEqual({ '2026-11-20': [1, 0] });
  });

  it("keep each counting order's SKUs for a year behind the newest order; a full refund takes the basket away", () => {
    const old = order('2025-11-01T02:00:00Z', 100, [{ category: '水果', sku: 'pear' }]);
    const recent = order('2026-10-01T02:00:00Z', 100, [
      { category: '水果', sku: 'pear' },
      { category: '粮油', sku: 'rice' },
      { category: '水果', sku: 'pear' },
    ]);
    const newest = order('2026-11-20T02:00:00Z', 100);
    const aggregates = aggregateOrders('m1', [old, recent, newest]);
    expect(aggregates.baskets).toEqual({ [recent.orderId]: ['2026-10-01', ['pear', 'rice']], [newest.orderId]: ['2026-11-20', ['apple']] });
    expect(withRefundAggregated(aggregates, recent, 100).baskets).toEqual({ [newest.orderId]: ['2026-11-20', ['apple']] });
  });

  it('keep the region of the newest order that names one', () => {
    const east = { ...order('2026-11-20T02:00:00Z', 100), region: '浙江省' };
    const earlierWest = { ...order('2026-10-20T02:00:00Z', 100), region: '四川省' };
    const unnamed = order('2026-11-21T02:00:00Z', 100);
    expect(aggregateOrders('m1', [east, earlierWest, unnamed]).region).toEqual({ day: '2026-11-20', name: '浙江省' });
  });
});
