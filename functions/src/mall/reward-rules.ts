import type { CouponStatus, Ineligibility, Reward } from '@linli/shared/mall';
import { addDays, shanghaiDay, shanghaiDayEnd } from '@linli/shared/time';

/**
 * Whether a member can redeem a reward now, and if not the first reason why, in the order a
 * buyer would want to hear them.
 */
export function ineligibility(input: {
  reward: Reward;
  now: Date;
  tierCode: string;
  redeemedByMe: number;
  availablePoints: number;
}): Ineligibility | null {
  const { reward, now } = input;
  const at = now.toISOString();
  if (!reward.active || at < reward.availableFrom || at >= reward.availableUntil) return 'not_available';
  if (reward.tierCodes.length > 0 && !reward.tierCodes.includes(input.tierCode)) return 'tier_restricted';
  if (input.redeemedByMe >= reward.perMemberLimit) return 'limit_reached';
  if (reward.stock <= 0) return 'out_of_stock';
  if (input.availablePoints < reward.pointsPrice) return 'points_insufficient';
  return null;
}

export const INELIGIBILITY_ERROR = {
  not_available: 'REWARD_NOT_AVAILABLE',
  out_of_stock: 'REWARD_OUT_OF_STOCK',
  tier_restricted: 'REWARD_TIER_RESTRICTED',
  limit_reached: 'REWARD_LIMIT_REACHED',
  points_insufficient: 'POINTS_INSUFFICIENT',
} as const;

/** A coupon is valid until the end of the Shanghai day `validDays` after issue. */
export function couponValidUntil(issuedAt: Date, validDays: number): string {
  return shanghaiDayEnd(addDays(shanghaiDay(issuedAt).date, validDays)).toISOString();
}

export function couponStatus(coupon: { usedAt: string | null; validUntil: string }, now: Date): CouponStatus {
  if (coupon.usedAt) return 'used';
  return coupon.validUntil < now.toISOString() ? 'expired' : 'unused';
}

// Crockford base32 without look-alikes, so a code read aloud at the till is unambiguous.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 12-character coupon code from a random source (crypto in production). */
export function newCouponCode(randomBytes: (n: number) => Uint8Array): string {
  return Array.from(randomBytes(12), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}
