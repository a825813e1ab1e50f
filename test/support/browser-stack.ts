import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../dev/local-stack.ts';
import { seedDemoData } from '../../dev/seed-demo.ts';
import { runInsightNightly } from '../../functions/src/insight/nightly-scores.ts';
import { launchChromium } from './chromium.ts';
import { serveH5Build } from './h5-static-server.ts';

export interface BrowserStack {
  stack: LocalStack;
  h5: Awaited<ReturnType<typeof serveH5Build>>;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The real H5 build in Chromium against the real local stack (DynamoDB Local, the WeChat
 * emulator, the API), all on free ports.
 */
export async function startBrowserStack(): Promise<BrowserStack> {
  // The run's one DynamoDB Local (test/support/dynamodb-global-setup.ts), a table of this file's own.
  const stack = await startLocalStack({ sharedDynamo: { endpoint: inject('dynamoEndpoint'), tableName: `linli-e2e-${randomUUID()}` } });
  let h5: BrowserStack['h5'] | undefined;
  let browser: Browser;
  try {
    h5 = await serveH5Build({
      dir: resolve(import.meta.dirname, '../../miniapp/dist-h5'),
      apiBase: stack.apiUrl,
      wechatEmulator: stack.wechatUrl,
    });
    browser = await launchChromium();
  } catch (error) {
    // A missing build or browser must not leave DynamoDB Local running.
    await h5?.stop();
    await stack.stop();
    throw error;
  }
  return {
    stack,
    h5,
    browser,
    async stop() {
      await browser.close();
      await h5.stop();
      await stack.stop();
    },
  };
}

/**
 * Starts the browser stack before the calling file's tests and stops it after them. Its parts
 * are read inside tests (they exist only once beforeAll ran).
 */
export function useBrowserStack(): Pick<BrowserStack, 'stack' | 'h5' | 'browser'> {
  let running: BrowserStack | undefined;
  beforeAll(async () => {
    running = await startBrowserStack();
  }, 90_000);
  afterAll(() => running?.stop());
  const started = () => {
    if (!running) throw new Error('The browser stack is not running: read it inside a test');
    return running;
  };
  return {
    get stack() {
      return started().stack;
    },
    get h5() {
      return started().h5;
    },
    get browser() {
      return started().browser;
    },
  };
}

/**
 * The demo shop (`members` of its members, with a year of orders in recognisable patterns) scored
 * by the nightly job, as the first `npm start` leaves it: the browser stack itself does not seed.
 */
export async function seedScoredDemoShop(stack: LocalStack, members: number): Promise<void> {
  await seedDemoData(stack.deps, {
    members,
    grantInWechat: async (openid, templateId) => {
      const response = await fetch(`${stack.wechatUrl}/__emulator/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateIds: [templateId], result: 'accept' }),
      });
      if (!response.ok) throw new Error(`emulator refused the grant: ${response.status}`);
    },
  });
  await runInsightNightly(stack.deps);
}

/** Logs in on the H5 build's developer login form. */
export async function logInAs(page: Page, h5Url: string, name: string): Promise<void> {
  await page.goto(h5Url);
  await page.getByTestId('dev-login-name').locator('input').fill(name);
  await page.getByTestId('dev-login-submit').tap();
  // Logged in once the form is gone (the tab bar is there before: a tab opened now would still be logged out).
  await page.getByTestId('login-panel').waitFor({ state: 'detached', timeout: 15_000 });
}

/** Switches to a tab of the H5 build's tab bar (首页 / 积分商城 / 我的), as a tap on it does. */
export async function openTab(page: Page, label: '首页' | '积分商城' | '我的'): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: label }).tap();
}
