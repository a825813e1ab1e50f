import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { ShopOverview } from '@linli/shared/overview';
import type { PointsEntry } from '@linli/shared/points';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, modal, text, texts } from './wechat-simulator';

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const DAYS = Array.from({ length: 30 }, (_, i) => {
  const d = new Date(Date.UTC(2026, 9, 25 + i));
  return d.toISOString().slice(0, 10);
});
const zeros = () => DAYS.map(() => 0);
const rising = (step: number) => DAYS.map((_, i) => i * step);

function overview(overrides: Partial<ShopOverview> = {}): ShopOverview {
  return {
    today: '2026-11-23',
    days: DAYS,
    members: { total: 12_345, newThisWeek: 12, newThisMonth: 87, totalTrend: rising(3), newTrend: rising(1) },
    orders: { thisMonth: 230, salesFenThisMonth: 4_567_890, ordersTrend: rising(1), salesFenTrend: rising(1000) },
    points: {
      issuedThisMonth: 45_678,
      redeemedThisMonth: 1_200,
      outstanding: 987_654,
      issuedTrend: rising(10),
      redeemedTrend: zeros(),
      outstandingTrend: rising(100),
    },
    coupons: { issuedThisMonth: 40, usedThisMonth: 15, issuedTrend: zeros(), usedTrend: zeros() },
    complaints: { open: 6, atRisk: 2, filedTrend: rising(1) },
    ...overrides,
  };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('店铺概览 (weapp build in miniprogram-simulate, staff subpackage)', () => {
  it('shows the figures in Chinese with money in yuan, and a bar a day for 30 days', async () => {
    const routes: Record<string, CannedResponse> = { 'GET /v1/staff/overview': { statusCode: 200, body: overview() } };
    const p = (page = openPage('staff/pages/overview/index', { storage: { 'linli.session': session('supervisor') }, routes }));
    await p.waitFor(() => p.root.querySelector('.overview-page'), 'the overview');
    expect(p.requests[0]).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:3000/v1/staff/overview' });
    const all = p.root.querySelector('.overview-page')!.dom.textContent!;
    for (const label of [
      '会员总数',
      '本周新增',
      '本月新增',
      '本月订单',
      '本月销售额',
      '本月发放',
      '本月兑换',
      '未使用积分',
      '本月核销',
      '未结投诉',
    ])
      expect(all).toContain(label);
    expect(text(p, '.overview-figure__value')).toBe('12,345');
    expect(all).toContain('¥45,678.90');
    expect(all).toContain('987,654');
    // Members, sales, points issued, outstanding points and complaints have data; coupons none.
    // (miniprogram-simulate finds nested nodes from the page root only: count over the page.)
    expect(p.root.querySelectorAll('.trend')).toHaveLength(6);
    expect(p.root.querySelectorAll('.trend__bar')).toHaveLength(5 * 30);
    expect(texts(p, '.trend__axis')[0]).toBe('10-2511-23');
    expect(texts(p, '.trend__max').slice(0, 2)).toEqual(['最高 29', '最高 ¥290.00']);
    expect(texts(p, '.trend__empty')).toEqual(['近30天暂无数据']);
    const heights = p.root
      .querySelectorAll('.trend__bar')
      .slice(0, 30)
      .map((bar) => bar.dom.style.height);
    expect(heights[0]).toBe('0%');
    expect(heights[29]).toBe('100%');
    // Complaints at risk stand out.
    expect(p.root.querySelector('.overview-figure__value--warn')!.dom.textContent).toBe('2');
  });

  it('shows an empty shop as zeros and empty charts, not an error', async () => {
    const empty = overview({
      members: { total: 0, newThisWeek: 0, newThisMonth: 0, totalTrend: zeros(), newTrend: zeros() },
      orders: { thisMonth: 0, salesFenThisMonth: 0, ordersTrend: zeros(), salesFenTrend: zeros() },
      points: {
        issuedThisMonth: 0,
        redeemedThisMonth: 0,
        outstanding: 0,
        issuedTrend: zeros(),
        redeemedTrend: zeros(),
        outstandingTrend: zeros(),
      },
      complaints: { open: 0, atRisk: 0, filedTrend: zeros() },
    });
    const routes: Record<string, CannedResponse> = { 'GET /v1/staff/overview': { statusCode: 200, body: empty } };
    const p = (page = openPage('staff/pages/overview/index', { storage: { 'linli.session': session('admin') }, routes }));
    await p.waitFor(() => p.root.querySelector('.overview-page'), 'the overview');
    expect(p.root.querySelectorAll('.trend__empty')).toHaveLength(6);
    expect(p.root.querySelectorAll('.trend__bar')).toHaveLength(0);
    expect(p.root.querySelector('.overview-page')!.dom.textContent).toContain('¥0.00');
    expect(p.root.querySelector('.overview-figure__value--warn') ?? null).toBeNull();
  });

  it('tells an agent the page is for supervisors and admins', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/overview': { statusCode: 403, body: { error: { code: 'FORBIDDEN', message: 'Forbidden' } } },
    };
    const p = (page = openPage('staff/pages/overview/index', { storage: { 'linli.session': session('agent') }, routes }));
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the refusal')).toBe('店铺概览仅限主管和管理员查看');
  });
});

const MEMBER = {
  memberId: 'mem-001',
  nickname: '林小满',
  phoneMasked: '138****1234',
  tier: { code: 'silver', name: '银卡会员' },
  pointsBalance: 320,
  orderCount: 3,
  totalSpentFen: 45_600,
  lastOrderAt: '2026-11-20T02:00:00.000Z',
  joinedAt: '2026-01-05T02:00:00.000Z',
};

