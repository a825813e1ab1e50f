import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SegmentMemberPage, SegmentPreview, SegmentRule } from '@linli/shared/segments';
import { shanghaiDay } from '@linli/shared/time';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, seedScoredDemoShop, useBrowserStack } from '../support/browser-stack.ts';
import { apiAs as apiAsOn } from '../support/local-stack-calls.ts';

// 客户列表 and 客户分群 in the real H5 build against the real stack, on the demo shop (members with
// a year of orders in recognisable patterns) scored by the nightly job as `npm start` does: a
// supervisor builds a segment and sees the count the API gives for the same rule, saves it, opens
// its members and exports them; an agent filters the 客户列表 by lifecycle stage.
const env = useBrowserStack();

const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/segments');
/** Enough members for every stage and more than a page of the list; fewer than the demo's 200, for time. */
const DEMO_MEMBERS = 80;
/** Codes the pages must never show. */
const CODES = /\b(prospect|at_risk|loyal|lost|important_\w+|general_\w+|high|medium|low|stage|rfmClass)\b/;

beforeAll(async () => {
  await seedScoredDemoShop(env.stack, DEMO_MEMBERS);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

const apiAs = (name: string) => apiAsOn(env.stack, name);

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });
const countText = (count: number) => `共 ${count.toLocaleString('en-US')} 位客户`;
const today = () => shanghaiDay(new Date()).date;
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

async function phone(browser: Browser, name: string): Promise<Page> {
  const page = await (await newPhoneContext(browser)).newPage();
  await logInAs(page, env.h5.url, name);
  await openTab(page, '我的');
  return page;
}

it('a supervisor builds a segment, sees the count the API gives for the same rule, saves it and opens its members', async () => {
  const page = await phone(env.browser, 'supervisor');
  await shown(page, 'home-staff-segments').tap();
  await expect.poll(() => shown(page, 'empty-state').textContent(), { timeout: 15_000 }).toContain('还没有客户分群');
  await shown(page, 'segment-new').tap();

  const builder = shown(page, 'segment-builder');
  await builder.waitFor({ timeout: 15_000 });
  await shown(page, 'segment-name').locator('input').fill('流失预警与忠诚老客');
  // 生命周期: 流失风险 or 忠诚 …
  await shown(page, 'rule-add-condition').tap();
  await shown(page, 'field-stage').tap();
  const stageRow = builder.locator('[data-field="stage"]');
  await stageRow.getByTestId('rule-stage-at_risk').tap();
  await stageRow.getByTestId('rule-stage-loyal').tap();
  // … and bought in the last 90 days.
  await shown(page, 'rule-add-condition').tap();
  await shown(page, 'field-lastOrderDaysAgo').tap();
  await builder.locator('[data-field="lastOrderDaysAgo"]').getByTestId('rule-lastOrderDaysAgo-days-90').tap();

  const rule: SegmentRule = {
    op: 'and',
    conditions: [
      { field: 'stage', in: ['at_risk', 'loyal'] },
      { field: 'lastOrderDaysAgo', max: 89 },
    ],
  };
  const supervisorApi = await apiAs('supervisor');
  const expected = await supervisorApi<SegmentPreview>('POST', '/v1/staff/segment-previews', { rule });
  expect(expected.count).toBeGreaterThan(0); // the demo has loyal regulars who bought lately

  const count = shown(page, 'segment-count');
  await expect.poll(() => count.getAttribute('data-status'), { timeout: 15_000 }).toBe('ready');
  expect(await count.textContent()).toBe(String(expected.count));
  expect(await shown(page, 'segment-as-of').textContent()).toBe(`数据截至 ${monthDay(today())}`);
  const sample = shown(page, 'segment-sample').getByTestId('segment-member');
  expect(await sample.count()).toBe(Math.min(10, expected.count));
  expect(await sample.getByTestId('segment-member-stage').allTextContents()).toEqual(
    expected.sample.map((member) => (member.stage === 'loyal' ? '忠诚' : '流失风险')),
  );
  expect(await builder.textContent()).not.toMatch(CODES);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'phone-builder.png'), fullPage: true });

  // Widening the rule with an 或 (either condition) changes the count to the API's again.
  await shown(page, 'segment-op-or').tap();
  const widened = await supervisorApi<SegmentPreview>('POST', '/v1/staff/segment-previews', { rule: { ...rule, op: 'or' } });
  await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe(String(widened.count));
  expect(widened.count).toBeGreaterThan(expected.count);
  await shown(page, 'segment-op-and').tap();
  await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe(String(expected.count));

  await shown(page, 'segment-save').tap();
  await expect.poll(() => shown(page, 'segment-name-shown').textContent(), { timeout: 15_000 }).toBe('流失预警与忠诚老客');
  expect(await shown(page, 'segment-rule-text').textContent()).toBe('生命周期：流失风险、忠诚 且 最近购买：90 天内');
  await expect.poll(() => shown(page, 'segment-member-count').textContent(), { timeout: 15_000 }).toBe(countText(expected.count));
  const members = shown(page, 'segment-member');
  await expect.poll(() => members.count(), { timeout: 15_000 }).toBe(Math.min(20, expected.count));
  const pageText = (await shown(page, 'segment-page').textContent()) ?? '';
  expect(pageText).not.toMatch(CODES);
  expect(pageText).not.toMatch(/1\d{10}/); // phones masked
  await page.screenshot({ path: resolve(SCREENSHOTS, 'phone-segment.png'), fullPage: true });

  // The saved segment is listed by name with its rule in words.
  await page.goBack();
  await expect.poll(() => shown(page, 'segment-card-name').allTextContents(), { timeout: 15_000 }).toEqual(['流失预警与忠诚老客']);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'phone-segments.png'), fullPage: true });

  // A member opens on tap.
  await shown(page, 'segment-card').tap();
  await members.first().waitFor({ timeout: 15_000 });
  await members.first().tap();
  await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/staff\/pages\/(customer|member)\/index\?id=/);
  await page.context().close();
}, 180_000);

