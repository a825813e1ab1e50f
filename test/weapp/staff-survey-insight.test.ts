import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { SurveyInput, type Survey } from '@linli/shared/surveys';
import { addDays, shanghaiDay } from '@linli/shared/time';
import { emptyInsight, npsInsight, responseView } from '../fixtures/survey-insights';
import { assertWeappBuilt, openPage, undrawnCharts, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 满意度看板 in the weapp build (insight subpackage), against canned answers: what WeChat renders
// from the API's figures (test/fixtures/survey-insights.ts: 400 answers, NPS 30 ±7.7, up 20 from
// the period before), what the page asks for when the period, the filter or the page changes.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const INSIGHT = 'GET /v1/staff/surveys/sv_after-order/insight';
const RESPONSES = 'GET /v1/staff/surveys/sv_after-order/responses';

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
/** The query strings the page sent to `route` ("GET /path"), in order. */
const queries = (p: LoadedPage, route: string) =>
  p.requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === route).map((r) => Object.fromEntries(new URL(r.url).searchParams));

function openInsight(routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, role = 'supervisor') {
  page = openPage('insight/pages/survey-insight/index', {
    storage: { 'linli.session': session(role) },
    query: { id: 'sv_after-order' },
    routes,
    wx: {
      ...undrawnCharts(),
    },
  });
  return page;
}

const FIRST_PAGE = {
  items: [
    responseView(),
    responseView({ responseId: 'sr_2', nickname: null, score: 10, npsClass: 'promoter', followUp: false, followUpReason: null }),
  ],
  nextCursor: 'cursor-2',
};

