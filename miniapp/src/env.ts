// Build-time settings (config/index.ts fills them from TARO_APP_* with local defaults).
// A mini-program has no runtime environment, so these are read once here and nowhere else.
// The H5 build alone may also be pointed elsewhere at load time through window.__LINLI_CONFIG__,
// which a static server can inject (the browser test does: its stack runs on free ports).

interface RuntimeConfig {
  apiBase?: string;
  wechatEmulator?: string;
}

function runtimeConfig(): RuntimeConfig {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return {};
  return (window as unknown as { __LINLI_CONFIG__?: RuntimeConfig }).__LINLI_CONFIG__ ?? {};
}

function origin(value: string | undefined, fallback: string): string {
  return (value || fallback).replace(/\/+$/, '');
}

const runtime = runtimeConfig();

/** Origin of the Linli API. */
export const API_BASE = origin(runtime.apiBase ?? process.env.TARO_APP_API_BASE, 'http://127.0.0.1:3000');

/** Origin of the local WeChat emulator (H5 build only). */
export const WECHAT_EMULATOR = origin(runtime.wechatEmulator ?? process.env.TARO_APP_WECHAT_EMULATOR, 'http://127.0.0.1:3100');
