import { useCallback } from 'react';
import type { GroupJoinResult } from '@linli/shared/groupbuy';
import { getGroupOrder, payGroupOrder } from '@/api/groupbuy';
import { errorText } from '@/api/errors';
import { platform } from '@/platform';
import { awaitPaymentRecorded, PAYMENT_FAILED_TEXT, type PayResult } from './payment-flow';

/**
 * Paying for a place: the server's signed parameters (POST …/pay), the platform's payment (WeChat's
 * sheet, or the H5 stand-in: render `sheet`), then the order read until the server has the
 * payment. `pay` never rejects; its result says how it ended.
 */
export function useGroupPayment() {
  const { requestPayment, sheet } = platform.usePayment();

  const pay = useCallback(
    async (orderNo: string): Promise<PayResult> => {
      let asked: GroupJoinResult;
      try {
        asked = await payGroupOrder(orderNo);
      } catch (error) {
        return { kind: 'failed', message: errorText(error) };
      }
      if (!asked.payment) return { kind: 'not-payable', order: asked.order };
      const outcome = await requestPayment(asked.payment);
      if (outcome === 'cancelled') return { kind: 'cancelled' };
      if (outcome === 'failed') return { kind: 'failed', message: PAYMENT_FAILED_TEXT };
      return { kind: 'paid', ...(await awaitPaymentRecorded(() => getGroupOrder(orderNo))) };
    },
    [requestPayment],
  );

  return { pay, sheet };
}
