import { describe, expect, it } from 'vitest';
import type { StaffGroupOrder } from '@linli/shared/groupbuy';
import {
  buyerText,
  campaignStatusText,
  fulfilmentText,
  groupTermsText,
  leaderRewardText,
  mayRefundAfterSales,
  mayRetryFulfilment,
  refundText,
  stockText,
} from './groupbuy-words';

const definition = { startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-08T02:00:00.000Z' } as never;

describe('campaignStatusText', () => {
  it.each([
    ['draft', '2026-12-03T00:00:00.000Z', '草稿'],
    ['published', '2026-12-01T01:59:59.999Z', '未开始'],
    ['published', '2026-12-01T02:00:00.000Z', '进行中'],
    // Past its end no group opens, though it was never ended by hand.
    ['published', '2026-12-08T02:00:00.000Z', '已结束'],
    ['ended', '2026-12-03T00:00:00.000Z', '已结束'],
  ] as const)('a %s campaign at %s is %s', (status, at, text) => {
    expect(campaignStatusText({ status, definition }, new Date(at))).toBe(text);
  });
});

describe('figures in words', () => {
  it('names the minimum only when it is below the group size', () => {
    expect(groupTermsText({ groupSize: 3, minGroupSize: null, groupHours: 24 })).toBe('3 人团 · 24 小时内成团');
    expect(groupTermsText({ groupSize: 3, minGroupSize: 3, groupHours: 24 })).toBe('3 人团 · 24 小时内成团');
    expect(groupTermsText({ groupSize: 5, minGroupSize: 3, groupHours: 48 })).toBe('5 人团 · 48 小时内成团 · 至少 3 人即成团');
  });

  it('names units held by unpaid reservations only when there are some', () => {
    expect(stockText({ total: 100, reserved: 0, sold: 15, left: 85 })).toBe('剩余 85 · 已售 15');
    expect(stockText({ total: 100, reserved: 4, sold: 15, left: 81 })).toBe('剩余 81 · 已售 15 · 待支付占用 4');
  });

  it('says the leader reward', () => {
    expect(leaderRewardText({ kind: 'none' })).toBe('无');
    expect(leaderRewardText({ kind: 'points', points: 200 })).toBe('200 积分');
    expect(
      leaderRewardText({ kind: 'coupon', coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10000, validDays: 30 } }),
    ).toBe('满100减10 优惠券');
  });
});

describe('an order', () => {
  const refund = {
    fen: 2990,
    reason: 'after-sales',
    status: 'processing',
    requestedAt: '2026-12-02T02:00:00.000Z',
    settledAt: null,
  } as const;

  it("tells a refund's reason, amount and progress, and when the money went back", () => {
    expect(refundText(refund)).toBe('售后退款 ¥29.90 · 退款处理中');
    expect(refundText({ ...refund, reason: 'group-failed', status: 'succeeded', settledAt: '2026-12-02T03:05:00.000Z' })).toBe(
      '未成团 ¥29.90 · 已退款（2026-12-02 11:05）',
    );
    expect(refundText({ ...refund, status: 'abnormal' })).toBe('售后退款 ¥29.90 · 退款异常，需人工处理');
  });

  it("tells the delivery to the shop without the shop's own error text", () => {
    const base = { attempts: 0, lastError: null, deliveredAt: null, nextAttemptAt: null };
    expect(fulfilmentText(null)).toBeNull();
    expect(fulfilmentText({ ...base, state: 'pending' })).toBe('发货推送：待推送');
    expect(fulfilmentText({ ...base, state: 'delivered', attempts: 1, deliveredAt: '2026-12-02T02:00:10.000Z' })).toBe(
      '发货推送：已推送（2026-12-02 10:00）',
    );
    const failing = fulfilmentText({
      ...base,
      state: 'failing',
      attempts: 3,
      lastError: 'HTTP 502 from shop',
      nextAttemptAt: '2026-12-02T02:30:00.000Z',
    });
    expect(failing).toBe('发货推送：推送失败重试中（已试 3 次，下次 2026-12-02 10:30）');
    expect(fulfilmentText({ ...base, state: 'gave-up', attempts: 15, lastError: 'HTTP 500' })).toBe('发货推送：已放弃（已试 15 次）');
  });

  it('may be refunded after sales once succeeded, unless a refund is under way or done', () => {
    const order = (status: StaffGroupOrder['status'], refundStatus?: (typeof refund)['status'] | 'closed' | 'succeeded') =>
      ({ status, refund: refundStatus ? { ...refund, status: refundStatus } : null }) as Pick<StaffGroupOrder, 'status' | 'refund'>;
    expect(mayRefundAfterSales(order('succeeded'))).toBe(true);
    expect(mayRefundAfterSales(order('succeeded', 'closed'))).toBe(true);
    expect(mayRefundAfterSales(order('succeeded', 'processing'))).toBe(false);
    expect(mayRefundAfterSales(order('succeeded', 'succeeded'))).toBe(false);
    expect(mayRefundAfterSales(order('paid'))).toBe(false);
    expect(mayRefundAfterSales(order('failed'))).toBe(false);
  });
});

describe('mayRetryFulfilment', () => {
  const base = { attempts: 1, lastError: null, deliveredAt: null, nextAttemptAt: null };
  it.each([
    ['pending', false],
    ['delivered', false],
    ['failing', true],
    ['gave-up', true],
  ] as const)('%s → %s', (state, expected) => {
    expect(mayRetryFulfilment({ ...base, state })).toBe(expected);
  });
});

describe('the buyer on staff lists', () => {
  it('shows the nickname with the masked phone, or the nickname alone', () => {
    expect(buyerText({ nickname: '阿杰', phoneMasked: '138****0000' })).toBe('阿杰 138****0000');
    expect(buyerText({ nickname: '阿杰', phoneMasked: null })).toBe('阿杰');
  });
});
