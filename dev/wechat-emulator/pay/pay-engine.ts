import { randomBytes } from 'node:crypto';
import {
  EMULATOR_API_V3_KEY,
  EMULATOR_MCH_ID,
  EMULATOR_MERCHANT_PUBLIC_KEY,
  EMULATOR_MERCHANT_SERIAL_NO,
  EMULATOR_PLATFORM_CERTIFICATE,
  EMULATOR_PLATFORM_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PRIVATE_KEY,
  EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID,
} from './local-keys.ts';
import { encryptResource, signAnswer, verifyLines } from './pay-crypto.ts';
import { PAY_ERRORS, paramError, type PayError } from './pay-errors.ts';
import type { PayNotificationRecord, PayOrderRecord, PayRefundRecord, PayState } from './pay-state.ts';

/**
 * The emulated WeChat Pay: orders, refunds and notifications over the emulator's state, with
 * WeChat Pay's rules. Routes (pay-api.ts, pay-controls.ts) only translate HTTP to these calls.
 */

/**
 * Seconds between notification attempts while the merchant has not answered 200/204: WeChat Pay's
 * documented schedule (about 24 hours and 16 attempts in all, the first at once).
 */
export const NOTIFY_RETRY_SECONDS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600] as const;

export type PayMode = 'public-key' | 'platform-certificate';

export interface WechatPayEmulatorOptions {
  /** How WeChat Pay signs answers and notifications: the WeChat Pay public key (default) or the platform certificate. */
  mode?: PayMode;
  mchId?: string;
  merchantSerialNo?: string;
  /** The merchant's API public key (PEM): checks requests and paySigns. */
  merchantPublicKey?: string;
  apiV3Key?: string;
  /**
   * Multiplies the notification retry schedule: 1 = WeChat Pay's real one (15 s, 15 s, 30 s, 3 min …),
   * 0.01 = a hundred times faster.
   */
  notifyTimeScale?: number;
  /** How long a refund stays PROCESSING before it settles by itself (default 5 s). */
  refundSettleSeconds?: number;
  /** Posts a notification; tests hand it to the in-process app. Default: fetch with a 5 s timeout. */
  deliver?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface PaySettings {
  mode: PayMode;
  mchId: string;
  merchantSerialNo: string;
  merchantPublicKey: string;
  apiV3Key: string;
  notifyTimeScale: number;
  refundSettleSeconds: number;
  /** Who signs answers and notifications in this mode. */
  signer: { serial: string; privateKey: string };
  deliver: (url: string, init: RequestInit) => Promise<Response>;
}

/** How long WeChat Pay waits for the merchant to answer a notification. */
const NOTIFY_TIMEOUT_MS = 5000;
export const PLATFORM_CERTIFICATE_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

export function paySettings(options: WechatPayEmulatorOptions = {}): PaySettings {
  const mode = options.mode ?? 'public-key';
  const scale = options.notifyTimeScale ?? 1;
  if (!(scale > 0)) throw new Error(`notifyTimeScale must be a positive number, got ${scale}`);
  return {
    mode,
    mchId: options.mchId ?? EMULATOR_MCH_ID,
    merchantSerialNo: options.merchantSerialNo ?? EMULATOR_MERCHANT_SERIAL_NO,
    merchantPublicKey: options.merchantPublicKey ?? EMULATOR_MERCHANT_PUBLIC_KEY,
    apiV3Key: options.apiV3Key ?? EMULATOR_API_V3_KEY,
    notifyTimeScale: scale,
    refundSettleSeconds: options.refundSettleSeconds ?? 5,
    signer:
      mode === 'public-key'
        ? { serial: EMULATOR_WECHAT_PAY_PUBLIC_KEY_ID, privateKey: EMULATOR_WECHAT_PAY_PRIVATE_KEY }
        : { serial: PLATFORM_CERTIFICATE_SERIAL, privateKey: EMULATOR_PLATFORM_PRIVATE_KEY },
    deliver: options.deliver ?? ((url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) })),
  };
}

export interface PayContext {
  appId: string;
  state: PayState;
  settings: PaySettings;
  now: () => Date;
  persist: () => void;
}

type Result<T> = { ok: T } | { error: PayError };

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
/** yyyy-MM-DDTHH:mm:ss+TIMEZONE, as WeChat Pay writes and reads times. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A notify URL WeChat Pay accepts: https without a query; locally also http to this machine. */
function notifyUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return '为空';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '不是合法的URL';
  }
  const local = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !local) return '必须以https://开头（本机地址可用http://）';
  if (url.search !== '') return '不能携带参数';
  return null;
}

