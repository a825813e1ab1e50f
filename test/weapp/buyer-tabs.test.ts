import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MemberView } from '@linli/shared/members';
import type { MyOrderSummary } from '@linli/shared/orders';
import { WEAPP_DIST, assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// The buyer's tab bar (首页 / 积分商城 / 我的), 我的 and 我的订单, in the real weapp build.

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const AGENT_SESSION = { ...SESSION, roles: ['member', 'agent'] };

function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    avatarUrl: null,
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: null,
    phoneMasked: null,
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: 'LM-8H3K2Q9T',
    stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: null, lastOrderAt: null },
    ...overrides,
  };
}

function order(overrides: Partial<MyOrderSummary> = {}): MyOrderSummary {
  return {
    orderId: 'demo-demo-5',
    paidAt: '2026-11-23T03:00:00.000Z',
    paidFen: 22_000,
    refundedFen: 0,
    status: 'paid',
    items: [
      { sku: 'FRUIT-APPLE-5KG', name: '烟台红富士 5kg', qty: 1, unitPriceFen: 12_800 },
      { sku: 'EGG-30', name: '土鸡蛋 30枚', qty: 2, unitPriceFen: 3_600 },
    ],
    points: { earned: 220, takenBack: 0, state: 'pending', availableAt: '2026-11-30T03:00:00.000Z' },
    ...overrides,
  };
}

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

/** Opens a page with the session and canned answers, recording navigateTo and switchTab. */
function open(pagePath: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, session = SESSION) {
  const navigated: string[] = [];
  const switched: string[] = [];
  const answer = (list: string[]) => (options: { url: string; success?: (r: unknown) => void }) => {
    list.push(options.url);
    setTimeout(() => options.success?.({ errMsg: 'ok' }), 0);
  };
  page = openPage(pagePath, {
    storage: { 'linli.session': session },
    routes,
    wx: { navigateTo: answer(navigated), switchTab: answer(switched) },
  });
  return { p: page, navigated, switched };
}

describe('the tab bar', () => {
  it('has 首页, 积分商城 and 我的, each with local PNG icons of at most 40 KB', () => {
    const app = JSON.parse(readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as {
      pages: string[];
      tabBar: { list: Array<{ pagePath: string; text: string; iconPath: string; selectedIconPath: string }> };
    };
    expect(app.tabBar.list.map((tab) => [tab.pagePath, tab.text])).toEqual([
      ['pages/index/index', '首页'],
      ['pages/mall/index', '积分商城'],
      ['pages/me/index', '我的'],
    ]);
    for (const tab of app.tabBar.list) {
      // Tab pages live in the main package.
      expect(app.pages).toContain(tab.pagePath);
      for (const icon of [tab.iconPath, tab.selectedIconPath]) {
        const file = path.join(WEAPP_DIST, icon);
        expect(statSync(file).size, icon).toBeLessThanOrEqual(40 * 1024);
        const png = readFileSync(file);
        expect(png.subarray(1, 4).toString('ascii'), icon).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)], icon).toEqual([81, 81]);
      }
    }
  });
});

describe('首页 (the member card)', () => {
  it('keeps the card, check-in and points; reaches 积分商城 by switchTab and 我的订单 from 订单数', async () => {
    const { p, navigated, switched } = open('pages/index/index', {
      'GET /v1/me': { statusCode: 200, body: memberView({ avatarUrl: 'https://photos.example/a.png' }) },
    });
    await p.waitFor(() => text(p, '.member-card__tier'), 'the card');
    expect(text(p, '.member-card__name')).toBe('林小满');
    expect(p.root.querySelector('.member-card__avatar')!.data.src).toBe('https://photos.example/a.png');
    const labels = texts(p, '.cell__label');
    expect(labels).toEqual(['积分明细', '每日签到', '积分商城', '拼团']);
    // The account lives in 我的 now.
    for (const moved of ['我的券', '我的资料', '客户服务', '员工入口']) expect(labels).not.toContain(moved);

    p.root.querySelectorAll('.cell')[2]!.dispatchEvent('tap');
    await p.waitFor(() => switched.length > 0, 'the switch to 积分商城');
    expect(switched).toEqual(['/pages/mall/index']);

    p.root.querySelector('.stats__item')!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the way to 我的订单');
    expect(navigated).toEqual(['/pages/orders/index']);
  });
});

