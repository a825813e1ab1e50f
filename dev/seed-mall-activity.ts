import { randomUUID } from 'node:crypto';
import type { Deps } from '../functions/src/deps.ts';
import { listRewards } from '../functions/src/mall/repository.ts';
import { redeemReward } from '../functions/src/mall/redeem.ts';
import { redeemCoupon } from '../functions/src/mall/coupons.ts';
import { DomainError } from '../functions/src/platform/domain-error.ts';
import type { SeededRandom } from './seeded-random.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A month of the points mall for the demo shop: some members redeem the everyday coupon on a day
 * after their last order (so each ledger reads in time order), and most use it at the till a day or
 * two later. Through the same domain functions as the API, "at" the time it happens, so the shop
 * overview's figures (points redeemed, coupons issued and used) have history as well.
 */
export async function seedMallActivity(
  deps: Deps,
  input: { members: Array<{ memberId: string; lastOrderAt: string | null }>; staffId: string; random: SeededRandom },
): Promise<{ redeemed: number; used: number }> {
  const now = deps.clock();
  const at = (when: Date): Deps => ({ ...deps, clock: () => when });
  const reward = (await listRewards(deps.db)).find((r) => r.kind === 'coupon' && r.tierCodes.length === 0 && r.active);
  if (!reward) return { redeemed: 0, used: 0 };
  const rewardFrom = Date.parse(reward.availableFrom);
  let redeemed = 0;
  let used = 0;
  for (const member of input.members) {
    // Drawn for every member, in order, whatever happens next: the seed stays deterministic.
    const [wants, daysAgo, useAfterDays, uses] = [
      input.random.next(),
      input.random.int(1, 27),
      input.random.int(1, 3),
      input.random.next(),
    ];
    if (wants > 0.35) continue;
    const when = new Date(now.getTime() - daysAgo * DAY_MS);
    if (when.getTime() <= rewardFrom || (member.lastOrderAt && when.toISOString() <= member.lastOrderAt)) continue;
    try {
      const redemption = await redeemReward(at(when), { memberId: member.memberId, rewardId: reward.rewardId, requestId: randomUUID() });
      redeemed++;
      const useAt = new Date(when.getTime() + useAfterDays * DAY_MS);
      if (uses < 0.6 && useAt < now) {
        await redeemCoupon(at(useAt), { code: redemption.coupon.code, staffId: input.staffId });
        used++;
      }
    } catch (error) {
      // Not enough available points yet, or the limit reached: this member simply did not redeem.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { redeemed, used };
}