function nextSerial(ctx: PayContext): number {
  return ctx.state.serial++;
}

/** Wall-clock digits in Beijing time: yyyyMMddHHmmss. */
function beijingDigits(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/\D/g, '');
}

/** An instant as WeChat Pay writes it: 2026-11-23T10:15:00+08:00. */
export function beijingTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const digits = (count: number) => Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');

/** POST /v3/pay/transactions/jsapi. */
export function createJsapiOrder(ctx: PayContext, body: unknown, signedMchid: string): Result<{ prepay_id: string }> {
  if (!isObject(body)) return { error: paramError('/body', '请求体必须是JSON对象') };
  const {
    appid,
    mchid,
    description,
    out_trade_no: outTradeNo,
    time_expire: timeExpire,
    attach,
    notify_url: notifyUrl,
    amount,
    payer,
  } = body;
  if (typeof appid !== 'string' || appid === '') return { error: paramError('/body/appid', '为空') };
  if (typeof mchid !== 'string' || mchid === '') return { error: paramError('/body/mchid', '为空') };
  if (mchid !== signedMchid) return { error: paramError('/body/mchid', '与请求签名中的商户号不一致') };
  if (mchid !== ctx.settings.mchId) return { error: PAY_ERRORS.mchNotExists };
  if (appid !== ctx.appId) return { error: PAY_ERRORS.appidMchidNotMatch };
  if (typeof description !== 'string' || description === '' || [...description].length > 127)
    return { error: paramError('/body/description', '字符串规则校验失败，长度须为1到127个字符') };
  if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo))
    return { error: paramError('/body/out_trade_no', '字符串规则校验失败，须为6到32个数字、大小写字母或_-|*') };
  let expiresAt: string | null = null;
  if (timeExpire !== undefined) {
    if (typeof timeExpire !== 'string' || !RFC3339.test(timeExpire) || Number.isNaN(Date.parse(timeExpire)))
      return { error: paramError('/body/time_expire', '格式错误，应为 yyyy-MM-DDTHH:mm:ss+TIMEZONE') };
    expiresAt = new Date(timeExpire).toISOString();
  }
  if (attach !== undefined && (typeof attach !== 'string' || [...attach].length > 128))
    return { error: paramError('/body/attach', '字符串规则校验失败，长度不能超过128个字符') };
  const urlProblem = notifyUrlProblem(notifyUrl);
  if (urlProblem) return { error: paramError('/body/notify_url', urlProblem) };
  if (!isObject(amount)) return { error: paramError('/body/amount', '为空') };
  if (typeof amount.total !== 'number' || !Number.isInteger(amount.total) || amount.total <= 0)
    return { error: paramError('/body/amount/total', '须为大于0的整数（单位：分）') };
  if (amount.currency !== undefined && amount.currency !== 'CNY') return { error: paramError('/body/amount/currency', '仅支持CNY') };
  if (!isObject(payer) || typeof payer.openid !== 'string' || payer.openid === '' || payer.openid.length > 128)
    return { error: paramError('/body/payer/openid', '为空') };

  const terms = {
    appid,
    mchid,
    description,
    amountFen: amount.total,
    payerOpenid: payer.openid,
    expiresAt,
    attach: (attach as string | undefined) ?? null,
    notifyUrl: notifyUrl as string,
  };
  const existing = findOrder(ctx, outTradeNo);
  if (existing) {
    if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return { error: PAY_ERRORS.orderPaid };
    if (existing.state === 'CLOSED') return { error: PAY_ERRORS.orderClosed };
    const same = (Object.keys(terms) as Array<keyof typeof terms>).every((key) => existing[key] === terms[key]);
    if (!same) return { error: PAY_ERRORS.outTradeNoUsed };
    if (isExpired(ctx, existing)) return { error: PAY_ERRORS.orderExpired };
    return { ok: { prepay_id: existing.prepayId } };
  }
  const now = ctx.now();
  const order: PayOrderRecord = {
    outTradeNo,
    prepayId: `wx${beijingDigits(now)}${randomBytes(11).toString('hex').slice(0, 20)}`,
    ...terms,
    state: 'NOTPAY',
    transactionId: null,
    successTime: null,
    createdAt: now.toISOString(),
    closedAt: null,
  };
  ctx.state.orders.push(order);
  ctx.persist();
  return { ok: { prepay_id: order.prepayId } };
}

export function findOrder(ctx: PayContext, outTradeNo: string): PayOrderRecord | undefined {
  return ctx.state.orders.find((order) => order.outTradeNo === outTradeNo);
}

