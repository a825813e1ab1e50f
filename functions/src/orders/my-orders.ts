import { myOrderStatus, type MyOrderList, type MyOrderSummary } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { DomainError } from '../platform/domain-error.ts';
import { orderPointsAvailableAt } from '../points/rules.ts';
import type { OrderRecord } from './order-record.ts';
import { listBuyerOrdersPage } from './repository.ts';

/**
 * 我的订单: one page of the member's own orders (by their openid, so orders kept before they joined
 * are there too), newest first, each with its items, money, refunds and the points it earned and
 * lost to refunds. Everything comes from the order items themselves: one query a page, no ledger read.
 */
export async function listMyOrders(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  member: MemberRecord,
  page: { limit: number; cursor?: string },
): Promise<MyOrderList> {
  const found = await listBuyerOrdersPage(deps.db, member.openid, page);
  if (found === 'bad-cursor')
    throw new DomainError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'cursor', message: 'Not a cursor this API issued' }]);
  const now = deps.clock();
  return { items: found.orders.map((order) => myOrderSummary(order, now, deps.config.points)), nextCursor: found.nextCursor };
}

export function myOrderSummary(order: OrderRecord, now: Date, rules: Parameters<typeof orderPointsAvailableAt>[1]): MyOrderSummary {
  // Order points stay pending through the return window counted from payment (as the lot was made).
  const availableAt = orderPointsAvailableAt(order.paidAt, rules);
  const pending = order.credited && Date.parse(availableAt) > now.getTime();
  return {
    orderId: order.orderId,
    paidAt: order.paidAt,
    paidFen: order.paidFen,
    refundedFen: order.refundedFen,
    status: myOrderStatus(order),
    items: order.items.map(({ sku, name, qty, unitPriceFen }) => ({ sku, name, qty, unitPriceFen })),
    points: {
      earned: order.credited ? order.points : 0,
      takenBack: order.pointsTakenBack,
      state: !order.credited ? 'awaiting_join' : pending ? 'pending' : 'available',
      availableAt: pending ? availableAt : null,
    },
  };
}
