import * as z from 'zod';
import type { Clock } from '../platform/clock.ts';
import { DependencyUnavailable } from '../platform/dependency-faults.ts';

/** WeChat answered with a non-zero errcode (its documented meaning is in `errcode`). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** WeChat could not be reached, timed out, or answered something that is not its JSON of the expected shape; the outcome is unknown. */
export class WechatUnreachableError extends DependencyUnavailable {
  constructor(
    readonly api: string,
    cause: unknown,
  ) {
    super('wechat', `WeChat ${api} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WechatUnreachableError';
  }
}

export const WECHAT_ERRCODE = {
  invalidCredential: 40001,
  accessTokenExpired: 42001,
  /** The user holds no subscription for this template (or refused it). */
  subscriptionRefused: 43101,
  /** getwxacodeunlimit: a page that does not exist in the published app, or one with a leading slash or a query. */
  invalidPage: 41030,
  /** getwxacodeunlimit: an empty or over-long scene. */
  invalidSceneLength: 40169,
  /** getwxacodeunlimit: a scene character outside WeChat's set. */
  invalidScene: 40129,
  invalidArgs: 40097,
  /** Call frequency limit reached. */
  frequencyLimit: 45009,
} as const;

/** Which build of the mini-program a 小程序码 opens. */
export type WxaCodeEnvVersion = 'release' | 'trial' | 'develop';

export interface WxaCodeRequest {
  /** Handed to the page as `options.scene` (URL-encoded): at most 32 of 0-9 A-Z a-z !#$&'()*+,/:;=?@-._~ */
  scene: string;
  /** A page of the app without a leading slash or query, e.g. `staff/pages/accept/index`; the home page when omitted. */
  page?: string;
  /** Whether WeChat checks that `page` exists in the published version (its default is true). */
  checkPath?: boolean;
  envVersion?: WxaCodeEnvVersion;
  /** Pixels, 280–1280 (WeChat's default 430). */
  width?: number;
}

/** A 小程序码 as WeChat drew it: JPEG unless transparency was asked for; trust `contentType`. */
export interface WxaCodeImage {
  contentType: 'image/jpeg' | 'image/png';
  image: Uint8Array;
}

/** Answers meaning "fetch a new access token and try again": unknown, malformed or expired token. */
const STALE_TOKEN_ERRCODES = [WECHAT_ERRCODE.invalidCredential, 40014, WECHAT_ERRCODE.accessTokenExpired] as const;

export interface WechatClient {
  codeToSession(code: string): Promise<{ openid: string; unionid: string | null }>;
  getPhoneNumber(code: string): Promise<{ purePhoneNumber: string; countryCode: string }>;
  sendSubscribeMessage(message: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
    miniprogramState: 'developer' | 'trial' | 'formal';
  }): Promise<{ msgid: string }>;
  /** wxacode.getUnlimited: a 小程序码 (any number of them) opening `page` with `scene`. */
  getUnlimitedWxaCode(request: WxaCodeRequest): Promise<WxaCodeImage>;
}

interface WechatClientOptions {
  apiBase: string;
  appId: string;
  appSecret: string;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The adapter over WeChat's server API. The same code talks to api.weixin.qq.com in the cloud
 * and to the project's emulator locally; only `apiBase` differs.
 */
export function createWechatClient(options: WechatClientOptions): WechatClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  let cachedToken: { value: string; expiresAtMs: number } | null = null;

  /**
   * One call answering JSON: WeChat's error (a non-zero errcode) is a WechatApiError; an answer that
   * is not JSON, or not of `schema`'s shape, is treated like no answer (WechatUnreachableError), so
   * nothing downstream is written from a broken answer.
   */
  async function call<T>(
    api: string,
    path: string,
    schema: z.ZodType<T>,
    init: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown },
  ): Promise<T> {
    const url = new URL(path, options.apiBase);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    let payload: unknown;
    try {
      const response = await doFetch(url, {
        method: init.method,
        headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      payload = await response.json();
    } catch (error) {
      throw new WechatUnreachableError(api, error);
    }
    const error = ErrorAnswer.safeParse(payload);
    if (error.success && error.data.errcode !== 0) throw new WechatApiError(error.data.errcode, error.data.errmsg ?? '', api);
    const answer = schema.safeParse(payload);
    if (!answer.success) throw new WechatUnreachableError(api, new Error(`answered JSON of another shape: ${answer.error.message}`));
    return answer.data;
  }

  async function accessToken(forceRefresh = false): Promise<string> {
    const now = options.clock().getTime();
    if (!forceRefresh && cachedToken && cachedToken.expiresAtMs > now) return cachedToken.value;
    const result = await call('stable_token', '/cgi-bin/stable_token', TokenAnswer, {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: forceRefresh },
    });
    // Refresh five minutes early so a token never expires between this check and WeChat's.
    cachedToken = { value: result.access_token, expiresAtMs: now + (result.expires_in - 300) * 1000 };
    return cachedToken.value;
  }

  /** Runs an access-token call, refreshing the token once if WeChat says it is invalid or expired. */
  async function withAccessToken<T>(attempt: (token: string) => Promise<T>): Promise<T> {
    try {
      return await attempt(await accessToken());
    } catch (error) {
      const stale = error instanceof WechatApiError && (STALE_TOKEN_ERRCODES as readonly number[]).includes(error.errcode);
      if (!stale) throw error;
      return attempt(await accessToken(true));
    }
  }

  async function callWithToken<T>(api: string, path: string, schema: z.ZodType<T>, body: unknown): Promise<T> {
    return withAccessToken((token) => call(api, path, schema, { method: 'POST', query: { access_token: token }, body }));
  }

  /** POSTs to an API that answers image bytes on success and WeChat's JSON error otherwise. */
  async function callForImage(api: string, path: string, token: string, body: unknown): Promise<WxaCodeImage> {
    const url = new URL(path, options.apiBase);
    url.searchParams.set('access_token', token);
    let contentType: string;
    let bytes: Uint8Array;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new WechatUnreachableError(api, error);
    }
    const image = imageType(bytes);
    if (image) return { contentType: image, image: bytes };
    let payload: { errcode?: unknown; errmsg?: unknown };
    try {
      payload = JSON.parse(new TextDecoder().decode(bytes)) as typeof payload;
    } catch {
      throw new WechatUnreachableError(api, new Error(`answered ${contentType || 'no content type'}: neither an image nor JSON`));
    }
    if (typeof payload.errcode === 'number' && payload.errcode !== 0) {
      throw new WechatApiError(payload.errcode, typeof payload.errmsg === 'string' ? payload.errmsg : '', api);
    }
    throw new WechatUnreachableError(api, new Error('answered JSON without an error instead of an image'));
  }

  return {
    async codeToSession(code) {
      // session_key is deliberately dropped here: nothing in Linli needs it and it must never leave the server.
      const result = await call('jscode2session', '/sns/jscode2session', SessionAnswer, {
        method: 'GET',
        query: { appid: options.appId, secret: options.appSecret, js_code: code, grant_type: 'authorization_code' },
      });
      return { openid: result.openid, unionid: result.unionid ?? null };
    },
    async getPhoneNumber(code) {
      const result = await callWithToken('getuserphonenumber', '/wxa/business/getuserphonenumber', PhoneAnswer, { code });
      return { purePhoneNumber: result.phone_info.purePhoneNumber, countryCode: result.phone_info.countryCode };
    },
    async sendSubscribeMessage(message) {
      const result = await callWithToken('subscribeMessage.send', '/cgi-bin/message/subscribe/send', SendAnswer, {
        touser: message.touser,
        template_id: message.templateId,
        page: message.page,
        data: message.data,
        miniprogram_state: message.miniprogramState,
        lang: 'zh_CN',
      });
      return { msgid: String(result.msgid ?? '') };
    },
    async getUnlimitedWxaCode(request) {
      const body = {
        scene: request.scene,
        ...(request.page === undefined ? {} : { page: request.page }),
        ...(request.checkPath === undefined ? {} : { check_path: request.checkPath }),
        ...(request.envVersion === undefined ? {} : { env_version: request.envVersion }),
        ...(request.width === undefined ? {} : { width: request.width }),
      };
      return withAccessToken((token) => callForImage('getwxacodeunlimit', '/wxa/getwxacodeunlimit', token, body));
    },
  };
}

// WeChat's answer shapes: only the fields Linli reads are required; the rest pass through.
const ErrorAnswer = z.object({ errcode: z.number(), errmsg: z.string().optional() });
const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const SessionAnswer = z.object({ openid: z.string().min(1), unionid: z.string().min(1).optional() });
const PhoneAnswer = z.object({ phone_info: z.object({ purePhoneNumber: z.string().min(1), countryCode: z.string() }) });
const SendAnswer = z.object({ msgid: z.union([z.number(), z.string()]).optional() });

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * The type of an image answer, or null when the answer is not a PNG or JPEG (then it is WeChat's
 * JSON error). Decided by the bytes' signature rather than Content-Type alone, so a mislabelled
 * answer can neither pass JSON off as an image nor hide an image.
 */
function imageType(bytes: Uint8Array): WxaCodeImage['contentType'] | null {
  const startsWith = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (startsWith(PNG_SIGNATURE)) return 'image/png';
  if (startsWith(JPEG_SIGNATURE)) return 'image/jpeg';
  return null;
}
