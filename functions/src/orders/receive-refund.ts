import type { RefundWebhookBody, RefundWebhookResult } from '@linli/shared/orders';
import type { Deps } from '../deps.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMember } from '../members/repository.ts';
import { getOrder, orderRefundUpdate, refundRecorded, refundRecordPut, saveRefundOfUncreditedOrder } from './repository.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planPointsChange } from '../points/points-change.ts';
import { refundTakeBack } from '../points/rules.ts';
import { figureUpdates } from '../figures/repository.ts';
import { shanghaiDay } from '@linli/shared/time';
import { currentOrderAggregates, orderAggregatesPut } from './aggregates-repository.ts';
import { withRefundAggregated } from './order-aggregates.ts';

type RefundDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Applies a full or partial refund once per refund id: takes back the points of the refunded
 * money (the order's own lot first, then oldest first, pending points included); what was
 * already spent becomes a debt repaid from future credits, so no balance ever goes negative.
 */
export async function receiveRefund(deps: RefundDeps, body: RefundWebhookBody): Promise<RefundWebhookResult> {
  return withOptimisticRetry(async () => {
    const order = await getOrder(deps.db, body.orderId);
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `No order ${body.orderId}; send the order first`);
    const refundedAfter = order.refundedFen + body.refundFen;
    const now = deps.clock();
    const duplicate = { refundId: body.refundId, orderId: body.orderId, status: 'duplicate' as const, pointsTakenBack: 0, shortfall: 0 };
    const refundPut = refundRecordPut(deps.db, body, now.toISOString());
    if (!order.credited || !order.memberId) {
      // Not credited yet: the order will earn on what is left when its buyer joins (or its buyer deleted their account).
      if (refundedAfter > order.paidFen)
        return (await refundRecorded(deps.db, body.orderId, body.refundId)) ? duplicate : refusal(order.paidFen - order.refundedFen);
      const outcome = await saveRefundOfUncreditedOrder(deps.db, {
        refund: refundPut,
        order: orderRefundUpdate(deps.db, {
          orderId: order.orderId,
          expectedRefundedFen: order.refundedFen,
          refundedFen: refundedAfter,
          pointsTakenBack: order.pointsTakenBack,
          // An erased member's order stays credited with no member (privacy/account-deletion.ts): its refund is recorded, no points move.
          credited: order.credited,
        }),
      });
      if (outcome === 'conflict') return RETRY;
      if (outcome === 'duplicate') return duplicate;
      return { refundId: body.refundId, orderId: body.orderId, status: 'pending_member' as const, pointsTakenBack: 0, shortfall: 0 };
    }
    const [member, lots] = await Promise.all([getMember(deps.db, order.memberId), listOpenLots(deps.db, order.memberId)]);
    if (!member) throw new Error(`Order ${order.orderId} credited to missing member ${order.memberId}`);
    const aggregates = await currentOrderAggregates(deps.db, member);
    if (refundedAfter > order.paidFen)
      return (await refundRecorded(deps.db, body.orderId, body.refundId)) ? duplicate : refusal(order.paidFen - order.refundedFen);
    // The order's points were earned on what was left when it was credited.
    const leftOutAtCredit = order.refundedAtCreditFen ?? 0;
    const takeBack = refundTakeBack({
      orderPoints: order.points,
      paidFen: order.paidFen - leftOutAtCredit,
      refundedBeforeFen: order.refundedFen - leftOutAtCredit,
      refundFen: body.refundFen,
    });
    const planned = planPointsChange({
      member: { ...member, totalSpentFen: Math.max(0, member.totalSpentFen - body.refundFen) },
      lots,
      movement: {
        kind: 'debit',
        amount: takeBack,
        scope: 'available-or-pending',
        onShortfall: 'owe',
        preferLotIds: order.lotId ? [order.lotId] : [],
      },
      type: 'refund',
      refId: order.orderId,
      idempotencyKey: `refund:${body.orderId}:${body.refundId}`,
      note: `退款 ${body.refundId}`,
      now,
      ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
      // The refunded money leaves the growth kept for the order's paid day.
      growth: { paidAt: order.paidAt, fen: -body.refundFen },
    });
    if ('refused' in planned) throw new Error('unreachable: refunds owe instead of refusing');
    const committed = await commitPointsChange(deps.db, {
      planned,
      expectedVersion: member.version,
      extraItems: [
        refundPut,
        orderRefundUpdate(deps.db, {
          orderId: order.orderId,
          expectedRefundedFen: order.refundedFen,
          refundedFen: refundedAfter,
          pointsTakenBack: order.pointsTakenBack + takeBack,
          credited: true,
        }),
        // Money a member took back lowers the shop overview's sales of the day of the refund.
        ...figureUpdates(deps.db, { ownerId: member.memberId, day: shanghaiDay(now).date, deltas: { day: { refundFen: body.refundFen } } }),
        orderAggregatesPut(deps.db, withRefundAggregated(aggregates, order, body.refundFen)),
      ],
    });
    if (committed === 'conflict') return RETRY;
    if (committed !== 'committed') return committed.failedExtra === 0 ? duplicate : RETRY;
    return {
      refundId: body.refundId,
      orderId: body.orderId,
      status: 'applied' as const,
      pointsTakenBack: takeBack - planned.shortfall,
      shortfall: planned.shortfall,
    };
  });
}

function refusal(refundableFen: number): never {
  throw new DomainError('REFUND_EXCEEDS_ORDER', `Only ${refundableFen} fen of this order is left to refund`);
}
