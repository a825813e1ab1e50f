import * as z from 'zod';
import { PhotoKey } from './complaints.ts';
import { CouponTerms } from './mall.ts';
import { RFM_CLASSES } from './insight.ts';
import { MAX_ORDER_FEN } from './orders.ts';

/*
 * 拼团 (group-buy campaigns). A campaign sells one product at a group price to groups of `groupSize`
 * buyers. A buyer opens a group (团长, the leader) or joins one; joining reserves a slot and the units
 * in one conditional write, and the reservation is paid with WeChat Pay within `reservationMinutes`.
 * A group succeeds exactly once (full and every member paid, before its deadline; or at its deadline
 * when at least `minGroupSize` members paid) or fails at its deadline, and then every paid member is
 * refunded. Money is integer fen.
 */

export const GROUP_BUY_STATUSES = ['draft', 'published', 'ended'] as const;
export type GroupBuyStatus = (typeof GROUP_BUY_STATUSES)[number];

export const MAX_GROUP_SIZE = 50;
export const MAX_GROUP_HOURS = 72;
export const MAX_CAMPAIGN_STOCK = 1_000_000;
export const MAX_CAMPAIGN_PICTURES = 6;
/** How long an unpaid reservation holds its slot and units, unless the campaign says otherwise. */
export const DEFAULT_RESERVATION_MINUTES = 15;
/** Campaigns a shop may keep (drafts, running and ended): the list and 猜你喜欢 read them all. */
export const GROUP_BUY_CAMPAIGN_LIMIT = 200;

/**
 * Who may open a group, and who may join one: everyone who joined; only new customers (新人团: no
 * credited order yet); the members of saved segments; or members at some tiers. An empty list of
 * segments or tiers is refused.
 */
export const GroupBuyAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('new-customers') }),
  z.object({ kind: z.literal('segments'), segmentIds: z.array(z.string().min(1).max(64)).min(1).max(10) }),
  z.object({ kind: z.literal('tiers'), tierCodes: z.array(z.string().min(1).max(32)).min(1).max(10) }),
]);
export type GroupBuyAudience = z.infer<typeof GroupBuyAudience>;

/** What the leader of a successful group earns: nothing, points, or a coupon. Given once per group. */
export const LeaderReward = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('points'), points: z.number().int().positive().max(100_000) }),
  z.object({ kind: z.literal('coupon'), coupon: CouponTerms }),
]);
export type LeaderReward = z.infer<typeof LeaderReward>;

export const GroupBuyProduct = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(60),
  category: z.string().trim().min(1).max(64),
  description: z.string().max(500).default(''),
  pictureKeys: z
    .array(PhotoKey)
    .max(MAX_CAMPAIGN_PICTURES)
    .default([])
    .describe('Pictures uploaded with POST /v1/me/photo-uploads {purpose: "groupbuy"}; the first is the cover'),
  originalPriceFen: z.number().int().positive().max(MAX_ORDER_FEN),
  groupPriceFen: z.number().int().positive().max(MAX_ORDER_FEN),
});
export type GroupBuyProduct = z.infer<typeof GroupBuyProduct>;

