import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerSurvey, SurveyCard } from '@linli/shared/surveys';
import type { MemberView } from '@linli/shared/members';
import { assertWeappBuilt, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// The buyer's survey page and the home page's invitation card, against canned API answers.
const BUYER = { token: 'tok-buyer', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const SURVEY_PATH = '/v1/surveys/sv_after-order';
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

function buyerSurvey(overrides: Partial<BuyerSurvey> = {}): BuyerSurvey {
  return {
    surveyId: 'sv_after-order',
    version: 2,
    title: '邀请你评价这次购物',
    intro: '只需 1 分钟',
    questions: [
      { questionId: 'q1', kind: 'nps', title: '你有多大可能推荐我们？', required: true },
      { questionId: 'q2', kind: 'long-text', title: '哪里做得不够好？', required: true, showIf: { questionId: 'q1', max: 6 } },
      {
        questionId: 'q3',
        kind: 'single',
        title: '你从哪里知道我们？',
        required: false,
        options: [
          { optionId: 'o1', label: '朋友推荐' },
          { optionId: 'o2', label: '广告' },
        ],
      },
    ],
    rewardPoints: 20,
    draft: {},
    answerable: true,
    reason: null,
    ...overrides,
  };
}

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const titles = (p: LoadedPage) => texts(p, '.survey-question__title');
const submissions = (p: LoadedPage) => p.requests.filter((r) => r.method === 'POST' && r.url.endsWith(`${SURVEY_PATH}/responses`));

describe('the survey page (weapp build)', () => {
  it('opens from a 小程序码 scene and asks "why" only of a detractor, keeping what was typed', async () => {
    const p = (page = openPage('pages/survey/index', {
      storage: { 'linli.session': BUYER },
      query: { scene: encodeURIComponent('sv_after-order') },
      routes: { [`GET ${SURVEY_PATH}`]: { statusCode: 200, body: buyerSurvey() } },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-score-10'), 'the NPS row');
    expect(text(p, '.survey-head__reward')).toBe('完成可得 20 积分');
    expect(titles(p)).toEqual(['你有多大可能推荐我们？', '你从哪里知道我们？']);
    expect(text(p, '.survey-nps__ends')).toBe('不可能极有可能');

    tap(p, '.survey-score-3');
    await p.waitFor(() => titles(p).length === 3, 'the "why" question');
    expect(titles(p)[1]).toBe('哪里做得不够好？');
    p.root.querySelector('.survey-text')!.dispatchEvent('input', { detail: { value: '配送太慢' } });
    await tick();
    expect(text(p, '.survey-text__counter')).toBe('4/1000');

    tap(p, '.survey-score-9');
    await p.waitFor(() => titles(p).length === 2, 'the "why" question hidden');
    tap(p, '.survey-score-5');
    await p.waitFor(() => titles(p).length === 3, 'the "why" question back');
    expect(text(p, '.survey-text__counter')).toBe('4/1000');
  });

  it('checks required questions first, then submits once per request id across retries and thanks with the points', async () => {
    let attempt = 0;
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      [`GET ${SURVEY_PATH}`]: { statusCode: 200, body: buyerSurvey() },
      [`PUT ${SURVEY_PATH}/draft`]: { statusCode: 200, body: buyerSurvey() },
      [`POST ${SURVEY_PATH}/responses`]: () => {
        attempt += 1;
        if (attempt === 1) return { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } };
        if (attempt === 2)
          return {
            statusCode: 422,
            body: {
              error: { code: 'SURVEY_ANSWERS_INVALID', message: 'invalid', issues: [{ path: 'answers.q3', message: 'unknown-option' }] },
            },
          };
        return { statusCode: 200, body: { responseId: 'r1', thankYou: '谢谢你的建议！', rewardPoints: 20 } };
      },
    };
    const p = (page = openPage('pages/survey/index', {
      storage: { 'linli.session': BUYER },
      query: { id: 'sv_after-order', from: 'invitation', order: 'LL20261120001' },
      routes,
    }));
    await p.waitFor(() => p.root.querySelector('.survey-submit'), 'the form');

    tap(p, '.survey-submit');
    expect(await p.waitFor(() => text(p, '.survey-question__issue'), 'the required check')).toBe('请回答这道题');
    expect(submissions(p)).toHaveLength(0);

    tap(p, '.survey-score-2');
    await p.waitFor(() => titles(p).length === 3, 'the "why" question');
    p.root.querySelector('.survey-text')!.dispatchEvent('input', { detail: { value: '包装破了' } });
    tap(p, '.survey-option-2');
    await tick();
    tap(p, '.survey-submit');
    await p.waitFor(() => submissions(p).length === 1, 'the first attempt');
    expect(await p.waitFor(() => text(p, '.survey-failure'), 'the failure')).toBeTruthy();

    tap(p, '.survey-submit');
    await p.waitFor(() => submissions(p).length === 2, 'the second attempt');
    // The server's issue stands beside its question.
    expect(await p.waitFor(() => text(p, '.survey-question__issue'), 'the issue')).toBe('选项已更新，请重新选择');

    tap(p, '.survey-submit');
    expect(await p.waitFor(() => text(p, '.survey-thank-you__text'), 'the thank-you')).toBe('谢谢你的建议！');
    expect(text(p, '.survey-reward')).toBe('已获得 20 积分');

    const bodies = submissions(p).map((r) => r.data as Record<string, unknown>);
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies.map((body) => body.requestId)).size).toBe(1);
    expect(bodies[2]).toEqual({
      requestId: bodies[0]!.requestId,
      version: 2,
      answers: { q1: 2, q2: '包装破了', q3: ['o2'] },
      source: 'invitation',
      orderId: 'LL20261120001',
    });
  });

  it('resumes from the draft, and saves the draft when the page is left', async () => {
    const p = (page = openPage('pages/survey/index', {
      storage: { 'linli.session': BUYER },
      query: { id: 'sv_after-order' },
      routes: {
        [`GET ${SURVEY_PATH}`]: { statusCode: 200, body: buyerSurvey({ draft: { q1: 4, q2: '太贵' } }) },
        [`PUT ${SURVEY_PATH}/draft`]: { statusCode: 200, body: buyerSurvey() },
      },
    }));
    await p.waitFor(() => titles(p).length === 3, 'the draft resumed');
    expect(p.root.querySelector('.survey-score-4.survey-nps__score--on')).toBeTruthy();
    tap(p, '.survey-option-1');
    await tick();
    p.root.detach();
    page = undefined;
    await p.waitFor(() => p.requests.find((r) => r.method === 'PUT'), 'the draft saved on leaving');
    expect(p.requests.find((r) => r.method === 'PUT')!.data).toEqual({ version: 2, answers: { q1: 4, q2: '太贵', q3: ['o1'] } });
  });

  it('says so when the survey is closed, already answered or not found', async () => {
    for (const [body, title] of [
      [buyerSurvey({ answerable: false, reason: 'closed' }), '问卷已结束'],
      [buyerSurvey({ answerable: false, reason: 'answered' }), '你已填写过'],
    ] as const) {
      const p = (page = openPage('pages/survey/index', {
        storage: { 'linli.session': BUYER },
        query: { id: 'sv_after-order' },
        routes: { [`GET ${SURVEY_PATH}`]: { statusCode: 200, body } },
      }));
      expect(await p.waitFor(() => text(p, '.survey-end__title'), title)).toBe(title);
      expect(p.root.querySelector('.survey-submit')).toBeFalsy();
      p.root.detach();
      page = undefined;
    }
    const missing = (page = openPage('pages/survey/index', {
      storage: { 'linli.session': BUYER },
      query: { id: 'sv_gone' },
      routes: { 'GET /v1/surveys/sv_gone': { statusCode: 404, body: { error: { code: 'SURVEY_NOT_FOUND', message: 'x' } } } },
    }));
    expect(await missing.waitFor(() => text(missing, '.survey-end__title'), 'not found')).toBe('问卷不存在');
  });

  it('reloads a newer version when the one answered is outdated, keeping the answers that still fit', async () => {
    let version = 2;
    const p = (page = openPage('pages/survey/index', {
      storage: { 'linli.session': BUYER },
      query: { id: 'sv_after-order' },
      routes: {
        [`GET ${SURVEY_PATH}`]: () => ({ statusCode: 200, body: buyerSurvey({ version }) }),
        [`PUT ${SURVEY_PATH}/draft`]: { statusCode: 200, body: buyerSurvey() },
        [`POST ${SURVEY_PATH}/responses`]: () => {
          version = 3;
          return { statusCode: 409, body: { error: { code: 'SURVEY_VERSION_OUTDATED', message: 'x' } } };
        },
      },
    }));
    await p.waitFor(() => p.root.querySelector('.survey-score-10'), 'the form');
    tap(p, '.survey-score-10');
    await tick();
    tap(p, '.survey-submit');
    expect(await p.waitFor(() => text(p, '.survey-end__title'), 'the outdated screen')).toBe('问卷内容已更新');
    tap(p, '.survey-blocked-action');
    await p.waitFor(() => p.root.querySelector('.survey-submit'), 'the newer version');
    expect(p.root.querySelector('.survey-score-10.survey-nps__score--on')).toBeTruthy();
    tap(p, '.survey-submit');
    await p.waitFor(() => submissions(p).length === 2, 'the retry on the newer version');
    expect((submissions(p)[1]!.data as { version: number }).version).toBe(3);
  });
});

function member(): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: '03-08',
    phoneMasked: '138****1234',
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: '8H3K2Q9T',
    stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: '2026-11-02T03:00:00.000Z', lastOrderAt: '2026-11-20T03:00:00.000Z' },
  };
}