describe('满意度看板 (weapp build, insight subpackage)', () => {
  it('leads with NPS, its margin and answers, and says the rise from the period before is significant', async () => {
    const p = openInsight({ [INSIGHT]: { statusCode: 200, body: npsInsight() }, [RESPONSES]: { statusCode: 200, body: FIRST_PAGE } });
    await p.waitFor(() => p.root.querySelector('.survey-headline'), 'the headline');
    expect(text(p, '.survey-insight__name')).toBe('购后满意度');
    expect(text(p, '.survey-headline__metric')).toBe('NPS 净推荐值');
    expect(text(p, '.survey-headline__value')).toBe('30');
    expect(text(p, '.survey-headline__margin')).toBe('±7.7');
    expect(text(p, '.survey-headline__basis')).toBe('基于 400 份回答 · 平均 7.84 分');
    expect(p.root.querySelector('.survey-headline__warning')).toBeFalsy();
    expect(text(p, '.survey-change__verdict')).toBe('显著上升');
    expect(text(p, '.survey-change__detail')).toBe('变化 +20 分（±12.1）；上一时段 2026年5月5日–2026年8月2日：10 ±9.4（300 份）');
    expect(texts(p, '.survey-class .sv-row__value')).toEqual(['200 人 · 50%', '120 人 · 30%', '80 人 · 20%']);
    expect(texts(p, '.insight-chart__title')).toEqual(['分数分布', '按周趋势', '按月趋势']);
    // Chosen among the rated questions; the default (the first NPS one) is on.
    expect(texts(p, '.survey-insight__questions .sv-chip')).toEqual(['第 1 题：你有多大可能推荐我们？', '第 2 题：对这次购物满意吗？']);
    expect(p.root.dom.textContent).not.toMatch(/sv_|qnps|nps-detractor/);
  });

  it('breaks the score down by segment in tables: name, answers, score ± margin', async () => {
    const p = openInsight({ [INSIGHT]: { statusCode: 200, body: npsInsight() }, [RESPONSES]: { statusCode: 200, body: FIRST_PAGE } });
    await p.waitFor(() => p.root.querySelector('.sv-table__row'), 'the breakdowns');
    expect(texts(p, '.sv-table__title')).toEqual(['会员等级', '地区']);
    const rows = p.root.querySelectorAll('.sv-table__row').map((row) => row.dom.textContent);
    expect(rows).toEqual(['分组回答数得分', '金卡20045 ±10.3', '银卡17017.6 ±11.8', '未知300 ±29.2']);
    expect(texts(p, '.survey-choice-option')).toEqual(['新鲜180 人 · 60%', '价格120 人 · 40%']);
    expect(p.root.dom.textContent).toContain('回访结果 · 已沟通，待改进');
    expect(p.root.dom.textContent).toContain('关怀邀请');
  });

  it('says 显著下降 or 样本不足 as the figures are, and warns when the headline rests on too few answers', async () => {
    const down = npsInsight({
      now: { promoters: 120, passives: 90, detractors: 90 },
      before: { promoters: 200, passives: 120, detractors: 80 },
    });
    let p = openInsight({ [INSIGHT]: { statusCode: 200, body: down }, [RESPONSES]: { statusCode: 200, body: FIRST_PAGE } });
    expect(await p.waitFor(() => text(p, '.survey-change__verdict'), 'the verdict')).toBe('显著下降');
    p.root.detach();
    const few = npsInsight({ now: { promoters: 10, passives: 5, detractors: 5 } });
    p = openInsight({ [INSIGHT]: { statusCode: 200, body: few }, [RESPONSES]: { statusCode: 200, body: FIRST_PAGE } });
    expect(await p.waitFor(() => text(p, '.survey-change__verdict'), 'the verdict')).toBe('样本不足');
    expect(text(p, '.survey-headline__warning')).toBe('样本不足：少于 30 份回答，误差较大，仅供参考');
  });

  it('asks for the period chosen: the last 90 days first, then 近30天, then a question', async () => {
    const p = openInsight({ [INSIGHT]: { statusCode: 200, body: npsInsight() }, [RESPONSES]: { statusCode: 200, body: FIRST_PAGE } });
    await p.waitFor(() => p.root.querySelector('.survey-headline'), 'the headline');
    const today = shanghaiDay(new Date()).date;
    expect(queries(p, INSIGHT)).toEqual([{ from: addDays(today, -89), to: today }]);
    tap(p, '.survey-insight-period--last30');
    await p.waitFor(() => queries(p, INSIGHT).length === 2, 'the second request');
    expect(queries(p, INSIGHT)[1]).toEqual({ from: addDays(today, -29), to: today });
    // The answers follow the period.
    await p.waitFor(() => queries(p, RESPONSES).some((q) => q.from === addDays(today, -29)), 'the answers of the period');
    tap(p, '.survey-insight-period--lastYear');
    await p.waitFor(() => queries(p, INSIGHT).length === 3, 'the third request');
    expect(queries(p, INSIGHT)[2]).toEqual({ from: addDays(today, -364), to: today });
    p.root.querySelectorAll('.survey-insight-question')[1]!.dispatchEvent('tap');
    await p.waitFor(() => queries(p, INSIGHT).length === 4, 'the fourth request');
    expect(queries(p, INSIGHT)[3]).toEqual({ from: addDays(today, -364), to: today, questionId: 'qcsat' });
    // 自定义 shows the date pickers, starting from the period on screen.
    tap(p, '.survey-insight-period--custom');
    await p.waitFor(() => p.root.querySelector('.survey-insight__date'), 'the pickers');
    expect(texts(p, '.survey-insight__date')).toEqual([addDays(today, -364), today]);
  });

  it('lists the answers with their text, filters them and reads on with 加载更多', async () => {
    const p = openInsight({
      [INSIGHT]: { statusCode: 200, body: npsInsight() },
      [RESPONSES]: () => {
        const sent = queries(page!, RESPONSES).at(-1)!;
        return sent.cursor
          ? { statusCode: 200, body: { items: [responseView({ responseId: 'sr_3', nickname: '老顾客' })], nextCursor: null } }
          : { statusCode: 200, body: FIRST_PAGE };
      },
    });
    await p.waitFor(() => p.root.querySelectorAll('.survey-answer').length === 2, 'the answers');
    const first = p.root.querySelectorAll('.survey-answer')[0]!.dom.textContent!;
    for (const words of [
      '橙子爱好者',
      '2026-10-30 10:15 · 关怀邀请',
      '你最看重什么？新鲜',
      '哪里做得不够好？送货太慢了',
      '已转回访：贬损者（0–6 分）',
    ])
      expect(first).toContain(words);
    expect(texts(p, '.survey-answer__who')[1]).toBe('未设置昵称的会员');
    expect(texts(p, '.survey-answer__follow-up')).toHaveLength(1);
    expect(texts(p, '.survey-answers .sv-chip')).toEqual(['全部', '推荐者', '中立者', '贬损者', '有文字回答']);

    tap(p, '.survey-answers-filter--detractor');
    await p.waitFor(() => queries(p, RESPONSES).some((q) => q.npsClass === 'detractor'), 'the filtered request');
    tap(p, '.survey-answers-with-text');
    await p.waitFor(() => queries(p, RESPONSES).some((q) => q.hasText === 'true'), 'the text request');
    expect(queries(p, RESPONSES).at(-1)).toMatchObject({ questionId: 'qnps', npsClass: 'detractor', hasText: 'true', limit: '20' });

    // 加载更多 until the next page shows: a tap that lands while the filtered list is still being redrawn
    // reads on from the list before the filter, and the page rightly drops that answer for the newer one.
    await p.waitFor(() => {
      if (p.root.querySelectorAll('.survey-answer').length === 3) return true;
      p.root.querySelector('.list-footer--more')?.dispatchEvent('tap');
      return false;
    }, 'the next page');
    expect(queries(p, RESPONSES).at(-1)).toMatchObject({ cursor: 'cursor-2', npsClass: 'detractor', hasText: 'true' });
    expect(texts(p, '.survey-answer__who')[2]).toBe('老顾客');
    expect(text(p, '.list-footer')).toBe('没有更多了');
  });

  it('says 还没有回答 for a period without answers, and lists none', async () => {
    const p = openInsight({ [INSIGHT]: { statusCode: 200, body: emptyInsight() } });
    const shown = await p.waitFor(() => text(p, '.state-box__text'), 'the empty state');
    expect(shown).toBe('还没有回答');
    expect(p.root.querySelector('.survey-headline')).toBeFalsy();
    expect(p.root.querySelector('.survey-answers')).toBeFalsy();
    expect(queries(p, RESPONSES)).toHaveLength(0);
  });

  it('says what went wrong with a retry, and refuses agents without asking', async () => {
    let p = openInsight({ [INSIGHT]: { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } } });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the error')).toBe(ERROR_TEXT_ZH.INTERNAL);
    expect(text(p, '.state-box__action')).toBe('重试');
    p.root.detach();
    p = openInsight({}, 'agent');
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the refusal')).toBe('满意度看板仅限主管和管理员查看');
    expect(p.requests).toHaveLength(0);
  });
});

