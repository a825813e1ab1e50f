// Runs the real weapp build (miniapp/dist) inside miniprogram-simulate: WeChat's own component
// framework (exparser, via j-component) renders the wcc-compiled WXML of Taro's output. Only the
// host is faked: App/getApp/getCurrentPages/Page and the parts of `wx` a test cares about.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const WEAPP_DIST = path.resolve(__dirname, '../../miniapp/dist');

/** Fails with an actionable message instead of a module-not-found deep inside the simulator. */
export function assertWeappBuilt(distDir = WEAPP_DIST): void {
  if (!existsSync(path.join(distDir, 'app.json')) || !existsSync(path.join(distDir, 'app.js'))) {
    throw new Error(
      `No weapp build in ${distDir}. Run \`npm run build:weapp\` first; this test loads its output and builds nothing itself.`,
    );
  }
}

/** What the simulated wx.chooseAddress answers, in WeChat's field names. */
export const SIMULATED_ADDRESS = {
  userName: '李阿姨',
  postalCode: '310012',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '文三路 100 号 2 幢 301 室',
  nationalCode: '330106',
  telNumber: '13912345678',
} as const;

export interface CannedResponse {
  statusCode: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  url: string;
  header: Record<string, string>;
  data: unknown;
}

interface FakeWxOptions {
  /** Initial storage (e.g. the session under 'linli.session'). */
  storage?: Record<string, unknown>;
  /** Answers keyed by "METHOD /path" (the query string is ignored); a function answers each call afresh. */
  routes?: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>;
  /** More of `wx` (e.g. chooseMedia, uploadFile), as the test needs it. */
  wx?: Record<string, unknown>;
}

interface WxRequestOptions {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
  success?: (result: { statusCode: number; data: unknown; header: Record<string, string>; errMsg: string }) => void;
  fail?: (error: { errMsg: string }) => void;
  complete?: (result: unknown) => void;
}

interface SimulatedComponent {
  dom: HTMLElement;
  data: Record<string, unknown>;
  attach(parent: Element): void;
  detach(): void;
  querySelector(selector: string): SimulatedComponent | null;
  querySelectorAll(selector: string): SimulatedComponent[];
  /** Fires a WeChat event (e.g. 'tap') on this node, asynchronously, as j-component does. */
  dispatchEvent(eventName: string, options?: Record<string, unknown>): void;
}

export interface LoadedPage {
  root: SimulatedComponent;
  requests: RecordedRequest[];
  storage: Map<string, unknown>;
  /** Polls until `check` returns a value (not undefined/false/null), or fails after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
}

type Simulate = {
  load(pathOrDefinition: string | Record<string, unknown>, options?: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimulatedComponent;
};

let simulate: Simulate | undefined;

function loadSimulator(): Simulate {
  if (simulate) return simulate;
  simulate = require('miniprogram-simulate') as Simulate;
  // The simulator registers built-in tags without properties; give <image> its src and mode, and
  // <input> its value and whether it is disabled, so a test can read what the page asked WeChat to show.
  simulate.load({
    id: 'image',
    tagName: 'wx-image',
    template: '<slot/>',
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' } },
  });
  simulate.load({
    id: 'input',
    tagName: 'wx-input',
    template: '<slot/>',
    properties: { value: { type: String, value: '' }, disabled: { type: Boolean, value: false } },
  });
  return simulate;
}

/** Forget every dist module and webpack chunk, so each load starts Taro from scratch. */
function forgetDistModules(distDir: string, wx: Record<string, unknown>): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(distDir + path.sep)) delete require.cache[key];
  // Taro's webpack runtime keeps its chunk queue on wx; a stale queue would replay old chunks.
  delete wx.webpackJsonp;
}

/**
 * Launches the app and opens one page, like WeChat would: App() → onLaunch/onShow, then the
 * page's Page() options driven through onLoad → onShow → onReady.
 */
