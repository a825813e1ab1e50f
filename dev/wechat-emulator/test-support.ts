import { crc32, inflateSync } from 'node:zlib';
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

export function emulatorUnderTest(options: { stateFile?: string; appPages?: readonly string[] } = {}): EmulatorUnderTest {
  const clock = new ManualClock();
  const emulator = createWechatEmulator({ appId: APP_ID, appSecret: APP_SECRET, now: clock.now, ...options });
  const getJson = async (path: string) => (await (await emulator.app.request(path)).json()) as Record<string, unknown>;
  const postJson = async (path: string, body: unknown) => {
    const init = {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    };
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

/**
 * Reads back a PNG as the emulator writes it (8-bit greyscale, filter None): checks the signature
 * and every chunk's CRC, then gives the pixels. A test-side decoder, so a broken encoder fails.
 */
export function readGreyscalePng(png: Uint8Array): { width: number; height: number; shade(x: number, y: number): number } {
  const bytes = Buffer.from(png);
  // Written out here rather than taken from png.ts, so a wrong constant there cannot agree with itself.
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('no PNG signature');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length))
      throw new Error(`bad CRC in ${type}`);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  if (header[8] !== 8 || header[9] !== 0 || header[12] !== 0) throw new Error('not 8-bit greyscale without interlace');
  const raw = inflateSync(Buffer.concat(data));
  if (raw.length !== (width + 1) * height) throw new Error(`expected ${(width + 1) * height} bytes of pixels, got ${raw.length}`);
  for (let y = 0; y < height; y++) if (raw[y * (width + 1)] !== 0) throw new Error(`row ${y} uses a filter this reader does not undo`);
  return { width, height, shade: (x, y) => raw[y * (width + 1) + 1 + x]! };
}

/**
 * The QR modules in a greyscale image holding one QR code with `count` modules a side: the dark
 * pixels' bounding box is the symbol (its corners are finder patterns), sampled at each centre.
 */
export function readQrModules(png: Uint8Array, count: number): boolean[][] {
  const image = readGreyscalePng(png);
  let [left, top, right, bottom] = [image.width, image.height, -1, -1];
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.shade(x, y) >= 128) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  const step = (right - left + 1) / count;
  return Array.from({ length: count }, (_, row) =>
    Array.from(
      { length: count },
      (_, col) => image.shade(Math.floor(left + (col + 0.5) * step), Math.floor(top + (row + 0.5) * step)) < 128,
    ),
  );
}
