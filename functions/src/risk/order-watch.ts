import type { Deps } from '../deps.ts';
import type { WatchCreditedOrder } from '../orders/receive-order.ts';
import { raiseFlag } from './flags.ts';
import { getShopOrderNorm } from './flags-repository.ts';
import { outsizedOrderFacts } from './rules.ts';

/**
 * The order path's check (the signed webhook and the order import hand it to receiveOrder): an order
 * far outside the member's own history or the shop's norm is flagged for review, once per order. The
 * order is already credited when this runs and nothing here can undo or refuse it; a failure to flag is
 * logged, never passed on to the shop (which would only deliver the order again).
 */
export function riskOrderWatch(deps: Pick<Deps, 'db' | 'clock' | 'logger'>): WatchCreditedOrder {
  return async ({ memberId, order, historyBefore }) => {
    try {
      const facts = outsizedOrderFacts({
        paidFen: order.paidFen,
        paidAt: order.paidAt,
        historyDays: Object.values(historyBefore.days),
        norm: await getShopOrderNorm(deps.db),
      });
      if (facts) await raiseFlag(deps, { kind: 'outsized-order', subject: memberId, period: order.orderId, facts, memberIds: [memberId] });
    } catch (error) {
      deps.logger.warn('Risk watch could not check a credited order; the order stands', { orderId: order.orderId, error: error as Error });
    }
  };
}
