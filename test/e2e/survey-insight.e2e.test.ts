import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { npsSample, scoreFigure } from '@linli/shared/survey-stats';
import type { Survey } from '@linli/shared/surveys';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// 满意度看板 in the real H5 build against the real local API: an admin publishes a survey, four
// buyers answer it through the API (10, 9, 7 and 3), and a supervisor goes 问卷调查 → the survey →
// 查看数据 and reads the NPS those answers make, with its margin, and the answers themselves.
const env = useBrowserStack();
/** Screenshots kept as test artifacts, for a person to look at the page. */
const SCREENSHOTS = resolve(import.meta.dirname, '../../.test-results/screenshots/survey-insight');

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${env.stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

const login = (name: string) =>
  api<{ token: string; member: { memberId: string } }>('POST', '/v1/auth/wechat', { code: `dev-${name}.${randomUUID().slice(0, 8)}` });

/** A joined member with a nickname; their token. */
async function buyer(nickname: string): Promise<string> {
  const session = await login(`e2e-svi-${randomUUID().slice(0, 8)}`);
  const policy = await api<{ version: string }>('GET', '/v1/privacy-policy');
  await api('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true }, session.token);
  await api('PATCH', '/v1/me', { nickname }, session.token);
  return session.token;
}

const SCORES: Array<[nickname: string, score: number, comment: string | null]> = [
  ['爱吃橙子', 10, null],
  ['老街坊', 9, null],
  ['小雨', 7, null],
  ['不满意的顾客', 3, '送货太慢，橙子压坏了两个'],
];

it('a supervisor reads the NPS of the answers from 问卷调查 → the survey → 查看数据', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-svi-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-svi-sup', role: 'supervisor', name: '王主管', at: new Date().toISOString() });
  const admin = (await login('e2e-svi-admin')).token;
  const created = await api<Survey>(
    'POST',
    '/v1/staff/surveys',
    {
      name: '门店体验调查',
      title: '说说你的购物体验',
      questions: [
        { questionId: 'q1', kind: 'nps', title: '你有多大可能把我们推荐给朋友？' },
        { questionId: 'q2', kind: 'long-text', title: '哪里可以做得更好？', required: false },
      ],
    },
    admin,
  );
  await api('POST', `/v1/staff/surveys/${created.surveyId}/publish`, { revision: created.revision }, admin);
  for (const [nickname, score, comment] of SCORES) {
    const token = await buyer(nickname);
    await api(
      'POST',
      `/v1/surveys/${created.surveyId}/responses`,
      { requestId: randomUUID(), version: 1, answers: { q1: score, ...(comment ? { q2: comment } : {}) }, source: 'link' },
      token,
    );
  }
  // Two promoters, one passive, one detractor: NPS 25, and with four answers a wide margin.
  const expected = scoreFigure(npsSample({ promoters: 2, passives: 1, detractors: 1 }));
  expect(expected.value).toBe(25);

  const page = await (await newPhoneContext(env.browser)).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const shown = (testId: string) => page.getByTestId(testId).filter({ visible: true });
  await logInAs(page, env.h5.url, 'e2e-svi-sup');
  await openTab(page, '我的');
  await page.getByTestId('home-staff-surveys').tap();
  await shown('survey-row').filter({ hasText: '门店体验调查' }).getByTestId('survey-name').tap();
  // The survey's page (the list's own 查看数据 stays in the document, hidden, under it).
  const surveyPage = shown('survey-builder');
  await surveyPage.waitFor({ timeout: 15_000 });
  await surveyPage.getByTestId('survey-open-insight').tap();

  await expect.poll(() => shown('survey-headline-value').textContent(), { timeout: 15_000 }).toBe('25');
  expect(await shown('survey-headline-margin').textContent()).toBe(`±${expected.margin}`);
  expect(await shown('survey-headline-basis').textContent()).toContain('基于 4 份回答');
  expect(await shown('survey-headline-warning').textContent()).toContain('样本不足');
  expect(await shown('survey-insight-name').textContent()).toBe('门店体验调查');
  expect(await shown('survey-class').allTextContents()).toEqual([
    '推荐者（9–10 分）2 人 · 50%',
    '中立者（7–8 分）1 人 · 25%',
    '贬损者（0–6 分）1 人 · 25%',
  ]);

  // The answers, newest first, with the detractor's comment and the follow-up it opened.
  await expect.poll(() => shown('survey-answer').count(), { timeout: 15_000 }).toBe(4);
  await shown('survey-answers').getByText('贬损者', { exact: true }).tap();
  await expect.poll(() => shown('survey-answer').count(), { timeout: 15_000 }).toBe(1);
  const unhappy = await shown('survey-answer').textContent();
  for (const words of ['不满意的顾客', '3 分', '送货太慢，橙子压坏了两个', '链接或小程序码', '已转回访：贬损者（0–6 分）'])
    expect(unhappy).toContain(words);
  expect(await page.locator('body').textContent()).not.toContain(created.surveyId);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, 'phone.png'), fullPage: true });

  // A desktop browser: the staff frame titles the page; the figures are the same.
  await page.setViewportSize({ width: 1440, height: 900 });
  await shown('staff-sidebar').waitFor({ timeout: 15_000 });
  expect(await shown('staff-frame-title').textContent()).toBe('满意度看板');
  expect(await shown('survey-headline-value').textContent()).toBe('25');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'desktop.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.context().close();
}, 180_000);
