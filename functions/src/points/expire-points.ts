import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { findExpiredLots, listOpenLots } from './lots-repository.ts';
import { commitPointsChange, planPointsChange } from './points-change.ts';
import { isExpired, previousDay, type PointsLot } from './rules.ts';

export interface ExpiryRunReport {
  date: string;
  members: number;
  pointsExpired: number;
}

/** How many past days the job looks back, so a missed run still expires everything. */
const LOOKBACK_DAYS = 31;

/**
 * Expires every lot whose time has come, one ledger entry per member. Reads only what it expires: the
 * expired lots from byExpiry's shards (and the day partitions of lots stored before the shards) and
 * each of their members. Idempotent: an expired lot is empty, and emptied lots leave the expiry index.
 */
export async function expirePoints(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>): Promise<ExpiryRunReport> {
  const now = deps.clock();
  const today = shanghaiDay(now).date;
  const legacyDays: string[] = [];
  for (let i = 0, date = today; i <= LOOKBACK_DAYS; i++, date = previousDay(date)) legacyDays.push(date);
  const byMember = new Map<string, PointsLot[]>();
  for (const lot of await findExpiredLots(deps.db, now, legacyDays))
    byMember.set(lot.memberId, [...(byMember.get(lot.memberId) ?? []), lot]);
  let pointsExpired = 0;
  for (const [memberId, indexed] of byMember) {
    let attempt = 0;
    pointsExpired += await withOptimisticRetry(async () => {
      const member = await getMember(deps.db, memberId);
      if (!member) return 0;
      // The index's copies are enough while the member's figures are kept: each draw is guarded by the
      // points read. A retry (something moved), or a member whose figures are not kept yet, reads the lots.
      const lots = attempt++ === 0 && member.keptPoints ? indexed : await listOpenLots(deps.db, memberId);
      const expired = lots.filter((lot) => isExpired(lot, now) && lot.remaining > 0);
      if (expired.length === 0) return 0;
      const planned = planPointsChange({
        member,
        lots,
        movement: { kind: 'expire', lots: expired },
        type: 'expiry',
        refId: null,
        // The lots themselves guard this: an expired lot is empty, so a second run finds nothing.
        idempotencyKey: `expiry:${expired
          .map((lot) => lot.lotId)
          .sort()
          .join(',')}`,
        note: null,
        now,
        ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
      });
      if ('refused' in planned) throw new Error('unreachable: expiry is never refused');
      const committed = await commitPointsChange(deps.db, { planned, expectedVersion: member.version });
      return committed === 'committed' ? -(planned.entry?.delta ?? 0) : RETRY;
    });
  }
  const report = { date: today, members: byMember.size, pointsExpired };
  deps.logger.info('points expiry done', { ...report });
  return report;
}
