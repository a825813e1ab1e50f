import type { CheckinCalendar, CheckinResult } from '@linli/shared/points';

/** One line per rule: "每日签到 +5 积分", then "连续第7天额外 +20 积分"… in streak order. */
export function checkinRuleLines(rules: CheckinCalendar['rules']): string[] {
  const lines = [`每日签到 +${rules.dailyPoints} 积分`];
  for (const { day, bonus } of [...rules.streakBonuses].sort((a, b) => a.day - b.day)) lines.push(`连续第${day}天额外 +${bonus} 积分`);
  return lines;
}

/** What to tell the member after tapping 签到: the daily points, then any streak bonus. */
export function checkinResultLines(result: CheckinResult): string[] {
  if (result.alreadyCheckedIn) return ['今天已签到'];
  const lines = [`签到成功 +${result.points - result.bonus} 积分`];
  if (result.bonus > 0) lines.push(`连续 ${result.streak} 天额外奖励 +${result.bonus}`);
  return lines;
}
