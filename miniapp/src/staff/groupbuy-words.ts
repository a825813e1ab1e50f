import type {
  FulfilmentState,
  GroupBuyCampaign,
  GroupBuyCampaignInput,
  GroupOrderStatus,
  GroupRefund,
  GroupRefundStatus,
  LeaderReward,
  StaffGroupOrder,
} from '@linli/shared/groupbuy';
import { formatFen } from '@/format/money';
import { couponTermsText } from '@/format/mall';
import { formatShanghaiDateTime } from '@/format/time';

/* How the 拼团活动 pages name a campaign's state, its figures and its orders to people. */

/**
 * 草稿, 未开始 (published, before its start), 进行中, or 已结束 (ended by staff, or past its end: no new
 * groups, though groups already open run to their deadline).
 */
export function campaignStatusText(campaign: Pick<GroupBuyCampaign, 'status' | 'definition'>, now: Date): string {
  if (campaign.status === 'draft') return '草稿';
  if (campaign.status === 'ended') return '已结束';
  const at = now.getTime();
  if (at < Date.parse(campaign.definition.startsAt)) return '未开始';
  if (at >= Date.parse(campaign.definition.endsAt)) return '已结束';
  return '进行中';
}

/** A state's look on the badge: running is the highlighted one. */
export function campaignStatusTone(text: string): 'on' | 'off' {
  return text === '进行中' ? 'on' : 'off';
}

/** 「2026-12-01 10:00 至 2026-12-08 10:00」 (Shanghai). */
export function campaignWindowText(definition: Pick<GroupBuyCampaignInput, 'startsAt' | 'endsAt'>): string {
  return `${formatShanghaiDateTime(definition.startsAt)} 至 ${formatShanghaiDateTime(definition.endsAt)}`;
}

/** 「拼团价 ¥29.90（原价 ¥39.90）」. */
export function campaignPriceText(definition: Pick<GroupBuyCampaignInput, 'product'>): string {
  return `拼团价 ${formatFen(definition.product.groupPriceFen)}（原价 ${formatFen(definition.product.originalPriceFen)}）`;
}

/** 「3 人团 · 24 小时内成团」, with 「至少 2 人即成团」 when the minimum is below the size. */
export function groupTermsText(definition: Pick<GroupBuyCampaignInput, 'groupSize' | 'minGroupSize' | 'groupHours'>): string {
  const minimum =
    definition.minGroupSize !== null && definition.minGroupSize < definition.groupSize ? ` · 至少 ${definition.minGroupSize} 人即成团` : '';
  return `${definition.groupSize} 人团 · ${definition.groupHours} 小时内成团${minimum}`;
}

/** 「剩余 80 · 已售 15」, with the units held by unpaid reservations when there are any. */
export function stockText(stock: GroupBuyCampaign['stock']): string {
  return `剩余 ${stock.left} · 已售 ${stock.sold}${stock.reserved > 0 ? ` · 待支付占用 ${stock.reserved}` : ''}`;
}

/** 「拼团中 3 · 已成团 5 · 未成团 1」. */
export function groupsText(groups: GroupBuyCampaign['groups']): string {
  return `拼团中 ${groups.forming} · 已成团 ${groups.succeeded} · 未成团 ${groups.failed}`;
}

/** 无, 「200 积分」 or the coupon's terms, e.g. 「满100减10 优惠券」. */
export function leaderRewardText(reward: LeaderReward): string {
  if (reward.kind === 'points') return `${reward.points} 积分`;
  if (reward.kind === 'coupon') return `${couponTermsText(reward.coupon)} 优惠券`;
  return '无';
}

/** The buyer as staff lists show them: 「昵称 138****0000」, or the nickname alone without a phone. */
export function buyerText(buyer: { nickname: string; phoneMasked: string | null }): string {
  return buyer.phoneMasked ? `${buyer.nickname} ${buyer.phoneMasked}` : buyer.nickname;
}

export const ORDER_STATUS_NAMES: Record<GroupOrderStatus, string> = {
  reserved: '待支付',
  paid: '拼团中',
  succeeded: '已成团',
  released: '已取消',
  left: '已退出',
  failed: '未成团',
};

const REFUND_STATUS_NAMES: Record<GroupRefundStatus, string> = {
  requested: '退款申请中',
  processing: '退款处理中',
  succeeded: '已退款',
  abnormal: '退款异常，需人工处理',
  closed: '退款已关闭',
};

const REFUND_REASON_NAMES: Record<GroupRefund['reason'], string> = {
  left: '买家退出',
  'group-failed': '未成团',
  'paid-after-release': '超时后付款',
  'after-sales': '售后退款',
};

/** 「售后退款 ¥29.90 · 退款处理中」, and when it settled. */
export function refundText(refund: Pick<GroupRefund, 'fen' | 'reason' | 'status' | 'settledAt'>): string {
  const settled = refund.settledAt && refund.status === 'succeeded' ? `（${formatShanghaiDateTime(refund.settledAt)}）` : '';
  return `${REFUND_REASON_NAMES[refund.reason]} ${formatFen(refund.fen)} · ${REFUND_STATUS_NAMES[refund.status]}${settled}`;
}

export const FULFILMENT_STATE_NAMES: Record<FulfilmentState, string> = {
  pending: '待推送',
  delivered: '已推送',
  failing: '推送失败重试中',
  'gave-up': '已放弃',
};

/**
 * The order's delivery to the shop for fulfilment: 「发货推送：已推送（time）」, 「…推送失败重试中（已试 3 次，
 * 下次 time）」, 「…已放弃（已试 15 次）」; null before the group succeeded. The shop's error text is not shown.
 */
export function fulfilmentText(fulfilment: StaffGroupOrder['fulfilment']): string | null {
  if (!fulfilment) return null;
  const detail =
    fulfilment.state === 'delivered' && fulfilment.deliveredAt
      ? `（${formatShanghaiDateTime(fulfilment.deliveredAt)}）`
      : fulfilment.state === 'failing'
        ? `（已试 ${fulfilment.attempts} 次${fulfilment.nextAttemptAt ? `，下次 ${formatShanghaiDateTime(fulfilment.nextAttemptAt)}` : ''}）`
        : fulfilment.state === 'gave-up'
          ? `（已试 ${fulfilment.attempts} 次）`
          : '';
  return `发货推送：${FULFILMENT_STATE_NAMES[fulfilment.state]}${detail}`;
}

/**
 * Whether staff may give an after-sales refund of the order: a succeeded order with no refund under
 * way or done (a closed one may be asked again). The server decides in the end (GROUP_BUY_REFUND_NOT_ALLOWED).
 */
export function mayRefundAfterSales(order: Pick<StaffGroupOrder, 'status' | 'refund'>): boolean {
  return order.status === 'succeeded' && (order.refund === null || order.refund.status === 'closed');
}

/** Whether staff may send a delivery to the shop again (重新推送): one failing or given up. The server decides in the end. */
export function mayRetryFulfilment(delivery: NonNullable<StaffGroupOrder['fulfilment']>): boolean {
  return delivery.state === 'failing' || delivery.state === 'gave-up';
}
