import { describe, expect, it } from 'vitest';
import { audienceText, DELIVERY_STATUS_FILTERS, deliveryStatusText, giftText, resultLines, resultNotes, triggerText } from './care';

const holidays: Record<string, string> = { 'mid-autumn-festival': '中秋节' };
const holidayName = (key: string) => holidays[key];

describe('a care rule in words', () => {
  it('says when each trigger sends', () => {
    expect(triggerText({ kind: 'birthday', daysBefore: 0 }, holidayName)).toBe('生日 当天');
    expect(triggerText({ kind: 'birthday', daysBefore: 1 }, holidayName)).toBe('生日 提前1天');
    expect(triggerText({ kind: 'holiday', holiday: 'mid-autumn-festival', daysBefore: 3 }, holidayName)).toBe('节日 中秋节 提前3天');
    expect(triggerText({ kind: 'holiday', holiday: 'seller:gone', daysBefore: 0 }, holidayName)).toBe('节日 已删除的节日 当天');
    expect(triggerText({ kind: 'anniversary', of: 'membership', daysBefore: 0 }, holidayName)).toBe('入会周年');
    expect(triggerText({ kind: 'anniversary', of: 'first-order', daysBefore: 7 }, holidayName)).toBe('首单周年 提前7天');
    expect(triggerText({ kind: 'post-purchase', daysAfter: 3 }, holidayName)).toBe('购买后第3天回访');
    expect(triggerText({ kind: 'lifecycle', stages: ['at_risk', 'lost'] }, holidayName)).toBe('客户阶段变化 → 流失风险、已流失');
    expect(triggerText({ kind: 'replenishment', daysBefore: 3, categories: ['婴儿奶粉', '大米'] }, holidayName)).toBe(
      '补货提醒 婴儿奶粉、大米 提前3天',
    );
    expect(triggerText({ kind: 'replenishment', daysBefore: 0 }, holidayName)).toBe('补货提醒 全部品类 当天');
  });

  it('names the audience and the gift, or says they are gone', () => {
    const names: Record<string, string> = { 'seg-1': '高价值客户', 'reward-1': '满50减10元券' };
    expect(audienceText({ kind: 'everyone' }, (id) => names[id])).toBe('全部会员');
    expect(audienceText({ kind: 'segment', segmentId: 'seg-1' }, (id) => names[id])).toBe('高价值客户');
    expect(audienceText({ kind: 'segment', segmentId: 'seg-9' }, (id) => names[id])).toBe('已删除的分群');
    expect(giftText(null, (id) => names[id])).toBe('无');
    expect(giftText({ kind: 'points', points: 200 }, (id) => names[id])).toBe('200 积分');
    expect(giftText({ kind: 'coupon', rewardId: 'reward-1' }, (id) => names[id])).toBe('满50减10元券');
  });
});

describe('a delivery in words', () => {
  it('gives the status, and the reason when it was not sent', () => {
    expect(deliveryStatusText({ status: 'sent', reason: null })).toBe('已发送');
    expect(deliveryStatusText({ status: 'skipped', reason: 'cap' })).toBe('未发送：超过发送频率上限');
    expect(deliveryStatusText({ status: 'failed', reason: null })).toBe('发送失败');
  });

  it('filters by each status name once (发送中 covers queued and sending)', () => {
    expect(DELIVERY_STATUS_FILTERS.map((filter) => filter.label)).toEqual(['待发送', '发送中', '已发送', '未发送', '发送失败']);
    expect(DELIVERY_STATUS_FILTERS.find((filter) => filter.label === '发送中')?.status).toBe('queued');
  });
});

describe("a rule's results in words", () => {
  const outcome = { members: 200, converted: 30, orders: 36, revenueFen: 123_400 };
  it('gives each arm, the hold-out and the lift over it', () => {
    const results = {
      since: '2026-10-28',
      through: '2026-11-20',
      arms: [
        { arm: 'a' as const, ...outcome },
        { arm: 'b' as const, ...outcome, converted: 20 },
      ],
      holdout: { members: 40, converted: 4, orders: 4, revenueFen: 9_900 },
      lift: 0.25,
      tooFew: false,
      pending: 0,
    };
    expect(resultLines(results)).toEqual([
      { label: 'A 组', text: '发送 200 人 · 下单 30 人（15.0%） · 订单 36 笔 · ¥1,234.00' },
      { label: 'B 组', text: '发送 200 人 · 下单 20 人（10.0%） · 订单 36 笔 · ¥1,234.00' },
      { label: '对照组', text: '留出 40 人 · 下单 4 人（10.0%） · 订单 4 笔 · ¥99.00' },
      { label: '提升', text: '下单率比对照组高 25.0%' },
    ]);
    expect(resultNotes(results)).toEqual(['统计 2026-10-28 至 2026-11-20 发出的消息，发出后 7 天内的下单计入。']);
  });

  it('says when the numbers are too few and what is still in its window; no lift without a hold-out', () => {
    const results = {
      since: '2026-10-28',
      through: '2026-11-20',
      arms: [{ arm: 'a' as const, ...outcome, members: 0, converted: 0 }],
      holdout: null,
      lift: null,
      tooFew: true,
      pending: 12,
    };
    expect(resultLines(results)).toEqual([{ label: '已发送', text: '发送 0 人 · 下单 0 人 · 订单 36 笔 · ¥1,234.00' }]);
    expect(resultNotes(results).slice(1)).toEqual([
      '发送人数较少（不足 100 人，或对照组不足 30 人），数字仅供参考。',
      '另有 12 条消息发出不足 7 天，尚未计入。',
    ]);
  });
});
