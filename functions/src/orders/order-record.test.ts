import { describe, expect, it } from 'vitest';
import { applyOrderToStats, orderContentHash } from './order-record.ts';
import { newVisitor } from '../members/member-record.ts';

describe('applyOrderToStats', () => {
  const member = newVisitor({
    memberId: 'm_1',
    openid: 'o-1',
    unionid: null,
    memberCode: 'M2345678',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  it('adds count and net spend and widens the order time range, leaving points to the ledger', () => {
    const a = applyOrderToStats(member, { paidFen: 1_000, paidAt: '2026-05-01T00:00:00+08:00' });
    const b = applyOrderToStats(a, { paidFen: 500, paidAt: '2026-03-01T00:00:00Z', refundedFen: 200 });
    expect(b).toMatchObject({
      pointsBalance: 0,
      orderCount: 2,
      totalSpentFen: 1_300,
      firstOrderAt: '2026-03-01T00:00:00.000Z',
      lastOrderAt: '2026-04-30T16:00:00.000Z',
    });
  });
  it('hashes the same order the same regardless of the offset its time was written with', () => {
    const order = { orderId: 'x', openid: 'o', paidFen: 1, items: [{ sku: 's', name: 'n', category: 'c', qty: 1, unitPriceFen: 1 }] };
    expect(orderContentHash({ ...order, paidAt: '2026-05-01T08:00:00+08:00' })).toBe(
      orderContentHash({ ...order, paidAt: '2026-05-01T00:00:00Z' }),
    );
  });
});
