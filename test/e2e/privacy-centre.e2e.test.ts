import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DataExportList } from '@linli/shared/data-export';
import type { MemberDataExport } from '../../functions/src/privacy/export-content.ts';
import { findMemberIdByOpenid, getMember } from '../../functions/src/members/repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { apiAs, postSignedOrder } from '../support/local-stack-calls.ts';

// 隐私中心 in the real H5 build: a buyer reaches it two taps from 我的, switches 个性化推荐 off, downloads
// a copy of their data (built by the stack's own export worker), files a data request an admin answers,
// and deletes the account (logging in again starts a new member); the admin's 审计日志 shows all of it
// in words, no routes or codes.
const env = useBrowserStack();

/** LINLI_SCREENS_DIR=<dir> keeps a whole-page screenshot of each page for a person to look at (CI takes none). */
const SCREENS = process.env.LINLI_SCREENS_DIR;
const BUYER = 'e2e-privacy';
const ORDER_ID = 'e2e-privacy-1';

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

async function logInAndJoin(page: Page, name: string) {
  await logInAs(page, env.h5.url, name);
  await page.getByTestId('join-invite').tap();
  await page.getByTestId('join-accept').tap();
  await page.getByTestId('join-done').tap();
  await expect.poll(() => page.getByTestId('member-card').isVisible(), { timeout: 15_000 }).toBe(true);
}

/** A screenshot once H5's slide-in has settled: the page's own content at the left edge. */
async function screenshot(page: Page, testId: string, name: string) {
  if (!SCREENS) return;
  await expect.poll(async () => (await shown(page, testId).first().boundingBox())?.x, { timeout: 15_000 }).toBeLessThan(40);
  // H5 scrolls inside the page's own element, not the window: grow the window to the page for the shot.
  const viewport = page.viewportSize()!;
  const height = await shown(page, testId)
    .first()
    .evaluate((node) => node.closest('.taro_page')?.scrollHeight ?? 0);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `${SCREENS}/privacy-${name}.png` });
  await page.setViewportSize(viewport);
}

/** Taps one of the export's download buttons and answers the signed link the browser was sent to. */
async function downloadUrl(page: Page, label: string, fileName: string): Promise<string> {
  const requested = page.context().waitForEvent('request', {
    predicate: (request) => request.url().includes(`/${fileName}?`) && request.url().includes('X-Amz-Signature='),
  });
  const tab = page.context().waitForEvent('page');
  await shown(page, 'export-file')
    .filter({ has: page.getByText(label, { exact: true }) })
    .getByTestId('download-link')
    .tap();
  const request = await requested;
  // The link opened a tab of its own (the file downloads there): close it again.
  await (await tab).close();
  return request.url();
}

async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return context.newPage();
}

