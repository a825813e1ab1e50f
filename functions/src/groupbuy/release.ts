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
 * closing one already paid (ORDERPAID) records that payment instead. Then one write releases the place.
 */
export async function releaseReservation(deps: PayDeps, orderNo: string): Promise<ReleaseOutcome> {
  const order = await getGroupOrder(deps.db, orderNo);
  if (!order || order.status !== 'reserved') return 'not-reserved';
  if (order.payAttemptedAt) {
    try {
      const transaction = await deps.wechatPay.queryOrder(orderNo);
      if (transaction?.tradeState === 'SUCCESS') {
        await recordPayment(deps, transaction);
        return 'paid';
      }
      if (transaction && transaction.tradeState !== 'CLOSED') await deps.wechatPay.closeOrder(orderNo);
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'ORDERPAID') {
        const paid = await deps.wechatPay.queryOrder(orderNo).catch(() => null);
        if (paid?.tradeState === 'SUCCESS') {
          await recordPayment(deps, paid);
          return 'paid';
        }
        return 'unreachable';
      }
      if (error instanceof WechatPayApiError && NO_SUCH_ORDER.has(error.code)) {
        // Nothing at WeChat Pay to close.
      } else {
        if (!(error instanceof WechatPayUnreachableError))
          deps.logger.warn('WeChat Pay refused to close an expired group-buy order', { orderNo, error: error as Error });
        return 'unreachable';
      }
    }
  }
  return withOptimisticRetry(async () => {
    const current = await getGroupOrder(deps.db, orderNo);
    if (!current || current.status !== 'reserved') return 'not-reserved' as const;
    const [group, stock] = await Promise.all([getGroup(deps.db, current.groupId), getStock(deps.db, current.campaignId)]);
    if (!group || !stock) throw new Error(`Order ${orderNo} lost its group or campaign`);
    const at = deps.clock().toISOString();
    const written = await transactWrite(
      deps.db,
      placeRemovalItems(deps, { order: current, group, stock, to: 'released', refund: null, now: at }),
    );
    return written.committed ? ('released' as const) : RETRY;
  });
}
