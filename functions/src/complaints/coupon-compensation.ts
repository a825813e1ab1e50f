import type { Ineligibility, Reward } from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import { getReward, listRewards } from '../mall/repository.ts';
import { newCouponFor } from '../mall/redeem.ts';
import { INELIGIBILITY_ERROR, ineligibility } from '../mall/reward-rules.ts';
import { DomainError } from '../platform/domain-error.ts';

/**
 * Why a coupon reward can't be given as compensation now, by the mall's one availability rule
 * (active, on sale between availableFrom and availableUntil, in stock). Compensation is free of
 * points, the per-member limit and tier restrictions, so those inputs are waived here.
 */
export function compensationIneligibility(reward: Omit<Reward, 'pictureUrl'>, now: Date): Ineligibility | null {
  return ineligibility({ reward, now, tierCode: reward.tierCodes[0] ?? '', redeemedByMe: 0, availablePoints: reward.pointsPrice });
}

/** The coupon rewards the desk can give as compensation now. */
export async function compensationCouponChoices(deps: Pick<Deps, 'db' | 'clock'>) {
  const now = deps.clock();
  const rewards = (await listRewards(deps.db)).filter((r) => r.kind === 'coupon' && compensationIneligibility(r, now) === null);
  return rewards.map((r) => ({ rewardId: r.rewardId, name: r.name, stock: r.stock }));
}

/**
 * The coupon a compensation issues: a coupon reward of the points mall that is available now,
 * taking one from its stock in the resolution's transaction.
 */
export async function compensationCoupon(deps: Pick<Deps, 'db' | 'clock'>, rewardId: string, memberId: string) {
  const reward = await getReward(deps.db, rewardId);
  if (!reward || reward.kind !== 'coupon')
    throw new DomainError('REWARD_NOT_FOUND', 'No such coupon reward', [
      { path: 'compensation.rewardId', message: 'Choose a coupon reward' },
    ]);
  const refused = compensationIneligibility(reward, deps.clock());
  if (refused) throw new DomainError(INELIGIBILITY_ERROR[refused], `The coupon reward can't be given now: ${refused}`);
  return { reward, coupon: newCouponFor(reward, memberId, deps.clock()) };
}
