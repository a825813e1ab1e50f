import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// The staff area in a desktop browser (H5 build, 1280×800, a mouse and no touch screen): a
// sidebar with the pages the role may open, each page with its title; and the complaint desk
// paging on as the agent scrolls. A screenshot of each desktop page is kept as a test artifact.
const env = useBrowserStack();

const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/desktop');
/** More than one page of the desk's queue (the mini-program asks for 20 at a time). */
const COMPLAINTS = 25;

/** Each staff page's own title, as its navigation bar says it (the sidebar may word it shorter). */
const TITLES: Record<string, string> = {
  overview: '店铺概览',
  insight: '客户洞察',
  'insight-settings': '洞察设置',
  redemptions: '兑换订单',
  members: '会员列表',
  customers: '客户查询',
  'customer-list': '客户列表',
  segments: '客户分群',
  care: '关怀计划',
  surveys: '问卷调查',
  groupbuys: '拼团活动',
  scan: '核销优惠券',
  complaints: '投诉工单',
  'follow-ups': '回访任务',
  rewards: '礼品管理',
  'complaint-report': '投诉分析',
  'desk-settings': '投诉设置',
  tiers: '等级设置',
  team: '员工管理',
};

/** The tab bar with a mouse (the desktop context has no touch). */
const clickTab = (page: Page, label: '首页' | '积分商城' | '我的') => page.locator('.weui-tabbar__item', { hasText: label }).click();

async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return context.newPage();
}

/** The developer login with a mouse: a click, not a tap. */
async function logInAtDesk(page: Page, name: string): Promise<void> {
  await page.goto(env.h5.url);
  await page.getByTestId('dev-login-name').locator('input').fill(name);
  await page.getByTestId('dev-login-submit').click();
  // Logged in once the form is gone: a tab opened before that stays logged out (no staff rows),
  // which a busy machine made happen.
  await page.getByTestId('login-panel').waitFor({ state: 'detached', timeout: 15_000 });
}

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

