import { createHash } from 'node:crypto';
import type { OrderWebhookBody } from '@linli/shared/orders';
import type { MemberRecord } from '../members/member-record.ts';
import { checkedRunningTotal } from '../platform/running-total.ts';

export interface OrderRecord extends Omit<OrderWebhookBody, 'openid'> {
  /** The buyer; null only on an imported order known by its phone, until a member verifies that phone. */
  openid: string | null;
  /** 'import': from the seller's order history (orders/import-orders.ts); absent: the shop's webhook. */
  source?: 'import';
  /** false: an imported order the seller chose not to give points for (it still counts as an order). */
  earnsPoints?: boolean;
  /** The phone an imported order named, as its lookup hash (members/phone-crypto.ts), never the number. */
  buyerPhoneHash?: string;
  receivedAt: string;
  /** sha256 of the order as received: a replay with the same id but other content is refused. */
  contentHash: string;
  credited: boolean;
  memberId: string | null;
  /** Points the order earned (set when credited; the tier multiplier applies then). */
  points: number;
  creditedAt: string | null;
  /** The lot the order's points went into, once credited. */
  lotId: string | null;
  refundedFen: number;
  /**
   * Money already refunded when the order was credited (an order refunded while it waited, or imported
   * with its refund): its points were earned on the rest, so later refunds take back in proportion to that.
   */
  refundedAtCreditFen?: number;
  pointsTakenBack: number;
}

export function newOrderRecord(order: OrderWebhookBody, input: { receivedAt: Date }): OrderRecord {
  return {
    ...order,
    receivedAt: input.receivedAt.toISOString(),
    contentHash: orderContentHash(order),
    credited: false,
    memberId: null,
    points: 0,
    creditedAt: null,
    lotId: null,
    refundedFen: 0,
    pointsTakenBack: 0,
  };
}

export function orderContentHash(order: OrderWebhookBody): string {
  const canonical = {
    orderId: order.orderId,
    openid: order.openid,
    paidFen: order.paidFen,
    paidAt: new Date(order.paidAt).toISOString(),
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      category: item.category,
      qty: item.qty,
      unitPriceFen: item.unitPriceFen,
    })),
    // Added later: only orders that name a region hash it, so orders received before keep their hash.
    ...(order.region === undefined ? {} : { region: order.region }),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The member's order aggregates after an order is counted: order count and net spend added,
 * first and last order times widened (orders may arrive out of order). Points are the ledger's.
 */
export function applyOrderToStats(member: MemberRecord, order: { paidFen: number; paidAt: string; refundedFen?: number }): MemberRecord {
  const paidAt = new Date(order.paidAt).toISOString();
  return {
    ...member,
    orderCount: member.orderCount + 1,
    totalSpentFen: checkedRunningTotal(member.totalSpentFen + order.paidFen - (order.refundedFen ?? 0), 'The lifetime spend'),
    firstOrderAt: member.firstOrderAt && member.firstOrderAt < paidAt ? member.firstOrderAt : paidAt,
    lastOrderAt: member.lastOrderAt && member.lastOrderAt > paidAt ? member.lastOrderAt : paidAt,
  };
}