/** A campaign's terms as staff write them. Published terms are versioned; a running group keeps the version it opened with. */
export const GroupBuyCampaignInput = z
  .object({
    name: z.string().trim().min(1).max(30).describe('The campaign as buyers see it, e.g. 赣南脐橙 3 人团'),
    product: GroupBuyProduct,
    groupSize: z.number().int().min(2).max(MAX_GROUP_SIZE),
    minGroupSize: z
      .number()
      .int()
      .min(2)
      .max(MAX_GROUP_SIZE)
      .nullable()
      .default(null)
      .describe('Paid members that make a group succeed at its deadline; null means the full group size. Never filled with fake members'),
    groupHours: z.number().int().min(1).max(MAX_GROUP_HOURS).describe('How long a group stays open after the leader opens it'),
    reservationMinutes: z.number().int().min(5).max(120).default(DEFAULT_RESERVATION_MINUTES),
    stock: z.number().int().positive().max(MAX_CAMPAIGN_STOCK).describe('Units for sale in the whole campaign'),
    perBuyerLimit: z.number().int().positive().max(100).describe('Units one member may hold in this campaign (reserved or paid)'),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }).describe('No group opens after this; groups already open run to their deadline'),
    whoMayOpen: GroupBuyAudience,
    whoMayJoin: GroupBuyAudience,
    leaderReward: LeaderReward.default({ kind: 'none' }),
  })
  .refine((c) => c.product.groupPriceFen < c.product.originalPriceFen, {
    message: 'The group price must be below the original price',
    path: ['product', 'groupPriceFen'],
  })
  .refine((c) => c.minGroupSize === null || c.minGroupSize <= c.groupSize, {
    message: 'The minimum cannot exceed the group size',
    path: ['minGroupSize'],
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { message: 'Must end after it starts', path: ['endsAt'] })
  .meta({ id: 'GroupBuyCampaignInput' });
export type GroupBuyCampaignInput = z.infer<typeof GroupBuyCampaignInput>;

export const GroupBuyCampaignUpdate = z
  .object({ revision: z.number().int().nonnegative(), campaign: GroupBuyCampaignInput })
  .meta({ id: 'GroupBuyCampaignUpdate' });
export type GroupBuyCampaignUpdate = z.infer<typeof GroupBuyCampaignUpdate>;

export const GroupBuyRevisionRequest = z.object({ revision: z.number().int().nonnegative() }).meta({ id: 'GroupBuyRevisionRequest' });

/** A campaign as staff see it. */
export const GroupBuyCampaign = z
  .object({
    campaignId: z.string(),
    status: z.enum(GROUP_BUY_STATUSES),
    version: z.number().int().nonnegative().describe('0 while a draft; each published edit adds one'),
    revision: z.number().int().nonnegative().describe('Send back with a change: a stale revision is refused with CONFLICT'),
    definition: GroupBuyCampaignInput,
    pictureUrls: z.array(z.string()).describe('Short-lived links to the pictures, in order'),
    stock: z.object({
      total: z.number().int().nonnegative(),
      reserved: z.number().int().nonnegative().describe('Held by unpaid reservations'),
      sold: z.number().int().nonnegative().describe('Paid units, refunds returned'),
      left: z.number().int().nonnegative(),
    }),
    groups: z.object({
      forming: z.number().int().nonnegative(),
      succeeded: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    }),
    createdAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'GroupBuyCampaign' });
export type GroupBuyCampaign = z.infer<typeof GroupBuyCampaign>;

export const GroupBuyCampaignList = z.object({ items: z.array(GroupBuyCampaign) }).meta({ id: 'GroupBuyCampaignList' });

/* ---------- Groups and a buyer's place in one ---------- */

export const GROUP_STATUSES = ['forming', 'succeeded', 'failed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/**
 * A buyer's place in a group (one order, paid through WeChat Pay with out_trade_no = orderNo):
 * reserved (待支付) → paid (拼团中) → succeeded (已成团); or released (unpaid in time, 已取消),
 * left (the buyer left before success, 已退出), failed (the group failed, 未成团). Paid places that end
 * released, left or failed are refunded; `refund` tells how far.
 */
export const GROUP_ORDER_STATUSES = ['reserved', 'paid', 'succeeded', 'released', 'left', 'failed'] as const;
export type GroupOrderStatus = (typeof GROUP_ORDER_STATUSES)[number];

/**
 * A refund's progress: requested (not yet accepted by WeChat Pay: retried), processing (accepted),
 * succeeded (money back), abnormal (WeChat Pay could not return it to the buyer's account: staff must act), closed.
 */
export const GROUP_REFUND_STATUSES = ['requested', 'processing', 'succeeded', 'abnormal', 'closed'] as const;
export type GroupRefundStatus = (typeof GROUP_REFUND_STATUSES)[number];

export const GroupRefund = z.object({
  outRefundNo: z.string(),
  fen: z.number().int().positive(),
  reason: z.enum(['left', 'group-failed', 'paid-after-release', 'after-sales']),
  status: z.enum(GROUP_REFUND_STATUSES),
  requestedAt: z.iso.datetime(),
  settledAt: z.iso.datetime().nullable(),
});
export type GroupRefund = z.infer<typeof GroupRefund>;

/** A member of a group as every buyer of the group sees them (nickname and avatar only). */
export const GroupMemberView = z.object({
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  leader: z.boolean(),
  paid: z.boolean(),
  joinedAt: z.iso.datetime(),
  you: z.boolean(),
});

/** A group as its page shows it (anyone signed in may look: the share card opens it). */
export const GroupView = z
  .object({
    groupId: z.string(),
    campaignId: z.string(),
    campaignName: z.string(),
    product: GroupBuyProduct.pick({ name: true, originalPriceFen: true, groupPriceFen: true, description: true }),
    coverUrl: z.string().nullable(),
    status: z.enum(GROUP_STATUSES),
    groupSize: z.number().int(),
    minGroupSize: z.number().int(),
    deadline: z.iso.datetime(),
    members: z.array(GroupMemberView),
    slotsLeft: z.number().int().nonnegative(),
    /** What the viewer may do here: join, pay their reservation, nothing, and why not. */
    viewer: z.object({
      orderNo: z.string().nullable().describe('The viewer’s own place in this group, if any'),
      canJoin: z.boolean(),
      cannotJoinReason: z
        .enum(['full', 'closed', 'not-eligible', 'limit-reached', 'sold-out', 'already-in-group', 'not-joined'])
        .nullable(),
    }),
    succeededAt: z.iso.datetime().nullable(),
    failedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'GroupView' });
export type GroupView = z.infer<typeof GroupView>;

/** A campaign as buyers see it: the product, price, countdown to its end, and groups they may join. */
export const BuyerCampaignView = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    product: GroupBuyProduct.omit({ pictureKeys: true }),
    pictureUrls: z.array(z.string()),
    groupSize: z.number().int(),
    minGroupSize: z.number().int(),
    groupHours: z.number().int(),
    perBuyerLimit: z.number().int(),
    endsAt: z.iso.datetime(),
    soldOut: z.boolean(),
    ended: z.boolean(),
    canOpen: z.boolean(),
    cannotOpenReason: z.enum(['not-eligible', 'limit-reached', 'sold-out', 'ended', 'not-started', 'not-joined']).nullable(),
    unitsHeld: z.number().int().nonnegative().describe('Units the viewer holds in this campaign (reserved or paid)'),
    /** Forming groups with a free slot, soonest deadline first (at most 10); the viewer may not be able to join all. */
    openGroups: z.array(GroupView.pick({ groupId: true, deadline: true, slotsLeft: true, members: true })),
  })
  .meta({ id: 'BuyerCampaignView' });