/** Buyers file complaints through the API, one each, the first filed the first due. */
async function fileComplaints(count: number): Promise<void> {
  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${env.stack.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const policy = (await api('GET', '/v1/privacy-policy')) as { version: string };
  for (let n = 1; n <= count; n++) {
    const { token } = (await api('POST', '/v1/auth/wechat', { code: `dev-e2e-desk-buyer-${n}.${randomUUID().slice(0, 8)}` })) as {
      token: string;
    };
    await api('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true }, token);
    await api(
      'POST',
      '/v1/me/complaints',
      { requestId: randomUUID(), category: 'quality', description: `第${n}位买家：水果坏了`, photoKeys: [], contactPreference: 'wechat' },
      token,
    );
  }
}

it('pages through the desk queue as the agent scrolls, in a phone-sized browser', async () => {
  const at = new Date().toISOString();
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-desk-admin', role: 'admin', name: '店主', at });
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-desk-agent', role: 'agent', name: '客服小林', at });
  await fileComplaints(COMPLAINTS);

  const agent = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(agent, env.h5.url, 'e2e-desk-agent');
  await openTab(agent, '我的');
  await agent.getByTestId('home-staff-complaints').tap();
  const rows = shown(agent, 'desk-row');
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(20);
  // Scrolling to the end of the list loads the next page, and then there is no more.
  await rows.last().scrollIntoViewIfNeeded();
  await agent.mouse.wheel(0, 2000);
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(COMPLAINTS);
  await expect.poll(() => agent.locator('.list-footer').filter({ visible: true }).textContent()).toBe('没有更多了');
  const descriptions = await rows.locator('.desk-row__desc').allTextContents();
  expect(new Set(descriptions).size).toBe(COMPLAINTS);
  await agent.context().close();
}, 120_000);

it('lays the staff area out for a desktop: every page in the sidebar opens with its title, none refused', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const admin = await desktopPage(env.browser);
  await logInAtDesk(admin, 'e2e-desk-admin');
  await clickTab(admin, '我的');
  await shown(admin, 'home-staff-entry').click();
  const sidebar = shown(admin, 'staff-sidebar');
  await sidebar.waitFor({ timeout: 15_000 });
  const links = sidebar.locator('[data-testid^="staff-nav-"][data-path]');
  const entries = await links.evaluateAll((nodes) =>
    nodes.map((node) => ({ key: node.getAttribute('data-testid')!.replace('staff-nav-', ''), label: node.textContent ?? '' })),
  );
  // An admin may open every staff page this build has.
  expect(entries.map((entry) => entry.key)).toEqual(expect.arrayContaining(Object.keys(TITLES)));

  for (const { key, label } of entries) {
    await shown(admin, `staff-nav-${key}`).click();
    const title = shown(admin, 'staff-frame-title');
    await expect.poll(() => title.textContent(), { timeout: 15_000 }).toBe(TITLES[key] ?? label);
    await expect.poll(() => shown(admin, `staff-nav-${key}`).getAttribute('class')).toContain('staff-frame__link--on');
    // Wait for the page's own content (past its loading skeleton), then check it was not refused.
    await expect.poll(() => shown(admin, 'loading').count(), { timeout: 15_000 }).toBe(0);
    expect(await shown(admin, 'forbidden').count()).toBe(0);
    expect(await shown(admin, 'staff-frame-back').isVisible()).toBe(true);
    // H5 slides a new page in from the right: shoot once it has arrived, the sidebar at the left edge.
    await expect.poll(async () => (await shown(admin, 'staff-sidebar').boundingBox())?.x, { timeout: 15_000 }).toBe(0);
    await admin.screenshot({ path: resolve(SCREENSHOTS, `${key}.png`), fullPage: true });
  }

  // 关怀计划's own pages, which open from its list (not the sidebar), have the frame and a way back too.
  await shown(admin, 'staff-nav-care').click();
  await expect.poll(() => shown(admin, 'empty-state').textContent(), { timeout: 15_000 }).toContain('还没有关怀计划');
  await shown(admin, 'care-open-dead-letters').click();
  await expect.poll(() => shown(admin, 'staff-frame-title').textContent(), { timeout: 15_000 }).toBe('失败消息');
  await expect.poll(() => shown(admin, 'empty-state').textContent(), { timeout: 15_000 }).toContain('没有失败的消息');
  await expect.poll(async () => (await shown(admin, 'staff-sidebar').boundingBox())?.x, { timeout: 15_000 }).toBe(0);
  await admin.screenshot({ path: resolve(SCREENSHOTS, 'care-dead-letters.png'), fullPage: true });
  await shown(admin, 'staff-frame-back').click();
  await shown(admin, 'care-open-settings').click();
  await expect.poll(() => shown(admin, 'staff-frame-title').textContent(), { timeout: 15_000 }).toBe('发送设置');
  await shown(admin, 'care-settings-form').waitFor({ timeout: 15_000 });
  await expect.poll(async () => (await shown(admin, 'staff-sidebar').boundingBox())?.x, { timeout: 15_000 }).toBe(0);
  await admin.screenshot({ path: resolve(SCREENSHOTS, 'care-settings.png'), fullPage: true });
  // Back to the list: the stack is [home, a staff page] again, as the way back below expects.
  await shown(admin, 'staff-frame-back').click();
  await expect.poll(() => shown(admin, 'staff-frame-title').textContent(), { timeout: 15_000 }).toBe('关怀计划');

  // Lists are tables that sort by a column's header: the queue by when each was submitted.
  await shown(admin, 'staff-nav-complaints').click();
  const table = shown(admin, 'desk-table');
  await expect.poll(() => table.getByTestId('desk-row').count(), { timeout: 15_000 }).toBe(20);
  const firstDescription = () => table.getByTestId('desk-row').first().locator('.desk-row__desc').textContent();
  await table.getByTestId('desk-table-sort-submitted').click();
  await expect.poll(firstDescription).toBe('第1位买家：水果坏了');
  await table.getByTestId('desk-table-sort-submitted').click();
  await expect.poll(firstDescription).toBe('第20位买家：水果坏了');
  // The next page is a click away (a desktop window may be too tall to scroll).
  await shown(admin, 'list-more').click();
  await expect.poll(() => table.getByTestId('desk-row').count(), { timeout: 15_000 }).toBe(COMPLAINTS);
  expect(await shown(admin, 'team-table').count()).toBe(0);
  await shown(admin, 'staff-nav-team').click();
  await expect.poll(() => shown(admin, 'team-table').getByTestId('team-member').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

  // The way back: from the first staff page back to the member home.
  await shown(admin, 'staff-frame-back').click();
  await expect.poll(() => shown(admin, 'home-staff-entry').count(), { timeout: 15_000 }).toBe(1);
  await admin.context().close();
}, 180_000);

it("gives an agent's sidebar only the pages an agent may open: no 礼品管理", async () => {
  const agent = await desktopPage(env.browser);
  await logInAtDesk(agent, 'e2e-desk-agent');
  await clickTab(agent, '我的');
  await shown(agent, 'home-staff-entry').waitFor({ timeout: 15_000 });
  expect(await shown(agent, 'home-staff-rewards').count()).toBe(0);
  await shown(agent, 'home-staff-entry').click();
  const sidebar = shown(agent, 'staff-sidebar');
  await sidebar.waitFor({ timeout: 15_000 });
  expect(await sidebar.textContent()).not.toContain('礼品管理');
  for (const key of ['members', 'customer-list', 'scan', 'complaints'])
    expect(await sidebar.getByTestId(`staff-nav-${key}`).count()).toBe(1);
  for (const key of ['rewards', 'tiers', 'team', 'complaint-report', 'desk-settings', 'insight', 'insight-settings', 'segments']) {
    expect(await sidebar.getByTestId(`staff-nav-${key}`).count()).toBe(0);
  }
  await agent.context().close();
}, 90_000);
