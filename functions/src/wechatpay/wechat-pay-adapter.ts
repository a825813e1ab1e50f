import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import * as z from 'zod';
import { shanghaiRfc3339 } from '@linli/shared/time';
import type { Clock } from '../platform/clock.ts';
import { platformCertificateCache, normalSerial, readCertificateList, type PlatformCertificate } from './platform-certificates.ts';
import { answerMessage, authorizationHeader, decryptResource, paySignMessage, rsaSign, rsaVerify } from './signatures.ts';
import {
  WechatPayApiError,
  WechatPayNotificationRefused,
  WechatPayUnreachableError,
  type NotificationRefusal,
  type PayNotification,
  type PayRefund,
  type PaySignatureHeaders,
  type PayTransaction,
  type WechatPayClient,
} from './wechat-pay-client.ts';

export interface WechatPayClientOptions {
  /** https://api.mch.weixin.qq.com in the cloud; the emulator locally. */
  apiBase: string;
  /** The mini-program's appid the payer pays in. */
  appId: string;
  mchId: string;
  /** The serial number of the merchant API certificate whose private key signs requests. */
  merchantSerialNo: string;
  /** The merchant API private key, PEM (PKCS#8 as the console issues it, or PKCS#1). */
  merchantPrivateKey: string;
  /** 32 ASCII characters: decrypts notifications and platform certificates. */
  apiV3Key: string;
  /** The WeChat Pay public key's id (PUB_KEY_ID_…); null in platform-certificate mode. */
  publicKeyId: string | null;
  /** The WeChat Pay public key, PEM; '' in platform-certificate mode. */
  wechatPayPublicKey: string;
  /** Where WeChat Pay posts payment and refund notifications. */
  notifyUrl: string;
  clock: Clock;
  fetch?: typeof fetch;
  /**
   * Each call gives up after this long and reports the outcome unknown (WechatPayUnreachableError).
   * 5 s by default: half the API function's 10 s, so a route that meets a silent WeChat Pay still
   * answers WECHAT_PAY_UNAVAILABLE itself.
   */
  timeoutMs?: number;
  /** Nonces for signatures; tests fix them to compare with an independent signer. */
  nonce?: () => string;
}

/** WeChat Pay refuses answers and notifications signed more than 5 minutes from now; so does Linli. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;

/**
 * The adapter over WeChat Pay API v3. The same code talks to api.mch.weixin.qq.com in the cloud and
 * to the project's emulator locally; only `apiBase` and the keys differ. Every answer is verified
 * before anything in it is believed: an unsigned or badly signed answer is treated like no answer
 * (outcome unknown), never as WeChat Pay's word.
 */
