import { describe, expect, it } from 'vitest';
import { checkinResultLines, checkinRuleLines } from './checkin';

describe('checkinRuleLines', () => {
  it('lists the daily points, then the bonuses by streak day', () => {
    expect(
      checkinRuleLines({
        dailyPoints: 5,
        streakBonuses: [
          { day: 30, bonus: 100 },
          { day: 7, bonus: 20 },
        ],
      }),
    ).toEqual(['每日签到 +5 积分', '连续第7天额外 +20 积分', '连续第30天额外 +100 积分']);
  });

  it('is just the daily points without bonuses', () => {
    expect(checkinRuleLines({ dailyPoints: 5, streakBonuses: [] })).toEqual(['每日签到 +5 积分']);
  });
});

describe('checkinResultLines', () => {
  it('shows the daily points of a plain check-in', () => {
    expect(checkinResultLines({ date: '2026-11-20', alreadyCheckedIn: false, points: 5, bonus: 0, streak: 3 })).toEqual([
      '签到成功 +5 积分',
    ]);
  });

  it('separates the streak bonus from the daily points', () => {
    expect(checkinResultLines({ date: '2026-11-20', alreadyCheckedIn: false, points: 25, bonus: 20, streak: 7 })).toEqual([
      '签到成功 +5 积分',
      '连续 7 天额外奖励 +20',
    ]);
  });

  it('says so when today was already checked in', () => {
    expect(checkinResultLines({ date: '2026-11-20', alreadyCheckedIn: true, points: 0, bonus: 0, streak: 7 })).toEqual(['今天已签到']);
  });
});
