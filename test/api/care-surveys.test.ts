import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { CareEditorOptions, CareRuleInputBody } from '@linli/shared/care-rules';
import type { Survey, SurveyInputBody } from '@linli/shared/surveys';
import { planCare } from '../../functions/src/automation/care-planner.ts';
import { dispatchDueCare } from '../../functions/src/automation/care-delivery.ts';
import { listMemberDeliveries } from '../../functions/src/automation/care-repository.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { listSurveyResponses } from '../../functions/src/surveys/repository.ts';
import { pollCareQueueOnce } from '../../dev/care-worker.ts';
import { careMessage, careRuleBody, createCareRule, grantCareTemplate } from '../support/care-rules.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient } from '../support/api-client.ts';

// Survey invitations through the care engine: a post-purchase rule that invites to a survey sends
// the message opening the survey with the order it asks about, only to members the survey may ask
// (the survey's own eligibility, decided on the server), and the send is an ask (the recontact
// clock); a one-day rule sends a survey to a saved segment. DynamoDB Local, SQS and the WeChat
// emulator, with a hand-moved clock.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

const sentTo = (name: string) => stack.emulator.state.messages.filter((message) => message.openid === `o-cs-${name}`);

async function call<T>(method: string, path: string, token: string | undefined, body?: unknown) {
  const response = await api.json(method, path, body, token);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T & { error: { code: string; issues?: unknown[] } } };
}

async function member(name: string) {
  const session = await api.login(`cs-${name}`);
  expect((await api.join(session.token)).status).toBe(200);
  tokens[name] = session.token;
  ids[name] = session.member.memberId;
  await grantCareTemplate(stack, api, { openid: `o-cs-${name}`, token: session.token }, 3);
}

async function bought(name: string, orderId: string, category: string, paidAt: string, paidFen = 9_900) {
  const order = {
    orderId,
    openid: `o-cs-${name}`,
    paidFen,
    paidAt,
    items: [{ sku: `SKU-${category}`, name: category, category, qty: 1, unitPriceFen: paidFen }],
  };
  expect((await api.postOrder(order)).status).toBe(200);
}

const survey = (name: string, overrides: Partial<SurveyInputBody> = {}): SurveyInputBody => ({
  name,
  title: '这次购物满意吗？',
  questions: [
    { questionId: 'q1', kind: 'csat', title: '对这次购物满意吗？' },
    { questionId: 'q2', kind: 'long-text', title: '哪里可以做得更好？', required: false },
  ],
  ...overrides,
});

async function publishedSurvey(definition: SurveyInputBody): Promise<Survey> {
  const created = await call<Survey>('POST', '/v1/staff/surveys', tokens.admin, definition);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const publish = await call<Survey>('POST', `/v1/staff/surveys/${created.body.surveyId}/publish`, tokens.admin, {
    revision: created.body.revision,
  });
  expect(publish.status).toBe(200);
  return publish.body;
}

const invitation = (surveyId: string, overrides: Partial<CareRuleInputBody> = {}): CareRuleInputBody =>
  careRuleBody({
    name: '购物后满意度',
    trigger: { kind: 'post-purchase', daysAfter: 3 },
    message: careMessage('购物回访', '邀请你评价这次购物'),
    survey: surveyId,
    ...overrides,
  });

/** Moves the clock; the admin logs in again (sessions last a week). */
async function setNow(at: string) {
  stack.clock.set(at);
  tokens.admin = (await api.login('cs-admin')).token;
}

async function sendDue() {
  await dispatchDueCare(stack.deps);
  while ((await pollCareQueueOnce(stack.deps)) > 0);
}

beforeAll(async () => {
  stack = await createTestStack({ now: '2026-11-20T02:00:00.000Z' }); // Friday 20 November, 10:00 in Shanghai
  api = apiClient(stack);
  await putStaff(stack.deps.db, { openid: 'o-cs-admin', role: 'admin', name: 'admin', at: stack.clock().toISOString() });
  tokens.admin = (await api.login('cs-admin')).token;
  for (const name of ['ann', 'ben', 'cat']) await member(name);
});
afterAll(() => stack?.close());

