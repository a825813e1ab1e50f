import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { getTagCatalogEntry } from '../../functions/src/insight/tags-repository.ts';
import { receiveOrder } from '../../functions/src/orders/receive-order.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// 客户查询 → 客户画像 in the real H5 build: a supervisor finds a member by part of the nickname,
// opens the profile (phone masked, orders, complaints, messages, consent), and adds and removes a
// manual tag, the catalog counting along.
const env = useBrowserStack();

/** Calls the stack's API as the mini-program would. */
async function api(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${env.stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** A member who joined, named themselves, bound a phone, bought once and filed one complaint. */
async function demoMember(): Promise<void> {
  const { token } = (await api('POST', '/v1/auth/wechat', { code: `dev-e2e-c360-buyer.${randomUUID().slice(0, 8)}` })) as { token: string };
  const policy = (await api('GET', '/v1/privacy-policy')) as { version: string };
  await api('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true }, token);
  await api('PATCH', '/v1/me', { nickname: '周末果蔬达人' }, token);
  await api('POST', '/v1/me/phone', { code: 'dev-phone-13655558888' }, token);
  await receiveOrder(env.stack.deps, {
    orderId: 'e2e-c360-order-1',
    openid: 'o-e2e-c360-buyer',
    paidFen: 6_990,
    paidAt: new Date(Date.now() - 3600_000).toISOString(),
    items: [{ sku: 'FRUIT-APPLE-5KG', name: '烟台红富士苹果 5kg', category: 'fruit', qty: 1, unitPriceFen: 6_990 }],
  });
  await api(
    'POST',
    '/v1/me/complaints',
    { requestId: randomUUID(), category: 'quality', description: '苹果有几个磕碰了', photoKeys: [], contactPreference: 'wechat' },
    token,
  );
}

it('finds a member by part of the nickname, opens 客户画像 with its sections, and adds and removes a tag', async () => {
  await demoMember();
  await putStaff(env.stack.deps.db, {
    openid: 'o-e2e-c360-boss',
    role: 'supervisor',
    name: '李强（客服主管）',
    at: new Date().toISOString(),
  });

  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-c360-boss');
  await openTab(page, '我的');
  await page.getByTestId('home-staff-customers').tap();
  await page.getByTestId('customer-search-input').locator('input').fill('果蔬');
  await page.getByTestId('customer-search-submit').tap();
  const result = page.getByTestId('customer-result');
  await expect.poll(() => result.count(), { timeout: 15_000 }).toBe(1);
  expect(await result.textContent()).toContain('周末果蔬达人');
  expect(await result.textContent()).toContain('136****8888');
  expect(await result.textContent()).toContain('昵称匹配');

  await result.tap();
  await expect.poll(() => page.getByTestId('customer-name').textContent(), { timeout: 15_000 }).toBe('周末果蔬达人');
  expect(await page.getByTestId('customer-phone').textContent()).toBe('136****8888');
  expect(await page.getByTestId('customer-order').allTextContents()).toEqual([expect.stringContaining('烟台红富士苹果 5kg×1')]);
  expect(await page.getByTestId('customer-complaint').allTextContents()).toEqual([expect.stringContaining('苹果有几个磕碰了')]);
  expect(await page.getByTestId('customer-messages').textContent()).toContain('还没有给这位客户发过消息');
  expect(await page.getByTestId('customer-identity').textContent()).toContain('同意现行版本');
  expect(await page.getByTestId('customer-tags').textContent()).toContain('还没有标签');
  // The number itself never reaches the page, nor do ids or SKUs.
  const shown = await page.getByTestId('customer-profile').textContent();
  for (const hidden of ['13655558888', 'e2e-c360-order-1', 'FRUIT-APPLE-5KG']) expect(shown).not.toContain(hidden);

  await page.getByTestId('customer-tag-input').locator('input').fill('爱吃水果');
  await page.getByTestId('customer-tag-add').tap();
  await expect
    .poll(() => page.getByTestId('customer-tag').allTextContents(), { timeout: 15_000 })
    .toEqual([expect.stringContaining('爱吃水果')]);
  expect((await getTagCatalogEntry(env.stack.deps.db, '爱吃水果'))?.memberCount).toBe(1);

  await page.getByTestId('customer-tag-remove').tap();
  await expect.poll(() => page.getByTestId('customer-tag').count(), { timeout: 15_000 }).toBe(0);
  expect(await getTagCatalogEntry(env.stack.deps.db, '爱吃水果')).toBeNull();
  await page.context().close();
}, 120_000);
