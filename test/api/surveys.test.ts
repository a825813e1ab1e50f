import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { BuyerSurvey, Survey, SurveyInputBody, SurveySubmitResult } from '@linli/shared/surveys';
import { COMPLAINT_SURVEY_ID } from '@linli/shared/surveys';
import { getMember } from '../../functions/src/members/repository.ts';
import { listWholeLedger } from '../../functions/src/points/ledger.ts';
import { putStaff } from '../../functions/src/staff/repository.ts';
import { askableMembers, recordInvitationAsk } from '../../functions/src/surveys/asking.ts';
import { listSurveyResponses } from '../../functions/src/surveys/repository.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiClient, sampleOrder } from '../support/api-client.ts';
import { expectPointsInvariants } from '../support/points-invariants.ts';

// 满意度: building surveys with versions, answering them once (idempotently, with a reward once),
// asking on the home card under the display and recontact rules, and the complaint rating recorded
// as the built-in CSAT — against DynamoDB Local with a hand-moved clock.

let stack: TestStack;
let api: ReturnType<typeof apiClient>;
const STAFF = ['admin', 'supervisor', 'agent'] as const;
const BUYERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'] as const;
const tokens: Record<string, string> = {};
const ids = {} as Record<(typeof BUYERS)[number] | 'visitor', string>;
const DAY = 24 * 3600_000;

type ErrorBody = { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };

async function call<T>(method: string, path: string, who: string | undefined, body?: unknown) {
  const response = await api.json(method, path, body, who ? tokens[who] : undefined);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T & ErrorBody };
}

const npsSurvey = (overrides: Partial<SurveyInputBody> = {}): SurveyInputBody => ({
  name: '购物体验',
  title: '你愿意把我们推荐给朋友吗？',
  questions: [
    { questionId: 'q1', kind: 'nps', title: '推荐的可能性有多大？' },
    { questionId: 'q2', kind: 'long-text', title: '哪里让你不满意？', showIf: { questionId: 'q1', max: 6 } },
    {
      questionId: 'q3',
      kind: 'single',
      title: '你最常买什么？',
      required: false,
      options: [
        { optionId: 'o1', label: '水果' },
        { optionId: 'o2', label: '蔬菜' },
      ],
    },
  ],
  ...overrides,
});

