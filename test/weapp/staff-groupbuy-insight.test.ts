import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { runningCampaignStats, statsCampaign, unseenCampaignStats } from '../fixtures/groupbuy-stats';
import { assertWeappBuilt, openPage, undrawnCharts, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 活动数据 (a 拼团 campaign's figures) in the weapp build (insight subpackage), against canned answers
// (test/fixtures/groupbuy-stats.ts: 220 invited, 255 viewed, 70 places taken, 60 paid, 48 in the
// 16 groups that succeeded), and the ways to it from 拼团活动.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const STATS = 'GET /v1/staff/groupbuy/campaigns/gb_orange/stats';
const CAMPAIGN = 'GET /v1/staff/groupbuy/campaigns/gb_orange';
const ok = (body: unknown): CannedResponse => ({ statusCode: 200, body });

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const sent = (p: LoadedPage, route: string) => p.requests.filter((r) => `${r.method} ${new URL(r.url).pathname}` === route);

function openInsight(routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, role = 'supervisor') {
  page = openPage('insight/pages/groupbuy-insight/index', {
    storage: { 'linli.session': session(role) },
    query: { id: 'gb_orange' },
    routes,
    wx: {
      ...undrawnCharts(),
      stopPullDownRefresh: () => {},
    },
  });
  return page;
}

/** A card's figures as 「label value」, e.g. 「开团 24 个」. */
const figures = (p: LoadedPage, card: string) => {
  const values = texts(p, `${card} .gbi-figure__value`);
  return texts(p, `${card} .gbi-figure__label`).map((label, i) => `${label} ${values[i]}`);
};

describe('活动数据 (weapp build, insight subpackage)', () => {
  it('shows the campaign with its state, its groups, 成交额 and the refunds by reason', async () => {
    const p = openInsight({ [STATS]: ok(runningCampaignStats()), [CAMPAIGN]: ok(statsCampaign()) });
    await p.waitFor(() => p.root.querySelector('.gbi-groups'), 'the figures');
    expect(text(p, '.gbi-head__name')).toBe('赣南脐橙 3 人团');
    expect(text(p, '.gbi-state')).toBe('进行中');
    expect(text(p, '.gbi-head__as-of')).toBe('数据更新于 2026-12-03 10:15');
    expect(figures(p, '.gbi-groups')).toEqual(['开团 24 个', '成团 16 个', '未成团 5 个', '进行中 3 个']);
    expect(text(p, '.gbi-groups .gbi__note')).toBe('已结束的 21 个团中成团 16 个，成团率 76.2%');
    expect(figures(p, '.gbi-money')).toEqual(['成交额 ¥1,435.20', '退款 9 笔 · ¥269.10']);
    expect(texts(p, '.gbi-refund')).toEqual(['退出拼团退款2 笔 · ¥59.80', '未成团退款6 笔 · ¥179.40', '售后退款1 笔 · ¥29.90']);
    // No ids, rule ids or product codes are shown to people.
    expect(p.root.dom.textContent).not.toMatch(/gb_|cr_|ORANGE|important_|general_/);
  });

  it('shows the funnel from 邀请 to 成团 with each stage’s conversion, and the fission', async () => {
    const p = openInsight({ [STATS]: ok(runningCampaignStats()), [CAMPAIGN]: ok(statsCampaign()) });
    await p.waitFor(() => p.root.querySelector('.gbi-stage'), 'the funnel');
    expect(texts(p, '.gbi-stage')).toEqual([
      '邀请220 人',
      '浏览255 人 · 受邀打开率 45.5%',
      '参团70 单 · 参团率 27.5%',
      '支付60 单 · 支付率 85.7%',
      '成团48 单 · 成团率 80%',
    ]);
    expect(texts(p, '.insight-chart__title')).toEqual(['转化漏斗', '各来源支付转化率', '各分层成交额']);
    expect(figures(p, '.gbi-fission')).toEqual([
      '分享次数 40 次',
      '其中团长分享 36 次',
      '团长人均分享 1.5 次',
      '经分享来访 60 人',
      '新入会 12 人',
      '每次分享带来新会员 0.30 人',
    ]);
  });

  it('breaks the funnel down by source (each invitation arm, shares, on their own) and by RFM class', async () => {
    const p = openInsight({ [STATS]: ok(runningCampaignStats()), [CAMPAIGN]: ok(statsCampaign()) });
    await p.waitFor(() => p.root.querySelector('.gbi-breakdown__row'), 'the breakdowns');
    expect(texts(p, '.gbi-arrivals .gbi-breakdown__name')).toEqual([
      '生日关怀 · A 组',
      '生日关怀 · B 组',
      '已删除的关怀计划',
      '好友分享',
      '自己进入',
    ]);
    expect(texts(p, '.gbi-arrivals .gbi-breakdown__figures')).toEqual([
      '支付转化率 25% · 成交额 ¥269.10',
      '支付转化率 32.7% · 成交额 ¥448.50',
      '支付转化率 20% · 成交额 ¥0.00',
      '支付转化率 25% · 成交额 ¥358.80',
      '支付转化率 16.8% · 成交额 ¥358.80',
    ]);
    expect(texts(p, '.gbi-arrivals .gbi-breakdown__stages')[1]).toBe('邀请 100 → 浏览 55 → 参团 20 → 支付 18 → 成团 15');
    expect(texts(p, '.gbi-segments .gbi-breakdown__name')).toEqual(['重要价值', '一般保持', '一般挽留', '未评分（新客户、访客）']);
    expect(texts(p, '.gbi-segments .gbi-breakdown__figures')[0]).toBe('支付转化率 36% · 成交额 ¥478.40');
  });

  it('says a draft has no figures yet, and that no one has seen a published campaign yet, without charts', async () => {
    let p = openInsight({ [STATS]: ok(unseenCampaignStats('draft')), [CAMPAIGN]: ok(statsCampaign({ status: 'draft', version: 0 })) });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the empty state')).toBe(
      '活动还是草稿。发布后，会员浏览、开团、参团和成交的数据会显示在这里。',
    );
    expect(text(p, '.gbi-state')).toBe('草稿');
    p.root.detach();

    p = openInsight({ [STATS]: ok(unseenCampaignStats()), [CAMPAIGN]: ok(statsCampaign()) });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the empty state')).toBe(
      '还没有人看过这个活动。会员打开活动页、收到关怀邀请或好友分享的拼团后，这里会显示数据。',
    );
    expect(text(p, '.gbi-head__name')).toBe('赣南脐橙 3 人团');
    expect(p.root.querySelector('.insight-chart')).toBeFalsy();
    expect(p.root.querySelector('.gbi-figures')).toBeFalsy();
  });

  it('says what went wrong with a retry that asks again, a campaign that is gone, and refuses agents without asking', async () => {
    let fail = true;
    let p = openInsight({
      [STATS]: () => (fail ? { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } } : ok(runningCampaignStats())),
      [CAMPAIGN]: ok(statsCampaign()),
    });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the error')).toBe(ERROR_TEXT_ZH.INTERNAL);
    expect(text(p, '.state-box__action')).toBe('重试');
    fail = false;
    tap(p, '.state-box__action');
    await p.waitFor(() => p.root.querySelector('.gbi-groups'), 'the figures after the retry');
    expect(sent(p, STATS)).toHaveLength(2);
    p.root.detach();

    p = openInsight({
      [STATS]: { statusCode: 404, body: { error: { code: 'GROUP_BUY_NOT_FOUND', message: 'gone' } } },
      [CAMPAIGN]: { statusCode: 404, body: { error: { code: 'GROUP_BUY_NOT_FOUND', message: 'gone' } } },
    });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the gone state')).toBe('这个拼团活动已不存在');
    p.root.detach();

    p = openInsight({}, 'agent');
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the refusal')).toBe('活动数据仅限主管和管理员查看');
    expect(p.requests).toHaveLength(0);
  });

  it('reads the figures again when pulled down', async () => {
    const p = openInsight({ [STATS]: ok(runningCampaignStats()), [CAMPAIGN]: ok(statsCampaign()) });
    await p.waitFor(() => p.root.querySelector('.gbi-groups'), 'the figures');
    const host = globalThis as unknown as { getCurrentPages: () => Array<{ onPullDownRefresh: () => void }> };
    host.getCurrentPages().at(-1)!.onPullDownRefresh();
    await p.waitFor(() => sent(p, STATS).length === 2, 'the second read');
    expect(text(p, '.gbi-head__name')).toBe('赣南脐橙 3 人团');
  });
});