describe('the home page survey card (weapp build)', () => {
  const card: SurveyCard = { surveyId: 'sv_after-order', title: '购物体验调查', intro: '说说这次购物', rewardPoints: 20, questions: 3 };

  it('invites a member to the survey the server picks, and ✕ dismisses it', async () => {
    const p = (page = openPage('pages/index/index', {
      storage: { 'linli.session': BUYER },
      routes: {
        'GET /v1/me': { statusCode: 200, body: member() },
        'POST /v1/me/survey-card': { statusCode: 200, body: { card } },
        [`POST ${SURVEY_PATH}/dismiss`]: { statusCode: 204, body: null },
      },
    }));
    expect(await p.waitFor(() => text(p, '.survey-card__title'), 'the card')).toBe('邀请你参与：购物体验调查');
    expect(text(p, '.survey-card__reward')).toBe('完成可得 20 积分');
    expect(p.root.dom.textContent).not.toContain('sv_after-order');
    tap(p, '.survey-card__close');
    await p.waitFor(() => !p.root.querySelector('.survey-card'), 'the card gone');
    await p.waitFor(() => p.requests.some((r) => r.method === 'POST' && r.url.endsWith(`${SURVEY_PATH}/dismiss`)), 'the dismissal');
  });

  it('shows no card when there is none to offer or the ask fails', async () => {
    const p = (page = openPage('pages/index/index', {
      storage: { 'linli.session': BUYER },
      routes: { 'GET /v1/me': { statusCode: 200, body: member() } },
    }));
    await p.waitFor(() => text(p, '.member-card__tier'), 'the member card');
    await p.waitFor(() => p.requests.some((r) => r.url.endsWith('/v1/me/survey-card')), 'the ask');
    await tick();
    expect(p.root.querySelector('.survey-card')).toBeFalsy();
  });
});
