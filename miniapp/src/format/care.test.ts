import { describe, expect, it } from 'vitest';
import { audienceText, DELIVERY_STATUS_FILTERS, deliveryStatusText, giftText, triggerText } from './care';

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
    expect(triggerText({ kind: 'lifecycle', stages: ['at_risk', 'lost'] }, holidayName)).toBe('客户阶段变化 → 流失风险、已流失');
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
