import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FulfilmentWebhookBody, GroupBuyCampaign, GroupBuyCampaignStats, GroupView, MyGroupOrder } from '@linli/shared/groupbuy';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { apiAs, runJob } from '../support/local-stack-calls.ts';

// 拼团 in the real H5 build against the real local stack: buyer A opens a group and pays on the
// emulator's payment sheet, buyer B joins through A's shared link and pays, the group succeeds,
// the timer job runs its effects (points, the shop's fulfilment webhook); then a 3-person group
// that only two paid for fails at its deadline and both see their refunds go through.
const env = useBrowserStack();

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

const HOUR = 3600 * 1000;
/** Screenshots kept as test artifacts, for a person to look at the pages. */
const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/groupbuy');
const GROUP_PRICE_FEN = 3990;

type Api = Awaited<ReturnType<typeof apiAs>>;

/** A campaign published by the admin: 赣南脐橙 at ¥39.90 a place, open for a week, anyone may open or join. */
async function publishedCampaign(admin: Api, name: string, groupSize: number): Promise<{ campaignId: string; name: string }> {
  const now = Date.now();
  const draft = await admin<GroupBuyCampaign>('POST', '/v1/staff/groupbuy/campaigns', {
    name,
    product: {
      sku: 'ORANGE-5KG',
      name: '赣南脐橙 5 斤装',
      category: 'fruit',
      description: '当季现摘',
      pictureKeys: [],
      originalPriceFen: 5990,
      groupPriceFen: GROUP_PRICE_FEN,
    },
    groupSize,
    minGroupSize: null,
    groupHours: 2,
    reservationMinutes: 15,
    stock: 20,
    perBuyerLimit: 2,
    startsAt: new Date(now - HOUR).toISOString(),
    endsAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    whoMayOpen: { kind: 'all' },
    whoMayJoin: { kind: 'all' },
    leaderReward: { kind: 'none' },
  });
  await admin('POST', `/v1/staff/groupbuy/campaigns/${draft.campaignId}/publish`, { revision: draft.revision });
  return { campaignId: draft.campaignId, name };
}

