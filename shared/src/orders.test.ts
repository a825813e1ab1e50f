import { describe, expect, it } from 'vitest';
import { OrderWebhookBody } from './orders.ts';

describe('OrderWebhookBody', () => {
  const valid = {
    orderId: 'A-1',
    openid: 'o-x',
    paidFen: 100,
    paidAt: '2026-11-01T10:00:00+08:00',
    items: [{ sku: 's', name: 'n', category: 'c', qty: 1, unitPriceFen: 100 }],
  };
  it('accepts an order with an offset timestamp', () => {
    expect(OrderWebhookBody.safeParse(valid).success).toBe(true);
  });
  it.each([
    ['fractional fen', { paidFen: 1.5 }],
    ['no items', { items: [] }],
    ['an order id with spaces', { orderId: 'A 1' }],
    ['a date without time', { paidAt: '2026-11-01' }],
  ])('rejects %s', (_label, change) => {
    expect(OrderWebhookBody.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
