import type { CareGift } from '@linli/shared/care-rules';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { transactWrite } from '../db/transact-write.ts';
import { getMember } from '../members/repository.ts';
import { giftIneligibility } from '../mall/reward-rules.ts';
import { getReward, couponPuts, rewardStockTake } from '../mall/repository.ts';
import { newCouponFor } from '../mall/redeem.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry } from '../points/rules.ts';
import { newId } from '../platform/ids.ts';
import { deliveryGiftRecord, type DeliveryKey } from './care-repository.ts';

export type GiftOutcome = 'given' | 'already-given' | 'unavailable';

/**
 * Gives a delivery's gift once: the points through the ledger, or a coupon of the points mall taken
 * from its stock (free of points, limits and tiers, like a complaint's compensation). The gift is
 * recorded on the delivery in the same transaction, so a retried or duplicated queue message never
 * gives it twice. 'unavailable' when the coupon is withdrawn, out of its window or out of stock.
 */
export async function giveCareGift(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  delivery: DeliveryKey & { ruleName: string },
  gift: CareGift,
): Promise<GiftOutcome> {
  return gift.kind === 'points' ? givePoints(deps, delivery, gift.points) : giveCoupon(deps, delivery, gift.rewardId);
}

async function givePoints(deps: Pick<Deps, 'db' | 'clock' | 'config'>, delivery: DeliveryKey & { ruleName: string }, points: number) {
  return withOptimisticRetry(async () => {
    const [member, lots] = await Promise.all([getMember(deps.db, delivery.memberId), listOpenLots(deps.db, delivery.memberId)]);
    if (!member || member.status !== 'member') return 'unavailable' as const;
    const now = deps.clock();
    const entryId = newId('pe', now);
    const planned = planCredit({
      member,
      lots,
      credit: { amount: points, availableAt: now.toISOString(), expiresAt: pointsExpiry(now, deps.config.points) },
      type: 'care',
      refId: delivery.ruleId,
      idempotencyKey: `care:${delivery.memberId}:${delivery.ruleId}:${delivery.occasion}`,
      note: delivery.ruleName,
      now,
      ids: { entryId, lotId: newId('lot', now) },
    });
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [deliveryGiftRecord(deps.db, delivery, `points:${entryId}`)],
    });
    if (committed === 'committed') return 'given' as const;
    if (committed === 'conflict') return RETRY;
    return 'already-given' as const;
  });
}

async function giveCoupon(deps: Pick<Deps, 'db' | 'clock'>, delivery: DeliveryKey, rewardId: string): Promise<GiftOutcome> {
  const reward = await getReward(deps.db, rewardId);
  if (!reward || reward.kind !== 'coupon' || giftIneligibility(reward, deps.clock()) !== null) return 'unavailable';
  const coupon = newCouponFor(reward, delivery.memberId, deps.clock());
  const outcome = await transactWrite(deps.db, [
    deliveryGiftRecord(deps.db, delivery, `coupon:${coupon.code}`),
    rewardStockTake(deps.db, rewardId),
    ...couponPuts(deps.db, coupon),
  ]);
  if (outcome.committed) return 'given';
  if (outcome.reasons[0] === 'ConditionalCheckFailed') return 'already-given';
  if (outcome.reasons[1] === 'ConditionalCheckFailed') return 'unavailable';
  // A code collision or a conflicting write in flight: the message is tried again.
  throw new Error(`The care gift's coupon could not be issued: ${outcome.reasons.join(', ')}`);
}