/** A buyer who joined the membership (accepted the privacy policy), and their phone logged in. */
async function joinedBuyer(name: string, nickname: string): Promise<{ api: Api; phone: Page }> {
  const api = await apiAs(env.stack, name);
  const policy = await api<{ version: string }>('GET', '/v1/privacy-policy');
  await api('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true });
  await api('PATCH', '/v1/me', { nickname });
  const phone = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(phone, env.h5.url, name);
  return { api, phone };
}

/** The emulator's payment sheet: it shows the prepay's amount; the payer confirms. */
async function payOnSheet(phone: Page): Promise<void> {
  await expect.poll(() => shown(phone, 'pay-sheet-amount').textContent(), { timeout: 15_000 }).toBe('¥39.90');
  await shown(phone, 'pay-sheet-confirm').tap();
}

/** Opens a group on the campaign page and pays for it: answers the group's id, from the group page A lands on. */
async function openAndPay(phone: Page, campaign: { campaignId: string; name: string }): Promise<string> {
  await phone.goto(`${env.h5.url}#/groupbuy/pages/campaign/index?id=${campaign.campaignId}`);
  await expect.poll(() => shown(phone, 'gb-campaign-name').textContent(), { timeout: 15_000 }).toBe(campaign.name);
  await shown(phone, 'gb-open-group').tap();
  await payOnSheet(phone);
  await phone.waitForURL(/#\/groupbuy\/pages\/group\/index\?id=/, { timeout: 15_000 });
  return new URLSearchParams(phone.url().split('?')[1]).get('id')!;
}

/** 邀请好友 on the group page: on H5 the group's link goes to the clipboard (Taro keeps it in localStorage). */
async function shareLink(phone: Page, groupId: string): Promise<string> {
  await shown(phone, 'share-button').tap();
  const copied = () => phone.evaluate(() => (JSON.parse(localStorage.getItem('taro_clipboard') ?? '{}') as { data?: string }).data ?? '');
  await expect.poll(copied, { timeout: 15_000 }).toContain(`#/groupbuy/pages/group/index?id=${groupId}`);
  return copied();
}

/** Opens the shared link, 参团, and pays. */
async function joinThroughLinkAndPay(phone: Page, link: string): Promise<void> {
  await phone.goto(link);
  await shown(phone, 'gb-action-join').tap();
  await payOnSheet(phone);
}

async function groupStatus(phone: Page): Promise<string | null> {
  return shown(phone, 'gb-status').textContent();
}

/** 我的 → 我的拼团: the row of `campaignName`'s order. */
async function myGroupOrderRow(phone: Page, campaignName: string) {
  await phone.goto(env.h5.url);
  await openTab(phone, '我的');
  await shown(phone, 'link-group-orders').tap();
  const row = shown(phone, 'gb-order').filter({ hasText: campaignName });
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  return row;
}

it('A opens and pays, B joins through the link and pays: the group succeeds, points and the shop follow; a group short of members fails and both are refunded', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-gb-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  const admin = await apiAs(env.stack, 'e2e-gb-admin');
  const pair = await publishedCampaign(admin, '脐橙 2 人团', 2);
  const trio = await publishedCampaign(admin, '脐橙 3 人团', 3);
  const a = await joinedBuyer('e2e-gb-a', '阿杰');
  const b = await joinedBuyer('e2e-gb-b', '小美');

  // A opens a group on the campaign page and pays on the sheet: the group page invites friends.
  const firstGroup = await openAndPay(a.phone, pair);
  await expect.poll(() => groupStatus(a.phone), { timeout: 15_000 }).toBe('拼团中');
  const link = await shareLink(a.phone, firstGroup);
  const figures = () => admin<GroupBuyCampaignStats>('GET', `/v1/staff/groupbuy/campaigns/${pair.campaignId}/stats`);
  // 邀请好友 told Linli of the share (its id rides in the link): the seller counts it as the leader's.
  expect(link).toMatch(/&share=[A-Za-z0-9_-]{8,40}$/);
  await expect.poll(async () => (await figures()).fission.leaderShares, { timeout: 15_000 }).toBe(1);

  // B opens A's link, joins and pays: the group is full and paid, so it has succeeded — for A too.
  await joinThroughLinkAndPay(b.phone, link);
  await expect.poll(() => groupStatus(b.phone), { timeout: 15_000 }).toBe('拼团成功');
  expect(await shown(b.phone, 'gb-note').textContent()).toBe('拼团成功，商家将尽快为你安排发货');
  await a.phone.reload();
  await expect.poll(() => groupStatus(a.phone), { timeout: 15_000 }).toBe('拼团成功');

  // The timer job runs the success's effects: each order enters the order pipeline (points pending
  // inside the return window, 1 per yuan) and is handed to the shop.
  expect(JSON.parse(await runJob(env.stack, ['groupbuy-timers']))).toMatchObject({ effects: 1, failed: 0 });
  for (const { phone } of [a, b]) {
    await phone.goto(env.h5.url);
    await expect.poll(() => shown(phone, 'points-pending').textContent(), { timeout: 15_000 }).toBe('39');
  }
  // The next run posts both orders to the shop, signed; the shop has each once.
  expect(JSON.parse(await runJob(env.stack, ['groupbuy-timers']))).toMatchObject({ fulfilments: 2, failed: 0 });
  const succeededOrders = await Promise.all([a, b].map(({ api }) => orderOf(api, pair.campaignId)));
  const expectedAtShop = succeededOrders
    .map((order) => ({ orderId: `gb-${order.orderNo}`, deliveries: 1, paidFen: GROUP_PRICE_FEN }))
    .sort(byOrderId);
  expect(await shopOrders()).toEqual(expectedAtShop);

  // The seller's view: A came on their own, B through A's card; both places paid and succeeded.
  const seen = await figures();
  expect(seen.funnel).toEqual({ invited: 0, viewed: 2, joined: 2, paid: 2, succeeded: 2, gmvFen: 2 * GROUP_PRICE_FEN });
  expect(seen.fission).toMatchObject({ shares: 1, leaderShares: 1, sharesPerLeader: 1, shareVisitors: 1 });
  expect(seen.byArrival.find((row) => row.arrival === 'share')).toMatchObject({ viewed: 1 });

  // A second group, of three, that only A and B pay for: its deadline passes (the job run as at a
  // minute after it) and it fails; both see 未成团 and the refund under way in 我的拼团.
  const secondGroup = await openAndPay(a.phone, trio);
  await joinThroughLinkAndPay(b.phone, await shareLink(a.phone, secondGroup));
  await expect.poll(() => shown(b.phone, 'gb-slots-left').textContent(), { timeout: 15_000 }).toContain('1');
  const { deadline } = await a.api<GroupView>('GET', `/v1/groupbuy/groups/${secondGroup}`);
  const afterDeadline = new Date(Date.parse(deadline) + 60_000);
  expect(JSON.parse(await runJob(env.stack, ['groupbuy-timers', '--at', afterDeadline.toISOString()]))).toMatchObject({
    deadlines: 1,
    failed: 0,
  });
  for (const { phone } of [a, b]) {
    const row = await myGroupOrderRow(phone, trio.name);
    expect(await row.getByTestId('gb-order-status').textContent()).toBe('未成团');
    expect(await row.getByTestId('gb-order-refund').textContent()).toBe('退款处理中 ¥39.90');
    expect(await shown(phone, 'gb-order').filter({ hasText: pair.name }).getByTestId('gb-order-status').textContent()).toBe('已成团');
  }

  // The job's next run asks WeChat Pay for both refunds; WeChat Pay settles them and notifies.
  const refundsAt = new Date(afterDeadline.getTime() + 60_000);
  expect(JSON.parse(await runJob(env.stack, ['groupbuy-timers', '--at', refundsAt.toISOString()]))).toMatchObject({
    refunds: 2,
    failed: 0,
  });
  for (const { api } of [a, b]) {
    const failed = await orderOf(api, trio.campaignId);
    expect(failed.refund).toMatchObject({ reason: 'group-failed', fen: GROUP_PRICE_FEN });
    await settleRefundOf(failed.orderNo);
  }
  for (const { phone } of [a, b]) {
    await phone.reload();
    const row = shown(phone, 'gb-order').filter({ hasText: trio.name });
    await expect.poll(() => row.getByTestId('gb-order-refund').textContent(), { timeout: 15_000 }).toBe('已退款 ¥39.90');
  }
  for (const { phone } of [a, b]) await phone.context().close();

  // Nothing the later runs did sent the shop anything again: the failed group's orders never went.
  expect(await shopOrders()).toEqual(expectedAtShop);

  // The owner's 活动数据 of the 2-person campaign: the funnel from the API's counts, drawn on its canvas.
  const owner = await (await newPhoneContext(env.browser)).newPage();
  const errors: string[] = [];
  owner.on('pageerror', (error) => errors.push(error.message));
  await logInAs(owner, env.h5.url, 'e2e-gb-admin');
  await owner.goto(`${env.h5.url}#/insight/pages/groupbuy-insight/index?id=${pair.campaignId}`);
  await expect.poll(() => shown(owner, 'gbi-name').textContent(), { timeout: 15_000 }).toBe(pair.name);
  expect(await shown(owner, 'gbi-stage').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('成团')]));
  const painted = () =>
    shown(owner, 'gbi-funnel-chart')
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
        return count;
      });
  await expect.poll(painted, { timeout: 15_000 }).toBeGreaterThan(500);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await owner.screenshot({ path: resolve(SCREENSHOTS, 'campaign-figures-phone.png'), fullPage: true });
  await owner.setViewportSize({ width: 1440, height: 900 });
  await shown(owner, 'staff-sidebar').waitFor({ timeout: 15_000 });
  // Drawn again at the desktop card's width.
  await expect.poll(painted, { timeout: 15_000 }).toBeGreaterThan(500);
  await owner.screenshot({ path: resolve(SCREENSHOTS, 'campaign-figures-desktop.png'), fullPage: true });
  expect(errors).toEqual([]);
  await owner.context().close();
}, 240_000);

