import { describe, expect, it } from 'vitest';
import type { MyGroupOrder } from '@linli/shared/groupbuy';
import { groupStatusText, leaveConfirmText, orderStatusView, refundText } from './order-status';

const NOW = Date.parse('2026-12-01T02:00:00.000Z');

function order(overrides: Partial<MyGroupOrder> = {}): MyGroupOrder {
  return {
    orderNo: 'GB1',
    campaignId: 'c1',
    groupId: 'g1',
    campaignName: '赣南脐橙 3 人团',
    productName: '赣南脐橙 5 斤',
    coverUrl: null,
    qty: 1,
    amountFen: 1990,
    status: 'reserved',
    leader: true,
    groupStatus: 'forming',
    groupDeadline: '2026-12-02T02:00:00.000Z',
    reservedUntil: '2026-12-01T02:15:00.000Z',
    paidAt: null,
    refund: null,
    createdAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

describe('an order on 我的拼团', () => {
  it('is 待支付 with the time left to pay, until that time is over', () => {
    expect(orderStatusView(order(), NOW)).toEqual({ label: '待支付', tone: 'pending', note: '请在 00:15:00 内完成支付' });
    expect(orderStatusView(order(), NOW + 15 * 60_000).note).toBe('支付已超时，名额已释放');
  });

  it('is 拼团中 once paid, counting down to the group’s deadline', () => {
    expect(orderStatusView(order({ status: 'paid', reservedUntil: null }), NOW)).toEqual({
      label: '拼团中',
      tone: 'running',
      note: '剩余 1天 00:00:00',
    });
  });

  it('names every other state', () => {
    const label = (status: MyGroupOrder['status']) => orderStatusView(order({ status, reservedUntil: null }), NOW).label;
    expect(label('succeeded')).toBe('已成团');
    expect(label('released')).toBe('已取消');
    expect(label('left')).toBe('已退出');
    expect(label('failed')).toBe('未成团');
    expect(orderStatusView(order({ status: 'released', reservedUntil: null }), NOW).note).toBe('未支付，名额已释放');
  });
});

describe('a refund’s progress', () => {
  const refund = (status: 'requested' | 'processing' | 'succeeded' | 'abnormal' | 'closed') => ({ fen: 1990, status });

  it('is in progress until WeChat Pay confirms, then refunded, in yuan', () => {
    expect(refundText(refund('requested'))).toBe('退款处理中 ¥19.90');
    expect(refundText(refund('processing'))).toBe('退款处理中 ¥19.90');
    expect(refundText(refund('succeeded'))).toBe('已退款 ¥19.90');
  });

  it('sends the buyer to the seller when WeChat Pay could not return the money', () => {
    expect(refundText(refund('abnormal'))).toBe('退款异常，请联系商家（¥19.90）');
    expect(refundText(refund('closed'))).toBe('退款已关闭，请联系商家（¥19.90）');
  });
});

describe('a group’s status on its page', () => {
  it('is forming, succeeded, or failed with the viewer’s refund', () => {
    expect(groupStatusText({ status: 'forming' }, null)).toBe('拼团中');
    expect(groupStatusText({ status: 'succeeded' }, null)).toBe('拼团成功');
    expect(groupStatusText({ status: 'failed' }, { fen: 1990, status: 'succeeded' })).toBe('拼团失败，已退款');
    expect(groupStatusText({ status: 'failed' }, { fen: 1990, status: 'processing' })).toBe('拼团失败，退款处理中');
    expect(groupStatusText({ status: 'failed' }, { fen: 1990, status: 'abnormal' })).toBe('拼团失败，退款异常，请联系商家');
    expect(groupStatusText({ status: 'failed' }, null)).toBe('拼团失败');
  });

  it('warns a paid member that leaving refunds them', () => {
    expect(leaveConfirmText(true)).toContain('原路退回');
    expect(leaveConfirmText(false)).not.toContain('退回');
  });
});
