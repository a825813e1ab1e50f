import * as z from 'zod';
import { MAX_ORDER_FEN } from './orders.ts';
import { PhotoKey } from './complaints.ts';

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

export const FULFILMENTS = ['pickup', 'delivery'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/** How goods reach the buyer: picked up at a place the operator names, or delivered to the address given when redeeming. */
export const GoodsTermsInput = z.object({
  fulfilment: z.enum(FULFILMENTS),
  pickupPlace: z.string().trim().max(100).optional().describe('For pickup: where and when to pick up, e.g. 门店地址与营业时间'),
});
export const GoodsTerms = z.object({
  fulfilment: z.enum(FULFILMENTS),
  pickupPlace: z.string().default('').describe("For pickup: where to pick up ('' when not set)"),
});
export type GoodsTerms = z.infer<typeof GoodsTerms>;

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
    goods: GoodsTermsInput.optional(),
    pictureKey: PhotoKey.nullable()
      .optional()
      .describe('A picture uploaded with POST /v1/me/photo-uploads {purpose: "reward"}; null for none'),
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
    goods: GoodsTerms.nullable(),
    pictureKey: z.string().nullable().default(null),
    pictureUrl: z.string().nullable().default(null).describe('A short-lived link to show the picture'),
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
  .object({
    items: z.array(MallReward),
    points: z.number().int().nonnegative(),
    redemptionsHeld: z
      .boolean()
      .optional()
      .describe("账户审核中: a supervisor holds the member's redemptions; redeeming is refused (always sent by the API)"),
  })
  .meta({ id: 'MallRewardList' });

export const StaffRewardList = z.object({ items: z.array(Reward) }).meta({ id: 'StaffRewardList' });

const chineseMobile = z.string().regex(/^1\d{10}$/, 'An 11-digit mainland mobile number');

/** Where a 快递配送 reward goes: the fields of wx.chooseAddress (WeChat) or the H5 form. */
export const DeliveryAddress = z
  .object({
    recipient: z.string().trim().min(1).max(30).describe("wx.chooseAddress's userName"),
    phone: chineseMobile.describe("wx.chooseAddress's telNumber"),
    province: z.string().trim().min(1).max(20).describe('provinceName'),
    city: z.string().trim().min(1).max(20).describe('cityName'),
    district: z.string().trim().max(20).default('').describe('countyName'),
    detail: z.string().trim().min(2).max(120).describe('detailInfo: street, building, room'),
    postalCode: z
      .string()
      .trim()
      .regex(/^(\d{6})?$/, 'Six digits, or empty')
      .default('')
      .describe('postalCode'),
  })
  .meta({ id: 'DeliveryAddress' });
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

export const RedeemRequest = z
  .object({
    requestId: z.uuid().describe('Client-generated; the same id always means the same redemption'),
    address: DeliveryAddress.optional().describe('Required for a 快递配送 (delivery) goods reward; ignored otherwise'),
  })
  .meta({ id: 'RedeemRequest' });
export type RedeemRequest = z.infer<typeof RedeemRequest>;

/** A goods redemption's way to the buyer: 待发货 / 已发货 for delivery, 待自提 / 已自提 for pickup. */
export const GOODS_STATUSES = ['pending', 'shipped', 'picked_up'] as const;
export type GoodsStatus = (typeof GOODS_STATUSES)[number];

/** The delivery address as the buyer and the staff lists see it: the phone masked. */
export const MaskedDeliveryAddress = DeliveryAddress.omit({ phone: true }).extend({ phoneMasked: z.string() });
export type MaskedDeliveryAddress = z.infer<typeof MaskedDeliveryAddress>;

/** What a goods redemption shows of its way to the buyer. */
export const GoodsProgress = z.object({
  redemptionNo: z.string().describe('Short number to quote to the shop'),
  status: z.enum(GOODS_STATUSES),
  pickupPlace: z.string().nullable(),
  address: MaskedDeliveryAddress.nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  shippedAt: z.iso.datetime().nullable(),
  handedOverAt: z.iso.datetime().nullable(),
});
export type GoodsProgress = z.infer<typeof GoodsProgress>;

export const COUPON_STATUSES = ['unused', 'used', 'expired'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export const CouponView = z
  .object({
    code: z.string().describe('Unique; shown as a QR for staff to scan'),
    rewardId: z.string(),
    kind: z.enum(REWARD_KINDS),
    name: z.string(),
    terms: CouponTerms.nullable(),
    fulfilment: z.enum(FULFILMENTS).nullable(),
    goods: GoodsProgress.nullable().default(null).describe('Goods redemptions: the number, status, and where it is picked up or sent'),
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

// ---------------------------------------------------------------------------------------------
// 兑换订单: goods redemptions for staff to ship or hand over.
// ---------------------------------------------------------------------------------------------

export const GoodsRedemptionQuery = z.object({
  status: z.enum(GOODS_STATUSES).optional(),
  q: z.string().trim().max(30).optional().describe("The buyer's phone last four, their nickname, or a redemption number"),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type GoodsRedemptionQuery = z.infer<typeof GoodsRedemptionQuery>;

/** A goods redemption as 兑换订单 lists it: its progress (as the buyer sees it) and who redeemed what. */
export const StaffGoodsRedemption = GoodsProgress.extend({
  rewardName: z.string(),
  fulfilment: z.enum(FULFILMENTS),
  points: z.number().int(),
  redeemedAt: z.iso.datetime(),
  buyerNickname: z.string().nullable(),
  buyerPhoneMasked: z.string().nullable(),
  handledBy: z.string().nullable().describe('The staff member who shipped or handed it over (their name)'),
}).meta({ id: 'StaffGoodsRedemption' });
export type StaffGoodsRedemption = z.infer<typeof StaffGoodsRedemption>;

export const StaffGoodsRedemptionList = z
  .object({ items: z.array(StaffGoodsRedemption), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffGoodsRedemptionList' });

/** The shipping detail: the address with the full phone, for the staff member who ships. */
export const StaffGoodsRedemptionDetail = StaffGoodsRedemption.extend({ addressPhone: z.string().nullable() }).meta({
  id: 'StaffGoodsRedemptionDetail',
});
export type StaffGoodsRedemptionDetail = z.infer<typeof StaffGoodsRedemptionDetail>;

export const ShipRequest = z
  .object({
    carrier: z.string().trim().min(1).max(20).describe('e.g. 顺丰速运'),
    trackingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,40}$/, 'Letters, digits and - (4 to 40)')
      .describe('The carrier’s tracking number'),
  })
  .meta({ id: 'ShipRequest' });
export type ShipRequest = z.infer<typeof ShipRequest>;

export const RedemptionNumberParams = z.object({
  redemptionNo: z.string().min(1).max(32).describe('The redemption number (eight digits; any other is REDEMPTION_NOT_FOUND)'),
});
