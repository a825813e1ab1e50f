import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findMemberIdByOpenid } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { adjustPoints } from '../../functions/src/points/adjustments.ts';
import { addReward } from '../../functions/src/mall/rewards.ts';
import { myCoupons } from '../../functions/src/mall/coupons.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { postSignedOrder } from '../support/local-stack-calls.ts';

// The real H5 build in Chromium against the real local stack (DynamoDB Local, the WeChat
// emulator, the API), all on free ports.
const env = useBrowserStack();

async function postOrder(order: { orderId: string; openid: string; paidFen: number }) {
  const posted = await postSignedOrder(env.stack, {
    ...order,
    paidAt: new Date().toISOString(),
    items: [{ sku: 'FRUIT-CHERRY-1KG', name: '智利车厘子 1kg', category: 'fruit', qty: 2, unitPriceFen: order.paidFen / 2 }],
  });
  expect(posted.status).toBe(200);
  return posted.body;
}

async function logInAndJoin(page: Page, name: string) {
  await logInAs(page, env.h5.url, name);
  await page.getByTestId('join-invite').tap();
  await expect.poll(() => page.getByTestId('privacy-policy').isVisible(), { timeout: 15_000 }).toBe(true);
  await page.getByTestId('join-accept').tap();
  await page.getByTestId('join-done').tap();
}

it('log in → accept the policy → the member card shows the points of an order just posted to the webhook', async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-buyer');
  await expect.poll(() => page.getByTestId('points-balance').textContent(), { timeout: 15_000 }).toBe('0');

  expect(await postOrder({ orderId: 'e2e-order-1', openid: 'o-e2e-buyer', paidFen: 25_800 })).toMatchObject({
    status: 'credited',
    points: 258,
  });
  await page.reload();

  // Inside the return window the order's points show as pending (待生效), apart from the balance.
  await expect.poll(() => page.getByTestId('points-pending').textContent(), { timeout: 15_000 }).toBe('258');
  expect(await page.getByTestId('points-balance').textContent()).toBe('0');
  await expect.poll(() => page.getByTestId('member-order-count').textContent()).toContain('1');
  expect(await page.getByTestId('member-qr').isVisible()).toBe(true);

  await page.getByTestId('link-points').tap();
  const entry = page.getByTestId('points-entry').first();
  await expect.poll(() => entry.getByTestId('points-entry-delta').textContent(), { timeout: 15_000 }).toContain('258');
  await page.context().close();
}, 90_000);

it('credits an order placed before joining as soon as the buyer joins', async () => {
  await postOrder({ orderId: 'e2e-early-1', openid: 'o-e2e-early', paidFen: 10_000 });
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-early');
  await expect.poll(() => page.getByTestId('points-pending').textContent(), { timeout: 15_000 }).toBe('100');
  await page.context().close();
}, 90_000);

it('lets staff reach the member list from 我的, phones masked', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-agent', role: 'agent', name: '客服', at: new Date().toISOString() });
  const buyer = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(buyer, 'e2e-phone-buyer');
  await openTab(buyer, '我的');
  await buyer.getByTestId('link-profile').tap();
  await buyer.getByTestId('dev-phone-input').locator('input').fill('13712345678');
  await buyer.getByTestId('phone-bind').tap();
  await expect.poll(() => buyer.getByTestId('phone-value').textContent(), { timeout: 15_000 }).toBe('137****5678');
  await buyer.context().close();

  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-agent');
  // The staff workbench is in 我的.
  await openTab(page, '我的');
  await page.getByTestId('home-staff-entry').tap();
  await expect
    .poll(() => page.getByTestId('staff-member').allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining('137****5678')]));
  expect(await page.content()).not.toContain('13712345678');
  await page.context().close();
}, 90_000);

it('checks in once a day, redeems a coupon, finds it in 我的券, and staff use it at the till', async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(page, 'e2e-mall');
  await page.getByTestId('link-checkin').tap();
  await page.getByTestId('checkin-button').tap();
  await expect.poll(() => page.getByTestId('checkin-result').textContent(), { timeout: 15_000 }).toContain('+5');
  await expect.poll(() => page.getByTestId('checkin-streak').textContent()).toBe('1');
  expect(await page.getByTestId('checkin-button').textContent()).toContain('今日已签到');

  // Enough points for the coupon: a staff credit, as a shop would give for a complaint.
  const link = await findMemberIdByOpenid(env.stack.deps.db, 'o-e2e-mall');
  await adjustPoints(env.stack.deps, {
    memberId: link!.memberId,
    actorId: 'e2e',
    request: { requestId: randomUUID(), delta: 300, reason: '测试积分' },
  });
  const reward = await addReward(env.stack.deps, {
    kind: 'coupon',
    name: '满100减10元券',
    description: '',
    pointsPrice: 200,
    stock: 5,
    perMemberLimit: 1,
    tierCodes: [],
    availableFrom: '2020-01-01T00:00:00Z',
    availableUntil: '2099-01-01T00:00:00Z',
    active: true,
    coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
  });

  await page.goto(env.h5.url);
  await page.getByTestId('link-mall').tap();
  await expect.poll(() => page.getByTestId('mall-points').textContent(), { timeout: 15_000 }).toContain('305');
  await page.locator(`[data-reward-id="${reward.rewardId}"]`).getByTestId('mall-reward-redeem').tap();
  await page.getByTestId('redeem-confirm').tap();
  await expect.poll(() => page.getByTestId('redeem-success').isVisible(), { timeout: 15_000 }).toBe(true);
  await page.getByTestId('link-my-coupons').tap();
  const coupon = page.getByTestId('coupon').first();
  await expect.poll(() => coupon.textContent(), { timeout: 15_000 }).toContain('满100减10元券');
  const code = (await coupon.getByTestId('coupon-code').textContent())!.replace(/\s/g, '');
  expect(code).toMatch(/^[2-9A-Z]{12}$/);
  const mine = await myCoupons(env.stack.deps, link!.memberId);
  expect(mine.map((c) => c.code)).toEqual([code]);

  // At the till: an agent types (on WeChat: scans) the code and uses the coupon, once.
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-till', role: 'agent', name: '收银', at: new Date().toISOString() });
  const till = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(till, env.h5.url, 'e2e-till');
  await openTab(till, '我的');
  await till.getByTestId('home-staff-scan').tap();
  await till.getByTestId('scan-code-input').locator('input').fill(code);
  await till.getByTestId('scan-lookup').tap();
  await expect.poll(() => till.getByTestId('scan-coupon').textContent(), { timeout: 15_000 }).toContain('满100减10元券');
  await till.getByTestId('scan-use').tap();
  await expect.poll(() => till.getByTestId('scan-used').isVisible(), { timeout: 15_000 }).toBe(true);
  expect((await myCoupons(env.stack.deps, link!.memberId, 'used')).map((c) => c.code)).toEqual([code]);
  await till.context().close();
  await page.context().close();
}, 90_000);

it("shows the emulator's sent-messages page", async () => {
  const page = await (await newPhoneContext(env.browser)).newPage();
  await page.goto(env.stack.wechatUrl);
  expect(await page.title()).toContain('微信模拟器');
  await page.context().close();
});
