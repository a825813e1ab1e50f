import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Survey } from '@linli/shared/surveys';
import type { SurveyInsight } from '@linli/shared/survey-stats';
import { addDays, shanghaiDay } from '@linli/shared/time';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';
import { apiAs, postSignedOrder, runJob } from '../support/local-stack-calls.ts';

// The satisfaction loop in the real H5 build against the real local stack (npm start's worker
// included): an order → the post-purchase invitation in WeChat (the emulator) → the buyer opens it
// and answers 3 → a 回访 task appears in the desk → the agent records the outcome → the survey's
// figures count the answer and the outcome.
const env = useBrowserStack();

const TEMPLATE = 'tmpl-survey-invite';
/** Only what the current page shows: H5 keeps earlier pages of the stack in the document, hidden. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).filter({ visible: true });

it('closes the loop: order, invitation, a detractor’s answer, the 回访 task worked, the NPS counting it', async () => {
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-loop-admin', role: 'admin', name: '店主', at: new Date().toISOString() });
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-loop-agent', role: 'agent', name: '客服小周', at: new Date().toISOString() });
  const admin = await apiAs(env.stack, 'e2e-loop-admin');

  // The shop's survey (why? only for 0–6) and the rule inviting to it the day after an order.
  const draft = await admin<Survey>('POST', '/v1/staff/surveys', {
    name: '购后推荐度',
    title: '你愿意把我们推荐给朋友吗？',
    questions: [
      { questionId: 'q1', kind: 'nps', title: '你有多大可能把我们推荐给朋友？' },
      { questionId: 'q2', kind: 'long-text', title: '哪里让你不满意？', showIf: { questionId: 'q1', max: 6 } },
    ],
  });
  const survey = await admin<Survey>('POST', `/v1/staff/surveys/${draft.surveyId}/publish`, { revision: draft.revision });
  await admin('POST', '/v1/staff/care/rules', {
    name: '购后邀请评价',
    trigger: { kind: 'post-purchase', daysAfter: 1 },
    audience: { kind: 'everyone' },
    message: {
      templateId: TEMPLATE,
      title: '评价邀请',
      page: 'pages/index/index',
      fields: [
        { key: 'thing1', text: '{昵称}，邀请你评价这次购物' },
        { key: 'date2', text: '{日期}' },
      ],
    },
    survey: survey.surveyId,
    sendTime: '10:00',
    enabled: true,
  });

  // The buyer joins, allows the message, and buys today.
  const buyer = await apiAs(env.stack, 'e2e-loop-buyer');
  const policy = await buyer<{ version: string }>('GET', '/v1/privacy-policy');
  await buyer('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true });
  await buyer('PATCH', '/v1/me', { nickname: '阿杰' });
  await fetch(`${env.stack.wechatUrl}/__emulator/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: 'o-e2e-loop-buyer', templateIds: [TEMPLATE], result: 'accept' }),
  });
  await buyer('POST', '/v1/me/subscriptions', { results: [{ templateId: TEMPLATE, result: 'accept' }] });
  const posted = await postSignedOrder(env.stack, {
    orderId: 'e2e-loop-order',
    openid: 'o-e2e-loop-buyer',
    paidFen: 12_800,
    paidAt: new Date().toISOString(),
    items: [{ sku: 'NUT-MIX-500G', name: '每日坚果 500g', category: '坚果', qty: 1, unitPriceFen: 12_800 }],
  });
  expect(posted.status).toBe(200);

  // Tomorrow's planner (run by hand as at 10:00) invites them; npm start's worker sends it.
  const tomorrow = addDays(shanghaiDay(new Date()).date, 1);
  expect(JSON.parse(await runJob(env.stack, ['care-plan', '--at', `${tomorrow}T10:00:00+08:00`])).plan).toMatchObject({ planned: 1 });
  const wechat = await (await newPhoneContext(env.browser)).newPage();
  await wechat.goto(env.stack.wechatUrl);
  const linkLine = `pages/survey/index?id=${survey.surveyId}&amp;from=invitation&amp;order=e2e-loop-order`;
  await expect
    .poll(
      async () => {
        await wechat.reload();
        return wechat.content();
      },
      { timeout: 30_000 },
    )
    .toContain(linkLine);
  expect(await wechat.locator('body').textContent()).toContain('阿杰，邀请你评价这次购物');
  await wechat.context().close();

  // The buyer taps the message: the survey opens; a 3 asks why; they answer and submit.
  const phone = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(phone, env.h5.url, 'e2e-loop-buyer');
  await phone.goto(`${env.h5.url}#/pages/survey/index?id=${survey.surveyId}&from=invitation&order=e2e-loop-order`);
  await expect.poll(() => shown(phone, 'survey-title').textContent(), { timeout: 15_000 }).toBe('你愿意把我们推荐给朋友吗？');
  expect(await shown(phone, 'survey-question').count()).toBe(1);
  await shown(phone, 'survey-score-3').tap();
  await expect.poll(() => shown(phone, 'survey-question').count()).toBe(2);
  await shown(phone, 'survey-text').locator('textarea').fill('坚果有点受潮');
  await shown(phone, 'survey-submit').tap();
  await shown(phone, 'survey-thank-you').waitFor({ timeout: 15_000 });
  await phone.context().close();

  // The desk: the task waits unclaimed; the agent takes it and records what came of the call.
  const agent = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(agent, env.h5.url, 'e2e-loop-agent');
  await openTab(agent, '我的');
  await shown(agent, 'home-staff-complaints').tap();
  await shown(agent, 'desk-follow-ups').tap();
  await shown(agent, 'follow-up-tab-unclaimed').tap();
  const card = shown(agent, 'follow-up').filter({ hasText: '阿杰' });
  await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
  for (const words of ['购后推荐度', '打了 3 分', '坚果有点受潮']) expect(await card.textContent()).toContain(words);
  await card.getByTestId('follow-up-claim').tap();
  await expect.poll(() => shown(agent, 'follow-up-notice').textContent(), { timeout: 15_000 }).toBe('已领取');
  await shown(agent, 'follow-up-tab-mine').tap();
  await expect.poll(() => card.getByTestId('follow-up-record-open').count(), { timeout: 15_000 }).toBe(1);
  await card.getByTestId('follow-up-record-open').tap();
  await card.getByTestId('follow-up-outcome-resolved').tap();
  await card.getByTestId('follow-up-outcome-note').locator('textarea').fill('已补发一袋，客户满意');
  await card.getByTestId('follow-up-outcome-submit').tap();
  await expect.poll(() => shown(agent, 'follow-up-notice').textContent(), { timeout: 15_000 }).toBe('回访结果已记录');
  await agent.context().close();

  // 满意度看板: the shop's NPS counts the one detractor.
  const desk = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(desk, env.h5.url, 'e2e-loop-admin');
  await openTab(desk, '我的');
  await shown(desk, 'home-staff-surveys').tap();
  await shown(desk, 'survey-row').filter({ hasText: '购后推荐度' }).getByTestId('survey-name').tap();
  await shown(desk, 'survey-builder').getByTestId('survey-open-insight').tap();
  await expect.poll(() => shown(desk, 'survey-headline-value').textContent(), { timeout: 15_000 }).toBe('-100');
  expect(await shown(desk, 'survey-headline-basis').textContent()).toContain('基于 1 份回答');
  await desk.context().close();

  // The figures: one detractor (NPS −100) answered from the invitation, a follow-up opened and resolved.
  const insight = await admin<SurveyInsight>('GET', `/v1/staff/surveys/${survey.surveyId}/insight`);
  expect(insight.headline).toMatchObject({ n: 1, value: -100 });
  expect(insight.sources).toContainEqual(expect.objectContaining({ source: 'invitation', count: 1 }));
  expect(insight.followUps.opened).toContainEqual(expect.objectContaining({ reason: 'nps-detractor', count: 1 }));
  expect(insight.followUps.outcomes).toContainEqual(expect.objectContaining({ outcome: 'resolved', count: 1 }));
}, 240_000);
