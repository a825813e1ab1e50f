import type { GroupJoinResult } from '@linli/shared/groupbuy';
import type { Deps } from '../deps.ts';
import { transactWrite, type TransactItem } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { DomainError } from '../platform/domain-error.ts';
import { WechatPayApiError, WechatPayUnreachableError, type PayTransaction } from '../wechatpay/wechat-pay-client.ts';
import { getStock, stockUpdate } from './campaigns-repository.ts';
import { decidePayment } from './group-rules.ts';
import { placeTouch, stageAdds } from './funnel-counters.ts';
import { groupSuccessItems } from './group-success.ts';
import { getGroup, groupUpdate } from './groups-repository.ts';
import { ownOrderView, requireOwnOrder } from './my-orders.ts';
import { getGroupOrder, orderUpdate } from './orders-repository.ts';
import { newRefundOf, placeRemovalItems } from './place-endings.ts';
import { statsAdd } from './stats-repository.ts';

export type PayDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'photos' | 'wechatPay'>;

/** What recording a confirmed payment did. */
export type PaymentOutcome = 'paid' | 'completed' | 'already' | 'refund-scheduled' | 'unknown-order';

/**
 * Records a payment WeChat Pay confirmed (a notification, or an order query), once however often it
 * is told: a reserved place in a forming group, paid by the deadline, becomes paid in one write (the
 * order, the member's place and the group's count, the units sold); the last payment of a full group
 * before its deadline succeeds the group in that same write. A payment for a place that was released,
 * left or failed, into a group that closed, after the deadline, or not matching the order is refunded
 * (paid-after-release): a reserved place is given up in the same write, and the refund is asked of
 * WeChat Pay by the timer job. A replay finds the payment recorded and changes nothing.
 */
export async function recordPayment(deps: PayDeps, transaction: PayTransaction): Promise<PaymentOutcome> {
  return withOptimisticRetry(async () => {
    const order = await getGroupOrder(deps.db, transaction.outTradeNo);
    if (!order) {
      deps.logger.error('WeChat Pay confirmed a payment for no group-buy order', { outTradeNo: transaction.outTradeNo });
      return 'unknown-order' as const;
    }
    const [group, stock] = await Promise.all([getGroup(deps.db, order.groupId), getStock(deps.db, order.campaignId)]);
    if (!group || !stock) throw new Error(`Order ${order.orderNo} lost its group or campaign`);
    const now = deps.clock();
    const at = now.toISOString();
    const payment = {
      paidAt: transaction.successTime ? new Date(transaction.successTime).toISOString() : at,
      transactionId: transaction.transactionId ?? `unknown-${order.orderNo}`,
      paidFen: transaction.payerTotalFen ?? transaction.amountFen,
    };
    const decision = decidePayment({
      order,
      group,
      payment: {
        transactionId: transaction.transactionId,
        amountFen: transaction.amountFen,
        payerTotalFen: transaction.payerTotalFen,
        payerOpenid: transaction.payerOpenid,
        successTime: transaction.successTime,
      },
      now,
    });
    let items: TransactItem[];
    let outcome: PaymentOutcome;
    if (decision.kind === 'already') return 'already' as const;
    if (decision.kind === 'pay' && decision.completes) {
      items = groupSuccessItems(deps, { group, now: at, paying: { order, payment } });
      outcome = 'completed';
    } else if (decision.kind === 'pay') {
      items = [
        orderUpdate(deps.db, order.orderNo, { from: 'reserved', status: 'paid', payment, timer: null }),
        groupUpdate(deps.db, group.groupId, { asRead: group, paid: { orderNo: order.orderNo } }),
        stockUpdate(deps.db, group.campaignId, { sell: order.qty }),
        statsAdd(deps.db, group.campaignId, order.orderNo, stageAdds('paid', placeTouch(group, order.orderNo)))!,
      ];
      outcome = 'paid';
    } else if (order.transactionId !== null) {
      // Another payment is on record for this out_trade_no: WeChat Pay takes one payment per order, so this is not ours to act on.
      deps.logger.error('A second WeChat Pay transaction for one group-buy order', {
        orderNo: order.orderNo,
        transactionId: transaction.transactionId,
      });
      return 'already' as const;
    } else {
      if (decision.why === 'amount' || decision.why === 'payer')
        deps.logger.error('A WeChat Pay payment does not match its group-buy order; refunding it', {
          orderNo: order.orderNo,
          why: decision.why,
          orderedFen: order.amountFen,
          amountFen: transaction.amountFen,
        });
      const refund = newRefundOf({ ...order, paidFen: payment.paidFen }, 'paid-after-release', at);
      items =
        order.status === 'reserved'
          ? placeRemovalItems(deps, { order, group, stock, to: 'released', refund, payment, now: at })
          : [orderUpdate(deps.db, order.orderNo, { from: order.status, payment, newRefund: refund, timer: { dueAt: at, kind: 'refund' } })];
      outcome = 'refund-scheduled';
    }
    const written = await transactWrite(deps.db, items);
    return written.committed ? outcome : RETRY;
  });
}

