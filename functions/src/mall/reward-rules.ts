import type { CouponStatus, Ineligibility, Reward } from '@linli/shared/mall';
import { addDays, shanghaiDay, shanghaiDayEnd } from '@linli/shared/time';

/** On offer now: switched on and inside its availability window. The one rule for every caller. */
export function isOnOffer(reward: Pick<Reward, 'active' | 'availableFrom' | 'availableUntil'>, now: Date): boolean {
  const at = now.toISOString();
  return reward.active && reward.availableFrom <= at && at < reward.availableUntil;
}

/** Shown in the mall: on offer, or switched on and coming later (shown as not available yet). */
export function isListedInMall(reward: Pick<Reward, 'active' | 'availableUntil'>, now: Date): boolean {
  return reward.active && now.toISOString() < reward.availableUntil;
}

/**
 * Whether a member can redeem a reward now, and if not the first reason why, in the order a
 * buyer would want to hear them.
 */
export function ineligibility(input: {
  reward: Omit<Reward, 'pictureUrl'>;
  now: Date;
  tierCode: string;
  redeemedByMe: number;
  availablePoints: number;
}): Ineligibility | null {
  const { reward, now } = input;
  if (!isOnOffer(reward, now)) return 'not_available';
  if (reward.tierCodes.length > 0 && !reward.tierCodes.includes(input.tierCode)) return 'tier_restricted';
  if (input.redeemedByMe >= reward.perMemberLimit) return 'limit_reached';
  if (reward.stock <= 0) return 'out_of_stock';
  if (input.availablePoints < reward.pointsPrice) return 'points_insufficient';
  return null;
}

/**
 * Why a reward can't be given away now (a complaint's compensation, a care rule's gift), by the one
 * availability rule (active, on sale between availableFrom and availableUntil, in stock). A gift is
 * free of points, the per-member limit and tier restrictions, so those inputs are waived here.
 */
export function giftIneligibility(reward: Omit<Reward, 'pictureUrl'>, now: Date): Ineligibility | null {
  return ineligibility({ reward, now, tierCode: reward.tierCodes[0] ?? '', redeemedByMe: 0, availablePoints: reward.pointsPrice });
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

export function couponStatus(coupon: { usedAt: string | null; validUntil: string; fulfilment?: string | null }, now: Date): CouponStatus {
  if (coupon.usedAt) return 'used';
  // Goods on their way by post wait for the shop, not the buyer: they never lapse.
  if (coupon.fulfilment === 'delivery') return 'unused';
  return coupon.validUntil < now.toISOString() ? 'expired' : 'unused';
}

// Crockford base32 without look-alikes, so a code read aloud at the till is unambiguous.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An 8-digit redemption number (a goods redemption's, to quote to the shop) from a random source. */
export function newRedemptionNumber(randomBytes: (n: number) => Uint8Array): string {
  return Array.from(randomBytes(8), (byte) => String(byte % 10)).join('');
}

/** The search terms a goods redemption is filed under: each phone's last four digits and the nickname. */
export function goodsSearchTerms(input: { phones: ReadonlyArray<string | null>; nickname: string | null }): string[] {
  const terms = input.phones.filter((phone): phone is string => Boolean(phone)).map((phone) => `PHONE4#${phone.slice(-4)}`);
  const nickname = normalizeNickname(input.nickname ?? '');
  if (nickname) terms.push(`NICK#${nickname}`);
  return [...new Set(terms)];
}

/** Nicknames are searched whole, ignoring case and surrounding space. */
export function normalizeNickname(nickname: string): string {
  return nickname.trim().toLowerCase();
}

/** What a 兑换订单 search box holds: a redemption number, a phone's last four, or a nickname. */
export function goodsSearchQuery(q: string): { redemptionNo: string } | { term: string } {
  const text = q.trim();
  if (/^\d{8}$/.test(text)) return { redemptionNo: text };
  if (/^\d{4}$/.test(text)) return { term: `PHONE4#${text}` };
  return { term: `NICK#${normalizeNickname(text)}` };
}

/** A 12-character coupon code from a random source (crypto in production). */
export function newCouponCode(randomBytes: (n: number) => Uint8Array): string {
  return Array.from(randomBytes(12), (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}
