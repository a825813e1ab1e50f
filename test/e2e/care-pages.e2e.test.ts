import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CareDryRun, CareEditorOptions, CareRuleInput, CareRuleList } from '@linli/shared/care-rules';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { apiAs as apiAsOn, runJob as runJobOn } from '../support/local-stack-calls.ts';

// 关怀计划's pages in the real H5 build against the real stack: an admin creates a holiday rule with a
// points gift in the editor, the saved rule is what the API holds, its dry run says what the API's
// says for the same rule, the list shows it in words, and 发送设置 saves a new cap with its version.
const env = useBrowserStack();

const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/care');

/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

const apiAs = (name: string) => apiAsOn(env.stack, name);
const runJob = (args: string[]) => runJobOn(env.stack, args);

it('an admin creates a holiday rule with a points gift, dry-runs it, finds it in the list and changes 发送设置', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-care-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  const api = await apiAs('e2e-care-admin');
  const options = await api<CareEditorOptions>('GET', '/v1/staff/care/options');
  const holiday = options.holidays[0]!;

  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-care-admin');
  await openTab(page, '我的');
  await shown(page, 'home-staff-care').tap();
  await expect.poll(() => shown(page, 'empty-state').textContent(), { timeout: 15_000 }).toContain('还没有关怀计划');
  await shown(page, 'care-rule-new').tap();

  await shown(page, 'care-rule-editor').waitFor({ timeout: 15_000 });
  await shown(page, 'care-rule-name').locator('input').fill('节日问候');
  await shown(page, 'care-trigger-holiday').tap();
  await shown(page, `care-holiday-${holiday.key}`).tap();
  await expect.poll(() => shown(page, 'care-holiday-next').textContent()).toContain(`下一次${holiday.name}`);
  await shown(page, 'care-template-id').first().locator('input').fill('tmpl-holiday');
  await shown(page, 'care-template-title').first().locator('input').fill('节日问候');
  await shown(page, 'care-field-text').first().locator('input').fill('{昵称}，{节日}快乐');
  await shown(page, 'care-gift-gift-points').tap();
  await shown(page, 'care-number-gift-points').locator('input').fill('100');
  await shown(page, 'care-rule-save').tap();

  // Created, the page is the saved rule's editor: the rule is what the API holds.
  await shown(page, 'care-rule-delete').waitFor({ timeout: 15_000 });
  const { items } = await api<CareRuleList>('GET', '/v1/staff/care/rules');
  expect(items).toHaveLength(1);
  const saved = items[0]!;
  expect(saved).toMatchObject({
    name: '节日问候',
    trigger: { kind: 'holiday', holiday: holiday.key, daysBefore: 0 },
    audience: { kind: 'everyone' },
    gift: { kind: 'points', points: 100 },
    enabled: false,
    version: 1,
  });
  expect(saved.message.fields[0]).toEqual({ key: 'thing1', text: '{昵称}，{节日}快乐' });

  // Its dry run counts the holiday's next date, and says what the API says for the same rule and day.
  const { ruleId: _id, createdAt: _c, updatedAt: _u, version: _v, last30Days: _l, ...input } = saved;
  const expected = await api<CareDryRun>('POST', '/v1/staff/care/dry-run', { rule: input satisfies CareRuleInput, day: holiday.nextDate });
  await shown(page, 'care-rule-dry-run').tap();
  const [year, month, day] = holiday.nextDate.split('-').map(Number);
  await expect
    .poll(() => shown(page, 'care-dry-run-send').textContent(), { timeout: 15_000 })
    .toBe(`${year}年${month}月${day}日会发送 ${expected.wouldSend} 人`);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'editor.png'), fullPage: true });

  // The list shows it in words.
  await page.goBack();
  const card = shown(page, 'care-rule-card');
  await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
  expect(await card.getByTestId('care-rule-trigger').textContent()).toBe(`节日 ${holiday.name} 当天`);
  expect(await card.getByTestId('care-rule-state').textContent()).toBe('已关闭');
  expect(await page.locator('body').textContent()).not.toContain(saved.ruleId);

  // 发送设置: two a day, saved with the version read.
  await shown(page, 'care-open-settings').tap();
  await shown(page, 'care-settings-form').waitFor({ timeout: 15_000 });
  await shown(page, 'care-settings-dailyCap').locator('input').fill('2');
  await shown(page, 'care-settings-save').tap();
  await expect
    .poll(async () => (await api<{ policy: { dailyCap: number }; version: number }>('GET', '/v1/staff/care/settings')).policy.dailyCap, {
      timeout: 15_000,
    })
    .toBe(2);
  await page.context().close();
}, 180_000);