describe('the ways to 活动数据', () => {
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

  it('opens from a published or ended campaign’s row in 拼团活动 (a draft has no data yet), without opening the editor', async () => {
    const draft = statsCampaign({ campaignId: 'gb_draft', status: 'draft', version: 0, publishedAt: null });
    const ended = statsCampaign({ campaignId: 'gb_old', status: 'ended', endedAt: '2026-11-20T02:00:00.000Z' });
    const { p, navigated } = openWith('staff/pages/groupbuys/index', {
      'GET /v1/staff/groupbuy/campaigns': ok({ items: [statsCampaign(), draft, ended] }),
    });
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-row').length === 3, 'the rows');
    expect(texts(p, '.groupbuy-open-insight')).toEqual(['活动数据', '活动数据']);
    p.root.querySelectorAll('.groupbuy-open-insight')[1]!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the navigation');
    expect(navigated).toEqual(['/insight/pages/groupbuy-insight/index?id=gb_old']);
  });

  it('opens from the editor’s 活动数据 of a published campaign, and not from a draft’s', async () => {
    const { p, navigated } = openWith('staff/pages/groupbuy/index', { [CAMPAIGN]: ok(statsCampaign()) }, { id: 'gb_orange' });
    await p.waitFor(() => p.root.querySelector('.groupbuy-open-insight'), 'the button');
    expect(text(p, '.groupbuy-open-insight')).toBe('活动数据');
    tap(p, '.groupbuy-open-insight');
    await p.waitFor(() => navigated.length > 0, 'the navigation');
    expect(navigated).toEqual(['/insight/pages/groupbuy-insight/index?id=gb_orange']);
    p.root.detach();

    const { p: draft } = openWith(
      'staff/pages/groupbuy/index',
      { [CAMPAIGN]: ok(statsCampaign({ status: 'draft', version: 0, publishedAt: null })) },
      { id: 'gb_orange' },
    );
    await draft.waitFor(() => draft.root.querySelector('.groupbuy-version'), 'the editor');
    expect(draft.root.querySelector('.groupbuy-open-insight')).toBeFalsy();
  });
});