it('exports a segment as CSV with the phones masked (the browser downloads the file)', async () => {
  const supervisorApi = await apiAs('supervisor');
  const segment = await supervisorApi<{ segmentId: string }>('POST', '/v1/staff/segments', {
    name: '浙江的客户',
    rule: { op: 'and', conditions: [{ field: 'region', in: ['浙江省'] }] },
  });
  const { count } = await supervisorApi<SegmentMemberPage>('GET', `/v1/staff/segments/${segment.segmentId}/members?limit=1`);
  const page = await phone(env.browser, 'supervisor');
  await shown(page, 'home-staff-segments').tap();
  await shown(page, 'segment-card').filter({ hasText: '浙江的客户' }).tap();
  await expect.poll(() => shown(page, 'segment-member-count').textContent(), { timeout: 15_000 }).toBe(countText(count!));
  const download = page.waitForEvent('download');
  await shown(page, 'segment-export').tap();
  const file = await download;
  expect(file.suggestedFilename()).toBe('客户分群-浙江的客户.csv');
  const csv = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('昵称,手机号,等级,生命周期,RFM 分类,流失风险,12个月价值(元),最近购买,加入日期');
  expect(lines).toHaveLength(count! + 1);
  expect(csv).not.toMatch(/1\d{10}/);
  await page.context().close();
}, 120_000);

it('an agent filters the 客户列表 by lifecycle stage and sees the count; 客户分群 is not offered to agents', async () => {
  const page = await phone(env.browser, 'agent');
  await shown(page, 'home-staff-menu').waitFor({ timeout: 15_000 });
  expect(await shown(page, 'home-staff-segments').count()).toBe(0);
  await shown(page, 'home-staff-customer-list').tap();

  const rows = shown(page, 'segment-member');
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(20);
  // Unfiltered: every member, a page at a time, no count.
  expect(await shown(page, 'customer-count').count()).toBe(0);
  expect(await shown(page, 'customer-as-of').textContent()).toBe(`数据截至 ${monthDay(today())}`);

  const agentApi = await apiAs('agent');
  const loyal = await agentApi<SegmentMemberPage>('GET', '/v1/staff/customers?stage=loyal&limit=100');
  expect(loyal.count).toBeGreaterThan(0);
  await shown(page, 'customer-filter-toggle').tap();
  await shown(page, 'filter-stage-loyal').tap();
  await expect.poll(() => shown(page, 'customer-count').textContent(), { timeout: 15_000 }).toBe(countText(loyal.count!));
  await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(Math.min(20, loyal.count!));
  expect(new Set(await rows.getByTestId('segment-member-stage').allTextContents())).toEqual(new Set(['忠诚']));
  await page.screenshot({ path: resolve(SCREENSHOTS, 'phone-customer-list.png'), fullPage: true });

  // A second stage widens the list to both.
  await shown(page, 'filter-stage-at_risk').tap();
  const both = await agentApi<SegmentMemberPage>('GET', '/v1/staff/customers?stage=loyal,at_risk&limit=1');
  await expect.poll(() => shown(page, 'customer-count').textContent(), { timeout: 15_000 }).toBe(countText(both.count!));
  expect(await shown(page, 'customer-list').textContent()).not.toMatch(CODES);
  await shown(page, 'customer-filter-clear').tap();
  await expect.poll(() => shown(page, 'customer-count').count(), { timeout: 15_000 }).toBe(0);
  await page.context().close();
}, 120_000);

it('lays the pages out for a desktop: the list and the builder beside the sidebar', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(env.h5.url);
  await page.getByTestId('dev-login-name').locator('input').fill('supervisor');
  await page.getByTestId('dev-login-submit').click();
  await page.getByTestId('login-panel').waitFor({ state: 'detached', timeout: 15_000 });

  await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
  await shown(page, 'home-staff-customer-list').click();
  const table = shown(page, 'customer-table');
  await expect.poll(() => table.getByTestId('segment-member').count(), { timeout: 15_000 }).toBe(20);
  await shown(page, 'filter-stage-at_risk').click();
  await expect.poll(() => shown(page, 'customer-count').count(), { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => (await shown(page, 'staff-sidebar').boundingBox())?.x, { timeout: 15_000 }).toBe(0);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'desktop-customer-list.png'), fullPage: true });

  await shown(page, 'staff-nav-segments').click();
  await shown(page, 'segment-new').click();
  await shown(page, 'segment-name').locator('input').fill('高价值待挽回');
  await shown(page, 'rule-add-condition').click();
  await shown(page, 'field-rfmClass').click();
  await shown(page, 'rule-rfmClass-important_winback').click();
  await shown(page, 'rule-rfmClass-important_retain').click();
  await shown(page, 'rule-add-group').click();
  const group = shown(page, 'rule-group');
  await group.getByTestId('rule-add-condition').click();
  await shown(page, 'field-clvFen').click();
  await group.getByTestId('rule-min').locator('input').fill('300');
  await group.getByTestId('rule-add-condition').click();
  await shown(page, 'field-riskBand').click();
  await group.getByTestId('rule-riskBand-high').click();
  await expect.poll(() => shown(page, 'segment-count').getAttribute('data-status'), { timeout: 15_000 }).toBe('ready');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'desktop-builder.png'), fullPage: true });
  await context.close();
}, 120_000);
