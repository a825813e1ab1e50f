import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { stockUpdate, type StockChange } from './campaigns-repository.ts';
import { nextLeader, outRefundNo } from './group-rules.ts';
import { formingGroupDelete, groupUpdate, holdingGiveBack, seatDelete, type GroupChange } from './groups-repository.ts';
import { orderUpdate, type OrderChange } from './orders-repository.ts';
import type { GroupOrderRecord, GroupRecord, RefundReason, StockRecord, StoredGroupRefund } from './records.ts';
import { planStockReturn } from './stock-rules.ts';

/** A new refund of an order's payment, to be asked of WeChat Pay at once (the timer job's refund work). */
export function newRefundOf(
  order: Pick<GroupOrderRecord, 'orderNo' | 'refundCount' | 'paidFen' | 'amountFen'>,
  reason: RefundReason,
  at: string,
): StoredGroupRefund {
  return {
    outRefundNo: outRefundNo(order.orderNo, order.refundCount + 1),
    fen: order.paidFen ?? order.amountFen,
    reason,
    status: 'requested',
    requestedAt: at,
    settledAt: null,
    refundId: null,
    attempts: 0,
    lastError: null,
    clawedBackAt: null,
  };
}

/**
 * The writes that take a member's place out of a forming group (a reservation released, a paid member
 * leaving, a late payment whose place is given up): the order ends as `to` (with a refund when the
 * place was paid for), the member leaves the group (the earliest remaining member leads if the leader
 * goes; a group nobody is left in fails at once, since it can never fill), the units go back to the
 * campaign (a shortfall first), the member's holding and seat are returned. Every write is held to
 * what was read: the order's status, the group's counts and status, the STOCK item's shortfall.
 */
export function placeRemovalItems(
  deps: Pick<Deps, 'db'>,
  input: {
    order: GroupOrderRecord;
    group: GroupRecord;
    stock: StockRecord;
    to: 'released' | 'left';
    refund: StoredGroupRefund | null;
    /** A payment recorded on the way out (a late one, refunded). */
    payment?: OrderChange['payment'];
    /** Leaving is only before the deadline (after it, the deadline decides). */
    beforeDeadline?: string;
    now: string;
  },
): TransactItem[] {
  const { order, group, stock, now } = input;
  const wasPaid = order.status === 'paid';
  const leader = nextLeader(group, order.orderNo);
  const empties = group.slotsTaken === 1 && group.members[order.orderNo] !== undefined;
  const groupChange: GroupChange = {
    asRead: group,
    remove: { orderNo: order.orderNo, wasPaid, leaderOrderNo: leader },
    ...(input.beforeDeadline ? { openAt: input.beforeDeadline } : {}),
    ...(empties ? { fail: { at: now }, timer: null } : {}),
  };
  const stockChange: StockChange = {
    giveBack: { ret: planStockReturn(stock, order.qty), from: wasPaid ? 'sold' : 'reserved' },
    ...(empties ? { groups: { forming: -1, failed: 1 } } : {}),
  };
  const items: TransactItem[] = [
    orderUpdate(deps.db, order.orderNo, {
      from: order.status,
      status: input.to,
      endedAt: now,
      ...(input.payment ? { payment: input.payment } : {}),
      // A release decided without asking WeChat Pay holds only while no WeChat Pay order was asked for since.
      ...(order.status === 'reserved' ? { payAttemptedAsRead: order.payAttemptedAt } : {}),
      ...(input.refund ? { newRefund: input.refund, timer: { dueAt: now, kind: 'refund' as const } } : { timer: null }),
    }),
    groupUpdate(deps.db, group.groupId, groupChange),
    stockUpdate(deps.db, group.campaignId, stockChange),
    holdingGiveBack(deps.db, { memberId: order.memberId, campaignId: order.campaignId, qty: order.qty }),
    seatDelete(deps.db, { memberId: order.memberId, groupId: group.groupId }),
  ];
  if (empties) items.push(formingGroupDelete(deps.db, group));
  return items;
}

/**
 * The writes that end a paid member's place in a failed group: the order fails with its refund
 * (reason group-failed) to be asked of WeChat Pay at once, the units go back to the campaign and the
 * member's holding is returned (they may buy in another group). The member stays on the failed group's page.
 */
export function failedPlaceItems(
  deps: Pick<Deps, 'db'>,
  input: { order: GroupOrderRecord; stock: StockRecord; now: string },
): TransactItem[] {
  const { order, stock, now } = input;
  return [
    orderUpdate(deps.db, order.orderNo, {
      from: 'paid',
      status: 'failed',
      endedAt: now,
      newRefund: newRefundOf(order, 'group-failed', now),
      timer: { dueAt: now, kind: 'refund' },
    }),
    stockUpdate(deps.db, order.campaignId, { giveBack: { ret: planStockReturn(stock, order.qty), from: 'sold' } }),
    holdingGiveBack(deps.db, { memberId: order.memberId, campaignId: order.campaignId, qty: order.qty }),
  ];
}