describe('我的', () => {
  it('shows the member with the account entries, and no staff workbench for a buyer', async () => {
    const { p, navigated } = open('pages/me/index', { 'GET /v1/me': { statusCode: 200, body: memberView() } });
    await p.waitFor(() => p.root.querySelector('.me-head'), '我的');
    expect(text(p, '.me-head__name')).toBe('林小满');
    expect(text(p, '.me-head__sub')).toContain('银卡会员');
    expect(texts(p, '.cell__label')).toEqual([
      '我的订单',
      '我的拼团',
      '我的券',
      '积分明细',
      '客户服务',
      '我的资料',
      '消息设置',
      '隐私政策',
    ]);
    expect(p.root.querySelector('.me-staff') ?? null).toBeNull();
    expect(p.root.dom.textContent).toContain('退出登录');

    p.root.querySelector('.cell')!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the way to 我的订单');
    expect(navigated).toEqual(['/pages/orders/index']);
  });

  it('gives staff the workbench (员工入口 and the pages of their role), also before they join', async () => {
    const { p } = open(
      'pages/me/index',
      { 'GET /v1/me': { statusCode: 200, body: memberView({ status: 'visitor', policyVersion: null, joinedAt: null }) } },
      AGENT_SESSION,
    );
    await p.waitFor(() => p.root.querySelector('.me-staff'), 'the staff workbench');
    expect(text(p, '.me-head__name')).toBe('尚未加入会员');
    expect(texts(p, '.me-staff .cell__label')).toEqual([
      '会员列表',
      '客户查询',
      '客户列表',
      '扫码核销',
      '投诉工单',
      '回访任务',
      '兑换订单',
    ]);
  });
});

describe('我的订单', () => {
  it('lists orders with items, amounts, refunds and points, never the order id or SKU, and loads more at the bottom', async () => {
    const calls: string[] = [];
    const { p } = open('pages/orders/index', {
      'GET /v1/me/orders': () => {
        calls.push('page');
        return calls.length === 1
          ? {
              statusCode: 200,
              body: {
                items: [
                  order(),
                  order({
                    orderId: 'demo-demo-4',
                    paidAt: '2026-11-10T03:00:00.000Z',
                    paidFen: 8_000,
                    refundedFen: 4_000,
                    status: 'partially_refunded',
                    items: [{ sku: 'ORANGE-5KG', name: '赣南脐橙 5kg', qty: 2, unitPriceFen: 4_000 }],
                    points: { earned: 80, takenBack: 40, state: 'available', availableAt: null },
                  }),
                ],
                nextCursor: 'next-1',
              },
            }
          : {
              statusCode: 200,
              body: {
                items: [
                  order({
                    orderId: 'demo-demo-1',
                    paidAt: '2026-10-02T03:00:00.000Z',
                    paidFen: 9_900,
                    refundedFen: 9_900,
                    status: 'refunded',
                    items: [{ sku: 'RICE-10KG', name: '五常大米 10kg', qty: 1, unitPriceFen: 9_900 }],
                    points: { earned: 99, takenBack: 99, state: 'available', availableAt: null },
                  }),
                ],
                nextCursor: null,
              },
            };
      },
    });
    await p.waitFor(() => p.root.querySelectorAll('.order-card').length === 2, 'the first page');
    expect(texts(p, '.order-line__name')).toEqual(['烟台红富士 5kg', '土鸡蛋 30枚', '赣南脐橙 5kg']);
    expect(texts(p, '.order-line__qty')).toEqual(['¥128.00 ×1', '¥36.00 ×2', '¥40.00 ×2']);
    expect(texts(p, '.order-card__paid')).toEqual(['实付 ¥220.00', '实付 ¥80.00']);
    expect(texts(p, '.order-card__points')).toEqual(['+220 积分（待生效，11月30日 起可用）', '+80 积分 · 退款扣回 40 积分']);
    // Only the refunded order says so.
    expect(texts(p, '.order-card__status')).toEqual(['部分退款']);
    expect(texts(p, '.order-card__refund')).toEqual(['已退款 ¥40.00']);
    expect(p.root.dom.textContent).not.toMatch(/demo-demo|FRUIT-|EGG-30/);

    // Scrolling to the bottom asks for the next page with the cursor.
    const pageInstance = (globalThis as unknown as { getCurrentPages(): Array<{ onReachBottom(): void }> }).getCurrentPages().at(-1)!;
    pageInstance.onReachBottom();
    await p.waitFor(() => p.root.querySelectorAll('.order-card').length === 3, 'the second page');
    expect(new URL(p.requests.at(-1)!.url).searchParams.get('cursor')).toBe('next-1');
    expect(texts(p, '.order-card__status')).toEqual(['部分退款', '已退款']);
  });

  it('says so when there is no order yet', async () => {
    const { p } = open('pages/orders/index', { 'GET /v1/me/orders': { statusCode: 200, body: { items: [], nextCursor: null } } });
    await p.waitFor(() => p.root.querySelector('.state-box') ?? p.root.dom.textContent?.includes('还没有订单'), 'the empty state');
    expect(p.root.dom.textContent).toContain('还没有订单');
  });
});
