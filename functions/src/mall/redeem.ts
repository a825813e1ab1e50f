import { randomBytes } from 'node:crypto';
import type { CouponTerms, CouponView, DeliveryAddress, MallReward, Redemption } from '@linli/shared/mall';
import { maskPhone } from '@linli/shared/privacy';
import { getTierConfig } from '../tiers/config-repository.ts';
import { heldTier } from '../tiers/standing.ts';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { redemptionsHeld, type MemberRecord } from '../members/member-record.ts';
import { requireMember } from '../members/require-member.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { memberPointsSummary } from '../points/points-summary.ts';
import { commitPointsChange, planPointsChange } from '../points/points-change.ts';
import { summarizeLots } from '../points/rules.ts';
import { encryptPhone } from '../members/phone-crypto.ts';
import {
  couponStatus,
  couponValidUntil,
  goodsSearchTerms,
  ineligibility,
  INELIGIBILITY_ERROR,
  isListedInMall,
  newCouponCode,
  newRedemptionNumber,
} from './reward-rules.ts';
import { goodsSearchPuts, redemptionNumberPut } from './goods-repository.ts';
import { withPictureUrls } from './reward-views.ts';
import {
  couponPuts,
  getCoupon,
  getRedemption,
  getReward,
  listRewards,
  memberRedemptionCount,
  redemptionCounts,
  redemptionPut,
  rewardStockTake,
  type StoredCoupon,
  type StoredGoods,
  type StoredRedemption,
  type StoredReward,
} from './repository.ts';

type MallDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'secrets' | 'photos'>;

/** The tier a member holds on the configured ladder (the base tier until first assessed). */
async function tierCodeOf(deps: MallDeps, member: MemberRecord): Promise<string> {
  return heldTier((await getTierConfig(deps.db)).tiers, member, 0).code;
}

export function toCouponView(coupon: StoredCoupon, now: Date): CouponView {
  return {
    code: coupon.code,
    rewardId: coupon.rewardId,
    kind: coupon.kind,
    name: coupon.name,
    terms: coupon.terms,
    fulfilment: coupon.fulfilment,
    goods: coupon.goods
      ? {
          redemptionNo: coupon.goods.redemptionNo,
          status: coupon.goods.status,
          pickupPlace: coupon.goods.pickupPlace,
          address: coupon.goods.address,
          carrier: coupon.goods.carrier,
          trackingNo: coupon.goods.trackingNo,
          shippedAt: coupon.goods.shippedAt,
          handedOverAt: coupon.goods.handedOverAt,
        }
      : null,
    status: couponStatus(coupon, now),
    issuedAt: coupon.issuedAt,
    validUntil: coupon.validUntil,
    usedAt: coupon.usedAt,
  };
}

/** The mall as one member sees it: each reward with whether they can redeem it and why not. */
export async function mallFor(
  deps: MallDeps,
  memberId: string,
): Promise<{ items: MallReward[]; points: number; redemptionsHeld: boolean }> {
  const now = deps.clock();
  const [member, rewards, counts] = await Promise.all([
    requireMember(deps, memberId),
    listRewards(deps.db),
    redemptionCounts(deps.db, memberId),
  ]);
  const points = (await memberPointsSummary(deps, member, now)).available;
  const tierCode = await tierCodeOf(deps, member);
  const visible = await withPictureUrls(
    deps.photos,
    rewards.filter((reward) => isListedInMall(reward, now)),
  );
  return {
    points,
    redemptionsHeld: redemptionsHeld(member),
    items: visible.map((reward) => {
      const redeemedByMe = counts.get(reward.rewardId) ?? 0;
      return { ...reward, redeemedByMe, ineligible: ineligibility({ reward, now, tierCode, redeemedByMe, availablePoints: points }) };
    }),
  };
}

async function redemptionView(deps: MallDeps, stored: StoredRedemption): Promise<Redemption> {
  const coupon = await getCoupon(deps.db, stored.couponCode);
  if (!coupon) throw new Error(`Redemption ${stored.redemptionId} lost its coupon ${stored.couponCode}`);
  return {
    redemptionId: stored.redemptionId,
    rewardId: stored.rewardId,
    points: stored.points,
    redeemedAt: stored.redeemedAt,
    coupon: toCouponView(coupon, deps.clock()),
  };
}

/**
 * Redeems a reward in one DynamoDB transaction: the points are drawn from the oldest available
 * lots, stock and the member's count are taken, the redemption is recorded and the coupon issued.
 * The same request id always answers with the same redemption; any refusal changes nothing.
 */
