import { DependencyUnavailable } from '../platform/dependency-faults.ts';

/**
 * What Linli asks of WeChat Pay API v3 (JSAPI, for the mini-program), as domain code sees it. The
 * adapter behind it signs each request with the merchant's private key, verifies every answer's and
 * notification's signature (WeChat Pay public-key mode, `PUB_KEY_ID_…`, and platform-certificate
 * mode), and decrypts notifications with the APIv3 key. Amounts are integer fen (WeChat Pay's own unit).
 */

/** trade_state of a JSAPI order. */
export type PayTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface PayTransaction {
  outTradeNo: string;
  /** WeChat Pay's id of the payment; null until paid. */
  transactionId: string | null;
  tradeState: PayTradeState;
  /** amount.total (fen) as ordered. */
  amountFen: number;
  /** amount.payer_total when paid, else null. */
  payerTotalFen: number | null;
  payerOpenid: string | null;
  /** success_time (ISO) when paid. */
  successTime: string | null;
}

/** status of a refund. */
export type PayRefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface PayRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  status: PayRefundStatus;
  refundFen: number;
  totalFen: number;
  successTime: string | null;
}

/** A verified, decrypted notification. */
export type PayNotification =
  | { id: string; eventType: 'TRANSACTION.SUCCESS'; createTime: string; transaction: PayTransaction }
  | { id: string; eventType: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED'; createTime: string; refund: PayRefund };

/** The four headers WeChat Pay signs a response or notification with. */
export interface PaySignatureHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  /** A platform certificate's serial number, or the WeChat Pay public key's id (PUB_KEY_ID_…). */
  serial: string | undefined;
}

export interface RequestPayment {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface WechatPayClient {
  /**
   * POST /v3/pay/transactions/jsapi. Asking again with the same out_trade_no and the same terms
   * answers the same prepay_id (WeChat Pay's own idempotency); different terms are refused.
   */
  createJsapiOrder(order: {
    outTradeNo: string;
    description: string;
    amountFen: number;
    payerOpenid: string;
    /** time_expire: WeChat Pay refuses payment after it. */
    expiresAt: Date;
    /** attach: returned unchanged in the notification (at most 128 characters). */
    attach?: string;
  }): Promise<{ prepayId: string }>;
  /** The parameters wx.requestPayment takes for a prepay_id, signed with the merchant key now. */
  requestPaymentParams(prepayId: string): RequestPayment;
  /** GET /v3/pay/transactions/out-trade-no/{no}; null when WeChat Pay knows no such order (ORDER_NOT_EXIST). */
  queryOrder(outTradeNo: string): Promise<PayTransaction | null>;
  /** POST …/out-trade-no/{no}/close. An order already paid cannot be closed: WechatPayApiError ORDERPAID. */
  closeOrder(outTradeNo: string): Promise<void>;
  /**
   * POST /v3/refund/domestic/refunds. Retrying with the same out_refund_no is safe: WeChat Pay
   * answers the refund it already has. The answer means accepted; the outcome comes by
   * notification or queryRefund.
   */
  createRefund(refund: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason: string;
  }): Promise<PayRefund>;
  /** GET /v3/refund/domestic/refunds/{out_refund_no}; null when WeChat Pay knows no such refund (RESOURCE_NOT_EXISTS). */
  queryRefund(outRefundNo: string): Promise<PayRefund | null>;
  /**
   * Verifies a notification's signature and freshness (5 minutes) and decrypts its resource.
   * Throws WechatPayNotificationRefused when anything about it is wrong; nothing may be changed then.
   */
  readNotification(input: { headers: PaySignatureHeaders; body: string }): Promise<PayNotification>;
}

/** WeChat Pay answered with an error body `{code, message}` (its documented meaning is in `code`). */
export class WechatPayApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly api: string,
    message: string,
  ) {
    super(`WeChat Pay ${api} failed: ${status} ${code} ${message}`);
    this.name = 'WechatPayApiError';
  }
}

/** WeChat Pay could not be reached, timed out, or answered something unsigned or unreadable: the outcome is unknown. */
export class WechatPayUnreachableError extends DependencyUnavailable {
  constructor(
    readonly api: string,
    cause: unknown,
  ) {
    super('wechat-pay', `WeChat Pay ${api} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WechatPayUnreachableError';
  }
}

/** Why a notification was refused: its signature, its age, an unknown key, or its resource. */
export type NotificationRefusal = 'missing-headers' | 'stale' | 'unknown-key' | 'bad-signature' | 'undecryptable' | 'malformed';

export class WechatPayNotificationRefused extends Error {
  constructor(readonly reason: NotificationRefusal) {
    super(`WeChat Pay notification refused: ${reason}`);
    this.name = 'WechatPayNotificationRefused';
  }
}