it('a buyer downloads their data, opts out of 个性化推荐, files a data request and deletes the account; an admin answers the request and reads the audit log', async () => {
  if (SCREENS) mkdirSync(SCREENS, { recursive: true });
  const buyer = await (await newPhoneContext(env.browser)).newPage();
  await logInAndJoin(buyer, BUYER);
  const { memberId } = (await findMemberIdByOpenid(env.stack.deps.db, `o-${BUYER}`))!;
  // The buyer's data: a nickname and an order from the shop.
  const asBuyer = await apiAs(env.stack, BUYER);
  await asBuyer('PATCH', '/v1/me', { nickname: '隐私小满' });
  const posted = await postSignedOrder(env.stack, {
    orderId: ORDER_ID,
    openid: `o-${BUYER}`,
    paidFen: 12_800,
    paidAt: new Date().toISOString(),
    items: [{ sku: 'FRUIT-APPLE-5KG', name: '烟台红富士 5kg', category: 'fruit', qty: 1, unitPriceFen: 12_800 }],
  });
  expect(posted.status).toBe(200);

  // 我的 → 我的资料 → 隐私中心.
  await openTab(buyer, '我的');
  await buyer.getByTestId('link-profile').tap();
  await shown(buyer, 'link-privacy-centre').tap();
  await expect.poll(() => shown(buyer, 'kept-data').isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => shown(buyer, 'consent-policy-value').textContent(), { timeout: 15_000 }).toMatch(/同意/);
  await screenshot(buyer, 'kept-data', 'centre');

  // 个性化推荐 off: said on the page, in the consent ledger, and the member's settings read it.
  await shown(buyer, 'marketing-switch').locator('input').tap();
  await expect.poll(() => shown(buyer, 'consents-notice').textContent(), { timeout: 15_000 }).toBe('已关闭个性化推荐');
  await expect
    .poll(() => shown(buyer, 'ledger-entry').allTextContents(), { timeout: 15_000 })
    .toContainEqual(expect.stringContaining('关闭个性化推荐'));
  expect(await shown(buyer, 'marketing-switch').locator('input').isChecked()).toBe(false);
  expect(await asBuyer('GET', '/v1/me/message-settings')).toMatchObject({ marketingOptOut: true });

  // 导出我的数据: asked for on the page, built by the stack's export worker from its queue.
  await shown(buyer, 'link-export').tap();
  await shown(buyer, 'export-request').tap();
  await expect.poll(() => shown(buyer, 'export-request-reason').textContent(), { timeout: 15_000 }).toMatch(/^今天已申请过/);
  await expect
    .poll(async () => (await asBuyer<DataExportList>('GET', '/v1/me/data-exports')).items[0]?.status, { timeout: 30_000 })
    .toBe('ready');
  // Opened again, the page offers the files: the whole JSON and a CSV of each kind.
  await buyer.goBack();
  await shown(buyer, 'link-export').tap();
  await expect.poll(() => shown(buyer, 'export-status').textContent(), { timeout: 15_000 }).toBe('可下载');
  const labels = await shown(buyer, 'export-file').locator('.export-file__label').allTextContents();
  expect(labels).toEqual(
    expect.arrayContaining(['全部数据（JSON）', '个人资料（CSV）', '订单（CSV）', '积分明细（CSV）', '授权与同意记录（CSV）']),
  );
  await screenshot(buyer, 'export-item', 'export');
  const exported = (await (await fetch(await downloadUrl(buyer, '全部数据（JSON）', 'export.json'))).json()) as MemberDataExport;
  expect(exported.profile).toMatchObject({ memberId, nickname: '隐私小满' });
  expect(exported.orders.map((order) => order.orderId)).toEqual([ORDER_ID]);
  expect(exported.consents).toContainEqual(expect.objectContaining({ kind: 'personalised-marketing', action: 'opt-out' }));
  const ordersCsv = await (await fetch(await downloadUrl(buyer, '订单（CSV）', 'orders.csv'))).text();
  expect(ordersCsv).toContain(ORDER_ID);
  expect(ordersCsv).toContain('烟台红富士 5kg');

  // 数据请求: filed from the page, waiting for the shop.
  await buyer.goBack();
  await shown(buyer, 'link-requests').tap();
  await shown(buyer, 'data-request-new').tap();
  await shown(buyer, 'data-request-kind-correction').tap();
  await shown(buyer, 'data-request-text').locator('textarea').fill('上个月的一笔订单没有记上积分，请帮我核对');
  await shown(buyer, 'data-request-submit').tap();
  await expect.poll(() => shown(buyer, 'data-request-status').allTextContents(), { timeout: 15_000 }).toEqual(['已提交']);

  // The admin finds it in 数据请求 and answers it.
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-privacy-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  const admin = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(admin, env.h5.url, 'e2e-privacy-admin');
  await openTab(admin, '我的');
  await admin.getByTestId('home-staff-data-requests').tap();
  const row = shown(admin, 'data-request-row');
  await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
  expect(await row.textContent()).toContain('更正信息');
  await screenshot(admin, 'data-request-row', 'staff-data-requests');
  await row.tap();
  await expect
    .poll(() => shown(admin, 'data-request-text').textContent(), { timeout: 15_000 })
    .toBe('上个月的一笔订单没有记上积分，请帮我核对');
  expect(await shown(admin, 'data-request-detail').textContent()).toContain('隐私小满');
  await shown(admin, 'data-request-answer-open').tap();
  await shown(admin, 'data-request-reply').locator('textarea').fill('已核对并补记 128 积分');
  await shown(admin, 'data-request-send').tap();
  await expect.poll(() => shown(admin, 'data-request-notice').textContent(), { timeout: 15_000 }).toBe('已答复');
  // Its history says who did what, once each: the member filed it, the admin answered.
  expect(await admin.locator('.data-request-detail__history').filter({ visible: true }).allTextContents()).toEqual([
    expect.stringMatching(/ 会员 提交$/),
    expect.stringMatching(/ 店主 答复$/),
  ]);
  await screenshot(admin, 'data-request-detail', 'staff-data-request-answered');

  // The buyer reads the answer.
  await buyer.goBack();
  await shown(buyer, 'link-requests').tap();
  await expect.poll(() => shown(buyer, 'data-request-answer').textContent(), { timeout: 15_000 }).toBe('店铺答复：已核对并补记 128 积分');
  expect(await shown(buyer, 'data-request-status').textContent()).toBe('已答复');

  // 注销账户: a tick, a second confirmation, then logged out; logging in again starts a new member.
  await buyer.goBack();
  await shown(buyer, 'link-delete').tap();
  await screenshot(buyer, 'deletion-erased', 'deletion');
  await shown(buyer, 'deletion-understood').tap();
  await shown(buyer, 'deletion-submit').tap();
  // H5's showModal is Taro's own overlay (its button classes really are spelt taro-model__…).
  await expect.poll(() => buyer.locator('.taro-modal__title').textContent(), { timeout: 15_000 }).toBe('确认注销账户？');
  await buyer.locator('.taro-modal__foot .taro-model__confirm').tap();
  await buyer.getByTestId('login-panel').waitFor({ timeout: 15_000 });
  expect(await getMember(env.stack.deps.db, memberId)).toBeNull();
  await logInAs(buyer, env.h5.url, BUYER);
  await expect.poll(() => buyer.getByTestId('join-invite').isVisible(), { timeout: 15_000 }).toBe(true);
  const relinked = await findMemberIdByOpenid(env.stack.deps.db, `o-${BUYER}`);
  expect(relinked?.memberId).not.toBe(memberId);

  // 审计日志: the buyer's export, request and deletion and the admin's answer, in words.
  // Back to 我的 a page at a time: H5 ignores a second back while the first is still sliding out.
  await admin.goBack();
  // Answered, the request has left 待处理.
  await expect.poll(() => shown(admin, 'empty-state').textContent(), { timeout: 15_000 }).toContain('暂无待处理的数据请求');
  await admin.goBack();
  await shown(admin, 'home-staff-audit-log').tap();
  const actions = shown(admin, 'audit-entry').getByTestId('audit-action');
  await expect
    .poll(() => actions.allTextContents(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(['会员申请导出个人信息', '会员提交数据请求', '会员注销账户', '答复数据请求']));
  // The buyer acted as 会员本人, the admin by name and role.
  const actors = await shown(admin, 'audit-entry').getByTestId('audit-actor').allTextContents();
  expect(actors.filter((actor) => actor.endsWith(' · 会员本人'))).toHaveLength(3);
  expect(actors.filter((actor) => actor.endsWith(' · 店主 · 管理员')).length).toBeGreaterThanOrEqual(1);
  const log = (await shown(admin, 'audit-log').textContent())!;
  expect(log).not.toContain('会员 · 会员本人');
  // No route, named action or id shows through.
  expect(log).not.toMatch(/\/v1\/|\b(GET|POST|PUT|PATCH|DELETE) |privacy\.|[a-z]_[0-9A-Z]{26}/);
  await screenshot(admin, 'audit-log', 'staff-audit-log');

  const desk = await desktopPage(env.browser);
  await desk.goto(env.h5.url);
  await desk.getByTestId('dev-login-name').locator('input').fill('e2e-privacy-admin');
  await desk.getByTestId('dev-login-submit').click();
  await desk.getByTestId('login-panel').waitFor({ state: 'detached', timeout: 15_000 });
  await desk.locator('.weui-tabbar__item', { hasText: '我的' }).click();
  await shown(desk, 'home-staff-audit-log').click();
  // At a desk the log is a table, the same entries in its rows.
  await expect
    .poll(() => shown(desk, 'audit-table').getByTestId('audit-action').allTextContents(), { timeout: 15_000 })
    .toEqual(await actions.allTextContents());
  await screenshot(desk, 'staff-sidebar', 'staff-audit-log-desktop');

  await desk.context().close();
  await admin.context().close();
  await buyer.context().close();
}, 180_000);
