import * as z from 'zod';

// ---------------------------------------------------------------------------------------------
// Risk watch (风险控制): flags for a supervisor's review, and the hold on a member's redemptions.
// A flag never blocks anything by itself; only a hold a person places does.
// ---------------------------------------------------------------------------------------------

/**
 * What a flag is about:
 * - outsized-order: an order far above the member's own history or the shop's norm (the order path);
 * - refunds-after-redemption: many refunds of orders whose points were spent first (buy → earn → redeem → refund);
 * - shared-phone: many members verified one phone number;
 * - welcome-burst: a day with far more new members redeeming right after joining than usual;
 * - staff-outlier: a staff member who credited or compensated far more points than their peers.
 */
export const RISK_FLAG_KINDS = ['outsized-order', 'refunds-after-redemption', 'shared-phone', 'welcome-burst', 'staff-outlier'] as const;
export type RiskFlagKind = (typeof RISK_FLAG_KINDS)[number];

export const RISK_FLAG_KIND_ZH: Record<RiskFlagKind, string> = {
  'outsized-order': '异常大额订单',
  'refunds-after-redemption': '兑换后频繁退款',
  'shared-phone': '多个会员共用手机号',
  'welcome-burst': '新会员集中兑换',
  'staff-outlier': '员工发放积分异常',
};

/** open: waiting for a supervisor; dismissed: looked at, nothing wrong (标记已查看); confirmed: a real risk (确认风险). */
export const RISK_FLAG_STATUSES = ['open', 'dismissed', 'confirmed'] as const;
export type RiskFlagStatus = (typeof RISK_FLAG_STATUSES)[number];

export const RISK_FLAG_STATUS_ZH: Record<RiskFlagStatus, string> = {
  open: '待处理',
  dismissed: '已查看',
  confirmed: '已确认风险',
};

/** The facts behind each kind of flag: what the page says in words (money in fen, points as numbers). */
export const RiskFlagFacts = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('outsized-order'),
    paidFen: z.number().int().nonnegative(),
    paidAt: z.iso.datetime(),
    /** How many earlier purchase days the member's history had. */
    priorDays: z.number().int().nonnegative(),
    memberMedianFen: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe("The member's typical order before this one; null: too little history"),
    memberMaxFen: z.number().int().nonnegative().nullable(),
    shopHighFen: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe("The shop's 99th-percentile order of the last 30 days; null: not enough orders yet"),
    overMemberHistory: z.boolean(),
    overShopNorm: z.boolean(),
  }),
  z.object({
    kind: z.literal('refunds-after-redemption'),
    windowDays: z.number().int().positive(),
    refundedOrders: z.number().int().positive().describe('Orders refunded after points were redeemed since they were credited'),
    pointsRedeemed: z.number().int().nonnegative(),
    pointsOwed: z.number().int().nonnegative().describe('Points the refunds could not take back (already spent)'),
  }),
  z.object({
    kind: z.literal('shared-phone'),
    phoneMasked: z.string().nullable(),
    members: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('welcome-burst'),
    day: z.iso.date(),
    redemptions: z.number().int().positive().describe('New members (joined within the last days) whose first redemption was that day'),
    usualPerDay: z.number().nonnegative().describe('The median of the days before'),
    newMemberDays: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('staff-outlier'),
    staffName: z.string().nullable(),
    windowDays: z.number().int().positive(),
    pointsCredited: z.number().int().positive(),
    credits: z.number().int().positive().describe('Adjustments and complaint compensations counted'),
    peers: z.number().int().positive(),
    peerMedianPoints: z.number().nonnegative(),
  }),
]);
export type RiskFlagFacts = z.infer<typeof RiskFlagFacts>;

/** A member named by a flag, as the review page links them (phone masked). */
export const RiskFlagMember = z.object({
  memberId: z.string(),
  nickname: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  redemptionsHeld: z.boolean(),
});
export type RiskFlagMember = z.infer<typeof RiskFlagMember>;

export const RiskFlagView = z
  .object({
    flagId: z.string(),
    kind: z.enum(RISK_FLAG_KINDS),
    status: z.enum(RISK_FLAG_STATUSES),
    raisedAt: z.iso.datetime(),
    facts: RiskFlagFacts,
    members: z.array(RiskFlagMember).describe('The first members the flag names (the rest are counted in memberCount)'),
    memberCount: z.number().int().nonnegative(),
    review: z
      .object({ at: z.iso.datetime(), byName: z.string(), note: z.string() })
      .nullable()
      .describe('Who looked at it, when, and what they wrote; null while open'),
  })
  .meta({ id: 'RiskFlag' });
export type RiskFlagView = z.infer<typeof RiskFlagView>;

export const RiskFlagListQuery = z.object({
  status: z.enum(RISK_FLAG_STATUSES).optional(),
  kind: z.enum(RISK_FLAG_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(300).optional().describe('nextCursor of the page before'),
});
export type RiskFlagListQuery = z.infer<typeof RiskFlagListQuery>;

export const RiskFlagList = z
  .object({
    items: z.array(RiskFlagView).describe('Newest first'),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RiskFlagList' });
export type RiskFlagList = z.infer<typeof RiskFlagList>;

export const RISK_NOTE_MAX_CHARS = 200;

export const RiskFlagReviewRequest = z
  .object({
    outcome: z.enum(['dismissed', 'confirmed']).describe('dismissed: 标记已查看 (nothing wrong); confirmed: 确认风险'),
    note: z.string().trim().min(1).max(RISK_NOTE_MAX_CHARS),
  })
  .meta({ id: 'RiskFlagReviewRequest' });
export type RiskFlagReviewRequest = z.infer<typeof RiskFlagReviewRequest>;

/** Why a member's redemptions are held (暂停兑换) or released (恢复兑换): always a person's stated reason. */
export const RedemptionHoldRequest = z
  .object({ reason: z.string().trim().min(1).max(RISK_NOTE_MAX_CHARS) })
  .meta({ id: 'RedemptionHoldRequest' });
export type RedemptionHoldRequest = z.infer<typeof RedemptionHoldRequest>;

/** A hold on a member's redemptions as staff see it: who placed it, when and why. The member only sees 账户审核中. */
export const RedemptionHold = z
  .object({
    reason: z.string(),
    heldAt: z.iso.datetime(),
    heldByName: z.string(),
  })
  .meta({ id: 'RedemptionHold' });
export type RedemptionHold = z.infer<typeof RedemptionHold>;

export const RedemptionHoldState = z
  .object({ memberId: z.string(), hold: RedemptionHold.nullable().describe('null: redemptions are open') })
  .meta({ id: 'RedemptionHoldState' });
export type RedemptionHoldState = z.infer<typeof RedemptionHoldState>;