/** Creates and publishes a survey as the admin; answers it as published. */
async function published(definition: SurveyInputBody): Promise<Survey> {
  const created = await call<Survey>('POST', '/v1/staff/surveys', 'admin', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const publish = await call<Survey>('POST', `/v1/staff/surveys/${created.body.surveyId}/publish`, 'admin', {
    revision: created.body.revision,
  });
  expect(publish.status, JSON.stringify(publish.body)).toBe(200);
  return publish.body;
}

const submit = (who: string, surveyId: string, body: Record<string, unknown>) =>
  call<SurveySubmitResult>('POST', `/v1/surveys/${surveyId}/responses`, who, { requestId: randomUUID(), version: 1, ...body });

beforeAll(async () => {
  // Monday 2026-11-23, 10:00 in Shanghai.
  stack = await createTestStack({ now: '2026-11-23T02:00:00.000Z', env: { LINLI_SESSION_TTL_SECONDS: String(365 * 24 * 3600) } });
  api = apiClient(stack);
  for (const role of STAFF) {
    await putStaff(stack.deps.db, { openid: `o-sv-${role}`, role, name: role, at: stack.clock().toISOString() });
    tokens[role] = (await api.login(`sv-${role}`)).token;
  }
  for (const name of BUYERS) {
    const session = await api.login(`sv-${name}`);
    expect((await api.join(session.token)).status).toBe(200);
    tokens[name] = session.token;
    ids[name] = session.member.memberId;
  }
  const visitor = await api.login('sv-visitor');
  tokens.visitor = visitor.token;
  ids.visitor = visitor.member.memberId;
});
afterAll(() => stack?.close());

describe('building surveys', () => {
  it('creates a draft, edits it in place, publishes version 1, and refuses an edit of a revision read before', async () => {
    const created = await call<Survey>('POST', '/v1/staff/surveys', 'admin', npsSurvey());
    expect(created.body).toMatchObject({ status: 'draft', version: 0, revision: 1, builtIn: false, responses: 0 });
    const surveyId = created.body.surveyId;
    const edited = await call<Survey>('PUT', `/v1/staff/surveys/${surveyId}`, 'admin', {
      survey: npsSurvey({ title: '改过的标题' }),
      revision: 1,
    });
    expect(edited.body).toMatchObject({ status: 'draft', version: 0, revision: 2, definition: { title: '改过的标题' } });
    const stale = await call('PUT', `/v1/staff/surveys/${surveyId}`, 'admin', { survey: npsSurvey(), revision: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CONFLICT']);
    // A draft is nobody's to answer, and has no version yet.
    expect((await call('GET', `/v1/surveys/${surveyId}`, 'alice')).status).toBe(404);
    expect((await call('GET', `/v1/staff/surveys/${surveyId}/versions/1`, 'admin')).status).toBe(404);

    const publish = await call<Survey>('POST', `/v1/staff/surveys/${surveyId}/publish`, 'admin', { revision: 2 });
    expect(publish.body).toMatchObject({ status: 'published', version: 1, revision: 3 });
    expect((await call('GET', `/v1/staff/surveys/${surveyId}/versions/1`, 'supervisor')).body).toMatchObject({
      version: 1,
      definition: { title: '改过的标题' },
    });
  });

  it('refuses skip logic that does not point back at an earlier question, field by field', async () => {
    const bad = npsSurvey({
      questions: [
        { questionId: 'q1', kind: 'long-text', title: '为什么？', showIf: { questionId: 'q2', max: 6 } },
        { questionId: 'q2', kind: 'nps', title: '推荐吗？' },
      ],
    });
    const refused = await call('POST', '/v1/staff/surveys', 'admin', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues?.map((issue) => issue.path)).toContain('questions.0.showIf');
  });

  it('lists the built-in complaint CSAT first; its questions are fixed, its texts may be reworded', async () => {
    const list = await call<{ items: Survey[] }>('GET', '/v1/staff/surveys', 'supervisor');
    expect(list.body.items[0]).toMatchObject({ surveyId: COMPLAINT_SURVEY_ID, builtIn: true, status: 'published', version: 1 });
    const builtIn = list.body.items[0]!;
    expect(builtIn.definition.questions.map((q) => q.kind)).toEqual(['csat', 'long-text']);
    const moreQuestions = await call('PUT', `/v1/staff/surveys/${COMPLAINT_SURVEY_ID}`, 'admin', {
      survey: { ...builtIn.definition, questions: [...builtIn.definition.questions, { questionId: 'q3', kind: 'nps', title: '推荐吗？' }] },
      revision: builtIn.revision,
    });
    expect([moreQuestions.status, moreQuestions.body.error.code]).toEqual([409, 'SURVEY_READ_ONLY']);
    expect(moreQuestions.body.error.issues).toEqual([{ path: 'survey.questions', message: 'Fixed on the built-in survey' }]);
    const closing = await call('POST', `/v1/staff/surveys/${COMPLAINT_SURVEY_ID}/close`, 'admin', { revision: builtIn.revision });
    expect(closing.body.error.code).toBe('SURVEY_READ_ONLY');
    const reworded = await call<Survey>('PUT', `/v1/staff/surveys/${COMPLAINT_SURVEY_ID}`, 'admin', {
      survey: { ...builtIn.definition, thankYou: '谢谢你的评价，我们会继续改进' },
      revision: builtIn.revision,
    });
    expect(reworded.body).toMatchObject({ version: 2, definition: { thankYou: '谢谢你的评价，我们会继续改进' } });
    // Buyers never open it: a complaint's rating answers it.
    expect((await call('GET', `/v1/surveys/${COMPLAINT_SURVEY_ID}`, 'alice')).status).toBe(404);
  });

  it('keeps the settings (supervisors read, admins change, at the version read)', async () => {
    const read = await call<{ recontactDays: number; version: number }>('GET', '/v1/staff/survey-settings', 'supervisor');
    expect(read.body).toMatchObject({ recontactDays: 30, followUp: { assign: 'complaint-owner', slaHours: 8 }, version: 0 });
    const settings = { recontactDays: 30, followUp: { assign: 'queue', slaHours: 4 }, version: 0 };
    expect((await call('PUT', '/v1/staff/survey-settings', 'supervisor', settings)).status).toBe(403);
    expect((await call('PUT', '/v1/staff/survey-settings', 'admin', settings)).body).toMatchObject({
      version: 1,
      followUp: { assign: 'queue' },
    });
    expect((await call('PUT', '/v1/staff/survey-settings', 'admin', settings)).status).toBe(409);
  });

  it('answers the link and the 小程序码 that opens the survey page with the survey id as its scene', async () => {
    const survey = await published(npsSurvey({ name: '包裹卡' }));
    const qr = await call<{ path: string; wxaCode: { status: string; dataUrl?: string } }>(
      'GET',
      `/v1/staff/surveys/${survey.surveyId}/qr-code`,
      'supervisor',
    );
    expect(qr.body.path).toBe(`pages/survey/index?id=${survey.surveyId}`);
    expect(qr.body.wxaCode.status).toBe('ready');
    expect(qr.body.wxaCode.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(stack.emulator.state.wxaCodes.at(-1)).toMatchObject({ scene: survey.surveyId, page: 'pages/survey/index' });
  });
});

describe('who may do what', () => {
  it('refuses agents on the build routes and buyers on every staff route', async () => {
    const survey = await published(npsSurvey({ name: '权限' }));
    const base = `/v1/staff/surveys/${survey.surveyId}`;
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/v1/staff/surveys', undefined],
      ['POST', '/v1/staff/surveys', npsSurvey()],
      ['GET', base, undefined],
      ['PUT', base, { survey: npsSurvey(), revision: survey.revision }],
      ['POST', `${base}/publish`, { revision: survey.revision }],
      ['POST', `${base}/close`, { revision: survey.revision }],
      ['POST', `${base}/reopen`, { revision: survey.revision }],
      ['GET', `${base}/versions/1`, undefined],
      ['GET', `${base}/qr-code`, undefined],
      ['GET', '/v1/staff/survey-settings', undefined],
      ['PUT', '/v1/staff/survey-settings', { recontactDays: 30, followUp: { assign: 'queue', slaHours: 4 }, version: 1 }],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(method, path, 'agent', body)).status, `${method} ${path}`).toBe(403);
      expect((await call(method, path, 'alice', body)).status, `${method} ${path}`).toBe(403);
      expect((await call(method, path, undefined, body)).status, `${method} ${path}`).toBe(401);
    }
    // Supervisors read, and build nothing.
    expect((await call('POST', '/v1/staff/surveys', 'supervisor', npsSurvey())).status).toBe(403);
    expect((await call('POST', `${base}/close`, 'supervisor', { revision: survey.revision })).status).toBe(403);
    expect((await call('GET', base, 'supervisor')).status).toBe(200);
  });

  it("ignores another buyer's order, and asks visitors to join first", async () => {
    const survey = await published(npsSurvey({ name: '别人的订单' }));
    const bobsOrder = sampleOrder({ openid: 'o-sv-bob' });
    expect((await api.postOrder(bobsOrder)).status).toBe(200);
    const answered = await submit('alice', survey.surveyId, { answers: { q1: 9 }, orderId: bobsOrder.orderId, source: 'invitation' });
    expect(answered.status).toBe(200);
    const [response] = await listSurveyResponses(stack.deps.db, survey.surveyId);
    expect(response).toMatchObject({ memberId: ids.alice, orderId: null, source: 'invitation' });
    const ownOrder = sampleOrder({ openid: 'o-sv-bob' });
    expect((await api.postOrder(ownOrder)).status).toBe(200);
    expect((await submit('bob', survey.surveyId, { answers: { q1: 10 }, orderId: ownOrder.orderId })).status).toBe(200);
    const bobs = (await listSurveyResponses(stack.deps.db, survey.surveyId)).find((r) => r.memberId === ids.bob);
    expect(bobs).toMatchObject({ orderId: ownOrder.orderId, segments: { category: 'fruit' } });

    const visitor = await call<BuyerSurvey>('GET', `/v1/surveys/${survey.surveyId}`, 'visitor');
    expect(visitor.body).toMatchObject({ answerable: false, reason: 'not-member' });
    const refused = await submit('visitor', survey.surveyId, { answers: { q1: 9 } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SURVEY_NOT_ELIGIBLE']);
  });
});

describe('answering', () => {
  it('applies skip logic: an answer to a hidden question is refused, a shown required one must be answered', async () => {
    const survey = await published(npsSurvey({ name: '跳题' }));
    const hidden = await submit('carol', survey.surveyId, { answers: { q1: 9, q2: '都很好' } });
    expect([hidden.status, hidden.body.error.code]).toEqual([422, 'SURVEY_ANSWERS_INVALID']);
    expect(hidden.body.error.issues).toEqual([{ path: 'answers.q2', message: 'not-asked' }]);
    const blank = await submit('carol', survey.surveyId, { answers: { q1: 3 } });
    expect(blank.body.error.issues).toEqual([{ path: 'answers.q2', message: 'required' }]);
    const wrong = await submit('carol', survey.surveyId, { answers: { q1: 3, q2: '慢', q3: ['o9'] } });
    expect(wrong.body.error.issues).toEqual([{ path: 'answers.q3', message: 'unknown-option' }]);
    expect(await listSurveyResponses(stack.deps.db, survey.surveyId)).toEqual([]);

    const accepted = await submit('carol', survey.surveyId, { answers: { q1: 3, q2: '配送太慢', q3: ['o1'] } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const [response] = await listSurveyResponses(stack.deps.db, survey.surveyId);
    expect(response).toMatchObject({
      version: 1,
      answers: { q1: 3, q2: '配送太慢', q3: ['o1'] },
      followUp: { reason: 'nps-detractor', questionId: 'q1', score: 3 },
      day: '2026-11-23',
    });
  });

  it('20 identical submissions make one response and one reward, each answered with the same result', async () => {
    const survey = await published(npsSurvey({ name: '有奖问卷', rewardPoints: 50 }));
    const before = (await getMember(stack.deps.db, ids.dave))!.pointsBalance;
    const request = { requestId: randomUUID(), version: 1, answers: { q1: 10 }, source: 'link' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call<SurveySubmitResult>('POST', `/v1/surveys/${survey.surveyId}/responses`, 'dave', request)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((answer) => answer.body.responseId)).size).toBe(1);
    expect(answers[0]!.body).toMatchObject({ rewardPoints: 50, thankYou: '感谢你的反馈！' });

    expect(await listSurveyResponses(stack.deps.db, survey.surveyId)).toHaveLength(1);
    const rewards = (await listWholeLedger(stack.deps.db, ids.dave)).filter((entry) => entry.type === 'survey');
    expect(rewards).toMatchObject([{ delta: 50, refId: survey.surveyId }]);
    expect((await getMember(stack.deps.db, ids.dave))!.pointsBalance).toBe(before + 50);
    await expectPointsInvariants(stack.deps.db, ids.dave);
    expect((await call<Survey>('GET', `/v1/staff/surveys/${survey.surveyId}`, 'admin')).body.responses).toBe(1);

    // Another submission (a new request id) is the second answer: refused, no second reward.
    const again = await submit('dave', survey.surveyId, { answers: { q1: 10 } });
    expect([again.status, again.body.error.code]).toEqual([409, 'SURVEY_ALREADY_ANSWERED']);
    expect((await call<BuyerSurvey>('GET', `/v1/surveys/${survey.surveyId}`, 'dave')).body).toMatchObject({
      answerable: false,
      reason: 'answered',
      rewardPoints: 0,
    });
  });

  it('saves partial answers and resumes them; a wrong answer is refused even in a draft', async () => {
    const survey = await published(npsSurvey({ name: '草稿' }));
    const path = `/v1/surveys/${survey.surveyId}`;
    const saved = await call<BuyerSurvey>('PUT', `${path}/draft`, 'erin', { version: 1, answers: { q1: 4 } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const resumed = await call<BuyerSurvey>('GET', path, 'erin');
    expect(resumed.body).toMatchObject({ version: 1, draft: { q1: 4 }, answerable: true, reason: null });
    const wrong = await call('PUT', `${path}/draft`, 'erin', { version: 1, answers: { q1: 4, q3: ['o1', 'o2'] } });
    expect([wrong.status, wrong.body.error.issues]).toEqual([422, [{ path: 'answers.q3', message: 'wrong-type' }]]);
    expect((await call<BuyerSurvey>('GET', path, 'erin')).body.draft).toEqual({ q1: 4 });

    expect((await submit('erin', survey.surveyId, { answers: { ...resumed.body.draft, q2: '包装破了' } })).status).toBe(200);
    expect((await call<BuyerSurvey>('GET', path, 'erin')).body).toMatchObject({ draft: {}, answerable: false, reason: 'answered' });
  });

  it('editing a published survey publishes version 2 at once; answers keep version 1 and stay readable against it', async () => {
    const survey = await published(npsSurvey({ name: '改版' }));
    expect((await submit('alice', survey.surveyId, { answers: { q1: 8 } })).status).toBe(200);
    const bobSaw = await call<BuyerSurvey>('GET', `/v1/surveys/${survey.surveyId}`, 'bob');

    const v2Questions = [
      { questionId: 'q1', kind: 'nps', title: '你有多大可能推荐我们？' },
      { questionId: 'q4', kind: 'stars', title: '给配送打几颗星？' },
    ];
    const edited = await call<Survey>('PUT', `/v1/staff/surveys/${survey.surveyId}`, 'admin', {
      survey: npsSurvey({ name: '改版', questions: v2Questions as SurveyInputBody['questions'] }),
      revision: survey.revision,
    });
    expect(edited.body).toMatchObject({ status: 'published', version: 2, responses: 1 });

    // Bob's page still holds version 1: his answer is refused so the page reloads.
    const outdated = await submit('bob', survey.surveyId, { version: bobSaw.body.version, answers: { q1: 9 } });
    expect([outdated.status, outdated.body.error.code]).toEqual([409, 'SURVEY_VERSION_OUTDATED']);
    const reloaded = await call<BuyerSurvey>('GET', `/v1/surveys/${survey.surveyId}`, 'bob');
    expect(reloaded.body.version).toBe(2);
    expect((await submit('bob', survey.surveyId, { version: 2, answers: { q1: 9, q4: 5 } })).status).toBe(200);

    const responses = await listSurveyResponses(stack.deps.db, survey.surveyId);
    expect(responses.map((r) => [r.memberId, r.version])).toEqual([
      [ids.alice, 1],
      [ids.bob, 2],
    ]);
    const v1 = await call<{ definition: { questions: Array<{ questionId: string; title: string }> } }>(
      'GET',
      `/v1/staff/surveys/${survey.surveyId}/versions/1`,
      'supervisor',
    );
    expect(v1.body.definition.questions.map((q) => q.questionId)).toEqual(['q1', 'q2', 'q3']);
    expect(v1.body.definition.questions[0]!.title).toBe('推荐的可能性有多大？');
    // A new version does not invite a second answer.
    const second = await submit('alice', survey.surveyId, { version: 2, answers: { q1: 9, q4: 4 } });
    expect(second.body.error.code).toBe('SURVEY_ALREADY_ANSWERED');
  });

  it('refuses answers once closed, takes them again when reopened, and stops at the response limit', async () => {
    const survey = await published(npsSurvey({ name: '关闭', responseLimit: 2 }));
    const closed = await call<Survey>('POST', `/v1/staff/surveys/${survey.surveyId}/close`, 'admin', { revision: survey.revision });
    expect(closed.body.status).toBe('closed');
    expect((await call<BuyerSurvey>('GET', `/v1/surveys/${survey.surveyId}`, 'carol')).body).toMatchObject({
      answerable: false,
      reason: 'closed',
    });
    const refused = await submit('carol', survey.surveyId, { answers: { q1: 9 } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SURVEY_CLOSED']);

    const reopened = await call<Survey>('POST', `/v1/staff/surveys/${survey.surveyId}/reopen`, 'admin', { revision: closed.body.revision });
    expect(reopened.body.status).toBe('published');
    const both = await Promise.all(['carol', 'dave', 'erin'].map((who) => submit(who, survey.surveyId, { answers: { q1: 9 } })));
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 200, 409]);
    expect(both.find((answer) => answer.status === 409)!.body.error).toMatchObject({ code: 'SURVEY_CLOSED', message: 'limit-reached' });
    const full = await call<Survey>('GET', `/v1/staff/surveys/${survey.surveyId}`, 'admin');
    expect(full.body).toMatchObject({ status: 'closed', responses: 2 });
    const reopenFull = await call('POST', `/v1/staff/surveys/${survey.surveyId}/reopen`, 'admin', { revision: full.body.revision });
    expect(reopenFull.body.error.issues).toEqual([{ path: 'responseLimit', message: '请先提高回收数量上限' }]);
  });
});

describe('the complaint rating', () => {
  it('is recorded, in the same write, as a CSAT response of the built-in survey', async () => {
    const filed = await call<{ complaintId: string }>('POST', '/v1/me/complaints', 'frank', {
      requestId: randomUUID(),
      category: 'quality',
      description: '苹果坏了三个',
      contactPreference: 'wechat',
    });
    const complaintId = filed.body.complaintId;
    expect((await call('POST', `/v1/staff/complaints/${complaintId}/claim`, 'agent')).status).toBe(200);
    const resolved = await call('POST', `/v1/staff/complaints/${complaintId}/resolve`, 'agent', {
      requestId: randomUUID(),
      summary: '已补发',
      rootCause: { category: 'quality', causeCode: 'other' },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const before = (await call<{ items: Survey[] }>('GET', '/v1/staff/surveys', 'admin')).body.items[0]!;

    const rated = await call<{ rating: number }>('POST', `/v1/me/complaints/${complaintId}/rating`, 'frank', {
      rating: 2,
      comment: '补发也慢',
    });
    expect(rated.body.rating).toBe(2);

    const responses = await listSurveyResponses(stack.deps.db, COMPLAINT_SURVEY_ID);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      memberId: ids.frank,
      source: 'complaint',
      complaintId,
      version: before.version,
      answers: { q1: 2, q2: '补发也慢' },
      followUp: { reason: 'csat-low', questionId: 'q1', score: 2 },
      rewardPoints: 0,
    });
    const after = (await call<{ items: Survey[] }>('GET', '/v1/staff/surveys', 'admin')).body.items[0]!;
    expect(after.responses).toBe(before.responses + 1);
    // A second rating is refused, and records nothing.
    expect((await call('POST', `/v1/me/complaints/${complaintId}/rating`, 'frank', { rating: 5 })).status).toBe(409);
    expect(await listSurveyResponses(stack.deps.db, COMPLAINT_SURVEY_ID)).toHaveLength(1);
  });
});

describe('asking: the home card and invitations', () => {
  // Runs last: it moves the clock by weeks.
  it('shows a card on at most N days, keeps the recontact limit between surveys, and stops once dismissed', async () => {
    const card = () => call<{ card: { surveyId: string; title: string } | null }>('POST', '/v1/me/survey-card', 'carol');
    expect((await card()).body.card).toBeNull();
    const first = await published(
      npsSurvey({ name: '首页卡片', title: '首页问卷一', homeCard: true, display: { mode: 'up-to', times: 2 } }),
    );
    stack.clock.advance(1000);
    const second = await published(npsSurvey({ name: '首页卡片二', title: '首页问卷二', homeCard: true }));

    expect((await card()).body.card).toMatchObject({ surveyId: first.surveyId, title: '首页问卷一', questions: 3 });
    expect((await card()).body.card?.surveyId).toBe(first.surveyId); // the same day: the same show
    stack.clock.advance(DAY);
    expect((await card()).body.card?.surveyId).toBe(first.surveyId); // the second day
    stack.clock.advance(DAY);
    // The first survey was shown on its two days; the second may not start a new ask within 30 days of the first's.
    expect((await card()).body.card).toBeNull();
    expect((await askableMembers(stack.deps, second.surveyId, [ids.carol], stack.clock())).get(ids.carol)).toBe('recontact');
    stack.clock.advance(28 * DAY); // 30 days after the first ask
    expect((await card()).body.card?.surveyId).toBe(second.surveyId);

    expect((await call('POST', `/v1/surveys/${second.surveyId}/dismiss`, 'carol')).status).toBe(204);
    stack.clock.advance(DAY);
    expect((await card()).body.card).toBeNull();
    expect((await askableMembers(stack.deps, second.surveyId, [ids.carol], stack.clock())).get(ids.carol)).toBe('dismissed');
    // Dismissed is not answered: the link still takes her answer.
    expect((await call<BuyerSurvey>('GET', `/v1/surveys/${second.surveyId}`, 'carol')).body.answerable).toBe(true);
    // Visitors are offered nothing.
    expect((await call<{ card: null }>('POST', '/v1/me/survey-card', 'visitor')).body.card).toBeNull();
  });

  it('tells the care engine who may be asked, and counts an invitation sent as an ask', async () => {
    const survey = await published(npsSurvey({ name: '邀请' }));
    const members = [ids.alice, ids.bob, ids.visitor];
    const now = stack.clock();
    expect(await askableMembers(stack.deps, survey.surveyId, members, now)).toEqual(
      new Map([
        [ids.alice, null],
        [ids.bob, null],
        [ids.visitor, 'not-member'],
      ]),
    );
    await recordInvitationAsk(stack.deps, ids.alice, survey.surveyId, now);
    await recordInvitationAsk(stack.deps, ids.alice, survey.surveyId, now); // a retried queue message
    // Alice's open ask continues; any other survey must wait out her recontact limit.
    const other = await published(npsSurvey({ name: '邀请二' }));
    const later = new Date(now.getTime() + DAY);
    expect((await askableMembers(stack.deps, survey.surveyId, [ids.alice], later)).get(ids.alice)).toBeNull();
    expect((await askableMembers(stack.deps, other.surveyId, [ids.alice, ids.bob], later)).get(ids.alice)).toBe('recontact');
    expect((await submit('alice', survey.surveyId, { answers: { q1: 10 }, source: 'invitation' })).status).toBe(200);
    expect((await askableMembers(stack.deps, survey.surveyId, [ids.alice], later)).get(ids.alice)).toBe('answered');
  });
});
