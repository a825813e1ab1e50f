import type { TierProgress, TierRights } from '@linli/shared/tiers';

/** 1 → "1", 1.2 → "1.2", 1.25 → "1.25" (the schema allows at most 2 decimals). */
export function multiplierText(multiplier: number): string {
  return String(Math.round(multiplier * 100) / 100);
}

/** What a tier gives, one short text each: 积分 1.2 倍, 包邮, 优先客服, 生日礼 100 积分, 专属礼品. */
export function rightsTexts(rights: TierRights): string[] {
  const texts = [`积分 ${multiplierText(rights.pointsMultiplier)} 倍`];
  if (rights.freeShipping) texts.push('包邮');
  if (rights.priorityService) texts.push('优先客服');
  if (rights.birthdayGiftPoints > 0) texts.push(`生日礼 ${rights.birthdayGiftPoints} 积分`);
  if (rights.exclusiveRewards) texts.push('专属礼品');
  return texts;
}

/** The rights in one line for the member card: 积分 1.2 倍 · 包邮 · 生日礼 100 积分. */
export function rightsLine(rights: TierRights): string {
  return rightsTexts(rights).join(' · ');
}

/**
 * How full the bar towards the next tier is, 0 to 100: the growth against the next tier's
 * threshold (100 at the top tier).
 */
export function progressPercent(progress: Pick<TierProgress, 'growth' | 'nextTier'>): number {
  if (!progress.nextTier) return 100;
  if (progress.nextTier.minGrowth <= 0) return 100;
  const percent = Math.floor((progress.growth / progress.nextTier.minGrowth) * 100);
  return Math.max(0, Math.min(100, percent));
}

/**
 * The line under the bar: 再获得 3200 成长值升级为 金卡会员; 已是最高等级 at the top; when the
 * growth already reaches the next threshold (the tier follows at the next order or the daily
 * review), says so instead of "0 more".
 */
export function toNextText(progress: Pick<TierProgress, 'nextTier' | 'growthToNext'>): string {
  if (!progress.nextTier) return '已是最高等级';
  if (progress.growthToNext <= 0) return `已达到 ${progress.nextTier.name} 门槛，等级将在每日复核后更新`;
  return `再获得 ${progress.growthToNext} 成长值升级为 ${progress.nextTier.name}`;
}

/** 成长值 ≥ 5000 (the base tier: 成长值 ≥ 0). */
export function thresholdText(minGrowth: number): string {
  return `成长值 ≥ ${minGrowth}`;
}

/**
 * How growth and reviews work, line by line. The grace days and the window come from the ladder
 * when it has them; without them the lines stay true but general (有保级期).
 */
export function growthRuleLines(ladder: { growthWindowMonths?: number; downgradeGraceDays?: number } = {}): string[] {
  const months = ladder.growthWindowMonths ?? 12;
  const grace = ladder.downgradeGraceDays;
  return [
    `成长值：近${months}个月实付金额每1元计1成长值；退款扣减。`,
    '成长值达到更高等级门槛时立即升级。',
    grace
      ? `等级每日复核，降级前有 ${grace} 天保级期：达到等级后至少保留 ${grace} 天，之后成长值不足时下调一级。`
      : '等级每日复核，降级前有保级期。',
  ];
}
