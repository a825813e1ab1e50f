import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { EmulatorContext } from './context.ts';
import { deviceRoutes } from './device-api.ts';
import { errorBody, WECHAT_ERRORS } from './errors.ts';
import { renderMessagesPage } from './messages-page.ts';
import { payApiRoutes } from './pay/pay-api.ts';
import { payControlRoutes } from './pay/pay-controls.ts';
import { deliverDue, paySettings, type PayContext, type PaySettings, type WechatPayEmulatorOptions } from './pay/pay-engine.ts';
import { serverApiRoutes } from './server-api.ts';
import { emptyState, loadState, saveState, type WechatEmulatorState } from './state.ts';

/**
 * A local stand-in for api.weixin.qq.com. Linli's WeChat adapter points its base URL here in
 * development and tests, so the same adapter code runs against the emulator and WeChat.
 */

export type { IssuedWxaCode, SentMessage, WechatEmulatorState } from './state.ts';
export type { PayMode, WechatPayEmulatorOptions } from './pay/pay-engine.ts';
export { NOTIFY_RETRY_SECONDS } from './pay/pay-engine.ts';
export type { PayNotificationRecord, PayOrderRecord, PayRefundRecord } from './pay/pay-state.ts';
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
  /** WeChat Pay API v3 (/v3/…): signing mode, keys, the notification schedule's scale, how notifications are posted. */
  pay?: WechatPayEmulatorOptions;
}

export interface WechatEmulator {
  app: Hono;
  state: WechatEmulatorState;
  pay: {
    settings: PaySettings;
    /**
     * Settles refunds whose processing time is over and posts every notification due at the
     * emulator's clock; tests call it after moving the clock (a running emulator does it every
     * 250 ms). Returns how many notifications were posted.
     */
    deliverDue(): Promise<number>;
  };
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

  const payContext: PayContext = {
    appId: options.appId,
    state: state.pay,
    settings: paySettings(options.pay),
    now: ctx.now,
    persist: ctx.persist,
  };

  const app = new Hono();
  app.get('/', (c) => c.html(renderMessagesPage(state.messages, state.wxaCodes, state.pay)));
  app.route('/__emulator/pay', payControlRoutes(payContext));
  app.route('/__emulator', deviceRoutes(ctx));
  app.route('/', payApiRoutes(payContext));
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
  return { app, state, pay: { settings: payContext.settings, deliverDue: () => deliverDue(payContext) } };
}

/** How often a running emulator looks for due refunds and notifications. */
const PAY_TICK_MS = 250;

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
  const { app, state, pay } = createWechatEmulator(options);
  const host = options.host ?? '127.0.0.1';
  // WeChat Pay's side of time: refunds settle and notifications are retried as their moments come.
  let ticking = false;
  const payTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    pay
      .deliverDue()
      .catch((error: unknown) => console.error('[wechat-emulator] notification delivery failed', error))
      .finally(() => (ticking = false));
  }, PAY_TICK_MS);
  payTimer.unref();
  return new Promise((resolveStart, rejectStart) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port }, (info) => {
      server.off('error', rejectStart);
      resolveStart({
        url: `http://${host}:${info.port}`,
        port: info.port,
        state,
        stop: () => {
          clearInterval(payTimer);
          return closeServer(server as Server);
        },
      });
    });
    server.once('error', (error) => {
      clearInterval(payTimer);
      rejectStart(error);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose, rejectClose) => {
    server.close((error) => (error ? rejectClose(error) : resolveClose()));
    // Keep-alive connections would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
