import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import type { Deps } from '../deps.ts';
import { getLastActiveDay, markActiveDay, moveLastActiveDay } from './activity-repository.ts';

/**
 * Records that the member was active on the Shanghai `day` (a login; or a purchase the retention job
 * found later than what was recorded). Only ever moves the member to a later day, so a login costs
 * one read, and one transaction on the first login of a day.
 */
export async function noteMemberActive(deps: Pick<Deps, 'db'>, memberId: string, day: string): Promise<void> {
  await withOptimisticRetry(async () => {
    const recorded = await getLastActiveDay(deps.db, memberId);
    if (recorded !== null && recorded >= day) return 'known';
    await markActiveDay(deps.db, day);
    return (await moveLastActiveDay(deps.db, { memberId, from: recorded, to: day })) === 'moved' ? 'moved' : RETRY;
  });
}
