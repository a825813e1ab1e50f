import type { Clock } from '../platform/clock.ts';

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

/** WeChat could not be reached or answered something that is not its JSON; the outcome is unknown. */
export class WechatUnreachableError extends Error {
  constructor(
    readonly api: string,
    cause: unknown,
  ) {
    super(`WeChat ${api} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WechatUnreachableError';
  }
}

export const WECHAT_ERRCODE = {
  invalidCredential: 40001,
  accessTokenExpired: 42001,
  /** The user holds no subscription for this template (or refused it). */
  subscriptionRefused: 43101,
} as const;

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

  async function call<T>(api: string, path: string, init: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown }): Promise<T> {
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
    const { errcode, errmsg } = payload as { errcode?: number; errmsg?: string };
    if (typeof errcode === 'number' && errcode !== 0) throw new WechatApiError(errcode, errmsg ?? '', api);
    return payload as T;
  }

  async function accessToken(forceRefresh = false): Promise<string> {
    const now = options.clock().getTime();
    if (!forceRefresh && cachedToken && cachedToken.expiresAtMs > now) return cachedToken.value;
    const result = await call<{ access_token: string; expires_in: number }>('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: options.appId, secret: options.appSecret, force_refresh: forceRefresh },
    });
    // Refresh five minutes early so a token never expires between this check and WeChat's.
    cachedToken = { value: result.access_token, expiresAtMs: now + (result.expires_in - 300) * 1000 };
    return cachedToken.value;
  }

  /** Calls an access-token API, refreshing the token once if WeChat says it is invalid or expired. */
  async function callWithToken<T>(api: string, path: string, body: unknown): Promise<T> {
    try {
      return await call<T>(api, path, { method: 'POST', query: { access_token: await accessToken() }, body });
    } catch (error) {
      const stale =
        error instanceof WechatApiError &&
        (STALE_TOKEN_ERRCODES as readonly number[]).includes(error.errcode);
      if (!stale) throw error;
      return call<T>(api, path, { method: 'POST', query: { access_token: await accessToken(true) }, body });
    }
  }

  return {
    async codeToSession(code) {
      // session_key is deliberately dropped here: nothing in Linli needs it and it must never leave the server.
      const result = await call<{ openid: string; unionid?: string }>('jscode2session', '/sns/jscode2session', {
        method: 'GET',
        query: { appid: options.appId, secret: options.appSecret, js_code: code, grant_type: 'authorization_code' },
      });
      return { openid: result.openid, unionid: result.unionid ?? null };
    },
    async getPhoneNumber(code) {
      const result = await callWithToken<{ phone_info: { purePhoneNumber: string; countryCode: string } }>(
        'getuserphonenumber',
        '/wxa/business/getuserphonenumber',
        { code },
      );
      return { purePhoneNumber: result.phone_info.purePhoneNumber, countryCode: result.phone_info.countryCode };
    },
    async sendSubscribeMessage(message) {
      const result = await callWithToken<{ msgid?: number | string }>('subscribeMessage.send', '/cgi-bin/message/subscribe/send', {
        touser: message.touser,
        template_id: message.templateId,
        page: message.page,
        data: message.data,
        miniprogram_state: message.miniprogramState,
        lang: 'zh_CN',
      });
      return { msgid: String(result.msgid ?? '') };
    },
  };
}
