import * as z from 'zod';

/** What the emulated WeChat Pay remembers; tests may read it directly. Times are UTC ISO strings. */

export const PayOrderRecord = z.object({
  outTradeNo: z.string(),
  prepayId: z.string(),
  appid: z.string(),
  mchid: z.string(),
  description: z.string(),
  amountFen: z.number().int(),
  payerOpenid: z.string(),
  /** time_expire as an instant; null when the order did not set one (WeChat's default then applies). */
  expiresAt: z.string().nullable(),
  attach: z.string().nullable(),
  notifyUrl: z.string(),
  state: z.enum(['NOTPAY', 'SUCCESS', 'REFUND', 'CLOSED']),
  transactionId: z.string().nullable(),
  successTime: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type PayOrderRecord = z.infer<typeof PayOrderRecord>;

export const PayRefundRecord = z.object({
  outRefundNo: z.string(),
  refundId: z.string(),
  outTradeNo: z.string(),
  transactionId: z.string(),
  refundFen: z.number().int(),
  totalFen: z.number().int(),
  reason: z.string().nullable(),
  notifyUrl: z.string(),
  status: z.enum(['PROCESSING', 'SUCCESS', 'ABNORMAL', 'CLOSED']),
  /** How the refund ends when it settles (ABNORMAL when a test asked for the next refund to fail). */
  settlesAs: z.enum(['SUCCESS', 'ABNORMAL', 'CLOSED']),
  /** When a PROCESSING refund settles by itself. */
  settlesAt: z.string(),
  createdAt: z.string(),
  successTime: z.string().nullable(),
});
export type PayRefundRecord = z.infer<typeof PayRefundRecord>;

export const NotificationAttempt = z.object({
  at: z.string(),
  /** The merchant's HTTP status, or null when the request failed or timed out. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type NotificationAttempt = z.infer<typeof NotificationAttempt>;

export const PayNotificationRecord = z.object({
  id: z.string(),
  eventType: z.enum(['TRANSACTION.SUCCESS', 'REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']),
  url: z.string(),
  /** The JSON body, resource already encrypted: every attempt posts the same body, freshly signed. */
  body: z.string(),
  /** out_trade_no or out_refund_no it is about. */
  subject: z.string(),
  createdAt: z.string(),
  attempts: z.array(NotificationAttempt),
  /** When the next attempt is due; null once answered 200/204 or when the schedule is spent. */
  nextAttemptAt: z.string().nullable(),
  answered: z.boolean(),
});
export type PayNotificationRecord = z.infer<typeof PayNotificationRecord>;

/** A failure a test asked for: the next `times` calls to `path` answer it (system-error, timeout, …). */
export interface PayForcedFailure {
  /** A /v3/… path; a trailing `*` matches any path it begins. */
  path: string;
  kind: 'system-error' | 'timeout' | 'frequency-limited' | 'not-enough';
  /** For system-error and timeout: whether the call takes effect before its answer is lost. */
  applied: boolean;
  times: number;
}

export const PersistedPayState = z.object({
  orders: z.array(PayOrderRecord),
  refunds: z.array(PayRefundRecord),
  notifications: z.array(PayNotificationRecord),
  serial: z.number().int(),
});

export interface PayState {
  /** By out_trade_no, oldest first. */
  orders: PayOrderRecord[];
  refunds: PayRefundRecord[];
  notifications: PayNotificationRecord[];
  forcedFailures: PayForcedFailure[];
  /** The next refund created settles ABNORMAL (a test's request). */
  nextRefundAbnormal: boolean;
  /** Numbers transaction, prepay and refund ids. */
  serial: number;
}

export function emptyPayState(): PayState {
  return { orders: [], refunds: [], notifications: [], forcedFailures: [], nextRefundAbnormal: false, serial: 1 };
}
