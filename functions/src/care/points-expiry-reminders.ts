import { careDateText } from '@linli/shared/subscribe-fields';
import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { KeptPoints, MemberRecord } from '../members/member-record.ts';
import { findMembersToRemindOfExpiry, getMember, saveMember } from '../members/repository.ts';
import type { AnnounceNotice, ServiceNotice } from './service-notice.ts';

export interface ExpiryReminderReport {
  date: string;
  /** Members with points to be reminded of. */
  members: number;
  /** Reminders planned to go (the care worker sends them). */
  planned: number;
  alreadyPlanned: number;
  /** Members holding no authorization: recorded as skipped, and tried again on the next run. */
  noAuthorization: number;
  /** Skipped for another reason (held by quiet hours past the expiry). */
  skipped: number;
}

/**
 * What a member has to be reminded of at `now`, from the points kept on them: points not yet expired whose
 * Shanghai expiry day falls on or before `lastDay`, the earliest of those instants, and the last of
 * those days (the reminder covers them all).
 */
export function expiringWithin(
  kept: KeptPoints,
  now: Date,
  lastDay: string,
): { points: number; firstExpiry: string | null; throughDay: string | null } {
  const at = now.toISOString();
  let points = 0;
  let firstExpiry: string | null = null;
  let throughDay: string | null = null;
  for (const [expiresAt, amount] of Object.entries(kept.byExpiry)) {
    const day = shanghaiDay(new Date(expiresAt)).date;
    if (amount <= 0 || day > lastDay) continue;
    if (!throughDay || day > throughDay) throughDay = day;
    if (expiresAt <= at) continue;
    points += amount;
    if (!firstExpiry || expiresAt < firstExpiry) firstExpiry = expiresAt;
  }
  return { points, firstExpiry, throughDay };
}

export function expiryReminderData(points: number, firstExpiry: string) {
  const day = shanghaiDay(new Date(firstExpiry));
  return {
    thing1: { value: `${points}积分即将过期`.slice(0, 20) },
    date2: { value: `${day.year}年${day.month}月${day.day}日` },
    thing3: { value: '快去积分商城兑换好礼吧' },
  };
}

/**
 * The reminder that `points` expire (the first of them at `firstExpiry`): once per member and expiry
 * day, and stale once those points have expired.
 */
export function expiryReminderNotice(
  deps: Pick<Deps, 'config'>,
  member: Pick<MemberRecord, 'memberId'>,
  points: number,
  firstExpiry: string,
): ServiceNotice {
  const day = shanghaiDay(new Date(firstExpiry)).date;
  return {
    kind: 'points-expiry',
    memberId: member.memberId,
    occasion: `points-expiry#${day}`,
    occasionName: `${careDateText(day)}到期`,
    templateId: deps.config.wechat.templates.pointsExpiring,
    page: 'pages/points/index',
    data: expiryReminderData(points, firstExpiry),
    staleAt: firstExpiry,
  };
}

/**
 * Hands each member's reminder that points expire within the coming days (30 by default) to
 * `announce` (care automation plans it as a service notice). "Once" is per expiry day: the year-end
 * batch is announced once however often the job runs. Reads only the members due: byExpiry's reminder
 * shards hold each joined member under the next expiry day they have not been reminded of, and a
 * member reminded (or with nothing left to remind of) moves on to their next one. A member without an
 * authorization stays due: the next run plans the reminder again, and it goes once they grant one.
 */
export async function remindExpiringPoints(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>,
  announce: AnnounceNotice,
): Promise<ExpiryReminderReport> {
  const now = deps.clock();
  const lastDay = addDays(shanghaiDay(now).date, deps.config.points.expiringSoonDays);
  const report: ExpiryReminderReport = {
    date: shanghaiDay(now).date,
    members: 0,
    planned: 0,
    alreadyPlanned: 0,
    noAuthorization: 0,
    skipped: 0,
  };
  for (const member of await findMembersToRemindOfExpiry(deps.db, lastDay)) {
    if (member.status !== 'member' || !member.keptPoints) continue;
    const { points, firstExpiry, throughDay } = expiringWithin(member.keptPoints, now, lastDay);
    if (!throughDay) continue;
    if (!firstExpiry) {
      // Everything due was spent or has expired meanwhile: nothing to say about these days.
      await markExpiryReminded(deps, member, throughDay);
      continue;
    }
    report.members++;
    const planned = await announce(expiryReminderNotice(deps, member, points, firstExpiry));
    if (planned.outcome === 'planned') report.planned++;
    else if (planned.outcome === 'exists') report.alreadyPlanned++;
    else if (planned.reason === 'no-authorization') report.noAuthorization++;
    else report.skipped++;
    if (planned.outcome !== 'skipped' || planned.reason !== 'no-authorization') await markExpiryReminded(deps, member, throughDay);
  }
  deps.logger.info('points expiry reminders planned', { ...report });
  return report;
}

/** Moves the member past the expiry days a reminder covered (the item came from the index: a stale one is read again). */
async function markExpiryReminded(deps: Pick<Deps, 'db' | 'clock'>, listed: MemberRecord, throughDay: string): Promise<void> {
  let member: MemberRecord | null = listed;
  await withOptimisticRetry(async () => {
    member ??= await getMember(deps.db, listed.memberId);
    if (!member || (member.expiryRemindedThrough && member.expiryRemindedThrough >= throughDay)) return null;
    const next: MemberRecord = {
      ...member,
      expiryRemindedThrough: throughDay,
      updatedAt: deps.clock().toISOString(),
      version: member.version + 1,
    };
    if ((await saveMember(deps.db, next, member.version)) === 'saved') return null;
    member = null;
    return RETRY;
  });
}
