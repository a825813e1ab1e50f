import type { OrderWebhookBody, OrderWebhookResult } from '@linli/shared/orders';
import { pointsForPaidFen } from '@linli/shared/points';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { AppError } from '../http/errors.ts';
import { getMember, findMemberIdByOpenid } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { newId } from '../platform/ids.ts';
import { ledgerEntry } from '../points/ledger.ts';
import { applyOrderToMember, newOrderRecord, orderContentHash, type OrderRecord } from './order-record.ts';
import { creditPendingOrder, getOrder, listPendingOrderIds, storeCreditedOrder, storePendingOrder } from './repository.ts';

type OrderDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Takes in one paid order from the shop. Credits its points exactly once however often and
 * however concurrently it is delivered; keeps it for later when the buyer has not joined yet.
 */
export async function receiveOrder(deps: OrderDeps, body: OrderWebhookBody): Promise<OrderWebhookResult> {
  const points = pointsForPaidFen(body.paidFen, deps.config.points.perYuan);
  const outcome = await withOptimisticRetry(async () => {
    const now = deps.clock();
    const order = newOrderRecord(body, { receivedAt: now, points });
    const link = await findMemberIdByOpenid(deps.db, body.openid);
    if (!link || !link.joined) {
      const stored = await storePendingOrder(deps.db, order);
      if (stored === 'buyer-joined' || stored === 'conflict') return RETRY;
      return stored === 'stored' ? ('pending_member' as const) : ('duplicate' as const);
    }
    const member = await getMember(deps.db, link.memberId);
    if (!member) throw new Error(`Openid link points to missing member ${link.memberId}`);
    const credited = creditedOrder(order, member, now);
    const stored = await storeCreditedOrder(deps.db, {
      order: credited.order,
      memberNext: credited.memberNext,
      expectedVersion: member.version,
      entry: credited.entry,
    });
    if (stored === 'conflict') return RETRY;
    return stored === 'stored' ? ('credited' as const) : ('duplicate' as const);
  });
  if (outcome === 'duplicate') {
    const existing = await getOrder(deps.db, body.orderId);
    if (existing && existing.contentHash !== orderContentHash(body)) {
      throw new AppError('CONFLICT', `Order ${body.orderId} was already received with different content`);
    }
    return { orderId: body.orderId, status: 'duplicate', points: existing?.points ?? points };
  }
  return { orderId: body.orderId, status: outcome, points };
}

function creditedOrder(order: OrderRecord, member: MemberRecord, now: Date) {
  const memberNext = applyOrderToMember(member, order, order.points, now);
  const creditedAt = now.toISOString();
  const entry = ledgerEntry({
    entryId: newId('pe', now),
    memberId: member.memberId,
    type: 'order',
    delta: order.points,
    balanceAfter: memberNext.pointsBalance,
    refId: order.orderId,
    note: null,
    createdAt: creditedAt,
  });
  return { order: { ...order, credited: true, memberId: member.memberId, creditedAt }, memberNext, entry };
}

/** Credits every order that arrived before the buyer joined. Safe to run again: each order credits once. */
export async function creditOrdersWaitingForMember(deps: OrderDeps, member: { memberId: string; openid: string }): Promise<number> {
  let credited = 0;
  for (const orderId of await listPendingOrderIds(deps.db, member.openid)) {
    const result = await withOptimisticRetry(async () => {
      const [order, current] = await Promise.all([getOrder(deps.db, orderId), getMember(deps.db, member.memberId)]);
      if (!order || !current) return 'skipped' as const;
      if (order.credited) return 'skipped' as const;
      const now = deps.clock();
      const next = creditedOrder(order, current, now);
      const outcome = await creditPendingOrder(deps.db, {
        order,
        memberNext: next.memberNext,
        expectedVersion: current.version,
        entry: next.entry,
        creditedAt: next.order.creditedAt,
      });
      return outcome === 'conflict' ? RETRY : outcome;
    });
    if (result === 'credited') credited++;
  }
  return credited;
}
