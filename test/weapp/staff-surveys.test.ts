import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_SURVEY_ID, SurveyInput, type Survey, type SurveyInputBody } from '@linli/shared/surveys';
import { assertWeappBuilt, modal, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 问卷调查's staff pages in the weapp build (staff subpackage), against canned answers: what WeChat
// renders, what the pages send.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

const DEFINITION: SurveyInputBody = {
  name: '购后满意度',
  title: '邀请你评价这次购物',
  intro: '',
  questions: [
    { questionId: 'qnps', kind: 'nps', title: '你有多大可能推荐我们？', required: true },
    { questionId: 'qwhy', kind: 'long-text', title: '哪里做得不够好？', required: false, showIf: { questionId: 'qnps', min: 0, max: 6 } },
  ],
  thankYou: '感谢你的反馈！',
  rewardPoints: 20,
  display: { mode: 'until-answered' },
  recontactDays: null,
  samplePercent: 100,
  closesOn: null,
  responseLimit: 500,
  homeCard: true,
};

function survey(overrides: Partial<Survey> = {}): Survey {
  return {
    surveyId: 'sv_after-order',
    status: 'published',
    builtIn: false,
    definition: SurveyInput.parse(DEFINITION),
    version: 2,
    revision: 5,
    responses: 40,
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-02T02:00:00.000Z',
    publishedAt: '2026-11-02T02:00:00.000Z',
    closedAt: null,
    ...overrides,
  };
}

const BUILT_IN = survey({
  surveyId: COMPLAINT_SURVEY_ID,
  builtIn: true,
  version: 1,
  responses: 12,
  definition: SurveyInput.parse({
    name: '投诉处理满意度',
    title: '请评价本次投诉处理',
    questions: [
      { questionId: 'qcsat', kind: 'csat', title: '你对本次处理满意吗？' },
      { questionId: 'qcomment', kind: 'long-text', title: '还有什么想说的？', required: false },
    ],
  }),
});

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const type = (p: LoadedPage, selector: string, value: string) =>
  p.root.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
const sent = (p: LoadedPage, method: string, path: string) =>
  p.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);

