import type { CheckinCalendar, CheckinResult } from '@linli/shared/points';
import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { requireMember } from '../members/require-member.ts';
import { newId } from '../platform/ids.ts';
import { checkinPut, getCheckin, listCheckinDays } from './checkin-repository.ts';
import { listOpenLots } from './lots-repository.ts';
import { commitPointsChange, planCredit } from './points-change.ts';
import { checkinReward, pointsExpiry, previousDay } from './rules.ts';

type CheckinDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Today's check-in (Asia/Shanghai day): daily points plus any streak bonus, credited once per day
 * however many taps arrive at once — the day's record is written in the same transaction.
 */
export async function checkIn(deps: CheckinDeps, memberId: string): Promise<CheckinResult> {
  return withOptimisticRetry(async () => {
    const now = deps.clock();
    const today = shanghaiDay(now).date;
    const [member, lots, existing, yesterday] = await Promise.all([
      requireMember(deps, memberId),
      listOpenLots(deps.db, memberId),
      getCheckin(deps.db, memberId, today),
      getCheckin(deps.db, memberId, previousDay(today)),
    ]);
    if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before checking in');
    if (existing) return { date: today, alreadyCheckedIn: true, points: 0, bonus: 0, streak: existing.streak };
    const streak = (yesterday?.streak ?? 0) + 1;
    const reward = checkinReward(streak, deps.config.points.checkin);
    const planned = planCredit({
      member,
      lots,
      credit: { amount: reward.points, availableAt: now.toISOString(), expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'checkin',
      refId: today,
      idempotencyKey: `checkin:${memberId}:${today}`,
      note: reward.bonus > 0 ? `连续签到第 ${streak} 天奖励 +${reward.bonus}` : null,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [checkinPut(deps.db, memberId, { date: today, streak, points: reward.points, bonus: reward.bonus }, now.toISOString())],
    });
    if (committed === 'conflict') return RETRY;
    if (committed !== 'committed') {
      // Another tap checked in first: report its result.
      const winner = await getCheckin(deps.db, memberId, today);
      return { date: today, alreadyCheckedIn: true, points: 0, bonus: 0, streak: winner?.streak ?? streak };
    }
    return { date: today, alreadyCheckedIn: false, points: reward.points, bonus: reward.bonus, streak };
  });
}

/** A month of check-ins for the calendar, with the current streak and the rules. */
export async function checkinCalendar(deps: CheckinDeps, memberId: string, month?: string): Promise<CheckinCalendar> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before checking in');
  const today = shanghaiDay(deps.clock()).date;
  const shownMonth = month ?? today.slice(0, 7);
  const days = await listCheckinDays(deps.db, memberId, shownMonth);
  const [todays, yesterdays] = await Promise.all([getCheckin(deps.db, memberId, today), getCheckin(deps.db, memberId, previousDay(today))]);
  return {
    today,
    month: shownMonth,
    checkedInToday: Boolean(todays),
    streak: todays?.streak ?? yesterdays?.streak ?? 0,
    days,
    rules: { dailyPoints: deps.config.points.checkin.dailyPoints, streakBonuses: deps.config.points.checkin.streakBonuses },
  };
}
