import { createWechatEmulator, type WechatEmulator } from './index.ts';

/** Shared set-up for the emulator's tests: a movable clock and calls shaped like the adapter's. */

export const APP_ID = 'wxtest0000000001';
export const APP_SECRET = 'test-app-secret';
export const TEMPLATE = 'tmpl-birthday-greeting';

export class ManualClock {
  private ms: number;
  constructor(iso = '2025-03-01T00:00:00.000Z') {
    this.ms = Date.parse(iso);
  }
  readonly now = (): Date => new Date(this.ms);
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface EmulatorUnderTest extends WechatEmulator {
  clock: ManualClock;
  getJson(path: string): Promise<Record<string, unknown>>;
  postJson(path: string, body: unknown): Promise<Record<string, unknown>>;
  stableToken(forceRefresh?: boolean): Promise<string>;
  subscribe(openid: string, templateIds: string[], result?: 'accept' | 'reject'): Promise<Record<string, unknown>>;
  send(token: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function emulatorUnderTest(options: { stateFile?: string } = {}): EmulatorUnderTest {
  const clock = new ManualClock();
  const emulator = createWechatEmulator({ appId: APP_ID, appSecret: APP_SECRET, now: clock.now, ...options });
  const getJson = async (path: string) => (await (await emulator.app.request(path)).json()) as Record<string, unknown>;
  const postJson = async (path: string, body: unknown) => {
    const init = { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    return (await (await emulator.app.request(path, init)).json()) as Record<string, unknown>;
  };
  return {
    ...emulator,
    clock,
    getJson,
    postJson,
    stableToken: async (forceRefresh = false) => {
      const body = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, force_refresh: forceRefresh };
      return (await postJson('/cgi-bin/stable_token', body)).access_token as string;
    },
    subscribe: (openid, templateIds, result = 'accept') => postJson('/__emulator/subscribe', { openid, templateIds, result }),
    send: (token, body) => postJson(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, body),
  };
}

/** A subscribe-message body that WeChat accepts. */
export function birthdayMessage(openid = 'o-alice'): Record<string, unknown> {
  return {
    touser: openid,
    template_id: TEMPLATE,
    page: 'pages/member/index?from=birthday',
    miniprogram_state: 'developer',
    lang: 'zh_CN',
    data: { thing1: { value: '生日快乐' }, time2: { value: '2025-03-01 08:00' } },
  };
}