/** An unpaid order past its time_expire can no longer be paid. */
export function isExpired(ctx: PayContext, order: PayOrderRecord): boolean {
  return order.expiresAt !== null && Date.parse(order.expiresAt) <= ctx.now().getTime();
}

const TRADE_STATE_DESC: Record<PayOrderRecord['state'], string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  REFUND: '订单发生过退款',
  CLOSED: '订单已关闭',
};

/** The transaction as WeChat Pay answers a query and notifies a payment. */
export function transactionBody(order: PayOrderRecord): Record<string, unknown> {
  const paid = order.state === 'SUCCESS' || order.state === 'REFUND';
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: order.state,
    trade_state_desc: TRADE_STATE_DESC[order.state],
    ...(paid ? { bank_type: 'OTHERS', success_time: beijingTime(order.successTime!) } : {}),
    ...(order.attach === null ? {} : { attach: order.attach }),
    payer: { openid: order.payerOpenid },
    amount: paid
      ? { total: order.amountFen, payer_total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' }
      : { total: order.amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid= */
export function queryOrder(ctx: PayContext, outTradeNo: string, mchid: string | undefined): Result<Record<string, unknown>> {
  if (!mchid) return { error: paramError('/query/mchid', '为空') };
  if (mchid !== ctx.settings.mchId) return { error: PAY_ERRORS.mchNotExists };
  const order = findOrder(ctx, outTradeNo);
  if (!order) return { error: PAY_ERRORS.orderNotExist };
  return { ok: transactionBody(order) };
}

/** POST …/out-trade-no/{out_trade_no}/close: 204; closing a closed order again is fine. */
export function closeOrder(ctx: PayContext, outTradeNo: string, body: unknown): Result<null> {
  if (!isObject(body) || typeof body.mchid !== 'string' || body.mchid === '') return { error: paramError('/body/mchid', '为空') };
  if (body.mchid !== ctx.settings.mchId) return { error: PAY_ERRORS.mchNotExists };
  const order = findOrder(ctx, outTradeNo);
  if (!order) return { error: PAY_ERRORS.orderNotExist };
  if (order.state === 'SUCCESS' || order.state === 'REFUND') return { error: PAY_ERRORS.orderPaid };
  if (order.state === 'NOTPAY') {
    order.state = 'CLOSED';
    order.closedAt = ctx.now().toISOString();
    ctx.persist();
  }
  return { ok: null };
}

/** Marks an order paid by its payer and queues the TRANSACTION.SUCCESS notification (not yet sent). */
export function payOrder(ctx: PayContext, order: PayOrderRecord, at: Date = ctx.now()): PayNotificationRecord {
  order.state = 'SUCCESS';
  order.transactionId = `42000${String(nextSerial(ctx) % 100_000).padStart(5, '0')}${beijingDigits(at).slice(0, 8)}${digits(10)}`;
  order.successTime = at.toISOString();
  const notification = queueNotification(ctx, {
    eventType: 'TRANSACTION.SUCCESS',
    url: order.notifyUrl,
    subject: order.outTradeNo,
    summary: '支付成功',
    originalType: 'transaction',
    resource: transactionBody(order),
  });
  ctx.persist();
  return notification;
}

const REFUND_MAX_PER_ORDER = 50;
const REFUND_SPACING_MS = 60_000;
const REFUND_MAX_AGE_MS = 365 * 24 * 3600_000;

/** POST /v3/refund/domestic/refunds. */
export function createRefund(ctx: PayContext, body: unknown): Result<Record<string, unknown>> {
  if (!isObject(body)) return { error: paramError('/body', '请求体必须是JSON对象') };
  const {
    out_trade_no: outTradeNo,
    transaction_id: transactionId,
    out_refund_no: outRefundNo,
    reason,
    notify_url: notifyUrl,
    amount,
  } = body;
  if (outTradeNo === undefined && transactionId === undefined)
    return { error: paramError('/body/out_trade_no', '与transaction_id不能同时为空') };
  if (typeof outRefundNo !== 'string' || !OUT_REFUND_NO.test(outRefundNo))
    return { error: paramError('/body/out_refund_no', '字符串规则校验失败，须为1到64个数字、大小写字母或_-|*@') };
  if (reason !== undefined && (typeof reason !== 'string' || [...reason].length > 80))
    return { error: paramError('/body/reason', '长度不能超过80个字符') };
  if (notifyUrl !== undefined) {
    const problem = notifyUrlProblem(notifyUrl);
    if (problem) return { error: paramError('/body/notify_url', problem) };
  }
  if (!isObject(amount)) return { error: paramError('/body/amount', '为空') };
  const { refund, total, currency } = amount;
  if (typeof refund !== 'number' || !Number.isInteger(refund) || refund <= 0)
    return { error: paramError('/body/amount/refund', '须为大于0的整数（单位：分）') };
  if (typeof total !== 'number' || !Number.isInteger(total) || total <= 0)
    return { error: paramError('/body/amount/total', '须为大于0的整数（单位：分）') };
  if (currency !== 'CNY') return { error: paramError('/body/amount/currency', '仅支持CNY') };

  const order = ctx.state.orders.find((o) => (outTradeNo !== undefined ? o.outTradeNo === outTradeNo : o.transactionId === transactionId));
  if (!order) return { error: PAY_ERRORS.refundOrderNotExist };
  const existing = ctx.state.refunds.find((r) => r.outRefundNo === outRefundNo);
  if (existing) {
    // The same out_refund_no refunds once: asking again answers that refund, unless the terms differ.
    if (existing.outTradeNo !== order.outTradeNo || existing.refundFen !== refund || existing.totalFen !== total)
      return { error: PAY_ERRORS.refundMismatch };
    return { ok: refundBody(existing) };
  }
  if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return { error: PAY_ERRORS.refundOrderNotPaid };
  if (total !== order.amountFen) return { error: PAY_ERRORS.refundTotalMismatch };
  const now = ctx.now();
  if (now.getTime() - Date.parse(order.successTime!) > REFUND_MAX_AGE_MS) return { error: PAY_ERRORS.refundTooOld };
  const ofOrder = ctx.state.refunds.filter((r) => r.outTradeNo === order.outTradeNo);
  if (ofOrder.length >= REFUND_MAX_PER_ORDER) return { error: PAY_ERRORS.refundTooMany };
  const committed = ofOrder.filter((r) => r.status === 'PROCESSING' || r.status === 'SUCCESS').reduce((sum, r) => sum + r.refundFen, 0);
  if (committed + refund > order.amountFen) return { error: PAY_ERRORS.refundOverAmount };
  const latest = ofOrder.reduce((max, r) => Math.max(max, Date.parse(r.createdAt)), -Infinity);
  if (now.getTime() - latest < REFUND_SPACING_MS) return { error: PAY_ERRORS.refundTooSoon };

  const record: PayRefundRecord = {
    outRefundNo,
    refundId: `503000${String(nextSerial(ctx) % 100_000).padStart(5, '0')}${beijingDigits(now).slice(0, 8)}${digits(10)}`,
    outTradeNo: order.outTradeNo,
    transactionId: order.transactionId!,
    refundFen: refund,
    totalFen: total,
    reason: (reason as string | undefined) ?? null,
    notifyUrl: (notifyUrl as string | undefined) ?? order.notifyUrl,
    status: 'PROCESSING',
    settlesAs: ctx.state.nextRefundAbnormal ? 'ABNORMAL' : 'SUCCESS',
    settlesAt: new Date(now.getTime() + ctx.settings.refundSettleSeconds * 1000).toISOString(),
    createdAt: now.toISOString(),
    successTime: null,
  };
  ctx.state.nextRefundAbnormal = false;
  ctx.state.refunds.push(record);
  order.state = 'REFUND';
  ctx.persist();
  return { ok: refundBody(record) };
}

export function findRefund(ctx: PayContext, outRefundNo: string): PayRefundRecord | undefined {
  return ctx.state.refunds.find((refund) => refund.outRefundNo === outRefundNo);
}

/** A refund as WeChat Pay answers a refund request or query. */
export function refundBody(refund: PayRefundRecord): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime ? { success_time: beijingTime(refund.successTime) } : {}),
    create_time: beijingTime(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      settlement_refund: refund.refundFen,
      settlement_total: refund.totalFen,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0,
    },
  };
}

