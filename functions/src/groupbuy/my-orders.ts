import { GROUP_ORDER_PAGE_SIZE, type GroupJoinResult, type MyGroupOrder } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { requireMember } from '../members/require-member.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getGroup, getGroups } from './groups-repository.ts';
import { coverUrls, myGroupOrderView } from './order-views.ts';
import { getGroupOrder, getGroupOrders, memberOrderNoPage } from './orders-repository.ts';
import type { GroupOrderRecord, GroupRecord } from './records.ts';

type ViewDeps = Pick<Deps, 'db' | 'photos'>;

/** The member's own order and its group; GROUP_ORDER_NOT_FOUND for anyone else's (as for one that does not exist). */
export async function requireOwnOrder(
  deps: Pick<Deps, 'db'>,
  memberId: string,
  orderNo: string,
): Promise<{ order: GroupOrderRecord; group: GroupRecord }> {
  const order = await getGroupOrder(deps.db, orderNo);
  if (!order || order.memberId !== memberId) throw new DomainError('GROUP_ORDER_NOT_FOUND', 'No such order of yours');
  const group = await getGroup(deps.db, order.groupId);
  if (!group) throw new Error(`Order ${orderNo} names missing group ${order.groupId}`);
  return { order, group };
}

export async function ownOrderView(deps: ViewDeps, order: GroupOrderRecord, group: GroupRecord): Promise<MyGroupOrder> {
  const covers = await coverUrls(deps, [order]);
  return myGroupOrderView(order, group, order.coverKey ? (covers.get(order.coverKey) ?? null) : null);
}

/** One of the member's orders (我的拼团 → an order). */
export async function myGroupOrder(deps: ViewDeps, memberId: string, orderNo: string): Promise<MyGroupOrder> {
  const { order, group } = await requireOwnOrder(deps, memberId, orderNo);
  return ownOrderView(deps, order, group);
}

/** What an open or join answers: the order, and no payment yet (the pay route asks WeChat Pay). */
export async function groupOrderResult(deps: ViewDeps, memberId: string, orderNo: string): Promise<GroupJoinResult> {
  return { order: await myGroupOrder(deps, memberId, orderNo), payment: null };
}

/** 我的拼团: the member's orders newest first, GROUP_ORDER_PAGE_SIZE a page, each with its group's standing. */
export async function myGroupOrders(
  deps: ViewDeps,
  memberId: string,
  query: { cursor?: string },
): Promise<{ items: MyGroupOrder[]; nextCursor: string | null }> {
  const member = await requireMember(deps, memberId);
  if (member.status !== 'member') throw new DomainError('NOT_JOINED', 'Join the membership first');
  const page = await memberOrderNoPage(deps.db, memberId, { limit: GROUP_ORDER_PAGE_SIZE, cursor: query.cursor });
  if (page === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Bad cursor', [{ path: 'cursor', message: 'Use nextCursor from the page before' }]);
  const orders = await getGroupOrders(deps.db, page.orderNos);
  const groups = await getGroups(
    deps.db,
    [...orders.values()].map((order) => order.groupId),
  );
  const covers = await coverUrls(deps, [...orders.values()]);
  const items = page.orderNos.flatMap((orderNo) => {
    const order = orders.get(orderNo);
    const group = order && groups.get(order.groupId);
    if (!order || !group) return [];
    return [myGroupOrderView(order, group, order.coverKey ? (covers.get(order.coverKey) ?? null) : null)];
  });
  return { items, nextCursor: page.nextCursor };
}
