import type { Deps } from '../deps.ts';
import { transactWrite } from '../db/transact-write.ts';
import { RETRY, withOptimisticRetry } from '../db/transactions.ts';
import { receiveRefund } from '../orders/receive-refund.ts';
import { DomainError } from '../platform/domain-error.ts';
import { WechatPayApiError, type PayRefund } from '../wechatpay/wechat-pay-client.ts';
import { refundAdds } from './funnel-counters.ts';
import { refundRetryAt } from './group-rules.ts';
import { getGroupOrder, orderUpdate } from './orders-repository.ts';
import type { PayDeps } from './payment.ts';
import { newRefundOf } from './place-endings.ts';
import type { GroupOrderRecord, StoredGroupRefund } from './records.ts';
import { statsAdd } from './stats-repository.ts';

type RefundDeps = PayDeps & Pick<Deps, 'config'>;

/** The order pipeline's id of a group-buy order (its points, growth and figures are kept under it). */
export function pipelineOrderId(orderNo: string): string {
  return `gb-${orderNo}`;
}

/** What WeChat Pay is told a refund is for (shown to the buyer in WeChat's bill). */
const REFUND_REASON_TEXT: Record<StoredGroupRefund['reason'], string> = {
  left: '退出拼团',
  'group-failed': '拼团未成团',
  'paid-after-release': '名额已释放',
  'after-sales': '售后退款',
};

/** The refund after WeChat Pay's word on it: settled (succeeded, abnormal, closed) or still processing. */
function withWechatAnswer(refund: StoredGroupRefund, answer: PayRefund, now: Date): StoredGroupRefund {
  const settled = (status: StoredGroupRefund['status']) => ({
    ...refund,
    status,
    refundId: answer.refundId,
    settledAt: answer.successTime ? new Date(answer.successTime).toISOString() : now.toISOString(),
    lastError: null,
  });
  switch (answer.status) {
    case 'SUCCESS':
      return settled('succeeded');
    case 'ABNORMAL':
      return settled('abnormal');
    case 'CLOSED':
      return settled('closed');
    case 'PROCESSING':
      return { ...refund, status: 'processing', refundId: answer.refundId, lastError: null };
  }
}

/** Whether an after-sales refund that succeeded still has to be taken back through the order pipeline. */
function needsClawback(refund: StoredGroupRefund): boolean {
  return refund.reason === 'after-sales' && refund.status === 'succeeded' && refund.clawedBackAt === null;
}

/**
 * Saves the refund's next state with the order's timer: due again at `retryAt` while WeChat Pay has
 * not settled it (or a claw-back is pending), removed once settled. Held to the refund's status as read.
 */
async function saveRefund(deps: RefundDeps, order: GroupOrderRecord, next: StoredGroupRefund, retryAt: string | null): Promise<boolean> {
  // The money went back: the campaign's figures count the refund in the same write, once (held to the status as read).
  const returned = next.status === 'succeeded' && order.refund!.status !== 'succeeded';
  const written = await transactWrite(deps.db, [
    orderUpdate(deps.db, order.orderNo, {
      from: order.status,
      refund: { next, readStatus: order.refund!.status },
      timer: retryAt ? { dueAt: retryAt, kind: 'refund' } : null,
    }),
    ...(returned ? [statsAdd(deps.db, order.campaignId, order.orderNo, refundAdds(next.reason, next.fen))!] : []),
  ]);
  return written.committed;
}

/**
 * One step of an order's refund (the timer job's refund work): a refund not yet accepted is asked of
 * WeChat Pay with its stable out_refund_no (asking again is safe: WeChat Pay answers the refund it has);
 * an accepted one is queried. Its answer is kept — succeeded, processing (asked again after 1, 2, 5, 10,
 * 30 minutes, then hourly), abnormal or closed (kept for staff to act on). A request whose outcome is
 * unknown (a timeout, a 5xx) stays requested and is asked again later. A succeeded after-sales refund
 * is then taken back through the order pipeline (points clawed back).
 */
export async function processRefund(deps: RefundDeps, orderNo: string): Promise<StoredGroupRefund['status'] | 'none'> {
  const order = await getGroupOrder(deps.db, orderNo);
  const refund = order?.refund;
  if (!order || !refund) return 'none';
  if (refund.status !== 'requested' && refund.status !== 'processing') {
    // Settled: only a claw-back may be left (a settling write moved the timer on otherwise).
    if (needsClawback(refund)) await clawBack(deps, order);
    return refund.status;
  }
  const now = deps.clock();
  const attempts = refund.attempts + 1;
  let answer: PayRefund | null = null;
  let lastError: string | null = null;
  try {
    if (refund.status === 'processing') answer = await deps.wechatPay.queryRefund(refund.outRefundNo);
    answer ??= await deps.wechatPay.createRefund({
      outTradeNo: order.orderNo,
      outRefundNo: refund.outRefundNo,
      refundFen: refund.fen,
      totalFen: order.paidFen ?? order.amountFen,
      reason: REFUND_REASON_TEXT[refund.reason],
    });
  } catch (error) {
    lastError = error instanceof WechatPayApiError ? `${error.status} ${error.code}` : 'unreachable';
    if (error instanceof WechatPayApiError && error.status < 500)
      deps.logger.warn('WeChat Pay refused a group-buy refund; asking again later', { orderNo, code: error.code });
  }
  const next = answer ? { ...withWechatAnswer(refund, answer, now), attempts } : { ...refund, attempts, lastError };
  const unsettled = next.status === 'requested' || next.status === 'processing';
  const pendingClawback = needsClawback(next);
  await saveRefund(deps, order, next, unsettled ? refundRetryAt(now, attempts) : pendingClawback ? now.toISOString() : null);
  if (pendingClawback) await clawBack(deps, { ...order, refund: next });
  return next.status;
}