describe('the ways to 满意度看板', () => {
  const published: Survey = {
    surveyId: 'sv_after-order',
    status: 'published',
    builtIn: false,
    definition: SurveyInput.parse({
      name: '购后满意度',
      title: '邀请你评价这次购物',
      questions: [{ questionId: 'qnps', kind: 'nps', title: '你有多大可能推荐我们？' }],
    }),
    version: 1,
    revision: 2,
    responses: 400,
    createdAt: '2026-08-01T02:00:00.000Z',
    updatedAt: '2026-08-01T02:00:00.000Z',
    publishedAt: '2026-08-01T02:00:00.000Z',
    closedAt: null,
  };
  const draft: Survey = { ...published, surveyId: 'sv_draft', status: 'draft', version: 0, responses: 0, publishedAt: null };

  function openWith(pagePath: string, routes: Record<string, CannedResponse>, query?: Record<string, string>) {
    const navigated: string[] = [];
    page = openPage(pagePath, {
      storage: { 'linli.session': session('supervisor') },
      routes,
      ...(query ? { query } : {}),
      wx: {
        navigateTo: (options: { url: string; success?: (r: unknown) => void }) => {
          navigated.push(options.url);
          setTimeout(() => options.success?.({ errMsg: 'navigateTo:ok' }), 0);
        },
      },
    });
    return { p: page, navigated };
  }

  it('opens from a published survey in 问卷调查 (a draft has no data yet), without opening the builder', async () => {
    const { p, navigated } = openWith('staff/pages/surveys/index', {
      'GET /v1/staff/surveys': { statusCode: 200, body: { items: [published, draft] } },
    });
    await p.waitFor(() => p.root.querySelectorAll('.survey-row').length === 2, 'the rows');
    expect(texts(p, '.survey-open-insight')).toEqual(['查看数据']);
    tap(p, '.survey-open-insight');
    await p.waitFor(() => navigated.length > 0, 'the navigation');
    expect(navigated).toEqual(['/insight/pages/survey-insight/index?id=sv_after-order']);
  });

  it('opens from the builder’s 查看数据', async () => {
    const { p, navigated } = openWith(
      'staff/pages/survey/index',
      { 'GET /v1/staff/surveys/sv_after-order': { statusCode: 200, body: published } },
      { id: 'sv_after-order' },
    );
    await p.waitFor(() => p.root.querySelector('.survey-open-insight'), 'the button');
    expect(text(p, '.survey-open-insight')).toBe('查看数据');
    tap(p, '.survey-open-insight');
    await p.waitFor(() => navigated.length > 0, 'the navigation');
    expect(navigated).toEqual(['/insight/pages/survey-insight/index?id=sv_after-order']);
  });
});