describe('survey invitations through care rules', () => {
  it('refuses a rule naming a survey that is not published, and offers the published ones in the editor', async () => {
    const draft = await call<Survey>('POST', '/v1/staff/surveys', tokens.admin, survey('草稿问卷'));
    const refused = await call('POST', '/v1/staff/care/rules', tokens.admin, invitation(draft.body.surveyId));
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({ code: 'SURVEY_NOT_FOUND', issues: [{ path: 'survey', message: '请选择一份进行中的问卷' }] });
    const builtIn = await call('POST', '/v1/staff/care/rules', tokens.admin, invitation('sv_complaint-resolution'));
    expect(builtIn.body.error.code).toBe('SURVEY_NOT_FOUND');

    const open = await publishedSurvey(survey('下单体验'));
    const options = await call<CareEditorOptions>('GET', '/v1/staff/care/options', tokens.admin);
    expect(options.body.surveys).toEqual([{ surveyId: open.surveyId, name: '下单体验' }]);
  });

  it('sends the invitation opening the survey with the order, skips members the survey may not ask, and counts the send as an ask', async () => {
    const csat = await publishedSurvey(survey('购物满意度'));
    const other = await publishedSurvey(survey('新品调研'));
    await createCareRule(api, tokens.admin!, invitation(csat.surveyId));

    // Friday: ann buys twice (the larger order is the one asked about), ben and cat once each.
    await bought('ann', 'cs-ann-small', '水果', '2026-11-20T03:00:00.000Z', 3_900);
    await bought('ann', 'cs-ann-large', '坚果', '2026-11-20T05:00:00.000Z', 19_900);
    await bought('ben', 'cs-ben-1', '水果', '2026-11-20T04:00:00.000Z');
    await bought('cat', 'cs-cat-1', '水果', '2026-11-20T04:00:00.000Z');
    // ben answers the survey himself (a link in the parcel) before the invitation is due.
    const answered = await call('POST', `/v1/surveys/${csat.surveyId}/responses`, tokens.ben, {
      requestId: randomUUID(),
      version: 1,
      answers: { q1: 5 },
      source: 'link',
    });
    expect(answered.status).toBe(200);

    // Monday 07:00: three days after Friday's orders.
    await setNow('2026-11-22T23:00:00.000Z');
    expect(await planCare(stack.deps)).toMatchObject({ day: '2026-11-23', due: 3, planned: 2, skipped: { 'survey-ineligible': 1 } });
    const [benDelivery] = await listMemberDeliveries(stack.deps.db, ids.ben!);
    expect(benDelivery).toMatchObject({ status: 'skipped', reason: 'survey-ineligible' });

    // cat answers on the home card before 10:00: the worker no longer sends hers.
    const catAnswer = await call('POST', `/v1/surveys/${csat.surveyId}/responses`, tokens.cat, {
      requestId: randomUUID(),
      version: 1,
      answers: { q1: 4 },
      source: 'card',
    });
    expect(catAnswer.status).toBe(200);

    stack.clock.set('2026-11-23T02:00:00.000Z'); // 10:00
    await sendDue();
    expect(sentTo('ann').map((message) => message.page)).toEqual([
      `pages/survey/index?id=${csat.surveyId}&from=invitation&order=cs-ann-large`,
    ]);
    expect(sentTo('ben')).toEqual([]);
    expect(sentTo('cat')).toEqual([]);
    const [catDelivery] = await listMemberDeliveries(stack.deps.db, ids.cat!);
    expect(catDelivery).toMatchObject({ status: 'skipped', reason: 'survey-ineligible' });

    // The invitation was an ask: within the recontact limit (30 days) another survey's invitation to ann is skipped.
    await setNow('2026-11-24T23:00:00.000Z'); // Wednesday 07:00
    await createCareRule(
      api,
      tokens.admin!,
      invitation(other.surveyId, { name: '新品调研邀请', trigger: { kind: 'once', day: '2026-11-25' } }),
    );
    const report = await planCare(stack.deps);
    expect(report).toMatchObject({ day: '2026-11-25' });
    const annOther = (await listMemberDeliveries(stack.deps.db, ids.ann!)).find((delivery) => delivery.occasion === 'once#2026-11-25');
    expect(annOther).toMatchObject({ status: 'skipped', reason: 'survey-ineligible' });

    // ann opens the invitation and answers: the response names the order and its category.
    const annAnswer = await call('POST', `/v1/surveys/${csat.surveyId}/responses`, tokens.ann, {
      requestId: randomUUID(),
      version: 1,
      answers: { q1: 2, q2: '坚果受潮了' },
      source: 'invitation',
      orderId: 'cs-ann-large',
    });
    expect(annAnswer.status).toBe(200);
    const ann = (await listSurveyResponses(stack.deps.db, csat.surveyId)).find((response) => response.memberId === ids.ann);
    expect(ann).toMatchObject({ source: 'invitation', orderId: 'cs-ann-large', segments: { category: '坚果' } });
    expect(ann!.followUp).toMatchObject({ reason: 'csat-low', score: 2 });
  });

  it('sends a survey once, on its day, to a saved segment (指定日期发送), and refuses a day already past', async () => {
    const pulse = await publishedSurvey(survey('会员心声', { recontactDays: 0 }));
    const segment = await call<{ segmentId: string }>('POST', '/v1/staff/segments', tokens.admin, {
      name: '水果买家',
      rule: { op: 'and', conditions: [{ field: 'tag', in: ['水果控'] }] },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(200);
    const tagged = await call('PUT', `/v1/staff/members/${ids.ben}/tags/${encodeURIComponent('水果控')}`, tokens.admin);
    expect(tagged.status, JSON.stringify(tagged.body)).toBeLessThan(300);

    await setNow('2026-11-25T23:00:00.000Z'); // Thursday 26 November, 07:00
    const past = await call('POST', '/v1/staff/care/rules', tokens.admin, {
      ...invitation(pulse.surveyId, { trigger: { kind: 'once', day: '2026-11-25' } }),
    });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'trigger.day', message: '请选择今天或以后的日期' }],
    });

    await createCareRule(
      api,
      tokens.admin!,
      invitation(pulse.surveyId, {
        name: '会员心声邀请',
        trigger: { kind: 'once', day: '2026-11-27' },
        audience: { kind: 'segment', segmentId: segment.body.segmentId },
      }),
    );
    const before = (await listMemberDeliveries(stack.deps.db, ids.ben!)).length;
    await planCare(stack.deps);
    expect((await listMemberDeliveries(stack.deps.db, ids.ben!)).length).toBe(before); // not its day yet

    await setNow('2026-11-26T23:00:00.000Z'); // Friday 27 November, 07:00
    await planCare(stack.deps);
    stack.clock.set('2026-11-27T02:00:00.000Z');
    await sendDue();
    // ben is in the segment (and has one place left this week: the caps hold for invitations too).
    expect(sentTo('ben').map((message) => message.page)).toEqual([`pages/survey/index?id=${pulse.surveyId}&from=invitation`]);
    expect(sentTo('cat').filter((message) => message.page?.includes(pulse.surveyId))).toEqual([]);
    const [delivery] = (await listMemberDeliveries(stack.deps.db, ids.ben!)).filter((d) => d.occasion === 'once#2026-11-27');
    expect(delivery).toMatchObject({ status: 'sent', occasionName: '11月27日发送' });

    // The next day names no one.
    await setNow('2026-11-27T23:00:00.000Z');
    const after = (await listMemberDeliveries(stack.deps.db, ids.ben!)).length;
    await planCare(stack.deps);
    expect((await listMemberDeliveries(stack.deps.db, ids.ben!)).length).toBe(after);
  });
});