export async function redeemReward(
  deps: MallDeps,
  input: { memberId: string; rewardId: string; requestId: string; address?: DeliveryAddress },
): Promise<Redemption> {
  const { memberId, rewardId, requestId } = input;
  const outcome = await withOptimisticRetry(async () => {
    const earlier = await getRedemption(deps.db, memberId, requestId);
    if (earlier) return earlier;
    const now = deps.clock();
    const [member, reward, lots, counts] = await Promise.all([
      requireMember(deps, memberId),
      getReward(deps.db, rewardId),
      listOpenLots(deps.db, memberId),
      redemptionCounts(deps.db, memberId),
    ]);
    if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join before redeeming');
    // A hold placed meanwhile bumps the member's version, so this attempt's write is refused and the next one lands here.
    if (redemptionsHeld(member)) throw new DomainError('ACCOUNT_UNDER_REVIEW', "A supervisor holds this member's redemptions");
    if (!reward) throw new DomainError('REWARD_NOT_FOUND', 'No such reward');
    const available = summarizeLots(lots, now, deps.config.points).available;
    const reason = ineligibility({
      reward,
      now,
      tierCode: await tierCodeOf(deps, member),
      redeemedByMe: counts.get(rewardId) ?? 0,
      availablePoints: available,
    });
    if (reason) throw new DomainError(INELIGIBILITY_ERROR[reason], `Cannot redeem: ${reason}`);
    const delivery = reward.goods?.fulfilment === 'delivery';
    if (delivery && !input.address) throw new DomainError('DELIVERY_ADDRESS_REQUIRED', 'A delivery reward needs an address');
    const planned = planPointsChange({
      member,
      lots,
      movement: { kind: 'debit', amount: reward.pointsPrice, scope: 'available', onShortfall: 'refuse' },
      type: 'redemption',
      refId: rewardId,
      idempotencyKey: `redemption:${memberId}:${requestId}`,
      note: reward.name,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
    });
    if ('refused' in planned) throw new DomainError('POINTS_INSUFFICIENT', `Only ${planned.available} points are available`);
    const coupon = newCouponFor(reward, memberId, now);
    const goodsItems: ReturnType<typeof redemptionNumberPut>[] = [];
    if (reward.kind === 'goods' && reward.goods) {
      const address = delivery ? input.address! : null;
      coupon.goods = newGoodsFor(deps, { reward, member, address });
      goodsItems.push(
        redemptionNumberPut(deps.db, coupon.goods.redemptionNo, coupon.code),
        ...goodsSearchPuts(
          deps.db,
          goodsSearchTerms({ phones: [member.phoneMasked, address?.phone ?? null], nickname: member.nickname }),
          coupon,
        ),
      );
    }
    const redemption: StoredRedemption = {
      redemptionId: newId('rd', now),
      requestId,
      memberId,
      rewardId,
      points: reward.pointsPrice,
      redeemedAt: now.toISOString(),
      couponCode: coupon.code,
    };
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [
        redemptionPut(deps.db, redemption),
        rewardStockTake(deps.db, rewardId),
        memberRedemptionCount(deps.db, memberId, rewardId, reward.perMemberLimit),
        ...couponPuts(deps.db, coupon),
        ...goodsItems,
      ],
    });
    if (committed === 'committed') return redemption;
    if (committed === 'conflict') return RETRY;
    // 0: the same request id won elsewhere; 1: stock ran out; 2: limit reached meanwhile; 3: code or number collision.
    // Read again: the next attempt answers with the earlier redemption or the precise refusal.
    return RETRY;
    // Many taps on one member's balance serialise here; generous retries keep them all answered.
  }, 150);
  return redemptionView(deps, outcome);
}

/** A goods redemption's number and way to the buyer: the address kept with its phone encrypted, masked for lists. */
function newGoodsFor(
  deps: Pick<MallDeps, 'secrets'>,
  input: { reward: StoredReward; member: MemberRecord; address: DeliveryAddress | null },
): StoredGoods {
  const { reward, member, address } = input;
  const { phone, ...rest } = address ?? { phone: null };
  return {
    redemptionNo: newRedemptionNumber((n) => randomBytes(n)),
    status: 'pending',
    points: reward.pointsPrice,
    pickupPlace: reward.goods?.fulfilment === 'pickup' ? reward.goods.pickupPlace || null : null,
    address: address && phone ? { ...(rest as Omit<DeliveryAddress, 'phone'>), phoneMasked: maskPhone(phone) } : null,
    addressPhoneEncrypted: phone ? encryptPhone(phone, deps.secrets.phoneEncryptionKey) : null,
    buyerNickname: member.nickname,
    buyerPhoneMasked: member.phoneMasked,
    carrier: null,
    trackingNo: null,
    shippedAt: null,
    handedOverAt: null,
    handledBy: null,
  };
}

/** A new coupon of a reward for a member (written by the caller's transaction). */
export function newCouponFor(reward: StoredReward, memberId: string, now: Date): StoredCoupon {
  const validDays = reward.coupon?.validDays ?? 30;
  return {
    code: newCouponCode((n) => randomBytes(n)),
    memberId,
    rewardId: reward.rewardId,
    kind: reward.kind,
    name: reward.name,
    terms: reward.coupon,
    fulfilment: reward.goods?.fulfilment ?? null,
    issuedAt: now.toISOString(),
    validUntil: couponValidUntil(now, validDays),
    usedAt: null,
    usedBy: null,
  };
}

/**
 * A coupon of given terms that no mall reward stands behind (a 拼团 leader's reward): issued free,
 * valid `terms.validDays`, used at the till like any coupon; `source` names what issued it (shown as its rewardId).
 */
export function newCouponOfTerms(input: { memberId: string; name: string; terms: CouponTerms; source: string; now: Date }): StoredCoupon {
  return {
    code: newCouponCode((n) => randomBytes(n)),
    memberId: input.memberId,
    rewardId: input.source,
    kind: 'coupon',
    name: input.name,
    terms: input.terms,
    fulfilment: null,
    issuedAt: input.now.toISOString(),
    validUntil: couponValidUntil(input.now, input.terms.validDays),
    usedAt: null,
    usedBy: null,
  };
}