export function openPage(pagePath: string, options: FakeWxOptions & { query?: Record<string, string>; distDir?: string } = {}): LoadedPage {
  const distDir = options.distDir ?? WEAPP_DIST;
  assertWeappBuilt(distDir);
  const sim = loadSimulator();
  const host = globalThis as Record<string, any>;

  const storage = new Map<string, unknown>(Object.entries(options.storage ?? {}));
  const requests: RecordedRequest[] = [];
  const routes = options.routes ?? {};

  Object.assign(host.wx, {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    login: (callbacks: { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      const result = { code: 'simulated-code', errMsg: 'login:ok' };
      setTimeout(() => {
        callbacks.success?.(result);
        callbacks.complete?.(result);
      }, 0);
    },
    request: (request: WxRequestOptions) => {
      const method = (request.method ?? 'GET').toUpperCase();
      const { pathname } = new URL(request.url);
      let data: unknown = request.data;
      if (typeof data === 'string' && data) data = JSON.parse(data);
      requests.push({ method, url: request.url, header: request.header ?? {}, data });
      const route = routes[`${method} ${pathname}`];
      const canned = (typeof route === 'function' ? route(data) : route) ?? {
        statusCode: 404,
        body: { error: { code: 'NOT_FOUND', message: `No canned response for ${method} ${pathname}` } },
      };
      // Answer asynchronously, as WeChat does.
      setTimeout(() => {
        const result = { statusCode: canned.statusCode, data: structuredClone(canned.body), header: {}, errMsg: 'request:ok' };
        request.success?.(result);
        request.complete?.(result);
      }, 0);
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} };
    },
    // WeChat's address book answers the buyer's default address (a test overrides it through options.wx).
    chooseAddress: (callbacks: { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
      setTimeout(() => callbacks.success?.({ ...SIMULATED_ADDRESS, errMsg: 'chooseAddress:ok' }), 0);
    },
    ...options.wx,
  });

  let app: Record<string, any> | undefined;
  const pages: unknown[] = [];
  const query = options.query ?? {};
  host.App = (config: Record<string, any>) => {
    app = config;
  };
  host.getApp = () => app;
  host.getCurrentPages = () => pages;
  // miniprogram-simulate loads components; a page becomes a component whose attach runs the page lifecycle.
  host.Page = (pageOptions: Record<string, any>) => {
    const methods: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pageOptions)) (typeof value === 'function' ? methods : fields)[key] = value;
    host.Component({
      data: pageOptions.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          Object.assign(this, fields, { route: pagePath, __route__: pagePath, options: query });
          pages.push(this);
          pageOptions.onLoad?.call(this, { ...query });
          pageOptions.onShow?.call(this);
          pageOptions.onReady?.call(this);
        },
        detached(this: Record<string, unknown>) {
          pageOptions.onUnload?.call(this);
          pages.splice(pages.indexOf(this), 1);
        },
      },
    });
  };

  forgetDistModules(distDir, host.wx);
  require(path.join(distDir, 'app.js'));
  if (!app) throw new Error('app.js did not call App()');
  const launch = { path: pagePath, query, scene: 1001 };
  app.onLaunch?.call(app, launch);
  app.onShow?.call(app, launch);

  const id = sim.load(path.join(distDir, pagePath), { rootPath: distDir });
  const root = sim.render(id);
  root.attach(document.createElement('parent-wrapper'));

  return {
    root,
    requests,
    storage,
    async waitFor(check, what, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Page now shows:\n${root.dom.textContent}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

/** The id WeChat knows a node by (its WXML id: Taro's generated one, or the React `id` the page gave it). */
export function wxmlId(node: { dom: HTMLElement }): string | undefined {
  return (node as unknown as { _exparserNode?: { id?: string } })._exparserNode?.id;
}

/**
 * The wx calls a page with charts makes, answering no canvas node: its charts stay undrawn (insight-dashboard.test.ts
 * draws them for real) and its figures are read as text. A 375-pixel phone at 2×.
 */
export function undrawnCharts() {
  const query = {
    in: () => query,
    select: () => ({ fields: () => query, boundingClientRect: () => query }),
    exec: (callback: (results: unknown[]) => void) => setTimeout(() => callback([null]), 0),
  };
  return {
    createSelectorQuery: () => query,
    getWindowInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 812 }),
    onWindowResize: () => {},
    offWindowResize: () => {},
  };
}

