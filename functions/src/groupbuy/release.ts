import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { WechatPayApiError, WechatPayUnreachableError } from '../wechatpay/wechat-pay-client.ts';
import { getStock } from './campaigns-repository.ts';
import { getGroup } from './groups-repository.ts';
import { getGroupOrder } from './orders-repository.ts';
import { recordPayment, type PayDeps } from './payment.ts';
import { placeRemovalItems } from './place-endings.ts';

/**
 * What giving up a reservation came to: released (slot, units, holding and seat returned); paid (WeChat
 * Pay had taken the money after all, and the payment was recorded instead); not reserved any more;
 * or WeChat Pay could not be asked (nothing changed: try again later).
 */
export type ReleaseOutcome = 'released' | 'paid' | 'not-reserved' | 'unreachable';

/** WeChat Pay's answer to closing an order it never had. */
const NO_SUCH_ORDER = new Set(['ORDER_NOT_EXIST', 'ORDERNOTEXIST', 'RESOURCE_NOT_EXISTS']);

/**
 * Gives up a reserved place (its reservation expired, its buyer left before paying, or its group's
 * deadline came). Where a WeChat Pay order was asked for, WeChat Pay is asked first: a payment it
 * took counts (recorded as paid); otherwise its order is closed, so no payment can come later, and
 * closing one already paid (ORDERPAID) records that payment instead. Then one write releases the
 * place, held to what was read — among it whether a WeChat Pay order had been asked for: a payment
 * started meanwhile sends the release back to ask WeChat Pay.
 */
export async function releaseReservation(deps: PayDeps, orderNo: string): Promise<ReleaseOutcome> {
  return withOptimisticRetry(async () => {
    const order = await getGroupOrder(deps.db, orderNo);
    if (!order || order.status !== 'reserved') return 'not-reserved' as const;
    if (order.payAttemptedAt) {
      const atWechat = await settleAtWechatPay(deps, orderNo);
      if (atWechat !== 'closed') return atWechat;
    }
    const [group, stock] = await Promise.all([getGroup(deps.db, order.groupId), getStock(deps.db, order.campaignId)]);
    if (!group || !stock) throw new Error(`Order ${orderNo} lost its group or campaign`);
    const at = deps.clock().toISOString();
    const written = await transactWrite(deps.db, placeRemovalItems(deps, { order, group, stock, to: 'released', refund: null, now: at }));
    return written.committed ? ('released' as const) : RETRY;
  });
}

/** WeChat Pay's side of a reservation being given up: paid after all (recorded), closed (or never there), or out of reach. */
async function settleAtWechatPay(deps: PayDeps, orderNo: string): Promise<'paid' | 'closed' | 'unreachable'> {
  try {
    const transaction = await deps.wechatPay.queryOrder(orderNo);
    if (transaction?.tradeState === 'SUCCESS') {
      await recordPayment(deps, transaction);
      return 'paid';
    }
    if (transaction && transaction.tradeState !== 'CLOSED') await deps.wechatPay.closeOrder(orderNo);
    return 'closed';
  } catch (error) {
    if (error instanceof WechatPayApiError && error.code === 'ORDERPAID') {
      const paid = await deps.wechatPay.queryOrder(orderNo).catch(() => null);
      if (paid?.tradeState !== 'SUCCESS') return 'unreachable';
      await recordPayment(deps, paid);
      return 'paid';
    }
    // Nothing at WeChat Pay to close.
    if (error instanceof WechatPayApiError && NO_SUCH_ORDER.has(error.code)) return 'closed';
    if (!(error instanceof WechatPayUnreachableError))
      deps.logger.warn('WeChat Pay refused to close a group-buy order', { orderNo, error: error as Error });
    return 'unreachable';
  }
}
