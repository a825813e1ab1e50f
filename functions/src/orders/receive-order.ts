import type { OrderWebhookBody, OrderWebhookResult } from '@linli/shared/orders';
import { pointsForPaidFen } from '@linli/shared/points';
import { pointsMultiplierForSpend } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { AppError } from '../http/errors.ts';
import { getMember, findMemberIdByOpenid } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planPointsChange } from '../points/points-change.ts';
import { defaultExpiry, orderPointsAvailableAt, type PointsLot } from '../points/rules.ts';
import { applyOrderToStats, newOrderRecord, orderContentHash, type OrderRecord } from './order-record.ts';
import { getOrder, listPendingOrderIds, newOrderPut, pendingMarkerDelete, pendingOrderCredit, storePendingOrder } from './repository.ts';

type OrderDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/** Points an order earns for this member now: whole yuan of what was kept × rate × the tier's multiplier. */
function orderPoints(deps: OrderDeps, member: MemberRecord, order: OrderRecord): number {
  return pointsForPaidFen(order.paidFen - order.refundedFen, deps.config.points.perYuan, pointsMultiplierForSpend(member.totalSpentFen));
}

/**
 * The change crediting an order: stats counted, points in a new lot that stays pending through
 * the return window, debts from earlier refunds repaid first.
 */
function planOrderCredit(deps: OrderDeps, member: MemberRecord, lots: PointsLot[], order: OrderRecord, now: Date) {
  const points = orderPoints(deps, member, order);
  const withStats = applyOrderToStats(member, order);
  const planned = planPointsChange({
    member: withStats,
    lots,
    movement: {
      kind: 'credit',
      amount: points,
      availableAt: orderPointsAvailableAt(order.paidAt, deps.config.points),
      expiresAt: defaultExpiry(now),
    },
    type: 'order',
    refId: order.orderId,
    note: null,
    now,
    ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
  });
  if ('refused' in planned) throw new Error('unreachable: credits are never refused');
  // planPointsChange bumped the version of the stats-updated copy; the guard is the stored one.
  return { planned, points, creditedOrder: { ...order, credited: true, memberId: member.memberId, creditedAt: now.toISOString(), points, lotId: planned.newLot?.lotId ?? null } };
}

/**
 * Takes in one paid order from the shop. Credits its points exactly once however often and
 * however concurrently it is delivered; keeps it for later when the buyer has not joined yet.
 */
export async function receiveOrder(deps: OrderDeps, body: OrderWebhookBody): Promise<OrderWebhookResult> {
  const outcome = await withOptimisticRetry(async () => {
    const now = deps.clock();
    const order = newOrderRecord(body, { receivedAt: now });
    const link = await findMemberIdByOpenid(deps.db, body.openid);
    if (!link || !link.joined) {
      const stored = await storePendingOrder(deps.db, order);
      if (stored === 'buyer-joined' || stored === 'conflict') return RETRY;
      return stored === 'stored' ? { status: 'pending_member' as const, points: 0 } : { status: 'duplicate' as const, points: 0 };
    }
    const [member, lots] = await Promise.all([getMember(deps.db, link.memberId), listOpenLots(deps.db, link.memberId)]);
    if (!member) throw new Error(`Openid link points to missing member ${link.memberId}`);
    const credit = planOrderCredit(deps, member, lots, order, now);
    const committed = await commitPointsChange(deps.db, {
      planned: credit.planned,
      expectedVersion: member.version,
      extraItems: [newOrderPut(deps.db, credit.creditedOrder)],
    });
    if (committed === 'conflict') return RETRY;
    return committed === 'committed' ? { status: 'credited' as const, points: credit.points } : { status: 'duplicate' as const, points: 0 };
  });
  if (outcome.status === 'duplicate') {
    const existing = await getOrder(deps.db, body.orderId);
    if (existing && existing.contentHash !== orderContentHash(body)) {
      throw new AppError('CONFLICT', `Order ${body.orderId} was already received with different content`);
    }
    return { orderId: body.orderId, status: 'duplicate', points: existing?.points ?? 0 };
  }
  if (outcome.status === 'pending_member') {
    // What it would earn at the base rate; the tier multiplier at join time may add to it.
    return { orderId: body.orderId, status: 'pending_member', points: pointsForPaidFen(body.paidFen, deps.config.points.perYuan) };
  }
  return { orderId: body.orderId, status: 'credited', points: outcome.points };
}

/** Credits every order that arrived before the buyer joined. Safe to run again: each order credits once. */
export async function creditOrdersWaitingForMember(deps: OrderDeps, member: { memberId: string; openid: string }): Promise<number> {
  let credited = 0;
  for (const orderId of await listPendingOrderIds(deps.db, member.openid)) {
    const result = await withOptimisticRetry(async () => {
      const [order, current, lots] = await Promise.all([getOrder(deps.db, orderId), getMember(deps.db, member.memberId), listOpenLots(deps.db, member.memberId)]);
      if (!order || !current || order.credited) return 'skipped' as const;
      const now = deps.clock();
      const credit = planOrderCredit(deps, current, lots, order, now);
      const committed = await commitPointsChange(deps.db, {
        planned: credit.planned,
        expectedVersion: current.version,
        extraItems: [
          pendingOrderCredit(deps.db, order, { memberId: current.memberId, at: now.toISOString(), points: credit.points, lotId: credit.creditedOrder.lotId }),
          pendingMarkerDelete(deps.db, order),
        ],
      });
      if (committed === 'conflict') return RETRY;
      return committed === 'committed' ? ('credited' as const) : ('skipped' as const);
    });
    if (result === 'credited') credited++;
  }
  return credited;
}

