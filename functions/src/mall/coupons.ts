import type { CouponStatus, CouponView } from '@linli/shared/mall';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { getMember } from '../members/repository.ts';
import { redemptionsHeld } from '../members/member-record.ts';
import { couponStatus } from './reward-rules.ts';
import { toCouponView } from './redeem.ts';
import { handOverCoupon, isTrackedGoods } from './goods-redemptions.ts';
import { getCoupon, listMemberCoupons, useCoupon } from './repository.ts';

type CouponDeps = Pick<Deps, 'db' | 'clock'>;

/** 我的券: the member's coupons, newest first, optionally of one status. */
export async function myCoupons(deps: CouponDeps, memberId: string, status?: CouponStatus): Promise<CouponView[]> {
  const now = deps.clock();
  const coupons = (await listMemberCoupons(deps.db, memberId)).map((coupon) => toCouponView(coupon, now));
  return status ? coupons.filter((coupon) => coupon.status === status) : coupons;
}

/** A scanned coupon as staff see it: the coupon and its holder, phone masked. */
export async function lookUpCoupon(deps: CouponDeps, code: string) {
  const coupon = await getCoupon(deps.db, code);
  if (!coupon) throw new DomainError('COUPON_NOT_FOUND', 'No such coupon');
  const member = await getMember(deps.db, coupon.memberId);
  return {
    ...toCouponView(coupon, deps.clock()),
    memberId: coupon.memberId,
    memberNickname: member?.nickname ?? null,
    memberPhoneMasked: member?.phoneMasked ?? null,
  };
}

/** Staff use a scanned coupon: once, however many scans arrive at once, and never after it expires. */
export async function redeemCoupon(deps: CouponDeps, input: { code: string; staffId: string; staffName?: string }) {
  const now = deps.clock();
  const scanned = await getCoupon(deps.db, input.code);
  if (scanned) await refuseWhileHeld(deps, scanned.memberId);
  if (scanned && isTrackedGoods(scanned)) {
    // Goods: scanning a pickup code hands the goods over (as 兑换订单 does); delivery goods are shipped, never scanned.
    if (scanned.fulfilment === 'delivery')
      throw new DomainError('REDEMPTION_TRANSITION_INVALID', 'Delivery goods are shipped, not scanned');
    if (scanned.goods.status !== 'pending') throw new DomainError('COUPON_ALREADY_USED', `Handed over at ${scanned.usedAt}`);
    try {
      await handOverCoupon(deps, scanned, { memberId: input.staffId, name: input.staffName ?? '' });
    } catch (error) {
      // Two scans at once: the other one handed it over.
      if (error instanceof DomainError && error.code === 'REDEMPTION_TRANSITION_INVALID')
        throw new DomainError('COUPON_ALREADY_USED', 'Handed over meanwhile');
      throw error;
    }
    return lookUpCoupon(deps, input.code);
  }
  const outcome = await withOptimisticRetry(async () => {
    const used = await useCoupon(deps.db, { code: input.code, at: now.toISOString(), staffId: input.staffId });
    return used === 'conflict' ? RETRY : used;
  });
  if (outcome === 'refused') {
    const coupon = await getCoupon(deps.db, input.code);
    if (!coupon) throw new DomainError('COUPON_NOT_FOUND', 'No such coupon');
    const status = couponStatus(coupon, now);
    if (status === 'used') throw new DomainError('COUPON_ALREADY_USED', `Used at ${coupon.usedAt}`);
    throw new DomainError('COUPON_EXPIRED', `Expired at ${coupon.validUntil}`);
  }
  return lookUpCoupon(deps, input.code);
}

/** A coupon of a member whose redemptions a supervisor holds (risk watch) is not used or handed over until released. */
async function refuseWhileHeld(deps: CouponDeps, memberId: string): Promise<void> {
  const holder = await getMember(deps.db, memberId);
  if (holder && redemptionsHeld(holder)) throw new DomainError('ACCOUNT_UNDER_REVIEW', "A supervisor holds this member's redemptions");
}