function entry(overrides: Partial<PointsEntry>): PointsEntry {
  return {
    entryId: 'pe-1',
    type: 'order',
    delta: 128,
    balanceAfter: 320,
    refId: 'A1001',
    note: null,
    lots: [],
    createdAt: '2026-11-20T02:02:00.000Z',
    ...overrides,
  };
}

const LEDGER_PAGE_1 = {
  items: [
    entry({
      entryId: 'pe-3',
      type: 'adjustment',
      delta: -30,
      balanceAfter: 320,
      note: '误发积分收回',
      createdAt: '2026-11-21T02:00:00.000Z',
    }),
    entry({ entryId: 'pe-2', type: 'redemption', delta: -100, balanceAfter: 350, note: '满100减10元券' }),
  ],
  nextCursor: 'c1',
};

describe('a member for staff: 积分调整 and 积分明细 (weapp build)', () => {
  it('shows the ledger newest first, types in Chinese and the reason of an adjustment, without an adjust form for agents', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/members/mem-001': { statusCode: 200, body: MEMBER },
      'GET /v1/staff/members/mem-001/points': { statusCode: 200, body: LEDGER_PAGE_1 },
    };
    const p = (page = openPage('staff/pages/member/index', {
      storage: { 'linli.session': session('agent') },
      routes,
      query: { id: 'mem-001' },
    }));
    await p.waitFor(() => p.root.querySelector('.member-ledger__row'), 'the ledger');
    const types = p.root.querySelectorAll('.member-ledger__type').map((node) => node.dom.textContent);
    expect(types).toEqual(['人工调整', '积分兑换']);
    expect(text(p, '.member-ledger__note')).toBe('误发积分收回');
    expect(text(p, '.member-ledger__delta')).toBe('-30');
    expect(p.root.querySelector('.member-adjust') ?? null).toBeNull();
    expect(p.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('lets a supervisor adjust after confirming, once per confirmation, and shows the new entry', async () => {
    const asked: string[] = [];
    let adjusted = false;
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/staff/members/mem-001': () => ({ statusCode: 200, body: adjusted ? { ...MEMBER, pointsBalance: 520 } : MEMBER }),
      'GET /v1/staff/members/mem-001/points': () => ({
        statusCode: 200,
        body: adjusted
          ? {
              items: [
                entry({ entryId: 'pe-4', type: 'adjustment', delta: 200, balanceAfter: 520, note: '老客户回馈' }),
                ...LEDGER_PAGE_1.items,
              ],
              nextCursor: 'c1',
            }
          : LEDGER_PAGE_1,
      }),
      'POST /v1/staff/members/mem-001/points-adjustments': () => {
        adjusted = true;
        return {
          statusCode: 200,
          body: entry({ entryId: 'pe-4', type: 'adjustment', delta: 200, balanceAfter: 520, note: '老客户回馈' }),
        };
      },
    };
    const p = (page = openPage('staff/pages/member/index', {
      storage: { 'linli.session': session('supervisor') },
      routes,
      query: { id: 'mem-001' },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.member-adjust__submit'), 'the adjust form');

    // Nothing is sent without points and a reason.
    p.root.querySelector('.member-adjust__submit')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.member-adjust__notice'), 'the missing amount')).toBe('请填写要调整的积分（正整数）');

    p.root.querySelector('.member-adjust__amount')!.dispatchEvent('input', { detail: { value: '200' } });
    p.root.querySelector('.member-adjust__reason')!.dispatchEvent('input', { detail: { value: '老客户回馈' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.member-adjust__submit')!.dispatchEvent('tap');
    await p.waitFor(() => (text(p, '.member-adjust__notice') ?? '').startsWith('已增加') || undefined, 'the outcome');
    expect(asked).toEqual(['增加 200 积分，原因：老客户回馈。调整会记入积分明细，不能撤回。']);
    const posts = p.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.data).toMatchObject({ delta: 200, reason: '老客户回馈' });
    expect((posts[0]!.data as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(text(p, '.member-adjust__notice')).toBe('已增加 200 积分，当前余额 520');
    await p.waitFor(() => (text(p, '.member-ledger__note') === '老客户回馈' ? true : undefined), 'the new entry');
    expect(text(p, '.member-ledger__delta')).toBe('+200');
  });

  it('deducts only after the operator confirms, and shows the refusal in Chinese', async () => {
    const asked: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/members/mem-001': { statusCode: 200, body: MEMBER },
      'GET /v1/staff/members/mem-001/points': { statusCode: 200, body: LEDGER_PAGE_1 },
      'POST /v1/staff/members/mem-001/points-adjustments': {
        statusCode: 409,
        body: { error: { code: 'POINTS_INSUFFICIENT', message: 'Only 320 points are available' } },
      },
    };
    const p = (page = openPage('staff/pages/member/index', {
      storage: { 'linli.session': session('admin') },
      routes,
      query: { id: 'mem-001' },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.member-adjust__submit'), 'the adjust form');
    p.root.querySelectorAll('.member-adjust__direction')[1]!.dispatchEvent('tap');
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.root.querySelector('.member-adjust__amount')!.dispatchEvent('input', { detail: { value: '5000' } });
    p.root.querySelector('.member-adjust__reason')!.dispatchEvent('input', { detail: { value: '误发积分' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.member-adjust__submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.member-adjust__notice.notice--error'), 'the refusal');
    expect(asked[0]).toBe('扣减 5000 积分，原因：误发积分。调整会记入积分明细，不能撤回。');
    expect(p.requests.find((r) => r.method === 'POST')!.data).toMatchObject({ delta: -5000 });
    expect(text(p, '.member-adjust__notice')).toBe(ERROR_TEXT_ZH.POINTS_INSUFFICIENT);
  });
});
