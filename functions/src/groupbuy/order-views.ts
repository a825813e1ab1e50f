import type { MyGroupOrder } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import type { GroupOrderRecord, GroupRecord, StoredGroupRefund } from './records.ts';

/** A refund as buyers and staff see it (WeChat Pay's numbers and the retries stay inside). */
export function refundView(refund: StoredGroupRefund | null): MyGroupOrder['refund'] {
  if (!refund) return null;
  return { fen: refund.fen, reason: refund.reason, status: refund.status, requestedAt: refund.requestedAt, settledAt: refund.settledAt };
}

/** One order as its buyer sees it, with its group's standing. */
export function myGroupOrderView(order: GroupOrderRecord, group: GroupRecord, coverUrl: string | null): MyGroupOrder {
  return {
    orderNo: order.orderNo,
    campaignId: order.campaignId,
    groupId: order.groupId,
    campaignName: order.campaignName,
    productName: order.productName,
    coverUrl,
    qty: order.qty,
    amountFen: order.amountFen,
    status: order.status,
    leader: group.leaderOrderNo === order.orderNo,
    groupStatus: group.status,
    groupDeadline: group.deadline,
    reservedUntil: order.status === 'reserved' ? order.reservedUntil : null,
    paidAt: order.paidAt,
    refund: refundView(order.refund),
    createdAt: order.createdAt,
  };
}

/** Display links for orders' covers (one per distinct picture). */
export async function coverUrls(
  deps: Pick<Deps, 'photos'>,
  orders: readonly Pick<GroupOrderRecord, 'coverKey'>[],
): Promise<Map<string, string>> {
  const keys = [...new Set(orders.map((order) => order.coverKey).filter((key): key is string => key !== null))];
  const urls = await Promise.all(keys.map((key) => deps.photos.displayUrl(key)));
  return new Map(keys.map((key, i) => [key, urls[i]!]));
}
