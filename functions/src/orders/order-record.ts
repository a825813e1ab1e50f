import { createHash } from 'node:crypto';
import type { OrderWebhookBody } from '@linli/shared/orders';
import type { MemberRecord } from '../members/member-record.ts';

export interface OrderRecord extends OrderWebhookBody {
  receivedAt: string;
  /** sha256 of the order as received: a replay with the same id but other content is refused. */
  contentHash: string;
  credited: boolean;
  memberId: string | null;
  points: number;
  creditedAt: string | null;
}

export function newOrderRecord(order: OrderWebhookBody, input: { receivedAt: Date; points: number }): OrderRecord {
  return {
    ...order,
    receivedAt: input.receivedAt.toISOString(),
    contentHash: orderContentHash(order),
    credited: false,
    memberId: null,
    points: input.points,
    creditedAt: null,
  };
}

export function orderContentHash(order: OrderWebhookBody): string {
  const canonical = {
    orderId: order.orderId,
    openid: order.openid,
    paidFen: order.paidFen,
    paidAt: new Date(order.paidAt).toISOString(),
    items: order.items.map((item) => ({ sku: item.sku, name: item.name, category: item.category, qty: item.qty, unitPriceFen: item.unitPriceFen })),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The member after an order is counted: points credited, order count and spend added, first and
 * last order times widened (orders may arrive out of order).
 */
export function applyOrderToMember(member: MemberRecord, order: { paidFen: number; paidAt: string }, points: number, now: Date): MemberRecord {
  const paidAt = new Date(order.paidAt).toISOString();
  return {
    ...member,
    pointsBalance: member.pointsBalance + points,
    orderCount: member.orderCount + 1,
    totalSpentFen: member.totalSpentFen + order.paidFen,
    firstOrderAt: member.firstOrderAt && member.firstOrderAt < paidAt ? member.firstOrderAt : paidAt,
    lastOrderAt: member.lastOrderAt && member.lastOrderAt > paidAt ? member.lastOrderAt : paidAt,
    updatedAt: now.toISOString(),
    version: member.version + 1,
  };
}
