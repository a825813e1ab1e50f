import { describe, expect, it } from 'vitest';
import type { MemberOutlook } from './customer-outlook.ts';
import { outlookReasons } from './outlook-reasons.ts';

const outlook = (overrides: Partial<MemberOutlook>): MemberOutlook => ({
  customerId: 'm1',
  occasions: 5,
  daysSinceLastPurchase: 120,
  daysSinceFirstPurchase: 240,
  gapDays: 30,
  gapIsShops: false,
  meanRepeatSpendFen: 8800,
  pAlive: 0.1834,
  pAliveMethod: 'rules',
  expectedPurchases: 0.46,
  forecastDays: 90,
  moreExpectedPurchases: [],
  purchasesMethod: 'rules',
  expectedSpendFen: 9050,
  spendMethod: 'rules',
  lifetimeValueFen: 123456,
  lifetimeValueMonths: 12,
  lifetimePurchases: 1.37,
  monthlyDiscountRate: 0.01,
  riskBand: '高',
  ...overrides,
});

describe('the one-line reasons behind a member’s scores', () => {
  it('explain the rules’ scores from the member’s own gap and spend', () => {
    expect(outlookReasons(outlook({}))).toEqual({
      pAlive: '近 120 天无购买，按其以往平均 30 天一次的购买间隔，仍活跃的概率为 18%',
      purchases: '预计未来 90 天购买 0.5 次：首次购买以来 240 天共购买 5 次，仍活跃的概率为 18%',
      spend: '预计每单 ¥90.50：按其以往 5 次购买的平均每单金额',
      lifetimeValue: '未来 12 个月价值约 ¥1,234.56：预计购买 1.4 次，每单约 ¥90.50，按每月 1% 折现',
      risk: '流失风险高：仍活跃的概率为 18%（低于 30% 为高，低于 70% 为中）',
    });
  });

  it('explain the models’ scores as the shop’s pattern applied to the member', () => {
    const reasons = outlookReasons(
      outlook({
        pAliveMethod: 'bgnbd',
        purchasesMethod: 'bgnbd',
        spendMethod: 'gamma-gamma',
        daysSinceLastPurchase: 0,
        pAlive: 0.999,
        riskBand: '低',
      }),
    );
    expect(reasons.pAlive).toBe('今天刚购买；以往 5 次购买、平均 30 天一次，按本店会员的购买规律，仍活跃的概率超过 99%');
    expect(reasons.spend).toBe('预计每单 ¥90.50：其复购平均每单 ¥88.00，结合本店复购会员的消费水平估计');
    expect(reasons.risk).toBe('流失风险低：仍活跃的概率超过 99%（低于 30% 为高，低于 70% 为中）');
  });

  it('explain a one-time buyer by the shop’s gap, and their spend by the shop’s repeat buyers', () => {
    const reasons = outlookReasons(
      outlook({
        occasions: 1,
        gapDays: 48.7,
        gapIsShops: true,
        meanRepeatSpendFen: null,
        spendMethod: 'gamma-gamma',
        pAlive: 0.004,
        expectedPurchases: 0.01,
      }),
    );
    expect(reasons.pAlive).toBe('只购买过一次，已 120 天未再购买（本店复购会员通常 49 天买一次），仍活跃的概率不到 1%');
    expect(reasons.purchases).toBe('预计未来 90 天购买不到 0.1 次：首次购买以来 240 天共购买 1 次，仍活跃的概率不到 1%');
    expect(reasons.spend).toBe('预计每单 ¥90.50：尚无复购，按本店复购会员的消费水平估计');
  });
});
