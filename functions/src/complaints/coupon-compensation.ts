import type { Deps } from '../deps.ts';
import { getReward, listRewards } from '../mall/repository.ts';
import { newCouponFor } from '../mall/redeem.ts';
import { giftIneligibility, INELIGIBILITY_ERROR } from '../mall/reward-rules.ts';
import { DomainError } from '../platform/domain-error.ts';

/** The coupon rewards the desk can give as compensation now, with the points price each counts for against an agent's cap. */
export async function compensationCouponChoices(deps: Pick<Deps, 'db' | 'clock'>) {
  const now = deps.clock();
  const rewards = (await listRewards(deps.db)).filter((r) => r.kind === 'coupon' && giftIneligibility(r, now) === null);
  return rewards.map((r) => ({ rewardId: r.rewardId, name: r.name, stock: r.stock, pointsPrice: r.pointsPrice }));
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
  const refused = giftIneligibility(reward, deps.clock());
  if (refused) throw new DomainError(INELIGIBILITY_ERROR[refused], `The coupon reward can't be given now: ${refused}`);
  return { reward, coupon: newCouponFor(reward, memberId, deps.clock()) };
}
