import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, tierProgress } from '@linli/shared/tiers';
import { growthRuleLines, multiplierText, progressPercent, rightsLine, rightsTexts, thresholdText, toNextText } from './tiers';

const [regular, silver, gold, diamond] = DEFAULT_TIERS as [
  (typeof DEFAULT_TIERS)[number],
  (typeof DEFAULT_TIERS)[number],
  (typeof DEFAULT_TIERS)[number],
  (typeof DEFAULT_TIERS)[number],
];

describe('rights', () => {
  it('spells out what a tier gives, leaving out what it does not', () => {
    expect(rightsTexts(regular.rights)).toEqual(['积分 1 倍', '生日礼 50 积分']);
    expect(rightsLine(silver.rights)).toBe('积分 1.2 倍 · 生日礼 100 积分');
    expect(rightsLine(diamond.rights)).toBe('积分 2 倍 · 包邮 · 优先客服 · 生日礼 800 积分 · 专属礼品');
    expect(rightsTexts({ ...regular.rights, birthdayGiftPoints: 0 })).toEqual(['积分 1 倍']);
  });

  it('writes multipliers without float noise', () => {
    expect([1, 1.2, 1.25, 1.5, 2, 0.1 + 1.1].map(multiplierText)).toEqual(['1', '1.2', '1.25', '1.5', '2', '1.2']);
  });
});

describe('progress towards the next tier', () => {
  it('a middle tier: how much is missing and the bar against the next threshold', () => {
    const progress = tierProgress(DEFAULT_TIERS, silver, 1800);
    expect(toNextText(progress)).toBe('再获得 3200 成长值升级为 金卡会员');
    expect(progressPercent(progress)).toBe(36);
  });

  it('the top tier: a full bar and 已是最高等级', () => {
    const progress = tierProgress(DEFAULT_TIERS, diamond, 26_000);
    expect(toNextText(progress)).toBe('已是最高等级');
    expect(progressPercent(progress)).toBe(100);
  });

  it('growth already past the next threshold (the tier follows at the review)', () => {
    const progress = tierProgress(DEFAULT_TIERS, silver, 5_200);
    expect(progress.growthToNext).toBe(0);
    expect(toNextText(progress)).toBe('已达到 金卡会员 门槛，等级将在每日复核后更新');
    expect(progressPercent(progress)).toBe(100);
  });

  it('no growth yet', () => {
    const progress = tierProgress(DEFAULT_TIERS, regular, 0);
    expect(progressPercent(progress)).toBe(0);
    expect(toNextText(progress)).toBe('再获得 1000 成长值升级为 银卡会员');
    expect(thresholdText(gold.minGrowth)).toBe('成长值 ≥ 5000');
  });
});

describe('growthRuleLines', () => {
  it('names the grace days when the ladder gives them', () => {
    const lines = growthRuleLines({ growthWindowMonths: 12, downgradeGraceDays: 30 });
    expect(lines[0]).toBe('成长值：近12个月实付金额每1元计1成长值；退款扣减。');
    expect(lines[2]).toContain('降级前有 30 天保级期');
  });

  it('stays general without them', () => {
    expect(growthRuleLines({})[2]).toBe('等级每日复核，降级前有保级期。');
  });
});