/** The buyer's order in the campaign, as 我的拼团 lists it. */
async function orderOf(api: Api, campaignId: string): Promise<MyGroupOrder> {
  const { items } = await api<{ items: MyGroupOrder[] }>('GET', '/v1/me/group-orders');
  const order = items.find((item) => item.campaignId === campaignId);
  if (!order) throw new Error(`No order in campaign ${campaignId}`);
  return order;
}

/** What the seller's shop (the local shop emulator) received for fulfilment: each order once, with how many deliveries it took. */
async function shopOrders(): Promise<Array<{ orderId: string; deliveries: number; paidFen: number }>> {
  const { orders } = (await (await fetch(`${env.stack.shopUrl}/__shop/orders`)).json()) as {
    orders: Array<{ body: FulfilmentWebhookBody; deliveries: number }>;
  };
  return orders.map(({ body, deliveries }) => ({ orderId: body.orderId, deliveries, paidFen: body.paidFen })).sort(byOrderId);
}

const byOrderId = (x: { orderId: string }, y: { orderId: string }) => x.orderId.localeCompare(y.orderId);

/**
 * Ends WeChat Pay's processing of the order's refund now (the emulator's own timer does so after a few
 * seconds: having done it already is as good).
 */
async function settleRefundOf(orderNo: string): Promise<void> {
  const pay = `${env.stack.wechatUrl}/__emulator/pay`;
  const refunds = (await (await fetch(`${pay}/refunds?outTradeNo=${orderNo}`)).json()) as Array<{ outRefundNo: string }>;
  expect(refunds).toHaveLength(1);
  const settled = await fetch(`${pay}/refunds/${refunds[0]!.outRefundNo}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect([200, 409]).toContain(settled.status);
}
