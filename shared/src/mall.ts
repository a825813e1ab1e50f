import * as z from 'zod';
import { MAX_ORDER_FEN } from './orders.ts';

/** A coupon: so much off, or a percentage off, above a minimum spend, valid for some days after issue. */
export const CouponTerms = z
  .object({
    type: z.enum(['amount_off', 'discount']),
    amountOffFen: z.number().int().positive().max(MAX_ORDER_FEN).optional().describe('For amount_off'),
    discountPercent: z.number().int().min(1).max(99).optional().describe('For discount: 85 means pay 85% (八五折)'),
    minSpendFen: z.number().int().nonnegative().max(MAX_ORDER_FEN),
    validDays: z.number().int().min(1).max(366),
  })
  .refine((t) => (t.type === 'amount_off' ? t.amountOffFen !== undefined : t.discountPercent !== undefined), {
    message: 'amount_off needs amountOffFen; discount needs discountPercent',
    path: ['type'],
  });
export type CouponTerms = z.infer<typeof CouponTerms>;

export const REWARD_KINDS = ['coupon', 'goods'] as const;

export const RewardInput = z
  .object({
    kind: z.enum(REWARD_KINDS),
    name: z.string().trim().min(1).max(40),
    description: z.string().max(500).default(''),
    pointsPrice: z.number().int().positive().max(10_000_000),
    stock: z.number().int().nonnegative().max(1_000_000),
    perMemberLimit: z.number().int().positive().max(1000).describe('Redemptions one member may make of this reward'),
    tierCodes: z.array(z.string().min(1).max(32)).max(10).default([]).describe('Tiers allowed to redeem; empty means everyone'),
    availableFrom: z.iso.datetime({ offset: true }),
    availableUntil: z.iso.datetime({ offset: true }),
    coupon: CouponTerms.optional(),
    goods: z.object({ fulfilment: z.enum(['pickup', 'delivery']) }).optional(),
    active: z.boolean().default(true),
  })
  .refine((r) => Date.parse(r.availableUntil) > Date.parse(r.availableFrom), {
    message: 'Must end after it starts',
    path: ['availableUntil'],
  })
  .refine((r) => (r.kind === 'coupon' ? Boolean(r.coupon) : Boolean(r.goods)), {
    message: 'A coupon reward needs coupon terms; goods need a fulfilment',
    path: ['kind'],
  })
  .meta({ id: 'RewardInput' });
export type RewardInput = z.infer<typeof RewardInput>;

export const Reward = z
  .object({
    rewardId: z.string(),
    kind: z.enum(REWARD_KINDS),
    name: z.string(),
    description: z.string(),
    pointsPrice: z.number().int(),
    stock: z.number().int().nonnegative(),
    perMemberLimit: z.number().int(),
    tierCodes: z.array(z.string()),
    availableFrom: z.iso.datetime(),
    availableUntil: z.iso.datetime(),
    coupon: CouponTerms.nullable(),
    goods: z.object({ fulfilment: z.enum(['pickup', 'delivery']) }).nullable(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Reward' });
export type Reward = z.infer<typeof Reward>;

/** Why a member cannot redeem a reward right now (null when they can). */
export const INELIGIBILITY = ['not_available', 'out_of_stock', 'tier_restricted', 'limit_reached', 'points_insufficient'] as const;
export type Ineligibility = (typeof INELIGIBILITY)[number];

export const MallReward = Reward.extend({
  redeemedByMe: z.number().int().nonnegative(),
  ineligible: z.enum(INELIGIBILITY).nullable(),
}).meta({ id: 'MallReward' });
export type MallReward = z.infer<typeof MallReward>;

export const MallRewardList = z
  .object({ items: z.array(MallReward), points: z.number().int().nonnegative() })
  .meta({ id: 'MallRewardList' });

export const StaffRewardList = z.object({ items: z.array(Reward) }).meta({ id: 'StaffRewardList' });

export const RedeemRequest = z
  .object({ requestId: z.uuid().describe('Client-generated; the same id always means the same redemption') })
  .meta({ id: 'RedeemRequest' });

export const COUPON_STATUSES = ['unused', 'used', 'expired'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export const CouponView = z
  .object({
    code: z.string().describe('Unique; shown as a QR for staff to scan'),
    rewardId: z.string(),
    kind: z.enum(REWARD_KINDS),
    name: z.string(),
    terms: CouponTerms.nullable(),
    fulfilment: z.enum(['pickup', 'delivery']).nullable(),
    status: z.enum(COUPON_STATUSES),
    issuedAt: z.iso.datetime(),
    validUntil: z.iso.datetime(),
    usedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Coupon' });
export type CouponView = z.infer<typeof CouponView>;

export const Redemption = z
  .object({
    redemptionId: z.string(),
    rewardId: z.string(),
    points: z.number().int(),
    redeemedAt: z.iso.datetime(),
    coupon: CouponView,
  })
  .meta({ id: 'Redemption' });
export type Redemption = z.infer<typeof Redemption>;

export const CouponListQuery = z.object({ status: z.enum(COUPON_STATUSES).optional() });
export const CouponList = z.object({ items: z.array(CouponView) }).meta({ id: 'CouponList' });

export const StaffCouponView = CouponView.extend({
  memberId: z.string(),
  memberNickname: z.string().nullable(),
  memberPhoneMasked: z.string().nullable(),
}).meta({ id: 'StaffCoupon' });
