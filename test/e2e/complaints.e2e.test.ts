import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findMemberIdByOpenid } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { staffView } from '../../functions/src/complaints/complaint-views.ts';
import { memberComplaints } from '../../functions/src/complaints/member-complaints.ts';
import { quotaView } from '../../functions/src/subscriptions/subscriptions.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { sampleOrder } from '../support/api-client.ts';
import { receiveOrder } from '../../functions/src/orders/receive-order.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// A buyer files a complaint with a photo in the H5 build (uploaded straight to the stack's
// s3rver), an agent answers it from the 投诉工单 queue, the buyer sees the answer, confirms the
// resolution and rates it, and the supervisor's 投诉分析 counts it — against the real local env.stack.
const env = useBrowserStack();

const logIn = (page: Page, name: string) => logInAs(page, env.h5.url, name);

// A real 1×1 PNG: Taro's H5 chooseImage loads each picked file as an image and drops what fails to load.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

it("a buyer files a complaint with a photo, an agent answers and resolves it, the buyer rates it, the supervisor's report counts it", async () => {
  const buyer = await (await newPhoneContext(env.browser)).newPage();
  await logIn(buyer, 'e2e-complainer');
  await buyer.getByTestId('join-invite').tap();
  await buyer.getByTestId('join-accept').tap();
  await buyer.getByTestId('join-done').tap();
  // The shop sent the order the complaint is about.
  const order = {
    ...sampleOrder({ orderId: '2026112000017', openid: 'o-e2e-complainer', paidFen: 12_800, paidAt: new Date().toISOString() }),
    items: [{ sku: 'FRUIT-CHERRY-1KG', name: '智利车厘子 1kg', category: 'fruit', qty: 1, unitPriceFen: 12_800 }],
  };
  await receiveOrder(env.stack.deps, order);
  await openTab(buyer, '我的');
  await buyer.getByTestId('link-complaints').tap();
  await buyer.getByTestId('complaint-new').tap();
  await buyer.getByTestId('complaint-category-quality').tap();
  await buyer.getByTestId('complaint-order-option').first().tap();
  await buyer.getByTestId('complaint-description').locator('textarea').fill('收到的车厘子有一半是坏的');
  await buyer.getByTestId('complaint-contact-wechat').tap();
  // Taro's chooseImage clicks a hidden <input type=file>: answer its file chooser.
  const chooser = buyer.waitForEvent('filechooser');
  await buyer.getByTestId('complaint-form-photo-add').tap();
  await (await chooser).setFiles({ name: 'cherries.png', mimeType: 'image/png', buffer: PNG });
  await expect.poll(() => buyer.getByTestId('complaint-form-photo').getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
  await buyer.getByTestId('complaint-submit').tap();
  const link = await findMemberIdByOpenid(env.stack.deps.db, 'o-e2e-complainer');
  await expect
    .poll(async () => (await memberComplaints(env.stack.deps, link!.memberId, { limit: 10 })).items.length, { timeout: 15_000 })
    .toBe(1);
  const { complaintId } = (await memberComplaints(env.stack.deps, link!.memberId, { limit: 10 })).items[0]!;

  // The desk's view of it carries the photo, whose link serves the very bytes the browser posted.
  const filed = await staffView(env.stack.deps, complaintId);
  expect(filed.photos).toHaveLength(1);
  expect(Buffer.from(await (await fetch(filed.photos[0]!.url)).arrayBuffer()).equals(PNG)).toBe(true);
  // Submitting asked for a complaint-update message (the emulator accepts), and the answer was reported.
  const updates = async () =>
    (await quotaView(env.stack.deps, link!.memberId)).items.find((q) => q.template === 'complaintUpdate')!.remaining;
  await expect.poll(updates, { timeout: 15_000 }).toBe(1);
  // The buyer's own page shows the photo, loaded from storage through its signed link.
  await expect
    .poll(
      () =>
        buyer
          .getByTestId('complaint-photo')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      { timeout: 15_000 },
    )
    .toBe(1);

  await putStaff(env.stack.deps.db, { openid: 'o-e2e-desk', role: 'agent', name: '客服小林', at: new Date().toISOString() });
  const agent = await (await newPhoneContext(env.browser)).newPage();
  await logIn(agent, 'e2e-desk');
  await openTab(agent, '我的');
  await agent.getByTestId('home-staff-complaints').tap();
  await agent.locator(`[data-id="${complaintId}"]`).first().tap();
  await agent.getByTestId('desk-reply-input').locator('textarea').fill('非常抱歉，已为您补发一份');
  await agent.getByTestId('desk-reply-send').tap();
  await expect
    .poll(async () => (await memberComplaints(env.stack.deps, link!.memberId, { limit: 10 })).items[0]!.status, { timeout: 15_000 })
    .toBe('in_progress');
  // The reply told the buyer, spending the authorization given when filing.
  await expect.poll(updates, { timeout: 15_000 }).toBe(0);

  await buyer.goto(`${env.h5.url}#/pages/complaints/detail/index?id=${complaintId}`);
  await expect
    .poll(() => buyer.getByTestId('complaint-timeline-entry').allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([expect.stringContaining('非常抱歉，已为您补发一份')]));

  // The agent sees the buyer's photo on the ticket, resolves it with a root cause; the buyer confirms and rates.
  await expect
    .poll(
      () =>
        agent
          .getByTestId('desk-photo')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      { timeout: 15_000 },
    )
    .toBe(1);
  await agent.getByTestId('desk-resolve-summary').locator('textarea').fill('已补发新品，并补偿积分');
  await agent.getByTestId('desk-resolve-cause-cold_chain').tap();
  // The product at fault is picked by name from the complaint's order.
  await agent.getByTestId('desk-resolve-product').getByText('智利车厘子 1kg').tap();
  await agent.getByTestId('desk-resolve-submit').tap();
  await expect.poll(() => agent.getByTestId('desk-status').textContent(), { timeout: 15_000 }).toBe('已解决');

  await buyer.reload();
  await buyer.getByTestId('complaint-confirm').tap();
  await buyer.getByTestId('complaint-rate-5').tap();
  await buyer.getByTestId('complaint-rating-comment').locator('textarea').fill('处理很快');
  await buyer.getByTestId('complaint-rating-submit').tap();
  await expect.poll(() => buyer.getByTestId('complaint-rated').textContent(), { timeout: 15_000 }).toBe('★★★★★');

  // The supervisor's 投诉分析 counts it: one complaint today, a cold-chain root cause, rated 5.
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-boss', role: 'supervisor', name: '主管老王', at: new Date().toISOString() });
  const boss = await (await newPhoneContext(env.browser)).newPage();
  await logIn(boss, 'e2e-boss');
  await openTab(boss, '我的');
  await boss.getByTestId('home-staff-entry').tap();
  await boss.getByTestId('staff-link-complaint-report').tap();
  await boss.getByTestId('report-preset-last7').tap();
  await expect.poll(() => boss.getByTestId('report-overall-complaints').textContent(), { timeout: 15_000 }).toBe('1');
  expect(await boss.getByTestId('report-overall-rating').textContent()).toBe('5.0');
  expect(await boss.getByTestId('report-overall-sla').textContent()).toBe('100%');
  expect(await boss.getByTestId('report-by-cause-bar').getAttribute('data-key')).toBe('cold_chain');
  expect(await boss.getByTestId('report-by-product-bar').getAttribute('data-count')).toBe('1');
  expect(await boss.getByTestId('report-by-product').textContent()).toContain('智利车厘子 1kg');
  expect(await boss.getByTestId('report-agent').textContent()).toContain('客服小林');

  await boss.context().close();
  await agent.context().close();
  await buyer.context().close();
}, 120_000);
