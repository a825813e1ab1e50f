import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMember } from '../members/repository.ts';
import { newId } from '../platform/ids.ts';
import { findLotsExpiringOn, listOpenLots } from './lots-repository.ts';
import { commitPointsChange, planPointsChange } from './points-change.ts';
import { isExpired, previousDay } from './rules.ts';

export interface ExpiryRunReport {
  date: string;
  members: number;
  pointsExpired: number;
}

/** How many past days the job looks back, so a missed run still expires everything. */
const LOOKBACK_DAYS = 31;

/**
 * Expires every lot whose time has come, one ledger entry per member. Idempotent: an expired lot
 * is empty, and emptied lots leave the expiry index.
 */
export async function expirePoints(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>): Promise<ExpiryRunReport> {
  const now = deps.clock();
  const today = shanghaiDay(now).date;
  const memberIds = new Set<string>();
  let date = today;
  for (let i = 0; i <= LOOKBACK_DAYS; i++, date = previousDay(date)) {
    for (const lot of await findLotsExpiringOn(deps.db, date)) if (isExpired(lot, now)) memberIds.add(lot.memberId);
  }
  let pointsExpired = 0;
  for (const memberId of memberIds) {
    pointsExpired += await withOptimisticRetry(async () => {
      const [member, lots] = await Promise.all([getMember(deps.db, memberId), listOpenLots(deps.db, memberId)]);
      const expired = lots.filter((lot) => isExpired(lot, now));
      if (!member || expired.length === 0) return 0;
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
  const report = { date: today, members: memberIds.size, pointsExpired };
  deps.logger.info('points expiry done', { ...report });
  return report;
}
