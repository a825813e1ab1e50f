import { addDays, shanghaiDayStart } from '@linli/shared/time';
import type { Reward, RewardInput } from '@linli/shared/mall';
import { formatShanghaiDate } from '@/format/time';
import { couponTermsToForm, emptyCouponTermsForm, formToCouponTerms, type CouponTermsForm } from './coupon-terms-form';

/** What the 礼品管理 form holds: text as typed, dates as Shanghai calendar days (YYYY-MM-DD). */
export interface RewardFormValues extends CouponTermsForm {
  kind: 'coupon' | 'goods';
  name: string;
  description: string;
  pointsPrice: string;
  stock: string;
  perMemberLimit: string;
  /** The first day it can be redeemed. */
  availableFrom: string;
  /** The last day it can be redeemed (inclusive). */
  availableUntil: string;
  /** Goods: picked up at the shop or sent by post. */
  fulfilment: 'pickup' | 'delivery';
  /** Goods picked up: where (and when). */
  pickupPlace: string;
  /** The tiers that may redeem; none ticked means every member. */
  tierCodes: string[];
  /** The picture's storage key (kept, or a new upload's), or null for none. */
  pictureKey: string | null;
  active: boolean;
}

export type RewardFormField = Exclude<keyof RewardFormValues, 'tierCodes' | 'active' | 'couponType' | 'kind' | 'fulfilment' | 'pictureKey'>;
export type RewardFormErrors = Partial<Record<RewardFormField, string>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A fresh form: 100 积分 for ¥10 off ¥100, valid 30 days, on offer from today for 30 days. */
export function emptyRewardForm(today: string): RewardFormValues {
  return {
    kind: 'coupon',
    name: '',
    description: '',
    pointsPrice: '',
    stock: '',
    perMemberLimit: '1',
    ...emptyCouponTermsForm(),
    availableFrom: today,
    availableUntil: addDays(today, 30),
    fulfilment: 'delivery',
    pickupPlace: '',
    tierCodes: [],
    pictureKey: null,
    active: true,
  };
}

/** The form for editing a reward (coupon or goods) as it is now. */
export function rewardToForm(reward: Reward): RewardFormValues {
  return {
    kind: reward.kind,
    name: reward.name,
    description: reward.description,
    pointsPrice: String(reward.pointsPrice),
    stock: String(reward.stock),
    perMemberLimit: String(reward.perMemberLimit),
    ...couponTermsToForm(reward.coupon),
    availableFrom: formatShanghaiDate(reward.availableFrom),
    // availableUntil is the first instant it is no longer on offer; the form shows the last day.
    availableUntil: formatShanghaiDate(new Date(Date.parse(reward.availableUntil) - 1).toISOString()),
    fulfilment: reward.goods?.fulfilment ?? 'delivery',
    pickupPlace: reward.goods?.pickupPlace ?? '',
    tierCodes: [...reward.tierCodes],
    pictureKey: reward.pictureKey,
    active: reward.active,
  };
}

/** A reward as RewardInput again, e.g. to flip `active` without touching anything else. */
export function rewardToInput(reward: Reward): RewardInput {
  return {
    kind: reward.kind,
    name: reward.name,
    description: reward.description,
    pointsPrice: reward.pointsPrice,
    stock: reward.stock,
    perMemberLimit: reward.perMemberLimit,
    tierCodes: [...reward.tierCodes],
    availableFrom: reward.availableFrom,
    availableUntil: reward.availableUntil,
    ...(reward.coupon ? { coupon: reward.coupon } : {}),
    ...(reward.goods ? { goods: reward.goods } : {}),
    pictureKey: reward.pictureKey,
    active: reward.active,
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/**
 * Checks the form and builds the reward to send (coupon terms, or goods with how they reach the
 * buyer), or says what is wrong, field by field, in Chinese. Money is read as yuan and sent as
 * integer fen.
 */
export function formToRewardInput(values: RewardFormValues): { ok: true; input: RewardInput } | { ok: false; errors: RewardFormErrors } {
  const errors: RewardFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = '请填写礼品名称';
  else if (name.length > 40) errors.name = '名称最多 40 个字';
  if (values.description.length > 500) errors.description = '说明最多 500 个字';

  const pointsPrice = wholeNumber(values.pointsPrice, 1, 10_000_000);
  if (pointsPrice === null) errors.pointsPrice = '请填写所需积分（正整数）';
  const stock = wholeNumber(values.stock, 0, 1_000_000);
  if (stock === null) errors.stock = '请填写库存（0 到 1000000）';
  const perMemberLimit = wholeNumber(values.perMemberLimit, 1, 1000);
  if (perMemberLimit === null) errors.perMemberLimit = '每人限兑 1 到 1000 次';

  const coupon = values.kind === 'coupon';
  const couponTerms = coupon ? formToCouponTerms(values) : null;
  if (couponTerms && !couponTerms.ok) Object.assign(errors, couponTerms.errors);
  const pickupPlace = values.pickupPlace.trim();
  if (!coupon && values.fulfilment === 'pickup') {
    if (!pickupPlace) errors.pickupPlace = '请填写自提地点，如门店地址和营业时间';
    else if (pickupPlace.length > 100) errors.pickupPlace = '自提地点最多 100 个字';
  }

  if (!DATE.test(values.availableFrom)) errors.availableFrom = '请选择开始日期';
  if (!DATE.test(values.availableUntil)) errors.availableUntil = '请选择结束日期';
  else if (DATE.test(values.availableFrom) && values.availableUntil < values.availableFrom)
    errors.availableUntil = '结束日期不能早于开始日期';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const common = {
    name,
    description: values.description,
    pointsPrice: pointsPrice!,
    stock: stock!,
    perMemberLimit: perMemberLimit!,
    tierCodes: [...values.tierCodes],
    availableFrom: shanghaiDayStart(values.availableFrom).toISOString(),
    // On offer through the whole last day (Shanghai).
    availableUntil: shanghaiDayStart(addDays(values.availableUntil, 1)).toISOString(),
    pictureKey: values.pictureKey,
    active: values.active,
  };
  // No problems: a coupon's terms are read.
  if (couponTerms?.ok) return { ok: true, input: { kind: 'coupon', ...common, coupon: couponTerms.terms } };
  const goods = values.fulfilment === 'pickup' ? { fulfilment: 'pickup' as const, pickupPlace } : { fulfilment: 'delivery' as const };
  return { ok: true, input: { kind: 'goods', ...common, goods } };
}

/** How a reward stands in the mall right now, for the staff list. */
export function rewardStatusText(reward: Pick<Reward, 'active' | 'availableFrom' | 'availableUntil' | 'stock'>, now: Date): string {
  if (!reward.active) return '已下架';
  const at = now.toISOString();
  if (at < reward.availableFrom) return '未开始';
  if (at >= reward.availableUntil) return '已结束';
  if (reward.stock <= 0) return '已兑完';
  return '兑换中';
}
