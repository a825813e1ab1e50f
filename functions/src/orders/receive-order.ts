import type { OrderWebhookBody, OrderWebhookResult } from '@linli/shared/orders';
import type { TierConfig, TierDefinition } from '@linli/shared/tiers';
import { shanghaiDay } from '@linli/shared/time';
import { pointsForPaidFen } from '@linli/shared/points';
import type { Deps } from '../deps.ts';
import type { TransactItem } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { getMember, findMemberIdByOpenid } from '../members/repository.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { newId } from '../platform/ids.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { commitPointsChange, planCredit } from '../points/points-change.ts';
import { pointsExpiry, orderPointsAvailableAt, type PointsLot } from '../points/rules.ts';
import { applyOrderToStats, newOrderRecord, orderContentHash, type OrderRecord } from './order-record.ts';
import { rememberProductNames } from './products-repository.ts';
import { currentOrderAggregates, orderAggregatesPut } from './aggregates-repository.ts';
import { withOrderAggregated, type OrderAggregates } from './order-aggregates.ts';
import {
  getOrder,
  listOrderIdsWaitingForPhone,
  listPendingOrderIds,
  newOrderPut,
  pendingMarkerDelete,
  pendingOrderCredit,
  storePendingOrder,
} from './repository.ts';
import { figureUpdates } from '../figures/repository.ts';
import { tierChangePut } from '../tiers/changes-repository.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { listGrowthOrders } from '../tiers/growth-repository.ts';
import { growthFromKept, keptGrowthOfOrders, nextReviewDay, withOrder, type KeptGrowth } from '../tiers/kept-growth.ts';
import type { AnnounceNotice } from '../care/service-notice.ts';
import { announceTierChange } from '../tiers/notify.ts';
import { planTierOnOrder } from '../tiers/standing.ts';

type OrderDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>;

/** What deciding the member's tier on an order needs: the ladder and the growth kept before this order. */
interface TierInputs {
  config: TierConfig;
  tiers: TierDefinition[];
  growthKept: KeptGrowth;
}

/**
 * The ladder (read consistently: it decides) and the member's kept growth; for a member stored before
 * growth was kept, the orders already in the window (byBuyer), once: the credit keeps them from then on.
 */
async function readTierInputs(deps: OrderDeps, member: MemberRecord, orderId: string, now: Date): Promise<TierInputs> {
  const [config, growthKept] = await Promise.all([
    getTierConfig(deps.db),
    member.growthFenByDay ??
      listGrowthOrders(deps.db, member, now).then((orders) =>
        keptGrowthOfOrders(
          orders.filter((candidate) => candidate.orderId !== orderId),
          now,
        ),
      ),
  ]);
  return { config, tiers: config.tiers, growthKept };
}

/**
 * The change crediting an order: stats counted, points in a new lot that stays pending through
 * the return window, debts from earlier refunds repaid first; and, when growth with this order
 * reaches a higher tier, the member moved up in the same transaction. Points are whole yuan of
 * what was kept × rate × the multiplier of the tier held before this order (planTierOnOrder).
 */
