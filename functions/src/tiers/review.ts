import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getMember, listMembersByJoinDate } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { saveTierDecision } from './changes-repository.ts';
import { getTierConfig } from './config-repository.ts';
import { memberGrowth } from './growth-repository.ts';
import { notifyTierChange } from './notify.ts';
import { planTierReview, type TierDecision } from './standing.ts';

export interface TierReviewReport {
  date: string;
  members: number;
  /** Members never assessed, now settled on the tier they were shown. */
  assessed: number;
  upgraded: number;
  downgraded: number;
  notified: number;
  failed: number;
}

type ReviewDeps = Pick<Deps, 'db' | 'wechat' | 'clock' | 'config' | 'logger'>;

/**
 * The daily tier review (03:00 Asia/Shanghai): members whose growth fell below their tier move
 * down one level once the grace since they reached it is over; members whose growth reaches a
 * higher tier move up. Each change is recorded with its reason and announced where the member
 * holds an authorization. Running it twice a day changes nothing more.
 *
 * Scale: it walks every joined member through byJoinDate and reads each one's orders of the
 * last 12 months, one member at a time; that suits a shop's tens of thousands of members in
 * one 5-minute run. Beyond that, fan the pages out to a queue.
 */
export async function runTierReview(deps: ReviewDeps): Promise<TierReviewReport> {
  const now = deps.clock();
  const config = await getTierConfig(deps.db);
  const report: TierReviewReport = {
    date: shanghaiDay(now).date,
    members: 0,
    assessed: 0,
    upgraded: 0,
    downgraded: 0,
    notified: 0,
    failed: 0,
  };
  let cursor: string | undefined;
  do {
    const page = await listMembersByJoinDate(deps.db, { limit: 100, cursor });
    if (page === 'bad-cursor') throw new Error('unreachable: cursor made by listMembersByJoinDate');
    for (const listed of page.items) {
      report.members++;
      try {
        await reviewMember(deps, config, listed.memberId, now, report);
      } catch (error) {
        // One member's trouble must not stop the others; the next run tries again.
        deps.logger.error('tier review failed for a member', { memberId: listed.memberId, error: error as Error });
        report.failed++;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  deps.logger.info('tier review done', { ...report });
  return report;
}

async function reviewMember(
  deps: ReviewDeps,
  config: Awaited<ReturnType<typeof getTierConfig>>,
  memberId: string,
  now: Date,
  report: TierReviewReport,
): Promise<void> {
  const decided = await withOptimisticRetry(async (): Promise<{ member: MemberRecord; decision: TierDecision } | null | typeof RETRY> => {
    const member = await getMember(deps.db, memberId);
    if (!member || member.status !== 'member') return null;
    const growth = await memberGrowth(deps.db, member, now);
    const decision = planTierReview({ config, member, growth, now, changeId: newId('tc', now) });
    if (!decision.patch) return null;
    const next: MemberRecord = { ...member, ...decision.patch, updatedAt: now.toISOString(), version: member.version + 1 };
    const saved = await saveTierDecision(deps.db, { next, expectedVersion: member.version, change: decision.change });
    return saved === 'saved' ? { member: next, decision } : RETRY;
  });
  if (!decided) return;
  const { change } = decided.decision;
  if (!change) {
    report.assessed++;
    return;
  }
  if (change.direction === 'up') report.upgraded++;
  else report.downgraded++;
  const to = config.tiers.find((tier) => tier.code === change.to)!;
  if ((await notifyTierChange(deps, { member: decided.member, change, to })) === 'sent') report.notified++;
}
