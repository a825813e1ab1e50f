import { addDays, shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { findLotsExpiringOn } from '../points/lots-repository.ts';
import { isExpired, type PointsLot } from '../points/rules.ts';
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

/** The Shanghai dates from `from` through `days` days later. */
function datesAhead(from: Date, days: number): string[] {
  const today = shanghaiDay(from).date;
  return Array.from({ length: days + 1 }, (_, i) => addDays(today, i));
}

/** Points about to expire per member, with the earliest of their expiry days. */
export function expiringByMember(lots: readonly PointsLot[], now: Date): Map<string, { points: number; firstExpiry: string }> {
  const byMember = new Map<string, { points: number; firstExpiry: string }>();
  for (const lot of lots) {
    if (lot.remaining <= 0 || isExpired(lot, now)) continue;
    const current = byMember.get(lot.memberId) ?? { points: 0, firstExpiry: lot.expiresAt };
    current.points += lot.remaining;
    if (lot.expiresAt < current.firstExpiry) current.firstExpiry = lot.expiresAt;
    byMember.set(lot.memberId, current);
  }
  return byMember;
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
 * announced once however often the job runs.
 */
export async function remindExpiringPoints(
  deps: Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>,
): Promise<ExpiryReminderReport> {
  const now = deps.clock();
  const templateId = deps.config.wechat.templates.pointsExpiring;
  const lots: PointsLot[] = [];
  for (const date of datesAhead(now, deps.config.points.expiringSoonDays)) lots.push(...(await findLotsExpiringOn(deps.db, date)));
  const expiring = expiringByMember(lots, now);
  const report: ExpiryReminderReport = {
    date: shanghaiDay(now).date,
    members: expiring.size,
    sent: 0,
    alreadyReminded: 0,
    noAuthorization: 0,
    failed: 0,
  };
  for (const [memberId, { points, firstExpiry }] of expiring) {
    const member = await getMember(deps.db, memberId);
    if (!member || member.status !== 'member') continue;
    const outcome = await sendWithAuthorization(deps, {
      record: careMessageRecord(deps.db, { memberId, occasion: `points-expiry#${shanghaiDay(new Date(firstExpiry)).date}`, templateId }),
      memberId,
      openid: member.openid,
      templateId,
      page: 'pages/points/index',
      data: expiryReminderData(points, firstExpiry),
    });
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'already-sent') report.alreadyReminded++;
    else if (outcome === 'no-authorization') report.noAuthorization++;
    else report.failed++;
  }
  deps.logger.info('points expiry reminders done', { ...report });
  return report;
}
