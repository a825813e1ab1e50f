import { randomUUID } from 'node:crypto';
import type { FulfilmentWebhookBody } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { afterAttempt, newFulfilment, retriedByStaff } from './fulfilment-schedule.ts';
import { changeFulfilment, getFulfilment, putNewFulfilment } from './fulfilments-repository.ts';
import { getGroupOrder } from './orders-repository.ts';
import type { FulfilmentRecord, GroupOrderRecord, GroupRecord } from './records.ts';
import { pipelineOrderId } from './refunds.ts';

/*
 * Fulfilment: each successful member's order goes to the seller's shop by a signed POST (deps.shop), tried at once,
 * then with backoff (fulfilment-schedule.ts) until the shop takes it or the schedule gives up; staff see each
 * delivery's state and may send one again. The delivery is a FULFILMENTS item with its own 'fulfilment' timer.
 */

type QueueDeps = Pick<Deps, 'db' | 'clock'>;
type DeliverDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'shop'>;

/**
 * How long a run holds a delivery while it posts it. Longer than the shop client's timeout (10 s) by far, so a
 * second run never posts the same order alongside; a run that died mid-way leaves the delivery due again then.
 */
const CLAIM_MS = 2 * 60_000;

/** What the shop is sent for an order: the same body every attempt, so the shop can recognise a repeat by orderId. */
export function fulfilmentBody(order: GroupOrderRecord): FulfilmentWebhookBody {
  return {
    event: 'groupbuy.order.succeeded',
    orderId: pipelineOrderId(order.orderNo),
    campaignId: order.campaignId,
    groupId: order.groupId,
    openid: order.openid,
    items: [{ sku: order.sku, name: order.productName, category: order.category, qty: order.qty, unitPriceFen: order.unitPriceFen }],
    paidFen: order.paidFen ?? order.amountFen,
    // A succeeded order was paid: these are there (the fallbacks only keep the type honest).
    paidAt: order.paidAt ?? order.succeededAt ?? order.createdAt,
    transactionId: order.transactionId ?? '',
  };
}

/**
 * Hands a successful group's orders to the shop: a delivery each, due at once, written only if the order has none
 * (the effects step may run again). An order refunded before its group's effects ran is not sent.
 */
export async function queueFulfilment(deps: QueueDeps, group: GroupRecord, orders: readonly GroupOrderRecord[]): Promise<void> {
  const now = deps.clock();
  await Promise.all(
    orders
      .filter((order) => order.status === 'succeeded' && order.succeededAt !== null && order.refund === null)
      .map((order) =>
        putNewFulfilment(deps.db, {
          orderNo: order.orderNo,
          campaignId: order.campaignId,
          campaignName: group.terms.campaignName,
          groupId: order.groupId,
          memberId: order.memberId,
          productName: order.productName,
          qty: order.qty,
          paidFen: order.paidFen ?? order.amountFen,
          succeededAt: order.succeededAt!,
          queuedAt: now.toISOString(),
          body: fulfilmentBody(order),
          progress: newFulfilment(now),
          claim: null,
          dueAt: now.toISOString(),
        }),
      ),
  );
}

/** The delivery of an order, found through the order (its key holds the success instant). */
async function fulfilmentOfOrder(deps: Pick<Deps, 'db'>, orderNo: string): Promise<FulfilmentRecord | null> {
  const order = await getGroupOrder(deps.db, orderNo);
  return order?.succeededAt ? getFulfilment(deps.db, order.succeededAt, orderNo) : null;
}

/**
 * The timer job's 'fulfilment' work: one attempt to post the order to the shop, recorded. The run first claims the
 * delivery (a conditional write that also moves its timer past the claim), so two runs never post it together nor
 * record one attempt twice; the attempt is then recorded only while the claim is still this run's.
 */
export async function deliverFulfilment(
  deps: DeliverDeps,
  orderNo: string,
): Promise<'delivered' | 'failing' | 'gave-up' | 'not-due' | 'taken'> {
  const record = await fulfilmentOfOrder(deps, orderNo);
  const now = deps.clock();
  const waiting = record?.progress.state === 'pending' || record?.progress.state === 'failing';
  // Delivered, given up or not due (another write moved its timer on; the index has not caught up yet).
  if (!record || !waiting || record.dueAt === null || record.dueAt > now.toISOString()) return 'not-due';
  const claim = randomUUID();
  const claimed = await changeFulfilment(deps.db, record, {
    asRead: record,
    claim,
    dueAt: new Date(now.getTime() + CLAIM_MS).toISOString(),
  });
  if (!claimed) return 'taken';
  const outcome = await deps.shop.postFulfilment(record.body);
  const next = afterAttempt(record.progress, outcome, deps.clock());
  const recorded = await changeFulfilment(deps.db, record, {
    // Staff may have asked for a retry meanwhile (state pending): this attempt answers it.
    asRead: { progress: { attempts: record.progress.attempts }, claim },
    progress: next,
    claim: null,
    dueAt: next.nextAttemptAt,
  });
  if (!recorded) {
    deps.logger.warn('A fulfilment attempt outlived its claim; the next run tries again', { orderNo, outcome: next.state });
    return 'taken';
  }
  if (next.state !== 'delivered')
    deps.logger.warn('The shop did not take a fulfilment', { orderNo, attempts: next.attempts, error: next.lastError });
  return next.state as 'delivered' | 'failing' | 'gave-up';
}

/**
 * Staff send a delivery that is failing or gave up again: due at once (the timer job posts it within a minute), its
 * attempts counted on. One the shop took already is refused; one in flight is left to the attempt under way.
 */
export async function retryFulfilment(deps: Pick<Deps, 'db' | 'clock'>, orderNo: string): Promise<FulfilmentRecord> {
  for (let tries = 0; tries < 3; tries++) {
    const record = await fulfilmentOfOrder(deps, orderNo);
    if (!record) throw new DomainError('GROUP_ORDER_NOT_FOUND', 'No delivery to the shop for this order (not a succeeded group-buy order)');
    if (record.progress.state === 'delivered') throw new DomainError('FULFILMENT_ALREADY_DELIVERED', 'The shop took this order already');
    const now = deps.clock();
    const written = await changeFulfilment(deps.db, record, {
      asRead: record,
      progress: retriedByStaff(record.progress, now),
      ...(record.claim === null ? { dueAt: now.toISOString() } : {}),
    });
    if (written) return (await fulfilmentOfOrder(deps, orderNo))!;
  }
  throw new DomainError('CONFLICT', 'The delivery changed while retrying it; try again');
}