function planOrderCredit(
  deps: OrderDeps,
  member: MemberRecord,
  lots: PointsLot[],
  order: OrderRecord,
  now: Date,
  tierInputs: TierInputs,
  aggregates: OrderAggregates,
) {
  const growthKept = withOrder(tierInputs.growthKept, order, now);
  const tier = planTierOnOrder({
    tiers: tierInputs.tiers,
    member,
    growthBefore: growthFromKept(tierInputs.growthKept, { now, bonus: member.growthBonus }),
    growthAfter: growthFromKept(growthKept, { now, bonus: member.growthBonus }),
    orderId: order.orderId,
    now,
    changeId: newId('tc', now),
  });
  // Imported history the seller chose not to reward earns nothing (and so writes no ledger entry).
  const points =
    order.earnsPoints === false ? 0 : pointsForPaidFen(order.paidFen - order.refundedFen, deps.config.points.perYuan, tier.multiplier);
  const tiered = { ...applyOrderToStats(member, order), ...tier.patch, growthFenByDay: growthKept };
  // The day the review must next look at them: when growth leaving the window or the grace would move them.
  const withStats = { ...tiered, reviewOn: nextReviewDay(tierInputs.config, tiered, shanghaiDay(now).date) };
  const planned = planCredit({
    member: withStats,
    lots,
    credit: {
      amount: points,
      availableAt: orderPointsAvailableAt(order.paidAt, deps.config.points),
      expiresAt: pointsExpiry(now, deps.config.points),
    },
    type: 'order',
    refId: order.orderId,
    idempotencyKey: `order:${order.orderId}`,
    note: null,
    now,
    ids: { entryId: newId('pe', now), lotId: newId('lot', now) },
  });
  // planning bumped the version of the stats-updated copy; the guard is the stored one.
  return {
    planned,
    points,
    tierChange: tier.change,
    tierChangeItems: tier.change ? [tierChangePut(deps.db, tier.change)] : [],
    // Customer insight's view of the member's orders moves with the credit.
    aggregatesItem: orderAggregatesPut(deps.db, withOrderAggregated(aggregates, order)),
    // The shop overview counts an order from a member, and what it kept, on the day it is credited;
    // imported history on the day it was paid (a year of it would otherwise land on the import's day).
    figureItems: figureUpdates(deps.db, {
      ownerId: member.memberId,
      day: shanghaiDay(order.source === 'import' ? new Date(order.paidAt) : now).date,
      deltas: { day: { orders: 1, salesFen: order.paidFen - order.refundedFen } },
    }),
    creditedOrder: {
      ...order,
      credited: true,
      memberId: member.memberId,
      creditedAt: now.toISOString(),
      points,
      lotId: planned.newLot?.lotId ?? null,
      ...(order.refundedFen > 0 ? { refundedAtCreditFen: order.refundedFen } : {}),
    },
  };
}

/**
 * What an order from the seller's history carries beyond the webhook's body (orders/import-orders.ts):
 * its stored fields (source, earnsPoints, refundedFen, the phone it named, a content hash of the
 * imported row) and writes that belong to it (the record of its refund).
 */
export interface ImportedOrder {
  fields: Pick<OrderRecord, 'source' | 'earnsPoints' | 'refundedFen' | 'contentHash'> & Partial<Pick<OrderRecord, 'buyerPhoneHash'>>;
  alongside: (receivedAt: string) => TransactItem[];
}

/**
 * An order just credited to a member, beside their history before it: what the risk watch (above
 * orders: it hands `WatchCreditedOrder` in) compares the order with. Never blocks the order.
 */
export interface CreditedOrderFacts {
  memberId: string;
  order: Pick<OrderRecord, 'orderId' | 'paidFen' | 'paidAt' | 'source'>;
  /** The member's order history folded by day, before this order. */
  historyBefore: OrderAggregates;
}
export type WatchCreditedOrder = (facts: CreditedOrderFacts) => Promise<void>;

/**
 * Takes in one paid order from the shop (or imported, `imported`). Credits its points exactly once
 * however often and however concurrently it is delivered; keeps it for later when the buyer has not
 * joined yet. An upgrade it brings is handed to `announce` (care automation plans the notice) once
 * the credit is committed; imported orders never announce one: history sends no messages. A credited
 * order is then shown to `watch` (the risk watch), which may flag it for review but never refuses it.
 */
