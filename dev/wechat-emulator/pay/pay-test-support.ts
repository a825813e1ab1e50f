import { LOCAL_SECRETS, readConfig } from '../../../functions/src/config/config.ts';
import { wechatPayClientFor } from '../../../functions/src/runtime.ts';
import type { PayNotification, WechatPayClient } from '../../../functions/src/wechatpay/wechat-pay-client.ts';
import { createWechatEmulator, type PayMode, type WechatEmulator } from '../index.ts';
import { ManualClock } from '../test-support.ts';

/**
 * Linli's WeChat Pay adapter, configured as the local stack configures it, talking to an
 * in-process emulator; notifications go to a stand-in merchant that reads them with the adapter
 * and answers what the test says.
 */
export interface PayUnderTest {
  emulator: WechatEmulator;
  clock: ManualClock;
  adapter: WechatPayClient;
  /** Every notification the merchant read (verified and decrypted), in order. */
  received: PayNotification[];
  /** Every post the merchant got: when, and what it answered. */
  posts: Array<{ at: string; status: number }>;
  /** What the merchant answers the next posts (a queue; 204 once empty). */
  answers: number[];
  control(path: string, body?: unknown, method?: string): Promise<{ status: number; json: Record<string, unknown> }>;
}

export const NOTIFY_URL = 'https://linli.example.com/v1/wechatpay/notify';

export function payUnderTest(options: { mode?: PayMode; notifyTimeScale?: number; timeoutMs?: number } = {}): PayUnderTest {
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const mode = options.mode ?? 'public-key';
  const config = readConfig({
    WECHAT_PAY_NOTIFY_URL: NOTIFY_URL,
    ...(mode === 'platform-certificate' ? { WECHAT_PAY_PUBLIC_KEY_ID: 'none' } : {}),
  });
  const secrets = mode === 'platform-certificate' ? { ...LOCAL_SECRETS, wechatPayPublicKey: '' } : LOCAL_SECRETS;
  const received: PayNotification[] = [];
  const posts: PayUnderTest['posts'] = [];
  const answers: number[] = [];
  // The stand-in merchant reads notifications with the adapter, which needs the emulator first.
  const late: { adapter?: WechatPayClient } = {};
  const emulator = createWechatEmulator({
    appId: config.wechat.appId,
    appSecret: LOCAL_SECRETS.wechatAppSecret,
    now: clock.now,
    pay: {
      mode,
      notifyTimeScale: options.notifyTimeScale,
      deliver: async (url, init) => {
        if (url !== NOTIFY_URL) throw new Error(`posted to ${url}`);
        const headers = new Headers(init.headers);
        const status = answers.shift() ?? 204;
        posts.push({ at: clock.now().toISOString(), status });
        received.push(
          await late.adapter!.readNotification({
            headers: {
              timestamp: headers.get('wechatpay-timestamp') ?? undefined,
              nonce: headers.get('wechatpay-nonce') ?? undefined,
              signature: headers.get('wechatpay-signature') ?? undefined,
              serial: headers.get('wechatpay-serial') ?? undefined,
            },
            body: String(init.body),
          }),
        );
        return new Response(null, { status });
      },
    },
  });
  const adapter = wechatPayClientFor(config, secrets, clock.now, {
    fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    timeoutMs: options.timeoutMs ?? 200,
  });
  late.adapter = adapter;
  return {
    emulator,
    clock,
    adapter,
    received,
    posts,
    answers,
    async control(path, body, method = body === undefined ? 'GET' : 'POST') {
      const response = await emulator.app.request(`/__emulator/pay${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
  };
}

/** An order as a group-buy join makes one: 19.90 元, payable for 15 minutes. */
export function sampleOrder(clock: ManualClock, outTradeNo = 'GB20261123000001') {
  return {
    outTradeNo,
    description: '拼团-赣南脐橙 5 斤',
    amountFen: 1990,
    payerOpenid: 'o-alice',
    expiresAt: new Date(clock.now().getTime() + 15 * 60_000),
    attach: 'campaign-1',
  };
}