describe('问卷调查 (weapp build)', () => {
  it('lists the surveys with state, version and responses, the built-in one read-only last', async () => {
    const p = (page = openPage('staff/pages/surveys/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'GET /v1/staff/surveys': {
          statusCode: 200,
          body: { items: [BUILT_IN, survey(), survey({ surveyId: 'sv_new', status: 'draft', version: 0, responses: 0 })] },
        },
      },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.survey-row').length === 3, 'the rows');
    expect(texts(p, '.survey-name')).toEqual(['购后满意度', '购后满意度', '投诉处理满意度']);
    expect(texts(p, '.survey-status')).toEqual(['进行中', '草稿']);
    expect(texts(p, '.survey-responses')).toEqual(['已回收 40 份', '已回收 0 份', '已回收 12 份']);
    expect(p.root.dom.textContent).toContain('第 2 版');
    expect(p.root.dom.textContent).toContain('未发布');
    expect(p.root.dom.textContent).toContain('收满 500 份');
    expect(p.root.dom.textContent).toContain('系统内置');
    expect(p.root.dom.textContent).not.toContain('sv_');
    expect(p.root.querySelector('.survey-new')).toBeTruthy();
  });

  it('builds a new survey from the NPS start and saves a draft the server schema takes', async () => {
    const p = (page = openPage('staff/pages/survey/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'POST /v1/staff/surveys': (body) => ({ statusCode: 201, body: survey({ status: 'draft', version: 0, definition: body as never }) }),
      },
      wx: { redirectTo: () => undefined },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-save'), 'the builder');
    expect(p.root.querySelectorAll('.survey-builder-question')).toHaveLength(2);
    expect(text(p, '.survey-skip-text')).toMatch(/^仅当第 1 题「.+」的分数在 0–6 时显示$/);

    // Nothing is sent while the form has problems; each stands by its field.
    tap(p, '.survey-save');
    await p.waitFor(() => p.root.querySelector('.survey-field-error'), 'the problems');
    expect(texts(p, '.survey-field-error')).toEqual(['名称填 1 到 30 个字', '标题填 1 到 40 个字']);
    expect(sent(p, 'POST', '/v1/staff/surveys')).toHaveLength(0);

    type(p, '.survey-name', '购后满意度');
    type(p, '.survey-title', '邀请你评价这次购物');
    tap(p, '.survey-add-single');
    await p.waitFor(() => p.root.querySelectorAll('.survey-builder-question').length === 3, 'the new question');
    p.root.querySelectorAll('.survey-question-title-input')[2]!.dispatchEvent('input', { detail: { value: '你从哪里知道我们？' } });
    await tick();
    // Skip logic offers the earlier rated and choice questions only (the text question in between is not one).
    // (The first question has no earlier one, so no condition: the third question's is the second.)
    const sources = p.root.querySelectorAll('.survey-skip-source');
    expect(sources).toHaveLength(2);
    expect(sources[1]!.dom.textContent).toBe('始终显示第 1 题');
    tap(p, '.survey-save');
    await p.waitFor(() => sent(p, 'POST', '/v1/staff/surveys').length === 1, 'the draft saved');
    const body = sent(p, 'POST', '/v1/staff/surveys')[0]!.data as SurveyInputBody;
    expect(SurveyInput.parse(body)).toEqual(body);
    expect(body.questions.map((question) => question.kind)).toEqual(['nps', 'long-text', 'single']);
    expect(body.questions[1]!.showIf).toEqual({ questionId: body.questions[0]!.questionId, min: 0, max: 6 });
    expect(new Set(body.questions.map((question) => question.questionId)).size).toBe(3);
  });

  it('previews the questions as a buyer answers them: a low score reveals "why"', async () => {
    const p = (page = openPage('staff/pages/survey/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'sv_after-order' },
      routes: { 'GET /v1/staff/surveys/sv_after-order': { statusCode: 200, body: survey() } },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-preview'), 'the builder');
    tap(p, '.survey-preview');
    await p.waitFor(() => p.root.querySelector('.survey-phone .survey-score-3'), 'the preview');
    expect(texts(p, '.survey-phone .survey-question__title')).toEqual(['你有多大可能推荐我们？']);
    tap(p, '.survey-phone .survey-score-3');
    await p.waitFor(() => texts(p, '.survey-phone .survey-question__title').length === 2, 'the "why" question');
  });

  it('tells the operator an edit of a published survey publishes the next version, then sends it with the revision', async () => {
    const asked: string[] = [];
    const p = (page = openPage('staff/pages/survey/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'sv_after-order' },
      routes: {
        'GET /v1/staff/surveys/sv_after-order': { statusCode: 200, body: survey() },
        'PUT /v1/staff/surveys/sv_after-order': { statusCode: 200, body: survey({ version: 3, revision: 6 }) },
      },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-publish-version'), 'the builder');
    expect(text(p, '.survey-version-note')).toContain('第 3 版');
    expect(text(p, '.survey-publish-version')).toBe('修改后可发布新版本');
    type(p, '.survey-title', '说说这次购物');
    await p.waitFor(() => text(p, '.survey-publish-version') === '保存并发布新版本（第 3 版）', 'the button');
    tap(p, '.survey-publish-version');
    await p.waitFor(() => sent(p, 'PUT', '/v1/staff/surveys/sv_after-order').length === 1, 'the new version');
    expect(asked[0]).toContain('第 3 版');
    expect(asked[0]).toContain('已收到的 40 份回答保留在各自填写时的版本');
    const body = sent(p, 'PUT', '/v1/staff/surveys/sv_after-order')[0]!.data as { survey: SurveyInputBody; revision: number };
    expect(body.revision).toBe(5);
    expect(body.survey.title).toBe('说说这次购物');
    expect(SurveyInput.parse(body.survey)).toEqual(body.survey);
  });

  it('shows a supervisor the survey read-only, and the built-in one fixed to an admin', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/surveys/sv_after-order': { statusCode: 200, body: survey() },
      [`GET /v1/staff/surveys/${COMPLAINT_SURVEY_ID}`]: { statusCode: 200, body: BUILT_IN },
    };
    const supervisor = (page = openPage('staff/pages/survey/index', {
      storage: { 'linli.session': session('supervisor') },
      query: { id: 'sv_after-order' },
      routes,
    }));
    await supervisor.waitFor(() => supervisor.root.querySelector('.survey-readonly'), 'the read-only notice');
    expect(supervisor.root.querySelector('.survey-publish-version')).toBeFalsy();
    expect(supervisor.root.querySelector('.survey-add-nps')).toBeFalsy();
    supervisor.root.detach();

    const admin = (page = openPage('staff/pages/survey/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: COMPLAINT_SURVEY_ID },
      routes,
    }));
    await admin.waitFor(() => admin.root.querySelector('.survey-builtin'), 'the built-in notice');
    for (const control of ['.survey-save', '.survey-publish', '.survey-publish-version', '.survey-question-remove', '.survey-add-nps'])
      expect(admin.root.querySelector(control), control).toBeFalsy();
  });
});

describe('问卷设置 (weapp build)', () => {
  it('saves the recontact days and the follow-up rule, with what it read and does not edit', async () => {
    const stored = {
      recontactDays: 30,
      followUp: { assign: 'complaint-owner', slaHours: 8 },
      version: 2,
      updatedAt: '2026-11-20T02:00:00.000Z',
      updatedBy: 'o-admin',
    };
    const p = (page = openPage('staff/pages/survey-settings/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'GET /v1/staff/survey-settings': { statusCode: 200, body: stored },
        'PUT /v1/staff/survey-settings': (body) => ({ statusCode: 200, body }),
      },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-settings-save'), 'the form');
    type(p, '.survey-settings-recontactDays', '14');
    tap(p, '.survey-settings-assign-queue');
    type(p, '.survey-settings-slaHours', '200');
    await tick();
    tap(p, '.survey-settings-save');
    expect(await p.waitFor(() => text(p, '.care-error'), 'the range problem')).toBe('回访时限填 1 到 120 的整数（工作小时）');
    type(p, '.survey-settings-slaHours', '24');
    await tick();
    tap(p, '.survey-settings-save');
    await p.waitFor(() => sent(p, 'PUT', '/v1/staff/survey-settings').length === 1, 'the save');
    expect(sent(p, 'PUT', '/v1/staff/survey-settings')[0]!.data).toEqual({
      recontactDays: 14,
      followUp: { assign: 'queue', slaHours: 24 },
      version: 2,
      updatedAt: '2026-11-20T02:00:00.000Z',
      updatedBy: 'o-admin',
    });
  });
});
