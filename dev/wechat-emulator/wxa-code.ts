import qrcode from 'qrcode-generator';
import { WECHAT_ERRORS, type WechatError } from './errors.ts';
import { encodeGreyscalePng } from './png.ts';
import type { IssuedWxaCode, WechatEmulatorState } from './state.ts';

/**
 * getUnlimitedQRCode (POST /wxa/getwxacodeunlimit): WeChat draws a round 小程序码 that only WeChat
 * can read and answers the image bytes. The emulator checks the request as WeChat does and draws
 * an ordinary QR code of `page?scene=…` instead, so a phone camera, a browser tab or a test can
 * read what WeChat would pass to the page (`options.scene`).
 */

export const WXA_CODE_ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export type WxaCodeEnvVersion = (typeof WXA_CODE_ENV_VERSIONS)[number];

export interface WxaCodeRequest {
  scene: string;
  page: string;
  checkPath: boolean;
  envVersion: WxaCodeEnvVersion;
  width: number;
}

const MAX_SCENE_LENGTH = 32;
/** "只支持数字，大小写英文以及部分特殊字符：!#$&'()*+,/:;=?@-._~" — note: no %, so no URL-encoding. */
const SCENE_CHARACTERS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
/** A page path as WeChat takes it: no leading slash, no query ("参数请放在 scene 字段里"). */
const PAGE_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const DEFAULT_WIDTH = 430;
const MIN_WIDTH = 280;
const MAX_WIDTH = 1280;
/** QR codes want four modules of white around them to be found by a scanner. */
const QUIET_ZONE_MODULES = 4;

/**
 * Checks a getwxacodeunlimit body. `appPages` are the pages of the published app: with
 * check_path true (WeChat's default) the page must be one of them; without the list any
 * well-formed page passes, as with check_path false.
 */
export function parseWxaCodeRequest(
  body: Record<string, unknown>,
  appPages: readonly string[] | undefined,
): { request: WxaCodeRequest } | { error: WechatError } {
  const { scene, page, check_path: checkPath, env_version: envVersion, width } = body;
  if (envVersion !== undefined && !WXA_CODE_ENV_VERSIONS.includes(envVersion as WxaCodeEnvVersion))
    return { error: WECHAT_ERRORS.invalidArgs };
  if (checkPath !== undefined && typeof checkPath !== 'boolean') return { error: WECHAT_ERRORS.invalidArgs };
  if (width !== undefined && (typeof width !== 'number' || !Number.isFinite(width))) return { error: WECHAT_ERRORS.invalidArgs };
  if (typeof scene !== 'string' || scene === '' || scene.length > MAX_SCENE_LENGTH) return { error: WECHAT_ERRORS.invalidSceneLength };
  if (!SCENE_CHARACTERS.test(scene)) return { error: WECHAT_ERRORS.invalidScene };
  // No page (or an empty one) opens the home page, as on WeChat.
  const target = page === undefined || page === '' ? (appPages?.[0] ?? 'pages/index/index') : page;
  if (typeof target !== 'string' || !PAGE_PATH.test(target)) return { error: WECHAT_ERRORS.invalidPage };
  const checked = checkPath !== false;
  if (checked && appPages && !appPages.includes(target)) return { error: WECHAT_ERRORS.invalidPage };
  return {
    request: {
      scene,
      page: target,
      checkPath: checked,
      envVersion: (envVersion as WxaCodeEnvVersion | undefined) ?? 'release',
      width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round((width as number | undefined) ?? DEFAULT_WIDTH))),
    },
  };
}

/** What the emulator's code says when read: the page and the scene WeChat would hand it. */
export function wxaCodeContent(page: string, scene: string): string {
  return `${page}?scene=${encodeURIComponent(scene)}`;
}

/** The QR module matrix (true = dark) of a 小程序码's content, as the emulator draws it. */
export function wxaCodeModules(content: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(content);
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)));
}

/** A width × width PNG of the code, the modules scaled to whole pixels and centred in white. */
export function drawWxaCode(request: Pick<WxaCodeRequest, 'page' | 'scene' | 'width'>): Buffer {
  const modules = wxaCodeModules(wxaCodeContent(request.page, request.scene));
  const count = modules.length;
  const scale = Math.max(1, Math.floor(request.width / (count + 2 * QUIET_ZONE_MODULES)));
  const offset = Math.floor((request.width - count * scale) / 2);
  return encodeGreyscalePng(request.width, request.width, (x, y) => {
    const row = Math.floor((y - offset) / scale);
    const col = Math.floor((x - offset) / scale);
    const dark = y >= offset && x >= offset && row < count && col < count && modules[row]![col]!;
    return dark ? 0 : 255;
  });
}

/** Draws the code and keeps it in the history the emulator's page lists. */
export function issueWxaCode(state: WechatEmulatorState, request: WxaCodeRequest, now: Date): Buffer {
  const image = drawWxaCode(request);
  const issued: IssuedWxaCode = { ...request, createdAt: now.toISOString() };
  state.wxaCodes.push(issued);
  return image;
}