export async function receiveOrder(
  deps: OrderDeps,
  body: OrderWebhookBody,
  imported?: ImportedOrder,
  announce?: AnnounceNotice,
  watch?: WatchCreditedOrder,
): Promise<OrderWebhookResult> {
  const outcome = await withOptimisticRetry(async () => {
    const now = deps.clock();
    const order: OrderRecord = { ...newOrderRecord(body, { receivedAt: now }), ...imported?.fields };
    const alongside = imported?.alongside(order.receivedAt) ?? [];
    const link = await findMemberIdByOpenid(deps.db, body.openid);
    if (!link || !link.joined) {
      const stored = await storePendingOrder(deps.db, order, alongside);
      if (stored === 'buyer-joined' || stored === 'conflict') return RETRY;
      return stored === 'stored' ? { status: 'pending_member' as const, points: 0 } : { status: 'duplicate' as const, points: 0 };
    }
    const [member, lots] = await Promise.all([getMember(deps.db, link.memberId), listOpenLots(deps.db, link.memberId)]);
    if (!member) throw new Error(`Openid link points to missing member ${link.memberId}`);
    const [tierInputs, aggregates] = await Promise.all([
      readTierInputs(deps, member, order.orderId, now),
      currentOrderAggregates(deps.db, member),
    ]);
    const credit = planOrderCredit(deps, member, lots, order, now, tierInputs, aggregates);
    const committed = await commitPointsChange(deps.db, {
      planned: credit.planned,
      expectedVersion: member.version,
      extraItems: [
        newOrderPut(deps.db, credit.creditedOrder),
        ...credit.tierChangeItems,
        ...credit.figureItems,
        credit.aggregatesItem,
        ...alongside,
      ],
    });
    if (committed === 'conflict') return RETRY;
    return committed === 'committed'
      ? {
          status: 'credited' as const,
          points: credit.points,
          member,
          tierChange: credit.tierChange,
          tiers: tierInputs.tiers,
          historyBefore: aggregates,
          order,
        }
      : { status: 'duplicate' as const, points: 0 };
  });
  if (outcome.status === 'duplicate') {
    const existing = await getOrder(deps.db, body.orderId);
    if (existing && existing.contentHash !== (imported?.fields.contentHash ?? orderContentHash(body))) {
      throw new DomainError('CONFLICT', `Order ${body.orderId} was already received with different content`);
    }
    // A retry of an order whose names were not kept (the first attempt failed after committing) keeps them now.
    await rememberProductNames(deps.db, body.items, body.paidAt);
    return { orderId: body.orderId, status: 'duplicate', points: existing?.points ?? 0 };
  }
  await rememberProductNames(deps.db, body.items, body.paidAt);
  if (outcome.status === 'pending_member') {
    // What it would earn at the base rate; the tier multiplier at join time may add to it.
    return { orderId: body.orderId, status: 'pending_member', points: pointsForPaidFen(body.paidFen, deps.config.points.perYuan) };
  }
  if (outcome.tierChange && announce && !imported) await announceTierChange(deps, announce, outcome.tierChange, outcome.tiers);
  await watch?.({ memberId: outcome.member.memberId, order: outcome.order, historyBefore: outcome.historyBefore });
  return { orderId: body.orderId, status: 'credited', points: outcome.points };
}

/**
 * Credits every order that arrived before the buyer joined or, given `phoneHash`, every imported
 * order waiting for a member to verify that phone. Safe to run again: each order credits once. An
 * upgrade one of them brings (never an imported one's) is handed to `announce`.
 */
export async function creditOrdersWaitingForMember(
  deps: OrderDeps,
  member: { memberId: string; openid: string },
  waitingFor: { phoneHash?: string } = {},
  announce?: AnnounceNotice,
): Promise<number> {
  let credited = 0;
  const waiting = waitingFor.phoneHash
    ? await listOrderIdsWaitingForPhone(deps.db, waitingFor.phoneHash)
    : await listPendingOrderIds(deps.db, member.openid);
  for (const orderId of waiting) {
    const result = await withOptimisticRetry(async () => {
      const now = deps.clock();
      const [order, current, lots] = await Promise.all([
        getOrder(deps.db, orderId),
        getMember(deps.db, member.memberId),
        listOpenLots(deps.db, member.memberId),
      ]);
      if (!order || !current || order.credited) return { status: 'skipped' as const };
      const [tierInputs, aggregates] = await Promise.all([
        readTierInputs(deps, current, orderId, now),
        currentOrderAggregates(deps.db, current),
      ]);
      const credit = planOrderCredit(deps, current, lots, order, now, tierInputs, aggregates);
      const committed = await commitPointsChange(deps.db, {
        planned: credit.planned,
        expectedVersion: current.version,
        extraItems: [
          pendingOrderCredit(deps.db, order, {
            memberId: current.memberId,
            openid: current.openid,
            at: now.toISOString(),
            points: credit.points,
            lotId: credit.creditedOrder.lotId,
          }),
          pendingMarkerDelete(deps.db, order),
          ...credit.tierChangeItems,
          ...credit.figureItems,
          credit.aggregatesItem,
        ],
      });
      if (committed === 'conflict') return RETRY;
      return committed === 'committed'
        ? { status: 'credited' as const, tierChange: order.source === 'import' ? null : credit.tierChange, tiers: tierInputs.tiers }
        : { status: 'skipped' as const };
    });
    if (result.status === 'credited') {
      credited++;
      if (result.tierChange && announce) await announceTierChange(deps, announce, result.tierChange, result.tiers);
    }
  }
  return credited;
}
