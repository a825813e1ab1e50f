import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { postSignedWebhook } from '../support/local-stack-calls.ts';

// The buyer's basics in the real H5 build: the tab bar (首页 / 积分商城 / 我的), 我的订单 from 我的
// and from the card's 订单数, and the avatar and nickname shown on the card.
const env = useBrowserStack();

// A real 1×1 PNG: Taro's H5 chooseImage loads each picked file as an image and drops what fails to load.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function postSigned(path: string, payload: unknown) {
  const posted = await postSignedWebhook(env.stack, path, payload);
  expect(posted.status).toBe(200);
  return posted.body;
}

async function logInAndJoin(page: Page, name: string) {
  await logInAs(page, env.h5.url, name);
  await page.getByTestId('join-invite').tap();
  await expect.poll(() => page.getByTestId('privacy-policy').isVisible(), { timeout: 15_000 }).toBe(true);
  await page.getByTestId('join-accept').tap();
  await page.getByTestId('join-done').tap();
  await expect.poll(() => page.getByTestId('member-card').isVisible(), { timeout: 15_000 }).toBe(true);
}

it('switches between 首页, 积分商城 and 我的 on the tab bar', async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-tabs');
  expect(await page.locator('.weui-tabbar__item').allTextContents()).toEqual(['首页', '积分商城', '我的']);

  await openTab(page, '积分商城');
  await expect.poll(() => page.getByTestId('mall-points').isVisible(), { timeout: 15_000 }).toBe(true);
  await openTab(page, '我的');
  await expect.poll(() => page.getByTestId('me-head').isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await page.getByTestId('link-orders').isVisible()).toBe(true);
  expect(await page.getByTestId('member-card').isVisible()).toBe(false);
  await openTab(page, '首页');
  await expect.poll(() => page.getByTestId('member-card').isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await page.getByTestId('me-head').isVisible()).toBe(false);
  await page.context().close();
}, 90_000);

it('shows 我的订单 from 我的 and from the card’s 订单数: items, amounts, a refund and the points', async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-orders');
  await postSigned('/v1/webhooks/orders', {
    orderId: 'e2e-orders-1',
    openid: 'o-e2e-orders',
    paidFen: 20_000,
    paidAt: new Date().toISOString(),
    items: [
      { sku: 'FRUIT-APPLE-5KG', name: '烟台红富士 5kg', category: 'fruit', qty: 1, unitPriceFen: 12_800 },
      { sku: 'EGG-30', name: '土鸡蛋 30枚', category: 'eggs', qty: 2, unitPriceFen: 3_600 },
    ],
  });
  await postSigned('/v1/webhooks/refunds', {
    refundId: 'e2e-orders-r1',
    orderId: 'e2e-orders-1',
    refundFen: 3_600,
    refundedAt: new Date().toISOString(),
  });

  await openTab(page, '我的');
  await page.getByTestId('link-orders').tap();
  const order = page.getByTestId('order').first();
  await expect
    .poll(() => order.getByTestId('order-item').allTextContents(), { timeout: 15_000 })
    .toEqual(['烟台红富士 5kg¥128.00 ×1', '土鸡蛋 30枚¥36.00 ×2']);
  expect(await order.getByTestId('order-paid').textContent()).toBe('实付 ¥200.00');
  expect(await order.getByTestId('order-status').textContent()).toBe('部分退款');
  expect(await order.getByTestId('order-refund').textContent()).toBe('已退款 ¥36.00');
  expect(await order.getByTestId('order-points').textContent()).toMatch(/^\+200 积分（待生效，\d+月\d+日 起可用） · 退款扣回 36 积分$/);
  expect(await order.textContent()).not.toContain('e2e-orders-1');

  // The card's 订单数 opens the same list.
  await page.goBack();
  await openTab(page, '首页');
  await expect.poll(() => page.getByTestId('member-order-count').textContent(), { timeout: 15_000 }).toBe('1');
  await page.getByTestId('member-orders').tap();
  await expect
    .poll(() => page.getByTestId('order').first().getByTestId('order-paid').textContent(), { timeout: 15_000 })
    .toBe('实付 ¥200.00');
  await page.context().close();
}, 90_000);

it('sets an avatar (uploaded to storage) and a nickname in 我的资料, and the card shows both', async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-avatar');
  await openTab(page, '我的');
  await page.getByTestId('link-profile').tap();

  // The H5 build has no WeChat avatar sheet: a file input, as complaint photos use.
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('avatar-choose').tap();
  await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
  await expect
    .poll(
      () =>
        page
          .getByTestId('avatar-image')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      {
        timeout: 15_000,
      },
    )
    .toBe(1);

  await page.getByTestId('nickname').tap();
  await page.getByTestId('nickname-input').locator('input').fill('  小满🍊 ');
  await page.getByTestId('nickname-save').tap();
  await expect.poll(() => page.getByTestId('nickname-value').textContent(), { timeout: 15_000 }).toBe('小满🍊');

  await page.goBack();
  await openTab(page, '首页');
  await expect.poll(() => page.getByTestId('member-nickname').textContent(), { timeout: 15_000 }).toBe('小满🍊');
  await expect
    .poll(
      () =>
        page
          .getByTestId('member-avatar')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      {
        timeout: 15_000,
      },
    )
    .toBe(1);
  await page.context().close();
}, 90_000);
