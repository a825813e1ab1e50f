import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { KeptPoints, MemberRecord } from '../members/member-record.ts';
import { findMembersToRemindOfExpiry, getMember, saveMember } from '../members/repository.ts';
import { careMessageRecord } from './care-messages-repository.ts';
import { sendWithAuthorization } from './send-with-authorization.ts';

export interface ExpiryReminderReport {
  date: string;
  members: number;
  sent: number;
  alreadyReminded: number;
  noAuthorization: number;
  failed: number;
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
 * Reminds each member once, by subscribe message where they hold an authorization, that points
 * expire within the coming days (30 by default). "Once" is per expiry day: the year-end batch is
 * announced once however often the job runs. Reads only the members due: byExpiry's reminder shards
 * hold each joined member under the next expiry day they have not been reminded of, and a member
 * reminded (or with nothing left to remind of) moves on to their next one. A member without an
 * authorization (or whose send failed) stays due and is tried again on the next run.
 */
export async function remindExpiringPoints(
  deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>,
): Promise<ExpiryReminderReport> {
  const now = deps.clock();
  const templateId = deps.config.wechat.templates.pointsExpiring;
  const lastDay = addDays(shanghaiDay(now).date, deps.config.points.expiringSoonDays);
  const report: ExpiryReminderReport = {
    date: shanghaiDay(now).date,
    members: 0,
    sent: 0,
    alreadyReminded: 0,
    noAuthorization: 0,
    failed: 0,
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
    const outcome = await sendWithAuthorization(deps, {
      record: careMessageRecord(deps.db, {
        memberId: member.memberId,
        occasion: `points-expiry#${shanghaiDay(new Date(firstExpiry)).date}`,
        templateId,
      }),
      memberId: member.memberId,
      openid: member.openid,
      templateId,
      page: 'pages/points/index',
      data: expiryReminderData(points, firstExpiry),
    });
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'already-sent') report.alreadyReminded++;
    else if (outcome === 'no-authorization') report.noAuthorization++;
    else report.failed++;
    if (outcome === 'sent' || outcome === 'already-sent' || outcome === 'refused-by-wechat')
      await markExpiryReminded(deps, member, throughDay);
  }
  deps.logger.info('points expiry reminders done', { ...report });
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