/**
 * Asks WeChat Pay for the order of a reserved place (out_trade_no = orderNo, the product's name, the
 * amount, paid by the buyer's openid, expiring with the reservation, attach = the campaign) and answers
 * the parameters wx.requestPayment takes. Asking again answers fresh parameters for the same prepay.
 * A place no longer reserved, past its reservation or its group's deadline is GROUP_ORDER_NOT_PAYABLE;
 * WeChat Pay out of reach is WECHAT_PAY_UNAVAILABLE (the reservation stays until it expires).
 */
export async function payOrder(deps: PayDeps, memberId: string, orderNo: string): Promise<GroupJoinResult> {
  const { order, group } = await requireOwnOrder(deps, memberId, orderNo);
  const now = deps.clock();
  const at = now.toISOString();
  if (order.status !== 'reserved' || order.reservedUntil <= at || group.status !== 'forming' || group.deadline <= at)
    throw new DomainError('GROUP_ORDER_NOT_PAYABLE', `The order is ${order.status}${order.status === 'reserved' ? ' and expired' : ''}`);
  if (!order.payAttemptedAt) {
    // From now on WeChat Pay may hold an order for it: expiry and leaving must close it there first.
    const marked = await transactWrite(deps.db, [orderUpdate(deps.db, order.orderNo, { from: 'reserved', payAttemptedAt: at })]);
    if (!marked.committed) throw new DomainError('GROUP_ORDER_NOT_PAYABLE', 'The order changed meanwhile');
  }
  let prepayId: string;
  try {
    ({ prepayId } = await deps.wechatPay.createJsapiOrder({
      outTradeNo: order.orderNo,
      description: order.productName.slice(0, 127),
      amountFen: order.amountFen,
      payerOpenid: order.openid,
      expiresAt: new Date(order.reservedUntil),
      attach: order.campaignId,
    }));
  } catch (error) {
    if (error instanceof WechatPayApiError && error.code === 'ORDERPAID') {
      // Paid already (the notification is on its way): record it from WeChat Pay's own answer.
      const paid = await deps.wechatPay.queryOrder(order.orderNo).catch(() => null);
      if (paid?.tradeState === 'SUCCESS') await recordPayment(deps, paid);
      const again = await requireOwnOrder(deps, memberId, orderNo);
      return { order: await ownOrderView(deps, again.order, again.group), payment: null };
    }
    if (error instanceof WechatPayApiError && error.code === 'ORDERCLOSED')
      throw new DomainError('GROUP_ORDER_NOT_PAYABLE', 'WeChat Pay closed the order');
    if (!(error instanceof WechatPayUnreachableError))
      deps.logger.error('WeChat Pay refused a group-buy order', { orderNo, error: error as Error });
    throw new DomainError('WECHAT_PAY_UNAVAILABLE', 'WeChat Pay cannot be reached; try again shortly');
  }
  const payment = deps.wechatPay.requestPaymentParams(prepayId);
  return { order: await ownOrderView(deps, order, group), payment };
}
