import type { MyGroupOrder } from '@linli/shared/groupbuy';
import { ApiError, NETWORK_ERROR } from '@/api/errors';

/*
 * The rules around opening, joining and paying that do not need a page: when a retry must carry the
 * same request id, and waiting for WeChat Pay's notification after the buyer paid.
 */

/**
 * Whether an open or join that failed may still have happened on the server, so that trying again
 * must reuse its request id (the server then answers the same order rather than a second one): no
 * answer at all, a server failure, or BUSY. A refusal (sold out, full, limit …) was decided and
 * wrote nothing; the next tap is a new attempt.
 */
export function keepsRequestId(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.code === NETWORK_ERROR || error.code === 'BUSY' || error.status >= 500;
}

/** A paid place: WeChat Pay's notification has reached the server. */
export function isPaymentRecorded(order: Pick<MyGroupOrder, 'status'>): boolean {
  return order.status !== 'reserved';
}

export interface ConfirmationPolicy {
  /** How many times to read the order. */
  attempts: number;
  /** The pause before each read after the first. */
  intervalMs: number;
  wait: (ms: number) => Promise<void>;
}

/** The app's own pacing: the notification usually lands within a second or two of the payment. */
export const CONFIRMATION_POLICY: ConfirmationPolicy = {
  attempts: 5,
  intervalMs: 1000,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * After wx.requestPayment said paid, reads the order until the server has the payment too (the
 * notification may arrive a moment later), at most `attempts` times. Answers the last order read
 * and whether the payment is recorded; a read that fails counts as not recorded yet.
 */
export async function awaitPaymentRecorded(
  readOrder: () => Promise<MyGroupOrder>,
  policy: ConfirmationPolicy = CONFIRMATION_POLICY,
): Promise<{ order: MyGroupOrder | null; recorded: boolean }> {
  let last: MyGroupOrder | null = null;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    if (attempt > 0) await policy.wait(policy.intervalMs);
    try {
      last = await readOrder();
      if (isPaymentRecorded(last)) return { order: last, recorded: true };
    } catch {
      // Read again on the next round; the payment itself has been made.
    }
  }
  return { order: last, recorded: false };
}

/** How paying for a place ended, as the page reports it. */
export type PayResult =
  | { kind: 'paid'; order: MyGroupOrder | null; recorded: boolean }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  /** The server had nothing to pay: already paid, or the reservation is gone. */
  | { kind: 'not-payable'; order: MyGroupOrder };

export interface PayNotice {
  text: string;
  tone: 'ok' | 'error';
}

/** What the page says after a payment: paid (and whether the group is now complete), cancelled, or why not. */
export function payNotice(result: PayResult): PayNotice {
  switch (result.kind) {
    case 'paid':
      if (!result.recorded) return { text: '支付成功，正在确认支付结果，请稍后刷新', tone: 'ok' };
      return { text: result.order?.status === 'succeeded' ? '支付成功，拼团成功' : '支付成功，拼团中', tone: 'ok' };
    case 'cancelled':
      return { text: '已取消支付，请在时限内完成支付，否则名额将被释放', tone: 'error' };
    case 'failed':
      return { text: result.message, tone: 'error' };
    case 'not-payable':
      return result.order.status === 'reserved'
        ? { text: '订单暂时无法支付，请稍后重试', tone: 'error' }
        : { text: '订单已支付或已取消，无需再付款', tone: 'ok' };
  }
}

/** When WeChat Pay's own sheet reports a failure (not a cancellation). */
export const PAYMENT_FAILED_TEXT = '支付未成功，请稍后重试';

/**
 * The request id of one attempt to open or join: the same id however often the attempt is retried,
 * a new one once it succeeded or was refused (see keepsRequestId).
 */
export class RequestAttempt {
  private id: string;

  constructor(private readonly newId: () => string) {
    this.id = newId();
  }

  /** The id to send now. */
  current(): string {
    return this.id;
  }

  /** Records how the request ended: only an outcome the server may not have decided keeps the id. */
  ended(error?: unknown): void {
    if (error === undefined || !keepsRequestId(error)) this.id = this.newId();
  }
}
