import { describe, expect, it } from 'vitest';
import {
  audienceText,
  DELIVERY_STATUS_FILTERS,
  deliveryStatusText,
  failureText,
  giftText,
  liftText,
  resultNotes,
  resultRows,
  triggerText,
} from './care';

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
  it('gives each arm and the hold-out a row, every figure with its unit, and the lift over the hold-out', () => {
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
    expect(resultRows(results)).toEqual([
      { label: 'A 组', members: '200 人', converted: '30 人', rate: '15.0%', orders: '36 笔', revenue: '¥1,234.00' },
      { label: 'B 组', members: '200 人', converted: '20 人', rate: '10.0%', orders: '36 笔', revenue: '¥1,234.00' },
      { label: '对照组', members: '40 人', converted: '4 人', rate: '10.0%', orders: '4 笔', revenue: '¥99.00' },
    ]);
    expect(liftText(results)).toBe('下单率比对照组高 25.0%');
    expect(liftText({ ...results, lift: -0.054 })).toBe('下单率比对照组低 5.4%');
    expect(resultNotes(results)).toEqual(['统计 10月28日至11月20日发出的消息，发出后 7 天内的下单计入。']);
  });

  it('has no rate for no one sent, no lift without a hold-out, and says what is still in its window', () => {
    const results = {
      since: '2026-10-28',
      through: '2026-11-20',
      arms: [{ arm: 'a' as const, ...outcome, members: 0, converted: 0 }],
      holdout: null,
      lift: null,
      tooFew: true,
      pending: 12,
    };
    expect(resultRows(results)).toEqual([
      { label: '已发送', members: '0 人', converted: '0 人', rate: '—', orders: '36 笔', revenue: '¥1,234.00' },
    ]);
    expect(liftText(results)).toBeNull();
    expect(resultNotes(results).slice(1)).toEqual(['另有 12 条消息发出不足 7 天，尚未计入。']);
  });
});

describe('why a send failed, in words', () => {
  it("says what WeChat's answer means, never its English message", () => {
    expect(failureText('40037 invalid template_id rid: 6566f0b1-1a2b')).toBe('模板 ID 无效：请核对关怀计划中的模板 ID 是否与公众平台一致');
    expect(failureText('47003 argument invalid! data.thing1.value exceeds limit')).toBe(
      '消息内容不符合模板要求（如字数超限），请检查模板字段',
    );
    expect(failureText('-1 system error')).toBe('微信系统繁忙');
    expect(failureText('48001 api unauthorized')).toBe('微信拒绝发送（错误码 48001）');
  });

  it('explains a message that could not be filled and an attempt whose outcome is unknown', () => {
    expect(failureText('message: {券名} 没有可用的值')).toBe('消息内容无法生成：{券名} 没有可用的值');
    expect(failureText('uncertain: the attempt stopped after claiming it')).toBe(
      '发送结果不明（发送过程中断，可能已送达），为免重复不再发送',
    );
    expect(failureText('something else')).toBeNull();
  });
});
