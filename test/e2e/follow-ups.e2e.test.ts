import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { shanghaiDateOf } from '@linli/shared/time';
import { transactWrite } from '../../functions/src/db/transact-write.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { followUpItems, followUpTaskId, followUpView } from '../../functions/src/surveys/follow-ups.ts';
import type { SurveyResponseRecord } from '../../functions/src/surveys/response-record.ts';
import { newPhoneContext } from '../support/chromium.ts';
import { logInAs, openTab, useBrowserStack } from '../support/browser-stack.ts';

// 回访 in the real H5 build against the real local API: an unhappy survey answer has opened a
// task in the queue; an agent finds it from 投诉工单 → 回访任务, claims it, records what came of
// it, and the member's 客户画像 shows the task with its outcome.
const env = useBrowserStack();

async function api(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${env.stack.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** A joined member named 橙子爱好者; their member id. */
async function buyer(): Promise<string> {
  const session = (await api('POST', '/v1/auth/wechat', { code: `dev-e2e-fu-buyer.${randomUUID().slice(0, 8)}` })) as {
    token: string;
    member: { memberId: string };
  };
  const policy = (await api('GET', '/v1/privacy-policy')) as { version: string };
  await api('POST', '/v1/me/consent', { policyVersion: policy.version, accepted: true }, session.token);
  await api('PATCH', '/v1/me', { nickname: '橙子爱好者' }, session.token);
  return session.member.memberId;
}

/** Opens the follow-up an NPS of 3 opens, as the survey completion does: its items in one transaction. */
async function unhappyAnswer(memberId: string): Promise<string> {
  const completedAt = new Date().toISOString();
  const record: SurveyResponseRecord = {
    responseId: `sr_e2e${randomUUID().slice(0, 8)}`,
    surveyId: 'sv_after-order',
    version: 1,
    memberId,
    answers: { q1: 3, q2: '送货太慢了，水果也压坏了' },
    source: 'invitation',
    orderId: null,
    complaintId: null,
    completedAt,
    day: shanghaiDateOf(Date.parse(completedAt)),
    segments: { tier: null, rfmClass: null, stage: null, region: null, category: null },
    followUp: { reason: 'nps-detractor', questionId: 'q1', score: 3 },
    rewardPoints: 0,
  };
  const items = await followUpItems(env.stack.deps, record, { surveyName: '购后满意度' });
  expect((await transactWrite(env.stack.deps.db, items)).committed).toBe(true);
  return followUpTaskId(record.responseId);
}

it('an agent claims a follow-up from 回访任务, records the outcome, and 客户画像 shows it', async () => {
  const memberId = await buyer();
  const taskId = await unhappyAnswer(memberId);
  await putStaff(env.stack.deps.db, { openid: 'o-e2e-fu-agent', role: 'agent', name: '客服小林', at: new Date().toISOString() });

  const agent = await (await newPhoneContext(env.browser)).newPage();
  await logInAs(agent, env.h5.url, 'e2e-fu-agent');
  await openTab(agent, '我的');
  await agent.getByTestId('home-staff-complaints').tap();
  await agent.getByTestId('desk-follow-ups').tap();
  // 我的 first: nothing is the agent's yet. The task waits under 待领取.
  await expect
    .poll(() => agent.getByTestId('empty-state').filter({ visible: true }).textContent(), { timeout: 15_000 })
    .toBe('没有分配给你的回访任务');
  await agent.getByTestId('follow-up-tab-unclaimed').tap();
  const card = agent.locator(`[data-testid="follow-up"][data-id="${taskId}"]`);
  await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
  const shown = await card.textContent();
  for (const words of ['橙子爱好者', '购后满意度', '贬损者（0–6 分） · 打了 3 分', '送货太慢了，水果也压坏了', '处理人：待领取'])
    expect(shown).toContain(words);
  for (const hidden of [taskId, memberId, 'sv_after-order']) expect(shown).not.toContain(hidden);

  await card.getByTestId('follow-up-claim').tap();
  await expect.poll(() => agent.getByTestId('follow-up-notice').textContent(), { timeout: 15_000 }).toBe('已领取');
  await expect.poll(async () => (await followUpView(env.stack.deps, taskId)).assigneeName, { timeout: 15_000 }).toBe('客服小林');

  await agent.getByTestId('follow-up-tab-mine').tap();
  await expect.poll(() => card.getByTestId('follow-up-record-open').count(), { timeout: 15_000 }).toBe(1);
  await card.getByTestId('follow-up-record-open').tap();
  await card.getByTestId('follow-up-outcome-contacted').tap();
  await card.getByTestId('follow-up-outcome-note').locator('textarea').fill('已电话沟通，下周补发一箱');
  await card.getByTestId('follow-up-outcome-submit').tap();
  await expect.poll(() => agent.getByTestId('follow-up-notice').textContent(), { timeout: 15_000 }).toBe('回访结果已记录');
  const done = await followUpView(env.stack.deps, taskId);
  expect(done).toMatchObject({ status: 'done', outcome: 'contacted', outcomeNote: '已电话沟通，下周补发一箱', assigneeName: '客服小林' });

  // 已完成 lists it with its outcome; the member's name opens 客户画像.
  await agent.getByTestId('follow-up-tab-done').tap();
  await expect.poll(() => card.locator('.follow-up__status').textContent(), { timeout: 15_000 }).toBe('已沟通，待改进');
  await card.getByTestId('follow-up-member').tap();
  await expect.poll(() => agent.getByTestId('customer-name').textContent(), { timeout: 15_000 }).toBe('橙子爱好者');
  const followUp = agent.getByTestId('customer-follow-up');
  await expect.poll(() => followUp.count(), { timeout: 15_000 }).toBe(1);
  const onProfile = await followUp.textContent();
  for (const words of ['购后满意度', '已沟通，待改进', '处理人：客服小林', '回访记录：已电话沟通，下周补发一箱'])
    expect(onProfile).toContain(words);
  for (const hidden of [taskId, memberId]) expect(onProfile).not.toContain(hidden);
  await agent.context().close();
}, 120_000);
