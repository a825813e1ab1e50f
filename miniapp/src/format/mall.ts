import type { CouponStatus, CouponTerms, Fulfilment, GoodsStatus, Ineligibility, Reward } from '@linli/shared/mall';
import { DEFAULT_TIERS } from '@linli/shared/tiers';
import { formatYuanShort } from './money';
import { formatShanghaiDate } from './time';

/** 85 → "85折", 90 → "9折", 5 → "0.5折" (the percentage the member pays). */
export function discountText(percent: number): string {
  if (percent % 10 === 0) return `${percent / 10}折`;
  return percent < 10 ? `0.${percent}折` : `${percent}折`;
}

/** 满100减10, 满100享85折, 无门槛减5, 无门槛9折. */
export function couponTermsText(terms: Pick<CouponTerms, 'type' | 'amountOffFen' | 'discountPercent' | 'minSpendFen'>): string {
  const threshold = terms.minSpendFen > 0 ? `满${formatYuanShort(terms.minSpendFen)}` : '无门槛';
  if (terms.type === 'amount_off') return `${threshold}减${formatYuanShort(terms.amountOffFen ?? 0)}`;
  const discount = discountText(terms.discountPercent ?? 100);
  return terms.minSpendFen > 0 ? `${threshold}享${discount}` : `${threshold}${discount}`;
}

export const FULFILMENT_ZH = { pickup: '到店自提', delivery: '快递配送' } as const;

/** 待发货 / 已发货 for delivery, 待自提 / 已自提 for pickup. */
export function goodsStatusText(status: GoodsStatus, fulfilment: Fulfilment | null): string {
  if (status === 'shipped') return '已发货';
  if (status === 'picked_up') return '已自提';
  return fulfilment === 'pickup' ? '待自提' : '待发货';
}

/** What the reward gives, in one line: the coupon terms or how goods are handed over. */
export function rewardTermsText(reward: Pick<Reward, 'coupon' | 'goods'>): string {
  if (reward.coupon) return couponTermsText(reward.coupon);
  if (reward.goods) return `实物礼品 · ${FULFILMENT_ZH[reward.goods.fulfilment]}`;
  return '';
}

/** A coupon counts its validity from the day it is issued. */
export function validDaysText(validDays: number): string {
  return `兑换后${validDays}天内有效`;
}

/** Tier codes and names, e.g. the ladder from GET /v1/tiers. */
export type TierNameList = ReadonlyArray<{ code: string; name: string }>;

/**
 * Tier names for tier codes. The API gives only codes; names come from the ladder the page
 * loaded (GET /v1/tiers) or, without one, the built-in ladder. A code neither knows is shown
 * as it is; a code the loaded ladder lacks falls back to the built-in name.
 */
export function tierNames(codes: readonly string[], tiers: TierNameList = DEFAULT_TIERS): string[] {
  return codes.map(
    (code) => tiers.find((tier) => tier.code === code)?.name ?? DEFAULT_TIERS.find((tier) => tier.code === code)?.name ?? code,
  );
}

/** 仅限金卡会员 / 仅限金卡会员、钻石会员; null when every tier may redeem. */
export function tierRestrictionText(codes: readonly string[], tiers?: TierNameList): string | null {
  return codes.length ? `仅限${tierNames(codes, tiers).join('、')}` : null;
}

/** 剩余 12 · 每人限兑 1 次 · 仅限金卡会员 — the limits a member should know before trying. */
export function rewardLimitTexts(reward: Pick<Reward, 'stock' | 'perMemberLimit' | 'tierCodes'>, tiers?: TierNameList): string[] {
  const texts = [`剩余库存 ${reward.stock}`, `限兑${reward.perMemberLimit}次`];
  const restriction = tierRestrictionText(reward.tierCodes, tiers);
  if (restriction) texts.push(restriction);
  return texts;
}

/** Why the member cannot redeem, as the short text on the reward's button. */
export function ineligibleText(
  reason: Ineligibility,
  reward: Pick<Reward, 'tierCodes' | 'availableFrom' | 'availableUntil'>,
  now: Date,
  tiers?: TierNameList,
): string {
  switch (reason) {
    case 'points_insufficient':
      return '积分不足';
    case 'out_of_stock':
      return '已兑完';
    case 'limit_reached':
      return '已达上限';
    case 'tier_restricted':
      return tierRestrictionText(reward.tierCodes, tiers) ?? '等级不符';
    case 'not_available':
      return now.getTime() < Date.parse(reward.availableFrom) ? '未开始' : '已结束';
  }
}

export const COUPON_STATUS_ZH: Record<CouponStatus, string> = { unused: '未使用', used: '已使用', expired: '已过期' };

const COUPON_CODE = /^[2-9A-Z]{12}$/;

/**
 * A coupon code from a scan or from typing: capitals, spaces and dashes dropped. Null when it
 * cannot be a coupon code (12 of 2-9, A-Z), e.g. a member code scanned by mistake.
 */
export function normalizeCouponCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  return COUPON_CODE.test(code) ? code : null;
}

/** The Shanghai days a reward is on offer: "2026-11-01 至 2027-03-31" (availableUntil is exclusive). */
export function availabilityText(reward: Pick<Reward, 'availableFrom' | 'availableUntil'>): string {
  const lastDay = formatShanghaiDate(new Date(Date.parse(reward.availableUntil) - 1).toISOString());
  return `${formatShanghaiDate(reward.availableFrom)} 至 ${lastDay}`;
}
