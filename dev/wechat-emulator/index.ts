import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { EmulatorContext } from './context.ts';
import { deviceRoutes } from './device-api.ts';
import { errorBody, WECHAT_ERRORS } from './errors.ts';
import { renderMessagesPage } from './messages-page.ts';
import { serverApiRoutes } from './server-api.ts';
import { emptyState, loadState, saveState, type WechatEmulatorState } from './state.ts';

/**
 * A local stand-in for api.weixin.qq.com. Linli's WeChat adapter points its base URL here in
 * development and tests, so the same adapter code runs against the emulator and WeChat.
 */

export type { IssuedWxaCode, SentMessage, WechatEmulatorState } from './state.ts';
export { loadAppPages } from './app-pages.ts';

export interface WechatEmulatorOptions {
  appId: string;
  appSecret: string;
  /** The clock; tests inject one to move time forward. */
  now?: () => Date;
  /** Keep sent messages and authorisations in this JSON file across restarts. */
  stateFile?: string;
  /**
   * The published app's pages (`loadAppPages()` reads the mini-program's): getwxacodeunlimit
   * answers 41030 for any other page unless check_path is false. Any page passes when omitted.
   */
  appPages?: readonly string[];
}

export interface WechatEmulator {
  app: Hono;
  state: WechatEmulatorState;
}

/** Builds the emulator's Hono app and the state behind it. */
export function createWechatEmulator(options: WechatEmulatorOptions): WechatEmulator {
  const { stateFile } = options;
  const state = stateFile ? loadState(stateFile) : emptyState();
  const ctx: EmulatorContext = {
    appId: options.appId,
    appSecret: options.appSecret,
    state,
    now: options.now ?? (() => new Date()),
    appPages: options.appPages,
    persist: stateFile ? () => saveState(stateFile, state) : () => {},
  };

  const app = new Hono();
  app.get('/', (c) => c.html(renderMessagesPage(state.messages, state.wxaCodes)));
  app.route('/__emulator', deviceRoutes(ctx));
  app.route('/', serverApiRoutes(ctx));
  app.notFound((c) =>
    c.req.path.startsWith('/__emulator/')
      ? c.json({ error: `no emulator control at ${c.req.method} ${c.req.path}` }, 404)
      : // WeChat answers an unknown API path with 40066 rather than an HTTP 404.
        c.json(errorBody(WECHAT_ERRORS.invalidUrl)),
  );
  app.onError((error, c) => {
    console.error('[wechat-emulator]', error);
    return c.json(errorBody({ errcode: -1, errmsg: 'system error' }), 500);
  });
  return { app, state };
}

export interface StartWechatEmulatorOptions extends WechatEmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningWechatEmulator {
  url: string;
  port: number;
  state: WechatEmulatorState;
  stop(): Promise<void>;
}

/** Starts the emulator over HTTP (127.0.0.1 unless told otherwise). */
export function startWechatEmulator(options: StartWechatEmulatorOptions): Promise<RunningWechatEmulator> {
  const { app, state } = createWechatEmulator(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolveStart, rejectStart) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port }, (info) => {
      server.off('error', rejectStart);
      resolveStart({ url: `http://${host}:${info.port}`, port: info.port, state, stop: () => closeServer(server as Server) });
    });
    server.once('error', rejectStart);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose, rejectClose) => {
    server.close((error) => (error ? rejectClose(error) : resolveClose()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
