import { DEFAULT_INSIGHT_SETTINGS } from '@linli/shared/insight';
import { describe, expect, it } from 'vitest';
import { judgeLifecycle } from './lifecycle.ts';

const rules = DEFAULT_INSIGHT_SETTINGS; // new 30 days, loyal 4 days in 365, rules: at risk > 90 days, lost > 180; model: 0.5 / 0.15
const day = '2026-11-26';
const stage = (purchaseDays: string[], churn: { pAlive: number; method: 'model' | 'rules' } | null = null) =>
  judgeLifecycle({ purchaseDays, churn }, rules, day).stage;

describe('lifecycle stages', () => {
  it('a member who never bought is a prospect', () => {
    expect(judgeLifecycle({ purchaseDays: [], churn: null }, rules, day)).toEqual({ stage: 'prospect', reason: '已加入会员，还没有购买' });
  });

  it('a first purchase within 30 days is new; on the 30th day it is not', () => {
    expect(stage(['2026-10-28'])).toBe('new'); // 29 days ago
    expect(stage(['2026-10-27'])).toBe('active'); // 30 days ago
  });

  it('by the rules (one-time buyers, or no model): more than 90 days without purchase is at risk, more than 180 lost', () => {
    expect(stage(['2026-08-28'])).toBe('active'); // 90 days
    expect(stage(['2026-08-27'])).toBe('at_risk'); // 91 days
    expect(stage(['2026-05-30'])).toBe('at_risk'); // 180 days
    expect(stage(['2026-05-29'])).toBe('lost'); // 181 days
  });

  it('where the model judges a repeat buyer, P(alive) decides, not the days', () => {
    const repeat = ['2025-06-01', '2025-07-01'];
    expect(stage(repeat, { pAlive: 0.6, method: 'model' })).toBe('active');
    expect(stage(repeat, { pAlive: 0.49, method: 'model' })).toBe('at_risk');
    expect(stage(repeat, { pAlive: 0.14, method: 'model' })).toBe('lost');
    // Recent buyers the model doubts are at risk too, however few days have passed.
    expect(stage(['2026-11-01', '2026-11-20'], { pAlive: 0.3, method: 'model' })).toBe('at_risk');
  });

  it('a one-time buyer is judged by the days even when a model was fitted', () => {
    expect(stage(['2026-05-01'], { pAlive: 1, method: 'model' })).toBe('lost');
  });

  it('four purchase days in the last 365 make an active member loyal; older ones do not count', () => {
    expect(stage(['2026-01-10', '2026-04-10', '2026-07-10', '2026-11-10'])).toBe('loyal');
    expect(stage(['2025-11-26', '2026-04-10', '2026-07-10', '2026-11-10'])).toBe('active'); // the first is 365 days ago: outside
    expect(stage(['2025-11-27', '2026-04-10', '2026-07-10', '2026-11-10'])).toBe('loyal'); // 364 days ago: inside
  });

  it('purchases after the analysis day are not seen', () => {
    expect(stage(['2026-11-27'])).toBe('prospect');
  });

  it('each stage says why in one line', () => {
    expect(judgeLifecycle({ purchaseDays: ['2026-08-01'], churn: null }, rules, day).reason).toBe('已 117 天无购买（超过 90 天）');
    expect(
      judgeLifecycle({ purchaseDays: ['2025-06-01', '2025-07-01'], churn: { pAlive: 0.18, method: 'model' } }, rules, day).reason,
    ).toBe('513 天无购买，按其以往的购买规律仍活跃的概率为 18%（低于 50%）');
  });
});