export function createWechatPayClient(options: WechatPayClientOptions): WechatPayClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const clock = options.clock;
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex').toUpperCase());
  const merchantKey = createPrivateKey(options.merchantPrivateKey);
  const wechatPayPublicKey: KeyObject | null =
    options.publicKeyId && options.wechatPayPublicKey ? createPublicKey(options.wechatPayPublicKey) : null;
  const certificates = platformCertificateCache({ fetchList: fetchPlatformCertificates, now: clock });

  interface Answer {
    status: number;
    body: string;
    headers: PaySignatureHeaders;
  }

  /** Sends one signed request; throws WechatPayUnreachableError when no answer came in time. */
  async function send(api: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const url = new URL(path, options.apiBase);
    const text = body === undefined ? '' : JSON.stringify(body);
    const authorization = authorizationHeader({
      mchId: options.mchId,
      serialNo: options.merchantSerialNo,
      privateKey: merchantKey,
      method,
      pathAndQuery: url.pathname + url.search,
      timestamp: Math.floor(clock().getTime() / 1000),
      nonce: nonce(),
      body: text,
    });
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // Raced against the signal too, so a fetch that ignores it (an in-process app) still times out.
      return await untilAborted(signal, async () => {
        const response = await doFetch(url, {
          method,
          headers: {
            authorization,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : text,
          signal,
        });
        return {
          status: response.status,
          body: await response.text(),
          headers: {
            timestamp: response.headers.get('wechatpay-timestamp') ?? undefined,
            nonce: response.headers.get('wechatpay-nonce') ?? undefined,
            signature: response.headers.get('wechatpay-signature') ?? undefined,
            serial: response.headers.get('wechatpay-serial') ?? undefined,
          },
        };
      });
    } catch (error) {
      throw new WechatPayUnreachableError(api, error);
    }
  }

  /**
   * Why a signed message is not WeChat Pay's, or null when it is. `fetched`: check against these
   * certificates only (a certificate list is checked with the certificates it carries).
   */
  async function signatureRefusal(
    headers: PaySignatureHeaders,
    body: string,
    fetched?: readonly PlatformCertificate[],
  ): Promise<NotificationRefusal | null> {
    const { timestamp, nonce: signedNonce, signature, serial } = headers;
    if (!timestamp || !signedNonce || !signature || !serial) return 'missing-headers';
    if (!/^\d{1,12}$/.test(timestamp)) return 'malformed';
    if (Math.abs(clock().getTime() / 1000 - Number(timestamp)) > SIGNATURE_MAX_AGE_SECONDS) return 'stale';
    const key = await keyForSerial(serial, fetched);
    if (!key) return 'unknown-key';
    return rsaVerify(key, answerMessage(timestamp, signedNonce, body), signature) ? null : 'bad-signature';
  }

  /** The key Wechatpay-Serial names: the configured public key for PUB_KEY_ID_…, else a platform certificate. */
  async function keyForSerial(serial: string, fetched: readonly PlatformCertificate[] | undefined): Promise<KeyObject | null> {
    // During a switch between modes WeChat Pay signs either way, so both are always accepted.
    if (serial.startsWith('PUB_KEY_ID_')) return serial === options.publicKeyId ? wechatPayPublicKey : null;
    if (fetched) return fetched.find((certificate) => certificate.serialNo === normalSerial(serial))?.publicKey ?? null;
    return certificates.keyFor(serial);
  }

  /**
   * GET /v3/certificates: the platform certificates, decrypted. The answer is signed by one of the
   * certificates it carries, so it is checked with them before any is kept (as WeChat Pay's own
   * certificate downloader does). A merchant on public-key mode has none (404): an empty list.
   */
  async function fetchPlatformCertificates(): Promise<PlatformCertificate[]> {
    const api = 'certificates';
    const answer = await send(api, 'GET', '/v3/certificates');
    if (answer.status === 200) {
      const list = readCertificateList(parseJson(api, answer.body, CertificateListAnswer).data, options.apiV3Key);
      await requireSigned(api, answer, list);
      return list;
    }
    await requireSigned(api, answer, []);
    if (answer.status === 404) return [];
    throw new WechatPayUnreachableError(api, new Error(`answered ${answer.status} ${answer.body.slice(0, 200)}`));
  }

  async function requireSigned(api: string, answer: Answer, fetched?: readonly PlatformCertificate[]): Promise<void> {
    let refusal: NotificationRefusal | null;
    try {
      refusal = await signatureRefusal(answer.headers, answer.body, fetched);
    } catch (error) {
      throw new WechatPayUnreachableError(api, error);
    }
    if (refusal) throw new WechatPayUnreachableError(api, new Error(`answer not signed by WeChat Pay (${refusal})`));
  }

  /**
   * One API call: signed request, verified answer. 5xx means WeChat Pay itself does not know the
   * outcome (SYSTEM_ERROR: retry with the same parameters), so it is reported as unreachable. A
   * success is believed only when signed. An error answer is checked when it carries a signature;
   * WeChat Pay does not promise to sign errors, and its own SDKs (Go, Java) read them unverified,
   * so an unsigned one is taken as its code says.
   */
  async function call<T>(api: string, method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const answer = await send(api, method, path, body);
    if (answer.status >= 500) {
      throw new WechatPayUnreachableError(api, new Error(`answered ${answer.status} ${answer.body.slice(0, 200)}`));
    }
    const signedError = answer.status >= 400 && Object.values(answer.headers).some((value) => value !== undefined);
    if (answer.status < 400 || signedError) await requireSigned(api, answer);
    if (answer.status >= 400) {
      const error = ErrorAnswer.safeParse(safeJson(answer.body));
      if (!error.success) throw new WechatPayUnreachableError(api, new Error(`answered ${answer.status} without an error body`));
      throw new WechatPayApiError(answer.status, error.data.code, api, error.data.message ?? '');
    }
    return parseJson(api, answer.body === '' ? '{}' : answer.body, schema);
  }

  return {
    async createJsapiOrder(order) {
      const answer = await call('jsapi', 'POST', '/v3/pay/transactions/jsapi', PrepayAnswer, {
        appid: options.appId,
        mchid: options.mchId,
        description: order.description,
        out_trade_no: order.outTradeNo,
        time_expire: shanghaiRfc3339(order.expiresAt),
        ...(order.attach === undefined ? {} : { attach: order.attach }),
        notify_url: options.notifyUrl,
        amount: { total: order.amountFen, currency: 'CNY' },
        payer: { openid: order.payerOpenid },
      });
      return { prepayId: answer.prepay_id };
    },

    requestPaymentParams(prepayId) {
      const timeStamp = String(Math.floor(clock().getTime() / 1000));
      const nonceStr = nonce();
      const pkg = `prepay_id=${prepayId}`;
      const paySign = rsaSign(merchantKey, paySignMessage({ appId: options.appId, timeStamp, nonceStr, package: pkg }));
      return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
    },

    async queryOrder(outTradeNo) {
      const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(options.mchId)}`;
      try {
        return toTransaction(await call('query-order', 'GET', path, TransactionAnswer));
      } catch (error) {
        if (error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST') return null;
        throw error;
      }
    },

    async closeOrder(outTradeNo) {
      const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`;
      await call('close-order', 'POST', path, z.unknown(), { mchid: options.mchId });
    },

    async createRefund(refund) {
      const answer = await call('refund', 'POST', '/v3/refund/domestic/refunds', RefundAnswer, {
        out_trade_no: refund.outTradeNo,
        out_refund_no: refund.outRefundNo,
        reason: refund.reason,
        notify_url: options.notifyUrl,
        amount: { refund: refund.refundFen, total: refund.totalFen, currency: 'CNY' },
      });
      return toRefund(answer, answer.status);
    },

    async queryRefund(outRefundNo) {
      try {
        const answer = await call('query-refund', 'GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, RefundAnswer);
        return toRefund(answer, answer.status);
      } catch (error) {
        if (error instanceof WechatPayApiError && error.code === 'RESOURCE_NOT_EXISTS') return null;
        throw error;
      }
    },

    async readNotification({ headers, body }) {
      let refusal: NotificationRefusal | null;
      try {
        refusal = await signatureRefusal(headers, body);
      } catch {
        // The certificate list could not be fetched: the key is unknown for now; WeChat Pay retries.
        refusal = 'unknown-key';
      }
      if (refusal) throw new WechatPayNotificationRefused(refusal);
      const envelope = NotificationEnvelope.safeParse(safeJson(body));
      if (!envelope.success) throw new WechatPayNotificationRefused('malformed');
      let plaintext: string;
      try {
        plaintext = decryptResource(envelope.data.resource, options.apiV3Key);
      } catch {
        throw new WechatPayNotificationRefused('undecryptable');
      }
      return notificationOf(envelope.data, safeJson(plaintext), options);
    },
  };
}

