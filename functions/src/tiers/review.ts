import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { isDeepStrictEqual } from 'node:util';
import { findMembersDueForReview, getMember, listMembersByJoinDate } from '../members/repository.ts';
import { keptPointsOfLots } from '../points/kept-points.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { newId } from '../platform/ids.ts';
import { saveTierDecision } from './changes-repository.ts';
import { getTierConfig, getTierReviewMarker, saveTierReviewMarker } from './config-repository.ts';
import { listGrowthOrders } from './growth-repository.ts';
import { growthFromKept, keptGrowthAt, keptGrowthOfOrders, nextReviewDay } from './kept-growth.ts';
import type { AnnounceNotice } from '../care/service-notice.ts';
import { announceTierChange } from './notify.ts';
import { planTierReview, type TierDecision } from './standing.ts';

export interface TierReviewReport {
  date: string;
  members: number;
  /** Members never assessed, now settled on the tier they were shown. */
  assessed: number;
  upgraded: number;
  downgraded: number;
  /** Changes whose notice was handed to care automation (it decides whether and when it goes). */
  announced: number;
  failed: number;
}

type ReviewDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>;

/**
 * The daily tier review (03:00 Asia/Shanghai): members whose growth fell below their tier move
 * down one level once the grace since they reached it is over; members whose growth reaches a
 * higher tier move up. Each change is recorded with its reason and its notice handed to `announce`
 * (care automation plans it as a service notice; without it nothing is announced). Running it twice a
 * day changes nothing more.
 *
 * Reads only the members due: each member carries the day their review next matters (reviewOn:
 * when growth leaving the window or the end of a grace would move them; today after a refund;
 * at once when never assessed), in byReviewDay's shards. A new ladder may move anyone, so the first
 * run under a ladder version walks every joined member (byJoinDate) and sets their day; that walk
 * also keeps the card's figures of members stored before they were kept.
 */
export async function runTierReview(deps: ReviewDeps, announce?: AnnounceNotice): Promise<TierReviewReport> {
  const now = deps.clock();
  const [config, walkedVersion] = await Promise.all([getTierConfig(deps.db), getTierReviewMarker(deps.db)]);
  const report: TierReviewReport = {
    date: shanghaiDay(now).date,
    members: 0,
    assessed: 0,
    upgraded: 0,
    downgraded: 0,
    announced: 0,
    failed: 0,
  };
  const review = async (listed: MemberRecord) => {
    report.members++;
    try {
      await reviewMember(deps, config, listed, now, report, announce);
    } catch (error) {
      // One member's trouble must not stop the others; the next run tries again.
      deps.logger.error('tier review failed for a member', { memberId: listed.memberId, error: error as Error });
      report.failed++;
    }
  };
  if (walkedVersion === config.version) {
    for (const due of await findMembersDueForReview(deps.db, report.date)) await review(due);
  } else {
    let cursor: string | undefined;
    do {
      const page = await listMembersByJoinDate(deps.db, { limit: 100, cursor });
      if (page === 'bad-cursor') throw new Error('unreachable: cursor made by listMembersByJoinDate');
      for (const listed of page.items) await review(listed);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // A member that failed is walked again by the next run.
    if (report.failed === 0) await saveTierReviewMarker(deps.db, { ladderVersion: config.version, at: now.toISOString() });
  }
  deps.logger.info('tier review done', { ...report });
  return report;
}

async function reviewMember(
  deps: ReviewDeps,
  config: Awaited<ReturnType<typeof getTierConfig>>,
  listed: MemberRecord,
  now: Date,
  report: TierReviewReport,
  announce: AnnounceNotice | undefined,
): Promise<void> {
  // The listed item comes from an index: the version-guarded write catches a stale one, and the retry reads it.
  let read: MemberRecord | null = listed;
  const decided = await withOptimisticRetry(async (): Promise<{ member: MemberRecord; decision: TierDecision } | null | typeof RETRY> => {
    const member = read ?? (await getMember(deps.db, listed.memberId));
    read = null;
    if (!member || member.status !== 'member') return null;
    // Figures not kept yet (a member stored before they were) are computed once here and kept from now on.
    const [keptPoints, growthKept] = await Promise.all([
      member.keptPoints ?? listOpenLots(deps.db, member.memberId).then((lots) => keptPointsOfLots(lots, now)),
      member.growthFenByDay
        ? keptGrowthAt(member.growthFenByDay, now)
        : listGrowthOrders(deps.db, member, now).then((orders) => keptGrowthOfOrders(orders, now)),
    ]);
    const growth = growthFromKept(growthKept, { now, bonus: member.growthBonus });
    const decision = planTierReview({ config, member, growth, now, changeId: newId('tc', now) });
    const reviewed = { ...member, ...decision.patch, keptPoints, growthFenByDay: growthKept };
    const next: MemberRecord = { ...reviewed, reviewOn: nextReviewDay(config, reviewed, nextDay(shanghaiDay(now).date)) };
    if (!decision.patch && isDeepStrictEqual(next, member)) return { member, decision };
    const saved = await saveTierDecision(deps.db, {
      next: { ...next, updatedAt: now.toISOString(), version: member.version + 1 },
      expectedVersion: member.version,
      change: decision.change,
    });
    return saved === 'saved' ? { member: next, decision } : RETRY;
  });
  if (!decided?.decision.patch) return;
  const { change } = decided.decision;
  if (!change) {
    report.assessed++;
    return;
  }
  if (change.direction === 'up') report.upgraded++;
  else report.downgraded++;
  if (announce && (await announceTierChange(deps, announce, change, config.tiers))) report.announced++;
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
