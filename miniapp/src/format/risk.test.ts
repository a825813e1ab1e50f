import { describe, expect, it } from 'vitest';
import { redemptionHoldText, riskFactsText, riskMemberText, riskMoreMembersText, riskReviewText } from './risk';

describe('risk flag texts', () => {
  it('say what an outsized order was measured against, money in yuan', () => {
    expect(
      riskFactsText({
        kind: 'outsized-order',
        paidFen: 120_000,
        paidAt: '2026-11-02T02:00:00.000Z',
        priorDays: 4,
        memberMedianFen: 10_000,
        memberMaxFen: 18_000,
        shopHighFen: 50_000,
        overMemberHistory: true,
        overShopNorm: false,
      }),
    ).toEqual(['2026-11-02 10:00 下单 ¥1,200.00', '远高于该会员以往（共 4 天有购买，通常每单 ¥100.00，最多 ¥180.00）']);
  });

  it('word each daily pattern without codes', () => {
    expect(
      riskFactsText({ kind: 'refunds-after-redemption', windowDays: 30, refundedOrders: 3, pointsRedeemed: 300, pointsOwed: 0 }),
    ).toEqual(['近 30 天有 3 笔订单在积分兑换后退款', '期间兑换 300 积分']);
    expect(riskFactsText({ kind: 'shared-phone', phoneMasked: '139****1111', members: 3 })).toEqual([
      '3 个会员验证了同一个手机号（139****1111）',
    ]);
    expect(riskFactsText({ kind: 'welcome-burst', day: '2026-11-26', redemptions: 10, usualPerDay: 0.5, newMemberDays: 7 })).toEqual([
      '2026-11-26 有 10 位新会员在入会 7 天内首次兑换',
      '平时每天约 0.5 位',
    ]);
    expect(
      riskFactsText({
        kind: 'staff-outlier',
        staffName: null,
        windowDays: 30,
        pointsCredited: 3_000,
        credits: 2,
        peers: 2,
        peerMedianPoints: 350,
      }),
    ).toEqual(['已离职员工 近 30 天发放 3,000 积分（2 次调整或投诉补偿）', '其他 2 位同事通常发放 350 积分']);
  });

  it('name members by nickname and masked phone, and count those not shown', () => {
    expect(riskMemberText({ nickname: '小林', phoneMasked: '139****1111' })).toBe('小林 · 139****1111');
    expect(riskMemberText({ nickname: null, phoneMasked: null })).toBe('未填写昵称的会员');
    const member = { memberId: 'm', nickname: null, phoneMasked: null, redemptionsHeld: false };
    expect(riskMoreMembersText({ members: [member], memberCount: 12 })).toBe('等 12 人');
    expect(riskMoreMembersText({ members: [member], memberCount: 1 })).toBeNull();
  });

  it('say who reviewed a flag, when and why', () => {
    expect(riskReviewText({ status: 'open', review: null })).toBeNull();
    expect(riskReviewText({ status: 'confirmed', review: { at: '2026-11-26T03:00:00.000Z', byName: '主管老王', note: '已核实' } })).toBe(
      '已确认风险 · 主管老王 · 2026-11-26 11:00：已核实',
    );
  });

  it('say who held a member’s redemptions, when and why', () => {
    expect(redemptionHoldText({ reason: '核实中', heldByName: '主管老王', heldAt: '2026-11-26T03:00:00.000Z' })).toBe(
      '已暂停：核实中（主管老王 2026-11-26 11:00）',
    );
  });
});