/** Rejects when `signal` aborts, whether or not `run` listens to it. */
function untilAborted<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    run()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson<T>(api: string, text: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(safeJson(text));
  if (!parsed.success) throw new WechatPayUnreachableError(api, new Error(`answered an unreadable body: ${text.slice(0, 200)}`));
  return parsed.data;
}

// WeChat Pay's answer shapes: only the fields Linli reads are required; the rest pass through.
const ErrorAnswer = z.object({ code: z.string().min(1), message: z.string().optional() });
const PrepayAnswer = z.object({ prepay_id: z.string().min(1) });
const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
const TransactionAnswer = z.object({
  appid: z.string().optional(),
  mchid: z.string().optional(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.enum(TRADE_STATES),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int().optional(), payer_total: z.number().int().optional() }).optional(),
});
const REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] as const;
const RefundAmount = z.object({ total: z.number().int(), refund: z.number().int() });
const RefundAnswer = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  status: z.enum(REFUND_STATUSES),
  success_time: z.string().optional(),
  amount: RefundAmount,
});
const CertificateListAnswer = z.object({
  data: z.array(
    z.object({
      serial_no: z.string(),
      effective_time: z.string().optional(),
      expire_time: z.string().optional(),
      encrypt_certificate: z.object({
        algorithm: z.string(),
        ciphertext: z.string(),
        associated_data: z.string().optional(),
        nonce: z.string(),
      }),
    }),
  ),
});
const NotificationEnvelope = z.object({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    associated_data: z.string().optional(),
    nonce: z.string(),
    original_type: z.string().optional(),
  }),
});
/** A refund notification's plaintext: like a refund answer, but its status is `refund_status`. */
const RefundNotificationResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: z.string().optional(),
  amount: RefundAmount,
});