export type BuyerCampaignView = z.infer<typeof BuyerCampaignView>;

/** One running campaign on the buyer's 拼团 list (ordered by 猜你喜欢, or plainly). */
export const BuyerCampaignCard = BuyerCampaignView.pick({
  campaignId: true,
  name: true,
  groupSize: true,
  endsAt: true,
  soldOut: true,
})
  .extend({
    productName: z.string(),
    originalPriceFen: z.number().int(),
    groupPriceFen: z.number().int(),
    coverUrl: z.string().nullable(),
  })
  .meta({ id: 'BuyerCampaignCard' });

export const BuyerCampaignList = z
  .object({
    items: z.array(BuyerCampaignCard),
    ordering: z.enum(['personalised', 'plain']).describe('plain: the member switched personalised marketing off, or nothing is known yet'),
  })
  .meta({ id: 'BuyerCampaignList' });

/** Open a group (POST …/campaigns/{id}/groups) or join one (POST …/groups/{id}/join). Idempotent by requestId. */
export const GroupJoinRequest = z
  .object({
    requestId: z.uuid(),
    qty: z.number().int().positive().max(100).default(1),
  })
  .meta({ id: 'GroupJoinRequest' });
export type GroupJoinRequest = z.infer<typeof GroupJoinRequest>;