/**
 * A refund notification from WeChat Pay (REFUND.SUCCESS, REFUND.ABNORMAL, REFUND.CLOSED) settles the
 * order's refund it names; a replay, or one for a refund already settled, changes nothing.
 */
export async function settleRefundNotice(deps: RefundDeps, answer: PayRefund): Promise<void> {
  await withOptimisticRetry(async () => {
    const order = await getGroupOrder(deps.db, answer.outTradeNo);
    const refund = order?.refund;
    if (!order || !refund || refund.outRefundNo !== answer.outRefundNo) {
      deps.logger.warn('WeChat Pay notified a refund Linli has no record of', {
        outTradeNo: answer.outTradeNo,
        outRefundNo: answer.outRefundNo,
      });
      return 'done';
    }
    if (refund.status !== 'requested' && refund.status !== 'processing') return 'done';
    const now = deps.clock();
    const next = withWechatAnswer(refund, answer, now);
    const unsettled = next.status === 'processing';
    const pendingClawback = needsClawback(next);
    const saved = await saveRefund(
      deps,
      order,
      next,
      unsettled ? refundRetryAt(now, refund.attempts) : pendingClawback ? now.toISOString() : null,
    );
    if (!saved) return RETRY;
    if (pendingClawback) await clawBack(deps, { ...order, refund: next });
    return 'done';
  });
}

/**
 * Takes a succeeded after-sales refund back through the order pipeline (receiveRefund on gb-<orderNo>:
 * the order's points clawed back, growth and figures adjusted; once per refund id), then marks it
 * done. When the order has not entered the pipeline yet, the refund's timer tries again later.
 */
async function clawBack(deps: RefundDeps, order: GroupOrderRecord): Promise<void> {
  const refund = order.refund!;
  try {
    await receiveRefund(deps, {
      refundId: refund.outRefundNo,
      orderId: pipelineOrderId(order.orderNo),
      refundFen: refund.fen,
      refundedAt: refund.settledAt ?? deps.clock().toISOString(),
    });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'ORDER_NOT_FOUND')) throw error;
    await saveRefund(deps, order, refund, refundRetryAt(deps.clock(), refund.attempts));
    return;
  }
  await saveRefund(deps, order, { ...refund, clawedBackAt: deps.clock().toISOString() }, null);
}

/**
 * Staff's after-sales refund of a succeeded order: the whole payment is refunded through WeChat Pay
 * (asked at once, then by the timer job until WeChat Pay confirms) and, once it succeeds, taken back
 * through the order pipeline. The group stays succeeded. An order not succeeded, or already refunded,
 * is GROUP_BUY_REFUND_NOT_ALLOWED.
 */
export async function startAfterSalesRefund(deps: RefundDeps, orderNo: string): Promise<GroupOrderRecord> {
  await withOptimisticRetry(async () => {
    const order = await getGroupOrder(deps.db, orderNo);
    if (!order) throw new DomainError('GROUP_ORDER_NOT_FOUND', 'No such group-buy order');
    if (order.status !== 'succeeded') throw new DomainError('GROUP_BUY_REFUND_NOT_ALLOWED', `The order is ${order.status}, not succeeded`);
    if (order.refund) throw new DomainError('GROUP_BUY_REFUND_NOT_ALLOWED', 'The order was refunded already');
    const at = deps.clock().toISOString();
    const written = await transactWrite(deps.db, [
      orderUpdate(deps.db, orderNo, {
        from: 'succeeded',
        newRefund: newRefundOf(order, 'after-sales', at),
        timer: { dueAt: at, kind: 'refund' },
      }),
    ]);
    return written.committed ? 'done' : RETRY;
  });
  // Ask WeChat Pay now so staff see it accepted; the timer job carries on from whatever this reaches.
  await processRefund(deps, orderNo).catch((error: unknown) =>
    deps.logger.warn('An after-sales refund could not be asked of WeChat Pay yet', { orderNo, error: error as Error }),
  );
  return (await getGroupOrder(deps.db, orderNo))!;
}