function toTransaction(answer: z.infer<typeof TransactionAnswer>): PayTransaction {
  return {
    outTradeNo: answer.out_trade_no,
    transactionId: answer.transaction_id || null,
    tradeState: answer.trade_state,
    amountFen: answer.amount?.total ?? 0,
    payerTotalFen: answer.trade_state === 'SUCCESS' || answer.trade_state === 'REFUND' ? (answer.amount?.payer_total ?? null) : null,
    payerOpenid: answer.payer?.openid || null,
    successTime: answer.success_time ? new Date(answer.success_time).toISOString() : null,
  };
}

function toRefund(
  answer: { out_trade_no: string; out_refund_no: string; refund_id: string; success_time?: string; amount: z.infer<typeof RefundAmount> },
  status: PayRefund['status'],
): PayRefund {
  return {
    outTradeNo: answer.out_trade_no,
    outRefundNo: answer.out_refund_no,
    refundId: answer.refund_id,
    status,
    refundFen: answer.amount.refund,
    totalFen: answer.amount.total,
    successTime: answer.success_time ? new Date(answer.success_time).toISOString() : null,
  };
}

/** The decrypted resource read as the event says, for this merchant (and app) only. */
function notificationOf(
  envelope: z.infer<typeof NotificationEnvelope>,
  resource: unknown,
  merchant: { mchId: string; appId: string },
): PayNotification {
  const createTime = new Date(envelope.create_time);
  if (Number.isNaN(createTime.getTime())) throw new WechatPayNotificationRefused('malformed');
  const base = { id: envelope.id, createTime: createTime.toISOString() };
  if (envelope.event_type === 'TRANSACTION.SUCCESS') {
    const transaction = TransactionAnswer.safeParse(resource);
    if (!transaction.success || transaction.data.mchid !== merchant.mchId || transaction.data.appid !== merchant.appId) {
      throw new WechatPayNotificationRefused('malformed');
    }
    return { ...base, eventType: 'TRANSACTION.SUCCESS', transaction: toTransaction(transaction.data) };
  }
  if (envelope.event_type === 'REFUND.SUCCESS' || envelope.event_type === 'REFUND.ABNORMAL' || envelope.event_type === 'REFUND.CLOSED') {
    const refund = RefundNotificationResource.safeParse(resource);
    if (!refund.success || refund.data.mchid !== merchant.mchId) throw new WechatPayNotificationRefused('malformed');
    return { ...base, eventType: envelope.event_type, refund: toRefund(refund.data, refund.data.refund_status) };
  }
  throw new WechatPayNotificationRefused('malformed');
}