/** The parameters `wx.requestPayment` takes, signed by the server with the merchant key. */
export const RequestPaymentParams = z
  .object({
    timeStamp: z.string(),
    nonceStr: z.string(),
    package: z.string().describe('prepay_id=…'),
    signType: z.literal('RSA'),
    paySign: z.string(),
  })
  .meta({ id: 'RequestPaymentParams' });
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>;

/** One of the buyer's group-buy orders (我的拼团). */
export const MyGroupOrder = z
  .object({
    orderNo: z.string(),
    campaignId: z.string(),
    groupId: z.string(),
    campaignName: z.string(),
    productName: z.string(),
    coverUrl: z.string().nullable(),
    qty: z.number().int().positive(),
    amountFen: z.number().int().positive(),
    status: z.enum(GROUP_ORDER_STATUSES),
    leader: z.boolean(),
    groupStatus: z.enum(GROUP_STATUSES),
    groupDeadline: z.iso.datetime(),
    reservedUntil: z.iso.datetime().nullable().describe('Pay before this (reserved only)'),
    paidAt: z.iso.datetime().nullable(),
    refund: GroupRefund.omit({ outRefundNo: true }).nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MyGroupOrder' });
export type MyGroupOrder = z.infer<typeof MyGroupOrder>;

export const MyGroupOrderList = z
  .object({ items: z.array(MyGroupOrder), nextCursor: z.string().nullable() })
  .meta({ id: 'MyGroupOrderList' });

/** What opening, joining or paying answers: the order and, while it is unpaid, how to pay it. */
export const GroupJoinResult = z
  .object({
    order: MyGroupOrder,
    payment: RequestPaymentParams.nullable().describe('Hand to wx.requestPayment; null when paid or no longer payable'),
  })
  .meta({ id: 'GroupJoinResult' });
export type GroupJoinResult = z.infer<typeof GroupJoinResult>;

/* ---------- Staff: orders, fulfilment ---------- */

/** Delivery of a successful order to the seller's shop by the signed outgoing webhook. */
export const FULFILMENT_STATES = ['pending', 'delivered', 'failing', 'gave-up'] as const;
export type FulfilmentState = (typeof FULFILMENT_STATES)[number];

/** Where a successful order's delivery to the shop stands: attempts so far, the last refusal, the next try. */
export const FulfilmentDelivery = z
  .object({
    state: z.enum(FULFILMENT_STATES),
    attempts: z.number().int().nonnegative(),
    lastError: z.string().nullable().describe('What the shop answered (or why it could not be reached) at the last failed attempt'),
    deliveredAt: z.iso.datetime().nullable(),
    nextAttemptAt: z.iso.datetime().nullable().describe('When it is tried next (pending or failing); null once delivered or given up'),
  })
  .meta({ id: 'FulfilmentDelivery' });
export type FulfilmentDelivery = z.infer<typeof FulfilmentDelivery>;

export const StaffGroupOrder = MyGroupOrder.omit({ coverUrl: true })
  .extend({
    memberId: z.string(),
    nickname: z.string(),
    phoneMasked: z.string().nullable(),
    transactionId: z.string().nullable(),
    fulfilment: FulfilmentDelivery.nullable().describe('Its delivery to the shop, once the group succeeded'),
  })
  .meta({ id: 'StaffGroupOrder' });
export type StaffGroupOrder = z.infer<typeof StaffGroupOrder>;

export const StaffGroupOrderList = z
  .object({ items: z.array(StaffGroupOrder), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffGroupOrderList' });

/** The body Linli posts to the seller's shop for each successful order (signed like the incoming order webhook). */
export const FulfilmentWebhookBody = z
  .object({
    event: z.literal('groupbuy.order.succeeded'),
    orderId: z.string().describe('Linli’s order id (gb-<orderNo>); the shop keeps it to recognise a retry'),
    campaignId: z.string(),
    groupId: z.string(),
    openid: z.string(),
    items: z.array(
      z.object({ sku: z.string(), name: z.string(), category: z.string(), qty: z.number().int(), unitPriceFen: z.number().int() }),
    ),
    paidFen: z.number().int(),
    paidAt: z.iso.datetime(),
    transactionId: z.string().describe('WeChat Pay’s transaction id'),
  })
  .meta({ id: 'FulfilmentWebhookBody' });
export type FulfilmentWebhookBody = z.infer<typeof FulfilmentWebhookBody>;

/* ---------- Staff: the fulfilment list (发货清单) ---------- */

/** One successful order handed to the shop, as the fulfilment list shows it (phones masked). */
export const FulfilmentItem = z
  .object({
    orderNo: z.string(),
    campaignId: z.string(),
    campaignName: z.string(),
    groupId: z.string(),
    succeededAt: z.iso.datetime().describe('When its group succeeded (成团时间); the list is newest first by it'),
    productName: z.string(),
    qty: z.number().int().positive(),
    paidFen: z.number().int(),
    memberId: z.string(),
    nickname: z.string(),
    phoneMasked: z.string().nullable(),
    delivery: FulfilmentDelivery,
  })
  .meta({ id: 'FulfilmentItem' });
export type FulfilmentItem = z.infer<typeof FulfilmentItem>;

export const FulfilmentList = z
  .object({ items: z.array(FulfilmentItem), nextCursor: z.string().nullable() })
  .meta({ id: 'FulfilmentList' });
export type FulfilmentList = z.infer<typeof FulfilmentList>;

/* ---------- Queries ---------- */

/** 我的拼团: a page of the buyer's orders, newest first. */
export const MyGroupOrderListQuery = z.object({
  cursor: z.string().max(200).optional().describe('nextCursor of the page before'),
});

/** A campaign's orders as staff list them, newest first, optionally of one status. */
export const StaffGroupOrderListQuery = z.object({
  status: z.enum(GROUP_ORDER_STATUSES).optional(),
  cursor: z.string().max(200).optional().describe('nextCursor of the page before'),
});

/** Orders a page of 我的拼团 or of a campaign's order list holds. */
export const GROUP_ORDER_PAGE_SIZE = 20;

/** The fulfilment list (and its CSV): newest success first, optionally of one campaign and one delivery state. */
export const FulfilmentListQuery = z.object({
  campaignId: z.string().min(1).max(64).optional(),
  state: z.enum(FULFILMENT_STATES).optional(),
  cursor: z.string().max(200).optional().describe('nextCursor of the page before (the CSV: its x-next-cursor header)'),
});
export type FulfilmentListQuery = z.infer<typeof FulfilmentListQuery>;

/* ---------- How buyers came, views and shares (the seller's funnel and fission) ---------- */

/**
 * How a buyer first came to a campaign, fixed at their first touch of it: a care invitation (its rule and
 * A/B arm), a friend's shared card, or on their own (the list, 首页, a link). Later stages count under it.
 */
export const GROUP_BUY_ARRIVALS = ['invitation', 'share', 'direct'] as const;
export type GroupBuyArrival = (typeof GROUP_BUY_ARRIVALS)[number];

/** The id a shared card carries (made by the sharer's mini-program, one per share): letters, digits, - and _. */
export const ShareId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'A share id is 8–40 letters, digits, - or _');

/** The campaign page (or a group's page) was opened: where from, as the page's link says. */
export const CampaignViewRequest = z
  .object({
    from: z.enum(GROUP_BUY_ARRIVALS).default('direct'),
    ruleId: z.string().min(1).max(64).optional().describe('An invitation’s care rule (from=invitation)'),
    arm: z.enum(['a', 'b']).optional().describe('An invitation’s A/B arm (from=invitation)'),
    shareId: ShareId.optional().describe('The shared card’s id (from=share)'),
  })
  .meta({ id: 'CampaignViewRequest' });
export type CampaignViewRequest = z.infer<typeof CampaignViewRequest>;

/** A member shared a group's card (or copied its link): the id the card's path carries. */
export const GroupShareRequest = z.object({ shareId: ShareId }).meta({ id: 'GroupShareRequest' });
export type GroupShareRequest = z.infer<typeof GroupShareRequest>;

/* ---------- The seller's view: a campaign's figures ---------- */

export const GROUP_BUY_FUNNEL_STAGES = ['invited', 'viewed', 'joined', 'paid', 'succeeded'] as const;
export type GroupBuyFunnelStage = (typeof GROUP_BUY_FUNNEL_STAGES)[number];

/**
 * The funnel: invited and viewed count people (once per campaign); joined, paid and succeeded count places
 * (a buyer may hold places in several groups up to the per-buyer limit). GMV is what succeeded places paid.
 */
export const GroupBuyFunnel = z.object({
  invited: z.number().int().nonnegative().describe('People a care invitation was sent to'),
  viewed: z.number().int().nonnegative().describe('People who opened the campaign or one of its groups'),
  joined: z.number().int().nonnegative().describe('Places taken (opened or joined)'),
  paid: z.number().int().nonnegative().describe('Places paid'),
  succeeded: z.number().int().nonnegative().describe('Places in groups that succeeded'),
  gmvFen: z.number().int().nonnegative().describe('Paid by places in groups that succeeded (refunds after success not taken off)'),
});
export type GroupBuyFunnel = z.infer<typeof GroupBuyFunnel>;

/** The funnel of buyers who came one way: an invitation's rule and arm, shares, or on their own. */
export const GroupBuyArrivalFigures = GroupBuyFunnel.extend({
  arrival: z.enum(GROUP_BUY_ARRIVALS),
  ruleId: z.string().nullable().describe('invitation: the care rule'),
  ruleName: z.string().nullable().describe('invitation: the rule’s name now (null when the rule was deleted)'),
  arm: z.enum(['a', 'b']).nullable().describe('invitation: the A/B arm'),
});
export type GroupBuyArrivalFigures = z.infer<typeof GroupBuyArrivalFigures>;

/** The funnel of buyers of one RFM class (as of the nightly run before their first touch); null: not scored (new, visitors). */
export const GroupBuySegmentFigures = GroupBuyFunnel.extend({
  rfmClass: z.enum(RFM_CLASSES).nullable(),
});
export type GroupBuySegmentFigures = z.infer<typeof GroupBuySegmentFigures>;

export const GroupRefundReason = GroupRefund.shape.reason;

export const GroupBuyCampaignStats = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    status: z.enum(GROUP_BUY_STATUSES),
    asOf: z.iso.datetime(),
    groups: z.object({
      opened: z.number().int().nonnegative(),
      forming: z.number().int().nonnegative(),
      succeeded: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    }),
    funnel: GroupBuyFunnel,
    refunds: z.object({
      count: z.number().int().nonnegative().describe('Refunds WeChat Pay confirmed'),
      fen: z.number().int().nonnegative(),
      byReason: z.array(
        z.object({ reason: GroupRefundReason, count: z.number().int().nonnegative(), fen: z.number().int().nonnegative() }),
      ),
    }),
    fission: z.object({
      shares: z.number().int().nonnegative().describe('Group cards shared (each share once)'),
      leaderShares: z.number().int().nonnegative().describe('Of them, shared by the group’s leader'),
      sharesPerLeader: z.number().nonnegative().nullable().describe('leaderShares ÷ groups opened; null before any group'),
      shareVisitors: z.number().int().nonnegative().describe('People whose first view of the campaign came through a shared card'),
      newMembers: z.number().int().nonnegative().describe('Of them, people not yet members then who joined Linli afterwards'),
      newMembersPerShare: z.number().nonnegative().nullable().describe('newMembers ÷ shares; null before any share'),
    }),
    byArrival: z.array(GroupBuyArrivalFigures).describe('Invitations by rule and arm first, then shares, then on their own'),
    bySegment: z.array(GroupBuySegmentFigures).describe('RFM classes in their fixed order, then not scored; classes with no one left out'),
  })
  .meta({ id: 'GroupBuyCampaignStats' });
export type GroupBuyCampaignStats = z.infer<typeof GroupBuyCampaignStats>;