it('an operator sends a holiday coupon to a segment: editor, dry run, `npm run job -- care-plan --at`, the message in WeChat, the coupon in 我的券', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-care-operator', role: 'admin', name: '运营', at: new Date().toISOString() });
  const admin = await apiAs('e2e-care-operator');
  const TEMPLATE = 'tmpl-care-holiday-gift';
  // The shop's coupon, a buyer tagged VIP and the segment of VIPs.
  const reward = await admin<{ rewardId: string }>('POST', '/v1/staff/rewards', {
    kind: 'coupon',
    name: '节日10元券',
    description: '节日专享',
    pointsPrice: 100,
    stock: 50,
    perMemberLimit: 1,
    tierCodes: [],
    availableFrom: '2026-01-01T00:00:00+08:00',
    availableUntil: '2030-01-01T00:00:00+08:00',
    coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 0, validDays: 30 },
  });
  const buyer = await apiAs('e2e-care-vip');
  const policy = await buyer<{ version: string }>('GET', '/v1/privacy-policy');
  const joined = await buyer<{ memberId: string }>('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true });
  await buyer('PATCH', '/v1/me', { nickname: '小林' });
  await admin('PUT', `/v1/staff/members/${joined.memberId}/tags/VIP`);
  await admin('POST', '/v1/staff/segments', { name: '节日贵宾', rule: { op: 'and', conditions: [{ field: 'tag', in: ['VIP'] }] } });
  // The next holiday after today: its 10:00 is still ahead when the job runs as at that morning.
  const options = await admin<CareEditorOptions>('GET', '/v1/staff/care/options');
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const holiday = options.holidays.find((candidate) => candidate.nextDate > today && candidate.kind !== 'seller')!;

  const page = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(page, env.h5.url, 'e2e-care-operator');
  await openTab(page, '我的');
  await shown(page, 'home-staff-care').tap();
  await shown(page, 'care-rule-new').tap();
  await shown(page, 'care-rule-editor').waitFor({ timeout: 15_000 });
  await shown(page, 'care-rule-name').locator('input').fill('节日好礼');
  await shown(page, 'care-rule-enabled-on').tap();
  await shown(page, 'care-trigger-holiday').tap();
  await shown(page, `care-holiday-${holiday.key}`).tap();
  await shown(page, 'care-audience-segment').tap();
  await shown(page, 'care-segment').getByText('节日贵宾').tap();
  await shown(page, 'care-template-id').first().locator('input').fill(TEMPLATE);
  await shown(page, 'care-template-title').first().locator('input').fill('节日好礼');
  await shown(page, 'care-field-text').first().locator('input').fill('{昵称}，{节日}快乐');
  await shown(page, 'care-gift-gift-coupon').tap();
  await shown(page, `care-coupon-gift-${reward.rewardId}`).tap();
  await shown(page, 'care-rule-save').tap();
  await shown(page, 'care-rule-delete').waitFor({ timeout: 15_000 });

  // The buyer allows the message (WeChat's dialog in the emulator, then the report to Linli).
  await fetch(`${env.stack.wechatUrl}/__emulator/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: 'o-e2e-care-vip', templateIds: [TEMPLATE], result: 'accept' }),
  });
  await buyer('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] });

  // The dry run counts the holiday's day: the one VIP would get it.
  await shown(page, 'care-rule-dry-run').tap();
  const [year, month, day] = holiday.nextDate.split('-').map(Number);
  await expect
    .poll(() => shown(page, 'care-dry-run-send').textContent(), { timeout: 15_000 })
    .toBe(`${year}年${month}月${day}日会发送 1 人`);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'holiday-coupon.png'), fullPage: true });
  await page.context().close();

  // The daily job, run by hand as at 10:00 that day, plans and queues it; npm start's worker sends it.
  const job = await runJob(['care-plan', '--at', `${holiday.nextDate}T10:00:00+08:00`]);
  expect(JSON.parse(job).plan).toMatchObject({ planned: 1 });
  const wechat = await (await newPhoneContext(env.browser)).newPage();
  await wechat.goto(env.stack.wechatUrl);
  await expect
    .poll(
      async () => {
        await wechat.reload();
        return wechat.locator('body').textContent();
      },
      { timeout: 30_000 },
    )
    .toContain(`小林，${holiday.name}快乐`);
  await wechat.context().close();

  // The buyer finds the coupon in 我的券.
  const mine = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(mine, env.h5.url, 'e2e-care-vip');
  await mine.getByTestId('link-mall').tap();
  await mine.getByTestId('mall-my-coupons').tap();
  await expect.poll(() => mine.getByTestId('coupon').first().textContent(), { timeout: 15_000 }).toContain('节日10元券');
  await mine.context().close();
}, 240_000);
