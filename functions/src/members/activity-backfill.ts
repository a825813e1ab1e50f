import { shanghaiDay } from '@linli/shared/time';
import type { Deps } from '../deps.ts';
import { getLastActiveDay, markActiveDay, moveLastActiveDay } from './activity-repository.ts';
import { walkJoinedMembers } from './repository.ts';

/**
 * Once, after deploying the retention job: lists every joined member not yet listed by last active day
 * under today. Logins before the deploy were never recorded, so a member's inactivity is counted from
 * the backfill (the safe side: nobody is erased sooner than the period after it). A member already
 * listed (logged in since the deploy) keeps their day, so running it again writes nothing. Visitors
 * who never joined are not walked (no index finds them); they are listed at their next login.
 */
export async function backfillMemberActivity(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
): Promise<{ listed: number; alreadyListed: number }> {
  const today = shanghaiDay(deps.clock()).date;
  let listed = 0;
  let alreadyListed = 0;
  await markActiveDay(deps.db, today);
  await walkJoinedMembers(deps.db, async (members) => {
    for (const { memberId } of members) {
      const recorded = await getLastActiveDay(deps.db, memberId);
      // 'conflict': a login listed them between the read and the write.
      if (recorded === null && (await moveLastActiveDay(deps.db, { memberId, from: null, to: today })) === 'moved') listed++;
      else alreadyListed++;
    }
  });
  deps.logger.info('member activity backfilled', { listed, alreadyListed });
  return { listed, alreadyListed };
}
