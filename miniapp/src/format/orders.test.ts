import { describe, expect, it } from 'vitest';
import { orderItemsText, orderMetaText, orderPointsText } from './orders';

const item = (name: string, qty: number) => ({ sku: `SKU-${name}`, name, qty, unitPriceFen: 100 });

describe('orderItemsText', () => {
  it('names the first line and counts the rest, never the SKU or order id', () => {
    expect(orderItemsText({ items: [item('烟台红富士 5kg', 1)] })).toBe('烟台红富士 5kg×1');
    expect(orderItemsText({ items: [item('土鸡蛋', 2), item('小米', 1), item('大米', 1)] })).toBe('土鸡蛋×2 等3件');
  });
});

describe('orderMetaText', () => {
  it('shows the Shanghai day and the amount in yuan', () => {
    expect(orderMetaText({ paidAt: '2026-11-22T17:30:00.000Z', paidFen: 22_000 })).toBe('2026-11-23 · ¥220.00');
  });
});

describe('orderPointsText', () => {
  it('says pending points are not usable yet and when they will be', () => {
    expect(orderPointsText({ earned: 220, takenBack: 0, state: 'pending', availableAt: '2026-11-30T03:00:00.000Z' })).toBe(
      '+220 积分（待生效，11月30日 起可用）',
    );
  });
  it('says what refunds took back', () => {
    expect(orderPointsText({ earned: 80, takenBack: 40, state: 'available', availableAt: null })).toBe('+80 积分 · 退款扣回 40 积分');
  });
  it('tells a visitor the points come when they join', () => {
    expect(orderPointsText({ earned: 0, takenBack: 0, state: 'awaiting_join', availableAt: null })).toBe('加入会员后积分到账');
  });
});
