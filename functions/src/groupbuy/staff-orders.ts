import { GROUP_ORDER_PAGE_SIZE, type GroupOrderStatus, type StaffGroupOrder } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { getMembers } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { requireCampaignHead } from './campaign-admin.ts';
import { getGroups } from './groups-repository.ts';
import { deliveryView } from './fulfilment-list.ts';
import { getFulfilments } from './fulfilments-repository.ts';
import { myGroupOrderView } from './order-views.ts';
import { campaignOrderNoPage, getGroupOrder, getGroupOrders } from './orders-repository.ts';
import type { FulfilmentRecord, GroupOrderRecord, GroupRecord } from './records.ts';
import { getGroup } from './groups-repository.ts';

type StaffDeps = Pick<Deps, 'db' | 'clock' | 'photos'>;

/** Order references read at most for one filtered page (then a short page whose cursor carries on). */
const MOST_SCANNED = 200;

function staffView(
  order: GroupOrderRecord,
  group: GroupRecord,
  member: { nickname: string | null; phoneMasked: string | null } | undefined,
  fulfilment: FulfilmentRecord | undefined,
): StaffGroupOrder {
  const { coverUrl: _cover, ...view } = myGroupOrderView(order, group, null);
  return {
    ...view,
    memberId: order.memberId,
    nickname: member?.nickname ?? group.members[order.orderNo]?.nickname ?? '',
    phoneMasked: member?.phoneMasked ?? null,
    transactionId: order.transactionId,
    fulfilment: fulfilment ? deliveryView(fulfilment.progress) : null,
  };
}

async function staffViews(deps: StaffDeps, orders: readonly GroupOrderRecord[]): Promise<StaffGroupOrder[]> {
  const [groups, members, fulfilments] = await Promise.all([
    getGroups(
      deps.db,
      orders.map((order) => order.groupId),
    ),
    getMembers(deps.db, [...new Set(orders.map((order) => order.memberId))]),
    // Only a succeeded order has a delivery to the shop (keyed by its success).
    getFulfilments(
      deps.db,
      orders.flatMap((order) => (order.succeededAt ? [{ succeededAt: order.succeededAt, orderNo: order.orderNo }] : [])),
    ),
  ]);
  const byId = new Map(members.map((member) => [member.memberId, member]));
  return orders.flatMap((order) => {
    const group = groups.get(order.groupId);
    return group ? [staffView(order, group, byId.get(order.memberId), fulfilments.get(order.orderNo))] : [];
  });
}

/**
 * A campaign's orders for staff, newest first, optionally of one status: GROUP_ORDER_PAGE_SIZE a page;
 * a filtered page reads at most MOST_SCANNED orders and may come back short with a cursor to carry on.
 * Phones are masked.
 */
export async function campaignOrders(
  deps: StaffDeps,
  campaignId: string,
  query: { status?: GroupOrderStatus; cursor?: string },
): Promise<{ items: StaffGroupOrder[]; nextCursor: string | null }> {
  await requireCampaignHead(deps, campaignId);
  const found: GroupOrderRecord[] = [];
  let cursor = query.cursor;
  let scanned = 0;
  let nextCursor: string | null;
  do {
    const page = await campaignOrderNoPage(deps.db, campaignId, { limit: GROUP_ORDER_PAGE_SIZE, cursor });
    if (page === 'bad-cursor')
      throw new DomainError('VALIDATION_FAILED', 'Bad cursor', [{ path: 'cursor', message: 'Use nextCursor from the page before' }]);
    scanned += page.orderNos.length;
    const orders = await getGroupOrders(deps.db, page.orderNos);
    for (const orderNo of page.orderNos) {
      const order = orders.get(orderNo);
      if (order && (!query.status || order.status === query.status)) found.push(order);
    }
    nextCursor = page.nextCursor;
    cursor = page.nextCursor ?? undefined;
  } while (query.status && found.length < GROUP_ORDER_PAGE_SIZE && nextCursor && scanned < MOST_SCANNED);
  return { items: await staffViews(deps, found), nextCursor };
}

/** One group-buy order as staff see it. */
export async function staffGroupOrder(deps: StaffDeps, orderNo: string): Promise<StaffGroupOrder> {
  const order = await getGroupOrder(deps.db, orderNo);
  if (!order) throw new DomainError('GROUP_ORDER_NOT_FOUND', 'No such group-buy order');
  const group = await getGroup(deps.db, order.groupId);
  if (!group) throw new Error(`Order ${orderNo} names missing group ${order.groupId}`);
  return (await staffViews(deps, [order]))[0]!;
}