export const text = (page: LoadedPage, selector: string) => page.root.querySelector(selector)?.dom.textContent ?? undefined;

/** The texts of every node matching `selector`, in document order. */
export const texts = (page: LoadedPage, selector: string) => page.root.querySelectorAll(selector).map((node) => node.dom.textContent);

/** wx.showModal answering as the operator would; records what was asked. */
export function modal(answer: boolean, asked: string[]) {
  return (options: { content: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    asked.push(options.content);
    const result = { confirm: answer, cancel: !answer, errMsg: 'showModal:ok' };
    setTimeout(() => {
      options.success?.(result);
      options.complete?.(result);
    }, 0);
  };
}

/** What a page answered WeChat's privacy listener (wx.onNeedPrivacyAuthorization's resolve). */
export interface PrivacyResolve {
  event: 'exposureAuthorization' | 'agree' | 'disagree';
  buttonId?: string;
}

/**
 * WeChat's privacy APIs (base library 2.32.3+) for a mini-program whose privacy guide is declared:
 * getPrivacySetting answers `needAuthorization` until the user agrees; a privacy-protected call made
 * meanwhile (requirePrivacyAuthorize here, or `ask` for a button WeChat holds, e.g. getPhoneNumber)
 * goes to the page's onNeedPrivacyAuthorization listener and waits for its resolve: 'agree' (with the
 * agree button's id) lets it go on, 'disagree' makes it fail. Pass `wx` to openPage.
 */
export function wechatPrivacy(options: { needAuthorization: boolean; contractName?: string }) {
  const state = {
    needAuthorization: options.needAuthorization,
    /** Every resolve the page called, in order. */
    answers: [] as PrivacyResolve[],
    /** How often the guide was opened (wx.openPrivacyContract). */
    opened: 0,
    listener: null as null | ((resolve: (answer: PrivacyResolve) => void, info: { referrer: string }) => void),
  };
  const later = (callback: () => void) => setTimeout(callback, 0);
  /** What WeChat does when a protected API or button is used: asks the listener, if the user must still agree. */
  const ask = (referrer: string): Promise<boolean> => {
    if (!state.needAuthorization) return Promise.resolve(true);
    const listener = state.listener;
    if (!listener) throw new Error('The page registered no onNeedPrivacyAuthorization listener');
    return new Promise((done) => {
      listener(
        (answer) => {
          state.answers.push(answer);
          if (answer.event === 'agree') {
            state.needAuthorization = false;
            done(true);
          } else if (answer.event === 'disagree') done(false);
        },
        { referrer },
      );
    });
  };
  const wx = {
    getPrivacySetting: (callbacks: { success?: (r: unknown) => void }) =>
      later(() =>
        callbacks.success?.({
          needAuthorization: state.needAuthorization,
          privacyContractName: options.contractName ?? '《邻里会员小程序隐私保护指引》',
          errMsg: 'getPrivacySetting:ok',
        }),
      ),
    openPrivacyContract: (callbacks: { success?: (r: unknown) => void }) => {
      state.opened += 1;
      later(() => callbacks.success?.({ errMsg: 'openPrivacyContract:ok' }));
    },
    onNeedPrivacyAuthorization: (listener: NonNullable<typeof state.listener>) => {
      state.listener = listener;
    },
    requirePrivacyAuthorize: (callbacks: { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
      void ask('requirePrivacyAuthorize').then((agreed) =>
        agreed
          ? callbacks.success?.({ errMsg: 'requirePrivacyAuthorize:ok' })
          : callbacks.fail?.({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' }),
      );
    },
  };
  return { wx, state, ask };
}
