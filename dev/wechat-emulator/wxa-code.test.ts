import { describe, expect, it } from 'vitest';
import { loadAppPages } from './app-pages.ts';
import { wxaCodeContent, wxaCodeModules } from './wxa-code.ts';
import { emulatorUnderTest, readGreyscalePng, readQrModules, type EmulatorUnderTest } from './test-support.ts';

const ACCEPT_PAGE = 'staff/pages/accept/index';
const SCENE = '7K3M9QXT2VHC8RWD5YNB4FJG6P';
const APP_PAGES = ['pages/index/index', ACCEPT_PAGE];

async function drawCode(emulator: EmulatorUnderTest, body: unknown, token?: string) {
  const accessToken = token ?? (await emulator.stableToken());
  return emulator.app.request(`/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(accessToken)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errcodeOf(response: Response): Promise<number> {
  expect(response.headers.get('content-type')).toContain('application/json');
  return ((await response.json()) as { errcode: number }).errcode;
}

describe('POST /wxa/getwxacodeunlimit', () => {
  it('answers a PNG of the requested width holding a QR code of page?scene=…', async () => {
    const emulator = emulatorUnderTest();

    const response = await drawCode(emulator, { scene: SCENE, page: ACCEPT_PAGE, check_path: false, env_version: 'develop', width: 430 });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = new Uint8Array(await response.arrayBuffer());
    const image = readGreyscalePng(png);
    expect([image.width, image.height]).toEqual([430, 430]);
    const expected = wxaCodeModules(`${ACCEPT_PAGE}?scene=${SCENE}`);
    expect(readQrModules(png, expected.length)).toEqual(expected);
  });

  it('opens the home page without a page, and keeps the width within 280–1280', async () => {
    const emulator = emulatorUnderTest({ appPages: APP_PAGES });

    const small = await drawCode(emulator, { scene: 'a=1', width: 100 });
    const large = await drawCode(emulator, { scene: 'a=2', width: 5000 });

    expect(readGreyscalePng(new Uint8Array(await small.arrayBuffer())).width).toBe(280);
    expect(readGreyscalePng(new Uint8Array(await large.arrayBuffer())).width).toBe(1280);
    expect(emulator.state.wxaCodes.map((code) => code.page)).toEqual(['pages/index/index', 'pages/index/index']);
  });

  it('URL-encodes the scene in what the code says, as WeChat hands it to the page', () => {
    expect(wxaCodeContent(ACCEPT_PAGE, 'id=7&k=x')).toBe(`${ACCEPT_PAGE}?scene=id%3D7%26k%3Dx`);
  });

  it('takes every character WeChat allows in a scene, up to 32 of them', async () => {
    const emulator = emulatorUnderTest();
    for (const scene of ["!#$&'()*+,/:;=?@-._~", 'x'.repeat(32)]) {
      expect((await drawCode(emulator, { scene, page: ACCEPT_PAGE })).headers.get('content-type'), scene).toBe('image/png');
    }
  });

  it.each([
    ['a scene over 32 characters', 40169, { scene: 'x'.repeat(33), page: ACCEPT_PAGE }],
    ['an empty scene', 40169, { scene: '', page: ACCEPT_PAGE }],
    ['no scene', 40169, { page: ACCEPT_PAGE }],
    ['a scene with % (WeChat takes no URL-encoding)', 40129, { scene: 'a%3D1', page: ACCEPT_PAGE }],
    ['a scene in Chinese', 40129, { scene: '邀请', page: ACCEPT_PAGE }],
    ['a page with a leading slash', 41030, { scene: SCENE, page: `/${ACCEPT_PAGE}` }],
    ['a page with a query', 41030, { scene: SCENE, page: `${ACCEPT_PAGE}?code=${SCENE}` }],
    ['a page the app does not have', 41030, { scene: SCENE, page: 'pages/nowhere/index' }],
    ['an unknown env_version', 40097, { scene: SCENE, page: ACCEPT_PAGE, env_version: 'beta' }],
    ['a check_path that is not a boolean', 40097, { scene: SCENE, page: ACCEPT_PAGE, check_path: 'false' }],
    ['a width that is not a number', 40097, { scene: SCENE, page: ACCEPT_PAGE, width: '430' }],
  ])('refuses %s with %i and draws nothing', async (_case, errcode, body) => {
    const emulator = emulatorUnderTest({ appPages: APP_PAGES });

    expect(await errcodeOf(await drawCode(emulator, body))).toBe(errcode);
    expect(emulator.state.wxaCodes).toEqual([]);
  });

  it('takes a page the published app does not have yet when check_path is false', async () => {
    const emulator = emulatorUnderTest({ appPages: APP_PAGES });

    const response = await drawCode(emulator, { scene: SCENE, page: 'staff/pages/new/index', check_path: false, env_version: 'develop' });

    expect(response.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a missing, unknown or expired access token', async () => {
    const emulator = emulatorUnderTest();
    const body = JSON.stringify({ scene: SCENE, page: ACCEPT_PAGE });
    const token = await emulator.stableToken();

    expect(await errcodeOf(await emulator.app.request('/wxa/getwxacodeunlimit', { method: 'POST', body }))).toBe(41001);
    expect(await errcodeOf(await drawCode(emulator, body, 'made-up'))).toBe(40001);
    emulator.clock.advanceSeconds(7200);
    expect(await errcodeOf(await drawCode(emulator, body, token))).toBe(42001);
  });

  it('answers 44002 for an empty body, 47001 for one that is not JSON, and 43002 for GET', async () => {
    const emulator = emulatorUnderTest();

    expect(await errcodeOf(await drawCode(emulator, ''))).toBe(44002);
    expect(await errcodeOf(await drawCode(emulator, 'scene=1'))).toBe(47001);
    expect(await errcodeOf(await emulator.app.request('/wxa/getwxacodeunlimit?access_token=x'))).toBe(43002);
  });

  it('records each code, newest first under /__emulator/wxacodes and on the page with a scannable image', async () => {
    const emulator = emulatorUnderTest();
    await drawCode(emulator, { scene: 'first', page: ACCEPT_PAGE, check_path: false, env_version: 'develop' });
    emulator.clock.advanceSeconds(60);
    await drawCode(emulator, { scene: 'second', page: ACCEPT_PAGE });

    const listed = (await emulator.getJson('/__emulator/wxacodes')) as unknown as Array<Record<string, unknown>>;
    const html = await (await emulator.app.request('/')).text();

    expect(listed).toEqual([
      { scene: 'second', page: ACCEPT_PAGE, checkPath: true, envVersion: 'release', width: 430, createdAt: '2025-03-01T00:01:00.000Z' },
      { scene: 'first', page: ACCEPT_PAGE, checkPath: false, envVersion: 'develop', width: 430, createdAt: '2025-03-01T00:00:00.000Z' },
    ]);
    expect(html).toContain('<h2>小程序码</h2>');
    expect(html.indexOf('second')).toBeLessThan(html.indexOf('first'));
    expect(html).toContain(`${ACCEPT_PAGE}?scene=second`);
    expect(html.match(/<img alt="小程序码" src="data:image\/png;base64,/g)).toHaveLength(2);
  });
});

describe('POST /__emulator/failures', () => {
  it('makes the next calls to a path answer the error asked for, then lets them through', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();

    const queued = await emulator.app.request('/__emulator/failures', {
      method: 'POST',
      body: JSON.stringify({ path: '/wxa/getwxacodeunlimit', errcode: 45009, errmsg: 'reach max api minute quota limit', times: 2 }),
    });

    expect(queued.status).toBe(200);
    const first = (await (await drawCode(emulator, { scene: SCENE, page: ACCEPT_PAGE }, token)).json()) as {
      errcode: number;
      errmsg: string;
    };
    expect(first).toEqual({ errcode: 45009, errmsg: expect.stringMatching(/^reach max api minute quota limit rid: /) });
    expect(await errcodeOf(await drawCode(emulator, { scene: SCENE, page: ACCEPT_PAGE }, token))).toBe(45009);
    expect((await drawCode(emulator, { scene: SCENE, page: ACCEPT_PAGE }, token)).headers.get('content-type')).toBe('image/png');
  });

  it('leaves other paths alone, and DELETE clears what is queued', async () => {
    const emulator = emulatorUnderTest();
    await emulator.postJson('/__emulator/failures', { path: '/wxa/getwxacodeunlimit', errcode: 45009 });

    expect(await emulator.stableToken()).toMatch(/^emu-stable_/);
    expect(await (await emulator.app.request('/__emulator/failures', { method: 'DELETE' })).json()).toEqual({ ok: true, deleted: 1 });
    expect((await drawCode(emulator, { scene: SCENE, page: ACCEPT_PAGE })).headers.get('content-type')).toBe('image/png');
  });

  it.each([
    ['no path', { errcode: 45009 }],
    ['an emulator control as the path', { path: '/__emulator/messages', errcode: 45009 }],
    ['errcode 0', { path: '/wxa/getwxacodeunlimit', errcode: 0 }],
    ['times 0', { path: '/wxa/getwxacodeunlimit', errcode: 45009, times: 0 }],
  ])('refuses %s with HTTP 400', async (_case, body) => {
    const emulator = emulatorUnderTest();

    const response = await emulator.app.request('/__emulator/failures', { method: 'POST', body: JSON.stringify(body) });

    expect(response.status).toBe(400);
    expect(emulator.state.forcedFailures).toEqual([]);
  });
});

describe('loadAppPages', () => {
  it("reads the mini-program's pages, home page first and subpackage pages under their root", async () => {
    const pages = await loadAppPages();

    expect(pages[0]).toBe('pages/index/index');
    expect(pages).toContain(ACCEPT_PAGE);
    expect(pages).toContain('staff/pages/team/index');
  });
});
