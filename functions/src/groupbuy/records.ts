import type {
  FulfilmentWebhookBody,
  GroupBuyAudience,
  GroupBuyCampaignInput,
  GroupBuyStatus,
  GroupOrderStatus,
  GroupRefund,
  GroupStatus,
  LeaderReward,
} from '@linli/shared/groupbuy';
import type { FulfilmentProgress } from './fulfilment-schedule.ts';
import type { FunnelTouch } from './funnel-counters.ts';

/*
 * What the group-buy domain stores (keys in db/keys.ts, block "Group-buy"). Money is integer fen,
 * instants are ISO strings in UTC (so they compare as strings in conditions and sort keys).
 */

/** A campaign's head (GROUPBUYS / CAMPAIGN#id): the draft, or the current published terms. */
export interface CampaignHeadRecord {
  campaignId: string;
  status: GroupBuyStatus;
  /** 0 while a draft; each published edit adds one (VERSION items keep every published one). */
  version: number;
  /** Every staff change adds one; a change sent with an older revision is refused (CONFLICT). */
  revision: number;
  definition: GroupBuyCampaignInput;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  endedAt: string | null;
}

/**
 * The terms a group keeps for its whole life: its campaign's published version when it opened
 * (price, size, minimum, hours, reservation, limit, who may join, leader reward), copied onto the
 * group so a later edit of the campaign never changes a running group.
 */
export interface GroupTerms {
  campaignId: string;
  version: number;
  campaignName: string;
  sku: string;
  productName: string;
  category: string;
  description: string;
  coverKey: string | null;
  originalPriceFen: number;
  groupPriceFen: number;
  groupSize: number;
  /** Resolved: the definition's null (= the group size) is stored as the size. */
  minGroupSize: number;
  groupHours: number;
  reservationMinutes: number;
  perBuyerLimit: number;
  whoMayJoin: GroupBuyAudience;
  leaderReward: LeaderReward;
}

export function termsOf(campaignId: string, version: number, definition: GroupBuyCampaignInput): GroupTerms {
  return {
    campaignId,
    version,
    campaignName: definition.name,
    sku: definition.product.sku,
    productName: definition.product.name,
    category: definition.product.category,
    description: definition.product.description,
    coverKey: definition.product.pictureKeys[0] ?? null,
    originalPriceFen: definition.product.originalPriceFen,
    groupPriceFen: definition.product.groupPriceFen,
    groupSize: definition.groupSize,
    minGroupSize: definition.minGroupSize ?? definition.groupSize,
    groupHours: definition.groupHours,
    reservationMinutes: definition.reservationMinutes,
    perBuyerLimit: definition.perBuyerLimit,
    whoMayJoin: definition.whoMayJoin,
    leaderReward: definition.leaderReward,
  };
}

/**
 * A campaign's units and group counts (CAMPAIGN#id / STOCK), the item every open, join, payment and
 * release conditions on. `total` is the staff's stock; `left - shortfall = total - reserved - sold`
 * always: `shortfall` is what an edit took below what was already reserved or sold (left stays at 0
 * then, and units coming back pay the shortfall first). It also carries what an open conditions on:
 * the campaign's status, published version and window.
 */
export interface StockRecord {
  campaignId: string;
  total: number;
  left: number;
  reserved: number;
  sold: number;
  shortfall: number;
  forming: number;
  succeeded: number;
  failed: number;
  /** Places taken by buyers of each RFM class (as of their first touch): what 猜你喜欢's similar-buyers signal reads. */
  joinsByRfmClass: Record<string, number>;
  status: GroupBuyStatus;
  version: number;
  startsAt: string;
  endsAt: string;
}

/** A member's place in a group, as the group keeps it (nickname and avatar as they were when joining). */
export interface GroupMemberRecord {
  orderNo: string;
  memberId: string;
  nickname: string | null;
  avatarKey: string | null;
  qty: number;
  joinedAt: string;
  paid: boolean;
  /** How the member first came to the campaign and their RFM class then: the funnel the place counts under (absent: before it was kept). */
  touch?: FunnelTouch;
}

/** A group (GROUP#id / GROUP). `members` is keyed by order number. */
export interface GroupRecord {
  groupId: string;
  campaignId: string;
  terms: GroupTerms;
  status: GroupStatus;
  /** The leader's order; the earliest remaining member's when the leader leaves; null once nobody is left. */
  leaderOrderNo: string | null;
  members: Record<string, GroupMemberRecord>;
  slotsTaken: number;
  paidCount: number;
  openedAt: string;
  deadline: string;
  succeededAt: string | null;
  failedAt: string | null;
  /** The leader's reward of a successful group, given once: what was given ('points:<entryId>', 'coupon:<code>', 'none'). */
  leaderReward: string | null;
  /** When every effect of the success was done (orders in the pipeline, reward given). */
  effectsDoneAt: string | null;
}

/** A refund of a group order as stored: GroupRefund plus what its retries need. */
export interface StoredGroupRefund extends GroupRefund {
  /** WeChat Pay's refund_id once it accepted the refund. */
  refundId: string | null;
  /** Requests made to WeChat Pay (create or query). */
  attempts: number;
  lastError: string | null;
  /** An after-sales refund taken back through the order pipeline (points clawed back): when. */
  clawedBackAt: string | null;
}

/** One buyer's place = one WeChat Pay order (GROUPORDER#orderNo / GROUPORDER), out_trade_no = orderNo. */
export interface GroupOrderRecord {
  orderNo: string;
  campaignId: string;
  groupId: string;
  memberId: string;
  openid: string;
  campaignName: string;
  productName: string;
  sku: string;
  category: string;
  coverKey: string | null;
  qty: number;
  unitPriceFen: number;
  amountFen: number;
  status: GroupOrderStatus;
  createdAt: string;
  /** Pay before this (reserved only): the reservation's end, never after the group's deadline. */
  reservedUntil: string;
  /** Set before the first WeChat Pay order is asked for: until then nothing needs closing at WeChat Pay. */
  payAttemptedAt: string | null;
  paidAt: string | null;
  transactionId: string | null;
  /** What WeChat Pay says the buyer paid (fen), once paid. */
  paidFen: number | null;
  refund: StoredGroupRefund | null;
  /** Refunds asked for so far (out_refund_no = <orderNo>R<n>). */
  refundCount: number;
  succeededAt: string | null;
  /** When the order entered Linli's order pipeline as gb-<orderNo> (after the group succeeded). */
  pipelineAt: string | null;
  /** When the place ended without success (released, left or failed). */
  endedAt: string | null;
}

export type RefundReason = GroupRefund['reason'];

/**
 * A successful order's delivery to the seller's shop (FULFILMENTS / <succeededAt>#<orderNo>): what is posted,
 * how the delivery stands, and what the fulfilment list shows. It carries its own 'fulfilment' timer (the order's
 * item may hold a refund timer at the same time, and an item holds one timer).
 */
export interface FulfilmentRecord {
  orderNo: string;
  campaignId: string;
  campaignName: string;
  groupId: string;
  memberId: string;
  productName: string;
  qty: number;
  paidFen: number;
  succeededAt: string;
  queuedAt: string;
  /** Exactly what is posted, every attempt the same (the shop recognises a retry by its orderId). */
  body: FulfilmentWebhookBody;
  progress: FulfilmentProgress;
  /** The run delivering it now (a token), so that a second run does not post it too; null between attempts. */
  claim: string | null;
  /** When the timer job takes it up next: the next attempt, or when a claim lapses; null once delivered or given up. */
  dueAt: string | null;
}
