import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { findMemberIdByOpenid } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { adjustPoints } from '../../functions/src/points/adjustments.ts';
import { addReward } from '../../functions/src/mall/rewards.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// A goods reward that ships, in the real H5 build: the buyer redeems it with an address typed
// into the H5 form, an agent marks it 已发货 with a tracking number on 兑换订单, and the buyer
// then sees 已发货 and the tracking number in 我的券.
const env = useBrowserStack();

it('redeems a delivery reward with an address, an agent ships it, and the buyer sees 已发货 and the tracking number', async () => {
  const buyer = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(buyer, env.h5.url, 'e2e-goods');
  await buyer.getByTestId('join-invite').tap();
  await expect.poll(() => buyer.getByTestId('privacy-policy').isVisible(), { timeout: 15_000 }).toBe(true);
  await buyer.getByTestId('join-accept').tap();
  await buyer.getByTestId('join-done').tap();

  const link = await findMemberIdByOpenid(env.stack.deps.db, 'o-e2e-goods');
  await adjustPoints(env.stack.deps, {
    memberId: link!.memberId,
    actorId: 'e2e',
    request: { requestId: randomUUID(), delta: 1500, reason: '测试积分' },
  });
  const reward = await addReward(env.stack.deps, {
    kind: 'goods',
    name: '五常稻花香大米 2.5kg',
    description: '',
    pointsPrice: 1200,
    stock: 5,
    perMemberLimit: 1,
    tierCodes: [],
    availableFrom: '2020-01-01T00:00:00Z',
    availableUntil: '2099-01-01T00:00:00Z',
    active: true,
    goods: { fulfilment: 'delivery' },
  });

  await buyer.goto(env.h5.url);
  await buyer.getByTestId('link-mall').tap();
  const card = buyer.locator(`[data-reward-id="${reward.rewardId}"]`);
  await expect.poll(() => card.getByTestId('mall-reward-terms').textContent(), { timeout: 15_000 }).toBe('实物礼品 · 快递配送');
  await card.getByTestId('mall-reward-redeem').tap();
  // Without an address the sheet says so and nothing is redeemed.
  await buyer.getByTestId('redeem-confirm').tap();
  await expect.poll(() => buyer.getByTestId('redeem-error').textContent()).toBe('请先填写完整的收货地址');
  const type = (field: string, value: string) => buyer.getByTestId(`address-${field}`).locator('input').fill(value);
  await type('recipient', '李阿姨');
  await type('phone', '13912345678');
  await type('province', '浙江省');
  await type('city', '杭州市');
  await type('district', '西湖区');
  await type('detail', '文三路 100 号 2 幢 301 室');
  await buyer.getByTestId('redeem-confirm').tap();
  await expect.poll(() => buyer.getByTestId('redeem-success').textContent(), { timeout: 15_000 }).toContain('兑换单号');
  const redemptionNo = /兑换单号 (\d{8})/.exec((await buyer.getByTestId('redeem-success').textContent())!)![1]!;

  // An agent ships it from 兑换订单.
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-shipper', role: 'agent', name: '发货员小周', at: new Date().toISOString() });
  const staff = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(staff, env.h5.url, 'e2e-shipper');
  await openTab(staff, '我的');
  await staff.getByTestId('home-staff-redemptions').tap();
  const row = staff.locator(`[data-redemption-no="${redemptionNo}"]`);
  await expect.poll(() => row.getByTestId('redemption-status').textContent(), { timeout: 15_000 }).toBe('待发货');
  expect(await row.textContent()).toContain('139****5678');
  expect(await row.textContent()).not.toContain('13912345678');
  await row.getByTestId('redemption-open').tap();
  // The shipping detail shows the whole phone to the one who ships.
  await expect.poll(() => row.getByTestId('redemption-full-address').textContent(), { timeout: 15_000 }).toContain('13912345678');
  await row.getByTestId('redemption-carrier').locator('input').fill('顺丰速运');
  await row.getByTestId('redemption-tracking-no').locator('input').fill('SF1234567890');
  await row.getByTestId('redemption-ship').tap();
  await expect.poll(() => staff.getByTestId('redemption-saved').textContent(), { timeout: 15_000 }).toBe(`兑换单 ${redemptionNo} 已发货`);
  await staff.getByTestId('redemptions-filter-shipped').tap();
  await expect
    .poll(() => staff.locator(`[data-redemption-no="${redemptionNo}"]`).getByTestId('redemption-tracking').textContent(), {
      timeout: 15_000,
    })
    .toContain('SF1234567890');
  await staff.context().close();

  // The buyer finds it shipped, with the tracking number, in 我的券.
  await buyer.goto(env.h5.url);
  await buyer.getByTestId('link-mall').tap();
  await buyer.getByTestId('mall-my-coupons').tap();
  await buyer.getByTestId('coupons-tab-used').tap();
  const shipped = buyer.getByTestId('coupon').first();
  await expect.poll(() => shipped.getByTestId('coupon-status').textContent(), { timeout: 15_000 }).toBe('已发货');
  expect(await shipped.getByTestId('coupon-tracking').textContent()).toBe('顺丰速运 运单号 SF1234567890');
  expect(await shipped.textContent()).toContain(redemptionNo);
  await buyer.context().close();
}, 120_000);
