import { describe, expect, it } from 'vitest';
import { createWechatEmulator } from '../../dev/wechat-emulator/index.ts';
import { wxaCodeModules } from '../../dev/wechat-emulator/wxa-code.ts';
import { readGreyscalePng, readQrModules } from '../../dev/wechat-emulator/test-support.ts';
import { createWechatClient, WechatApiError, WechatUnreachableError } from '../../functions/src/wechat/client.ts';
import { testClock } from '../support/test-clock.ts';

// The WeChat adapter's 小程序码 call against the project's emulator, over the adapter's real fetch
// path (the emulator answers in-process); every WeChat call is recorded.
const APP_ID = 'wxadaptertest0001';
const APP_SECRET = 'adapter-test-secret';
const ACCEPT_PAGE = 'staff/pages/accept/index';
const CODE = '7K3M9QXT2VHC8RWD5YNB4FJG6P';

interface Call {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

function adapterOverEmulator(options: { appPages?: readonly string[]; answer?: (call: Call) => Response | undefined } = {}) {
  const clock = testClock('2026-11-23T02:00:00.000Z');
  const emulator = createWechatEmulator({ appId: APP_ID, appSecret: APP_SECRET, now: clock, appPages: options.appPages });
  const calls: Call[] = [];
  const wechat = createWechatClient({
    apiBase: 'http://wechat.test',
    appId: APP_ID,
    appSecret: APP_SECRET,
    clock,
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const call = { path: url.pathname, query: url.searchParams, body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown> };
      calls.push(call);
      return options.answer?.(call) ?? emulator.app.fetch(new Request(input, init));
    },
  });
  const forceFailure = (errcode: number, times = 1) =>
    emulator.app.request('/__emulator/failures', {
      method: 'POST',
      body: JSON.stringify({ path: '/wxa/getwxacodeunlimit', errcode, times }),
    });
  const codeCalls = () => calls.filter((call) => call.path === '/wxa/getwxacodeunlimit');
  return { wechat, emulator, calls, codeCalls, forceFailure };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

describe('getUnlimitedWxaCode', () => {
  it("sends WeChat's field names and answers the PNG the emulator drew for page?scene=…", async () => {
    const { wechat, codeCalls } = adapterOverEmulator();

    const drawn = await wechat.getUnlimitedWxaCode({ scene: CODE, page: ACCEPT_PAGE, checkPath: false, envVersion: 'develop', width: 300 });

    expect(codeCalls()[0]!.body).toEqual({ scene: CODE, page: ACCEPT_PAGE, check_path: false, env_version: 'develop', width: 300 });
    expect(codeCalls()[0]!.query.get('access_token')).toMatch(/^emu-stable_/);
    expect(drawn.contentType).toBe('image/png');
    expect(Array.from(drawn.image.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readGreyscalePng(drawn.image).width).toBe(300);
    const expected = wxaCodeModules(`${ACCEPT_PAGE}?scene=${CODE}`);
    expect(readQrModules(drawn.image, expected.length)).toEqual(expected);
  });

  it("leaves out what the caller left out, so WeChat's defaults apply", async () => {
    const { wechat, codeCalls } = adapterOverEmulator();

    await wechat.getUnlimitedWxaCode({ scene: CODE });

    expect(codeCalls()[0]!.body).toEqual({ scene: CODE });
  });

  it('reuses the cached access token across calls', async () => {
    const { wechat, calls } = adapterOverEmulator();

    await wechat.getUnlimitedWxaCode({ scene: 'a' });
    await wechat.getUnlimitedWxaCode({ scene: 'b' });

    expect(calls.map((call) => call.path)).toEqual(['/cgi-bin/stable_token', '/wxa/getwxacodeunlimit', '/wxa/getwxacodeunlimit']);
  });

  it('on 40001 (the token was revoked elsewhere) force-refreshes the token once and retries', async () => {
    const { wechat, emulator, calls, codeCalls } = adapterOverEmulator();
    await wechat.getUnlimitedWxaCode({ scene: 'warm-up' });
    const staleToken = codeCalls()[0]!.query.get('access_token');
    // Another process force-refreshes the stable token: the adapter's cached one is now 40001.
    await emulator.app.request('/cgi-bin/stable_token', {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, force_refresh: true }),
    });

    const drawn = await wechat.getUnlimitedWxaCode({ scene: CODE, page: ACCEPT_PAGE });

    expect(drawn.contentType).toBe('image/png');
    expect(calls.map((call) => call.path)).toEqual([
      '/cgi-bin/stable_token',
      '/wxa/getwxacodeunlimit',
      '/wxa/getwxacodeunlimit',
      '/cgi-bin/stable_token',
      '/wxa/getwxacodeunlimit',
    ]);
    expect(calls[3]!.body.force_refresh).toBe(true);
    expect(codeCalls()[1]!.query.get('access_token')).toBe(staleToken);
    expect(codeCalls()[2]!.query.get('access_token')).not.toBe(staleToken);
  });

  it("retries a stale token only once: a second 40001 is the caller's error", async () => {
    const { wechat, codeCalls, forceFailure } = adapterOverEmulator();
    await forceFailure(40001, 2);

    const error = await failureOf(wechat.getUnlimitedWxaCode({ scene: CODE }));

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40001, api: 'getwxacodeunlimit' });
    expect(codeCalls()).toHaveLength(2);
  });

  it("refuses a scene over 32 characters with WeChat's 40169, without retrying", async () => {
    const { wechat, codeCalls } = adapterOverEmulator();

    const error = await failureOf(wechat.getUnlimitedWxaCode({ scene: `${CODE}-ABCDEF`, page: ACCEPT_PAGE }));

    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40169 });
    expect(codeCalls()).toHaveLength(1);
  });

  it('surfaces 41030 for a page the released app does not have, and 45009 when WeChat limits the rate', async () => {
    const { wechat, forceFailure } = adapterOverEmulator({ appPages: ['pages/index/index', ACCEPT_PAGE] });

    expect(await failureOf(wechat.getUnlimitedWxaCode({ scene: CODE, page: 'staff/pages/new/index' }))).toMatchObject({ errcode: 41030 });
    await forceFailure(45009);
    expect(await failureOf(wechat.getUnlimitedWxaCode({ scene: CODE, page: ACCEPT_PAGE }))).toMatchObject({ errcode: 45009 });
  });

  it('takes a JPEG by its signature whatever the Content-Type says', async () => {
    const jpeg = Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46);
    const { wechat } = adapterOverEmulator({
      answer: (call) =>
        call.path === '/wxa/getwxacodeunlimit' ? new Response(jpeg, { headers: { 'content-type': 'text/plain' } }) : undefined,
    });

    const drawn = await wechat.getUnlimitedWxaCode({ scene: CODE });

    expect(drawn).toEqual({ contentType: 'image/jpeg', image: jpeg });
  });

  it.each([
    ['an HTML error page', () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })],
    ['JSON without an errcode', () => Response.json({ ok: true })],
    [
      'a broken connection',
      (): Response => {
        throw new TypeError('fetch failed');
      },
    ],
  ])('reports %s as unreachable, not as an image', async (_case, answer) => {
    const { wechat } = adapterOverEmulator({ answer: (call) => (call.path === '/wxa/getwxacodeunlimit' ? answer() : undefined) });

    expect(await failureOf(wechat.getUnlimitedWxaCode({ scene: CODE }))).toBeInstanceOf(WechatUnreachableError);
  });
});