/** GET /v3/refund/domestic/refunds/{out_refund_no}. */
export function queryRefund(ctx: PayContext, outRefundNo: string): Result<Record<string, unknown>> {
  const refund = findRefund(ctx, outRefundNo);
  return refund ? { ok: refundBody(refund) } : { error: PAY_ERRORS.refundNotExist };
}

/** Ends a PROCESSING refund (as it would on its own, or as a test says) and queues its notification. */
export function settleRefund(ctx: PayContext, refund: PayRefundRecord, status: PayRefundRecord['settlesAs'] = refund.settlesAs) {
  if (refund.status !== 'PROCESSING') return null;
  refund.status = status;
  if (status === 'SUCCESS') refund.successTime = ctx.now().toISOString();
  const eventType = `REFUND.${status}` as const;
  const notification = queueNotification(ctx, {
    eventType,
    url: refund.notifyUrl,
    subject: refund.outRefundNo,
    summary: { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' }[status],
    originalType: 'refund',
    resource: {
      mchid: ctx.settings.mchId,
      out_trade_no: refund.outTradeNo,
      transaction_id: refund.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_status: status,
      ...(refund.successTime ? { success_time: beijingTime(refund.successTime) } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: refund.totalFen, refund: refund.refundFen, payer_total: refund.totalFen, payer_refund: refund.refundFen },
    },
  });
  ctx.persist();
  return notification;
}

function queueNotification(
  ctx: PayContext,
  input: {
    eventType: PayNotificationRecord['eventType'];
    url: string;
    subject: string;
    summary: string;
    originalType: 'transaction' | 'refund';
    resource: Record<string, unknown>;
  },
): PayNotificationRecord {
  const now = ctx.now();
  const id = `EV-${beijingDigits(now)}${String(nextSerial(ctx)).padStart(8, '0')}`;
  const body = JSON.stringify({
    id,
    create_time: beijingTime(now.toISOString()),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: input.summary,
    resource: {
      original_type: input.originalType,
      ...encryptResource(JSON.stringify(input.resource), ctx.settings.apiV3Key, input.originalType),
    },
  });
  const notification: PayNotificationRecord = {
    id,
    eventType: input.eventType,
    url: input.url,
    body,
    subject: input.subject,
    createdAt: now.toISOString(),
    attempts: [],
    nextAttemptAt: now.toISOString(),
    answered: false,
  };
  ctx.state.notifications.push(notification);
  return notification;
}

const inFlight = new WeakSet<PayNotificationRecord>();

/**
 * Posts a notification once, freshly signed, and schedules the next attempt from WeChat Pay's
 * schedule unless the merchant answered 200 or 204. A replay (`replay`) of an answered
 * notification posts it again without touching its schedule: WeChat Pay may deliver twice.
 */
export async function attemptNotification(ctx: PayContext, notification: PayNotificationRecord, replay = false): Promise<void> {
  if (inFlight.has(notification)) return;
  inFlight.add(notification);
  try {
    const at = ctx.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await ctx.settings.deliver(notification.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signAnswer(ctx.settings.signer, notification.body, at) },
        body: notification.body,
      });
      status = response.status;
      await response.body?.cancel();
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    notification.attempts.push({ at: at.toISOString(), status, error });
    if (status === 200 || status === 204) {
      notification.answered = true;
      notification.nextAttemptAt = null;
    } else if (!notification.answered && !replay) {
      const wait = NOTIFY_RETRY_SECONDS[notification.attempts.length - 1];
      notification.nextAttemptAt =
        wait === undefined ? null : new Date(at.getTime() + wait * 1000 * ctx.settings.notifyTimeScale).toISOString();
    }
    ctx.persist();
  } finally {
    inFlight.delete(notification);
  }
}

/**
 * What time has brought: refunds whose processing time is over settle, then every notification
 * whose attempt is due is posted. Returns how many notifications were posted.
 */
export async function deliverDue(ctx: PayContext): Promise<number> {
  const now = ctx.now().getTime();
  for (const refund of ctx.state.refunds) {
    if (refund.status === 'PROCESSING' && Date.parse(refund.settlesAt) <= now) settleRefund(ctx, refund);
  }
  const due = ctx.state.notifications.filter(
    (notification) => notification.nextAttemptAt !== null && Date.parse(notification.nextAttemptAt) <= now,
  );
  for (const notification of due) await attemptNotification(ctx, notification);
  return due.length;
}

/** Whether paySign is the merchant's signature over appId, timeStamp, nonceStr and package, as WeChat's client checks. */
export function paySignIsValid(
  ctx: PayContext,
  order: PayOrderRecord,
  params: { timeStamp: string; nonceStr: string; package: string; paySign: string },
): boolean {
  return verifyLines(ctx.settings.merchantPublicKey, [order.appid, params.timeStamp, params.nonceStr, params.package], params.paySign);
}

/** GET /v3/certificates' list in platform-certificate mode: each certificate encrypted with the APIv3 key. */
export function certificateList(ctx: PayContext): Record<string, unknown> {
  return {
    data: [
      {
        serial_no: PLATFORM_CERTIFICATE_SERIAL,
        effective_time: '2024-01-01T08:00:00+08:00',
        expire_time: '2044-12-31T08:00:00+08:00',
        encrypt_certificate: encryptResource(EMULATOR_PLATFORM_CERTIFICATE, ctx.settings.apiV3Key, 'certificate'),
      },
    ],
  };
}
