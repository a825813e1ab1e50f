import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BuyerCampaignView, GroupView, MyGroupOrder, RequestPaymentParams } from '@linli/shared/groupbuy';
import { measurePackages } from '../../miniapp/scripts/report-size.mjs';
import { WEAPP_DIST, assertWeappBuilt, modal, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// The buyer's 拼团 pages (groupbuy subpackage) in the real weapp build, against canned API answers:
// the list, a campaign (opening a group and paying), a group (joining, paying, leaving, sharing)
// and 我的拼团. Times are set from the real clock: the pages count down from Date.now().

const BUYER = { token: 'tok-buyer', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const HOUR = 3_600_000;
const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const ok = (body: unknown): CannedResponse => ({ statusCode: 200, body });
const refused = (statusCode: number, code: string): CannedResponse => ({ statusCode, body: { error: { code, message: code } } });

const PRODUCT = { name: '赣南脐橙 5 斤', originalPriceFen: 2990, groupPriceFen: 1990, description: '当季现摘，坏果包赔' };
const PAYMENT: RequestPaymentParams = {
  timeStamp: '1764554400',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx2026120110000001',
  signType: 'RSA',
  paySign: 'c2lnbmVk',
};

type Member = GroupView['members'][number];
const LEADER: Member = { nickname: '阿芳', avatarUrl: null, leader: true, paid: true, joinedAt: '2026-12-01T01:00:00.000Z', you: false };
const me = (paid: boolean): Member => ({
  nickname: '林小满',
  avatarUrl: null,
  leader: false,
  paid,
  joinedAt: '2026-12-01T02:00:00.000Z',
  you: true,
});

function campaign(overrides: Partial<BuyerCampaignView> = {}): BuyerCampaignView {
  return {
    campaignId: 'cmp_orange',
    name: '赣南脐橙 3 人团',
    product: { sku: 'ORANGE-5', category: '水果', ...PRODUCT },
    pictureUrls: ['https://photos.example/orange-1.jpg', 'https://photos.example/orange-2.jpg'],
    groupSize: 3,
    minGroupSize: 3,
    groupHours: 24,
    perBuyerLimit: 2,
    endsAt: at(2 * 24 * HOUR + 3 * HOUR + 30_000),
    soldOut: false,
    ended: false,
    canOpen: true,
    cannotOpenReason: null,
    unitsHeld: 0,
    openGroups: [{ groupId: 'grp_1', deadline: at(5 * HOUR + 30_000), slotsLeft: 2, members: [LEADER] }],
    ...overrides,
  };
}

function group(overrides: Partial<GroupView> = {}): GroupView {
  return {
    groupId: 'grp_1',
    campaignId: 'cmp_orange',
    campaignName: '赣南脐橙 3 人团',
    product: PRODUCT,
    coverUrl: 'https://photos.example/orange-1.jpg',
    status: 'forming',
    groupSize: 3,
    minGroupSize: 3,
    deadline: at(5 * HOUR + 30_000),
    members: [LEADER],
    slotsLeft: 2,
    viewer: { orderNo: null, canJoin: true, cannotJoinReason: null },
    succeededAt: null,
    failedAt: null,
    ...overrides,
  };
}

function order(overrides: Partial<MyGroupOrder> = {}): MyGroupOrder {
  return {
    orderNo: 'GB202612010001',
    campaignId: 'cmp_orange',
    groupId: 'grp_1',
    campaignName: '赣南脐橙 3 人团',
    productName: PRODUCT.name,
    coverUrl: null,
    qty: 1,
    amountFen: 1990,
    status: 'reserved',
    leader: false,
    groupStatus: 'forming',
    groupDeadline: at(5 * HOUR + 30_000),
    reservedUntil: at(15 * 60_000 + 30_000),
    paidAt: null,
    refund: null,
    createdAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

type Routes = Record<string, CannedResponse | ((data: unknown) => CannedResponse)>;
type PaymentAnswer = 'requestPayment:ok' | 'requestPayment:fail cancel';

/** Opens a page as a signed-in buyer, recording navigation and what wx.requestPayment was handed. */
function open(
  pagePath: string,
  routes: Routes,
  options: { query?: Record<string, string>; pay?: PaymentAnswer; wx?: Record<string, unknown> } = {},
) {
  const navigated: string[] = [];
  const redirected: string[] = [];
  const payments: Array<Record<string, unknown>> = [];
  const record = (list: string[]) => (call: { url: string; success?: (r: unknown) => void }) => {
    list.push(call.url);
    setTimeout(() => call.success?.({ errMsg: 'ok' }), 0);
  };
  page = openPage(pagePath, {
    storage: { 'linli.session': BUYER },
    routes,
    query: options.query,
    wx: {
      navigateTo: record(navigated),
      redirectTo: record(redirected),
      requestPayment: (call: Record<string, unknown> & { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
        payments.push(call);
        const errMsg = options.pay ?? 'requestPayment:ok';
        setTimeout(() => (errMsg === 'requestPayment:ok' ? call.success?.({ errMsg }) : call.fail?.({ errMsg })), 0);
      },
      ...options.wx,
    },
  });
  return { p: page, navigated, redirected, payments };
}

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const posts = (p: LoadedPage, path: string) => p.requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === path);
const handed = (payment: Record<string, unknown>) =>
  Object.fromEntries(['timeStamp', 'nonceStr', 'package', 'signType', 'paySign'].map((key) => [key, payment[key]]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('拼团 list (weapp build)', () => {
  it('shows running campaigns as cards: price in yuan against the struck original, group size, countdown, 已抢光', async () => {
    const { p, navigated } = open('groupbuy/pages/list/index', {
      'GET /v1/groupbuy/campaigns': ok({
        ordering: 'personalised',
        items: [
          {
            campaignId: 'cmp_orange',
            name: '赣南脐橙 3 人团',
            groupSize: 3,
            endsAt: at(2 * 24 * HOUR + 3 * HOUR + 30_000),
            soldOut: false,
            productName: PRODUCT.name,
            originalPriceFen: 2990,
            groupPriceFen: 1990,
            coverUrl: 'https://photos.example/orange-1.jpg',
          },
          {
            campaignId: 'cmp_eggs',
            name: '土鸡蛋 2 人团',
            groupSize: 2,
            endsAt: at(3 * HOUR + 30_000),
            soldOut: true,
            productName: '土鸡蛋 30 枚',
            originalPriceFen: 4500,
            groupPriceFen: 3600,
            coverUrl: null,
          },
        ],
      }),
    });
    await p.waitFor(() => texts(p, '.gb-card__name').length === 2, 'the cards');
    expect(texts(p, '.gb-card__name')).toEqual(['赣南脐橙 3 人团', '土鸡蛋 2 人团']);
    expect(texts(p, '.gb-price__group')).toEqual(['¥19.90', '¥36.00']);
    expect(texts(p, '.gb-price__original')).toEqual(['¥29.90', '¥45.00']);
    expect(texts(p, '.gb-tag')).toEqual(['3人团', '2人团']);
    expect(texts(p, '.gb-countdown')[0]).toMatch(/^距结束 2天 03:00:\d\d$/);
    expect(texts(p, '.gb-countdown')[1]).toMatch(/^距结束 03:00:\d\d$/);
    expect(texts(p, '.gb-card__sold-out')).toEqual(['已抢光']);
    expect(p.root.querySelector('.gb-card__image')!.data.src).toBe('https://photos.example/orange-1.jpg');
    expect(p.root.dom.textContent).not.toContain('cmp_');
    // Ordered for this buyer: the page says so, and where to switch it off.
    expect(text(p, '.gb-list__ordering')).toBe('猜你喜欢：按你的购买偏好排序，可在「我的 › 消息设置」关闭个性化推荐');

    p.root.querySelectorAll('.gb-card')[0]!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the campaign opened');
    expect(navigated).toEqual(['/groupbuy/pages/campaign/index?id=cmp_orange']);
    tap(p, '.cell');
    await p.waitFor(() => navigated.length > 1, '我的拼团 opened');
    expect(navigated[1]).toBe('/groupbuy/pages/orders/index');
  });

  it('says so when nothing is running', async () => {
    const { p } = open('groupbuy/pages/list/index', { 'GET /v1/groupbuy/campaigns': ok({ ordering: 'plain', items: [] }) });
    expect(await p.waitFor(() => text(p, '.state-box__text'), 'the empty state')).toBe('暂时没有进行中的拼团，敬请期待');
  });
});

describe('a campaign (weapp build)', () => {
  const CAMPAIGN_PATH = '/v1/groupbuy/campaigns/cmp_orange';

  it('shows the pictures, price, terms, countdown and the groups forming, each with the slots left', async () => {
    const { p, navigated } = open(
      'groupbuy/pages/campaign/index',
      { [`GET ${CAMPAIGN_PATH}`]: ok(campaign()) },
      { query: { id: 'cmp_orange' } },
    );
    await p.waitFor(() => text(p, '.gb-campaign__name'), 'the campaign');
    expect(p.root.querySelectorAll('.gb-pictures__image').map((image) => image.data.src)).toEqual([
      'https://photos.example/orange-1.jpg',
      'https://photos.example/orange-2.jpg',
    ]);
    expect(text(p, '.gb-price__group')).toBe('¥19.90');
    expect(text(p, '.gb-campaign__terms')).toBe('3人团 · 24小时内成团 · 每人限购2件');
    expect(text(p, '.gb-campaign__row .gb-countdown')).toMatch(/^距结束 2天 03:00:\d\d$/);
    expect(text(p, '.gb-description')).toBe('当季现摘，坏果包赔');
    expect(text(p, '.gb-forming__slots')).toBe('还差2人');
    expect(text(p, '.gb-forming__deadline')).toMatch(/^剩余 05:00:\d\d$/);
    expect(text(p, '.gb-avatar__badge--leader')).toBe('团长');
    expect(p.root.querySelectorAll('.gb-forming__group .gb-avatar')).toHaveLength(1);

    tap(p, '.gb-forming__join');
    await p.waitFor(() => navigated.length > 0, 'the group opened');
    expect(navigated).toEqual(['/groupbuy/pages/group/index?id=grp_1']);
  });

  it('opens a group with one request id across retries, hands the server’s parameters to wx.requestPayment, then shows the group', async () => {
    let attempts = 0;
    let reads = 0;
    const { p, payments, redirected } = open(
      'groupbuy/pages/campaign/index',
      {
        [`GET ${CAMPAIGN_PATH}`]: ok(campaign()),
        [`POST ${CAMPAIGN_PATH}/groups`]: () =>
          ++attempts === 1
            ? refused(503, 'BUSY')
            : ok({ order: order({ leader: true, orderNo: 'GB202612010002', groupId: 'grp_new' }), payment: null }),
        'POST /v1/groupbuy/orders/GB202612010002/pay': ok({
          order: order({ orderNo: 'GB202612010002', groupId: 'grp_new' }),
          payment: PAYMENT,
        }),
        // The notification lands a moment after the payment: the first read still says reserved.
        'GET /v1/groupbuy/orders/GB202612010002': () =>
          ok(order({ orderNo: 'GB202612010002', groupId: 'grp_new', ...(++reads > 1 ? { status: 'paid', reservedUntil: null } : {}) })),
      },
      { query: { id: 'cmp_orange' } },
    );
    await p.waitFor(() => p.root.querySelector('.gb-open .btn--primary'), 'the open button');
    expect(text(p, '.gb-open .btn--primary')).toBe('发起拼团 · 3人团');

    tap(p, '.gb-open .btn--primary');
    expect(await p.waitFor(() => text(p, '.gb-open .notice--error'), 'the busy answer')).toBe('当前人数较多，请稍后重试');
    expect(payments).toHaveLength(0);

    tap(p, '.gb-open .btn--primary');
    await p.waitFor(() => redirected.length > 0, 'the group page', 5000);
    const opens = posts(p, `${CAMPAIGN_PATH}/groups`).map((r) => r.data as { requestId: string; qty: number });
    expect(opens).toHaveLength(2);
    expect(opens[0]!.requestId).toMatch(UUID);
    expect(opens[1]).toEqual({ requestId: opens[0]!.requestId, qty: 1 });
    expect(payments.map(handed)).toEqual([PAYMENT]);
    expect(reads).toBe(2);
    expect(redirected).toEqual(['/groupbuy/pages/group/index?id=grp_new']);
  });

  it('says why the buyer cannot open a group, and sends a visitor to join first', async () => {
    const { p } = open(
      'groupbuy/pages/campaign/index',
      { [`GET ${CAMPAIGN_PATH}`]: ok(campaign({ canOpen: false, cannotOpenReason: 'limit-reached', unitsHeld: 2 })) },
      { query: { id: 'cmp_orange' } },
    );
    expect(await p.waitFor(() => text(p, '.gb-cannot-open__text'), 'the reason')).toBe('每人限购2件，你已达到上限');
    expect(text(p, '.gb-campaign__row .muted')).toBe('你已拼 2 件');
    expect(p.root.querySelector('.gb-open .btn')).toBeFalsy();
    p.root.detach();

    const { p: visitor, navigated } = open(
      'groupbuy/pages/campaign/index',
      { [`GET ${CAMPAIGN_PATH}`]: ok(campaign({ canOpen: false, cannotOpenReason: 'not-joined' })) },
      { query: { id: 'cmp_orange' } },
    );
    expect(await visitor.waitFor(() => text(visitor, '.gb-cannot-open__text'), 'the reason')).toBe('加入会员后即可开团');
    tap(visitor, '.gb-cannot-open .btn--primary');
    await visitor.waitFor(() => navigated.length > 0, 'the join page');
    expect(navigated).toEqual(['/pages/join/index']);
  });
});

describe('the views and shares the seller’s funnel counts (weapp build)', () => {
  const VIEWS = '/v1/groupbuy/campaigns/cmp_orange/views';
  const SHARES = '/v1/groupbuy/groups/grp_1/shares';
  const SHARE_ID = /^[A-Za-z0-9_-]{22}$/;
  type SharingPage = { onShareAppMessage: (event: unknown) => { title: string; path: string; imageUrl?: string } };
  const currentPage = <T>() => (globalThis as unknown as { getCurrentPages: () => T[] }).getCurrentPages().at(-1)!;

  it('posts a care invitation’s rule and arm once per page open; a failed record shows nothing and a refresh records no more', async () => {
    const toasts: unknown[] = [];
    let reads = 0;
    const { p } = open(
      'groupbuy/pages/campaign/index',
      {
        'GET /v1/groupbuy/campaigns/cmp_orange': () => {
          reads++;
          return ok(campaign());
        },
        [`POST ${VIEWS}`]: refused(500, 'INTERNAL'),
      },
      {
        query: { id: 'cmp_orange', from: 'invitation', rule: 'cr_birthday', arm: 'b' },
        wx: { showToast: (call: unknown) => void toasts.push(call), stopPullDownRefresh: () => undefined },
      },
    );
    await p.waitFor(() => text(p, '.gb-campaign__name'), 'the campaign');
    await p.waitFor(() => posts(p, VIEWS).length === 1, 'the view');
    expect(posts(p, VIEWS)[0]!.data).toEqual({ from: 'invitation', ruleId: 'cr_birthday', arm: 'b' });

    // Pulled down to refresh: the campaign is read again, the view is not recorded again.
    currentPage<{ onPullDownRefresh: () => void }>().onPullDownRefresh();
    await p.waitFor(() => reads === 2, 'the refresh');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts(p, VIEWS)).toHaveLength(1);
    expect(toasts).toEqual([]);
    expect(p.root.querySelector('.notice--error')).toBeFalsy();
    expect(text(p, '.gb-campaign__name')).toBe('赣南脐橙 3 人团');
  });

  it('posts a plain view for a campaign opened from the list', async () => {
    const { p } = open(
      'groupbuy/pages/campaign/index',
      { 'GET /v1/groupbuy/campaigns/cmp_orange': ok(campaign()), [`POST ${VIEWS}`]: { statusCode: 204, body: '' } },
      { query: { id: 'cmp_orange' } },
    );
    await p.waitFor(() => posts(p, VIEWS).length === 1, 'the view');
    expect(posts(p, VIEWS)[0]!.data).toEqual({ from: 'direct' });
  });

  it('posts the view of a group opened from a shared card on its campaign, with the card’s share id, once the group has loaded', async () => {
    const { p } = open(
      'groupbuy/pages/group/index',
      { 'GET /v1/groupbuy/groups/grp_1': ok(group()), [`POST ${VIEWS}`]: { statusCode: 204, body: '' } },
      { query: { id: 'grp_1', share: 'Ab3-_xYz0123456789abcd' } },
    );
    await p.waitFor(() => posts(p, VIEWS).length === 1, 'the view');
    expect(posts(p, VIEWS)[0]!.data).toEqual({ from: 'share', shareId: 'Ab3-_xYz0123456789abcd' });
    // The group was read first: its campaign is what the view is of.
    const order = p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);
    expect(order.indexOf('GET /v1/groupbuy/groups/grp_1')).toBeLessThan(order.indexOf(`POST ${VIEWS}`));
  });

  it('makes a new share id for every share, posts it, and puts it in the card’s path', async () => {
    const { p } = open(
      'groupbuy/pages/group/index',
      { 'GET /v1/groupbuy/groups/grp_1': ok(group()), [`POST ${SHARES}`]: { statusCode: 204, body: '' } },
      { query: { id: 'grp_1' } },
    );
    await p.waitFor(() => text(p, '.gb-status__title'), 'the group');
    await p.waitFor(() => posts(p, VIEWS).length === 1, 'the view');
    expect(posts(p, VIEWS)[0]!.data).toEqual({ from: 'direct' });

    // WeChat asks the page for the card when 转发 is tapped (the menu or the 邀请好友 share button).
    const first = currentPage<SharingPage>().onShareAppMessage({ from: 'button' });
    const second = currentPage<SharingPage>().onShareAppMessage({ from: 'menu' });
    await p.waitFor(() => posts(p, SHARES).length === 2, 'the shares');
    const ids = posts(p, SHARES).map((r) => (r.data as { shareId: string }).shareId);
    expect(ids[0]).toMatch(SHARE_ID);
    expect(ids[1]).toMatch(SHARE_ID);
    expect(ids[1]).not.toBe(ids[0]);
    expect(first).toEqual({
      title: '我在拼 赣南脐橙 5 斤，还差2人',
      path: `/groupbuy/pages/group/index?id=grp_1&share=${ids[0]}`,
      imageUrl: 'https://photos.example/orange-1.jpg',
    });
    expect(second.path).toBe(`/groupbuy/pages/group/index?id=grp_1&share=${ids[1]}`);
  });
});

describe('a group (weapp build)', () => {
  const GROUP_PATH = '/v1/groupbuy/groups/grp_1';

  it('shows the product, members with 团长 and open slots, the countdown and 拼团中', async () => {
    const { p } = open(
      'groupbuy/pages/group/index',
      {
        [`GET ${GROUP_PATH}`]: ok(group({ members: [LEADER, { ...LEADER, nickname: '老王', leader: false, paid: false }], slotsLeft: 1 })),
      },
      { query: { id: 'grp_1' } },
    );
    await p.waitFor(() => text(p, '.gb-status__title'), 'the group');
    expect(text(p, '.gb-product__name')).toBe('赣南脐橙 5 斤');
    expect(text(p, '.gb-status__title')).toBe('拼团中');
    expect(text(p, '.gb-status__slots')).toBe('还差1人');
    expect(text(p, '.gb-status__row .gb-countdown')).toMatch(/^剩余 05:00:\d\d$/);
    expect(texts(p, '.gb-avatar__name')).toEqual(['阿芳', '老王', '待加入']);
    expect(texts(p, '.gb-avatar__badge')).toEqual(['团长', '待支付']);
    expect(p.root.querySelectorAll('.gb-avatar--slot')).toHaveLength(1);
    expect(texts(p, '.gb-action')).toEqual(['参团']);
  });

  it('joins with a request id, pays, and shows the buyer paid in the group', async () => {
    let joined = false;
    const { p, payments } = open(
      'groupbuy/pages/group/index',
      {
        [`GET ${GROUP_PATH}`]: () =>
          ok(
            joined
              ? group({
                  members: [LEADER, me(true)],
                  slotsLeft: 1,
                  viewer: { orderNo: 'GB202612010001', canJoin: false, cannotJoinReason: 'already-in-group' },
                })
              : group(),
          ),
        [`POST ${GROUP_PATH}/join`]: () => {
          joined = true;
          return ok({ order: order(), payment: null });
        },
        'POST /v1/groupbuy/orders/GB202612010001/pay': ok({ order: order(), payment: PAYMENT }),
        'GET /v1/groupbuy/orders/GB202612010001': ok(order({ status: 'paid', reservedUntil: null, paidAt: at(0) })),
      },
      { query: { id: 'grp_1' } },
    );
    await p.waitFor(() => p.root.querySelector('.gb-action--join'), 'the join button');
    tap(p, '.gb-action--join');
    expect(await p.waitFor(() => text(p, '.gb-actions .notice--ok'), 'the outcome', 5000)).toBe('支付成功，拼团中');
    const join = posts(p, `${GROUP_PATH}/join`);
    expect(join).toHaveLength(1);
    expect((join[0]!.data as { requestId: string }).requestId).toMatch(UUID);
    expect(payments.map(handed)).toEqual([PAYMENT]);
    // Paid, with a slot open: invite friends (WeChat's share button), or leave.
    expect(texts(p, '.gb-action')).toEqual(['邀请好友', '退出拼团']);
    expect(texts(p, '.gb-avatar__name')).toEqual(['阿芳', '我', '待加入']);
    expect(texts(p, '.gb-avatar__badge')).toEqual(['团长']);
  });

  it('keeps an unpaid place 待支付 with the time left to pay when the buyer closes WeChat’s payment sheet', async () => {
    const reserved = group({
      members: [LEADER, me(false)],
      slotsLeft: 1,
      viewer: { orderNo: 'GB202612010001', canJoin: false, cannotJoinReason: 'already-in-group' },
    });
    const { p, payments } = open(
      'groupbuy/pages/group/index',
      {
        [`GET ${GROUP_PATH}`]: ok(reserved),
        'GET /v1/groupbuy/orders/GB202612010001': ok(order()),
        'POST /v1/groupbuy/orders/GB202612010001/pay': ok({ order: order(), payment: PAYMENT }),
      },
      { query: { id: 'grp_1' }, pay: 'requestPayment:fail cancel' },
    );
    await p.waitFor(() => text(p, '.gb-my-place__pay'), 'the time to pay');
    expect(text(p, '.gb-my-place__pay')).toMatch(/^待支付 请在 00:15:\d\d 内完成支付$/);
    expect(texts(p, '.gb-action')).toEqual(['去支付', '退出拼团']);

    tap(p, '.gb-action--pay');
    expect(await p.waitFor(() => text(p, '.gb-actions .notice--error'), 'the outcome')).toBe(
      '已取消支付，请在时限内完成支付，否则名额将被释放',
    );
    expect(payments.map(handed)).toEqual([PAYMENT]);
    expect(texts(p, '.gb-action')).toEqual(['去支付', '退出拼团']);
    expect(text(p, '.gb-my-place__pay')).toMatch(/^待支付 请在 00:1[45]:\d\d 内完成支付$/);
  });

  it('asks before leaving, says a paid place is refunded, and leaves only on confirmation', async () => {
    const paid = group({
      members: [LEADER, me(true)],
      slotsLeft: 1,
      viewer: { orderNo: 'GB202612010001', canJoin: false, cannotJoinReason: 'already-in-group' },
    });
    let left = false;
    const asked: string[] = [];
    let answer = false;
    const { p } = open(
      'groupbuy/pages/group/index',
      {
        [`GET ${GROUP_PATH}`]: () => ok(left ? group() : paid),
        'GET /v1/groupbuy/orders/GB202612010001': ok(order({ status: 'paid', reservedUntil: null })),
        'POST /v1/groupbuy/orders/GB202612010001/leave': () => {
          left = true;
          return ok({ order: order({ status: 'left', reservedUntil: null }), payment: null });
        },
      },
      {
        query: { id: 'grp_1' },
        wx: {
          showModal: (options: Parameters<ReturnType<typeof modal>>[0]) => modal(answer, asked)(options),
        },
      },
    );
    await p.waitFor(() => p.root.querySelector('.gb-action--leave'), 'the leave button');
    tap(p, '.gb-action--leave');
    await p.waitFor(() => asked.length === 1, 'the question');
    expect(asked[0]).toBe('退出后名额将让给其他人，已付款项将原路退回。确定退出拼团吗？');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts(p, '/v1/groupbuy/orders/GB202612010001/leave')).toHaveLength(0);

    answer = true;
    tap(p, '.gb-action--leave');
    expect(await p.waitFor(() => text(p, '.gb-actions .notice--ok'), 'the outcome')).toBe('已退出拼团，款项将原路退回');
    expect(posts(p, '/v1/groupbuy/orders/GB202612010001/leave')).toHaveLength(1);
    expect(texts(p, '.gb-action')).toEqual(['参团']);
  });

  it('tells a failed group’s member how far the refund is, and why someone else cannot join', async () => {
    const failed = group({
      status: 'failed',
      members: [LEADER, me(true)],
      slotsLeft: 1,
      failedAt: at(-HOUR),
      viewer: { orderNo: 'GB202612010001', canJoin: false, cannotJoinReason: 'closed' },
    });
    const { p } = open(
      'groupbuy/pages/group/index',
      {
        [`GET ${GROUP_PATH}`]: ok(failed),
        'GET /v1/groupbuy/orders/GB202612010001': ok(
          order({
            status: 'failed',
            groupStatus: 'failed',
            reservedUntil: null,
            refund: { fen: 1990, reason: 'group-failed', status: 'succeeded', requestedAt: at(-HOUR), settledAt: at(-HOUR / 2) },
          }),
        ),
      },
      { query: { id: 'grp_1' } },
    );
    expect(await p.waitFor(() => text(p, '.gb-status__title'), 'the status')).toBe('拼团失败，已退款');
    expect(text(p, '.gb-refund')).toBe('已退款 ¥19.90');
    expect(texts(p, '.gb-action')).toEqual(['重新开团']);
    p.root.detach();

    const { p: stranger } = open(
      'groupbuy/pages/group/index',
      { [`GET ${GROUP_PATH}`]: ok(group({ slotsLeft: 0, viewer: { orderNo: null, canJoin: false, cannotJoinReason: 'full' } })) },
      { query: { id: 'grp_1' } },
    );
    expect(await stranger.waitFor(() => text(stranger, '.gb-actions__note'), 'the reason')).toBe('这个团已满员，去开个新团吧');
    expect(texts(stranger, '.gb-action')).toEqual(['去开个新团']);
  });
});

describe('我的拼团 (weapp build)', () => {
  const refund = (status: 'processing' | 'succeeded' | 'abnormal') => ({
    fen: 1990,
    reason: 'group-failed' as const,
    status,
    requestedAt: '2026-12-01T03:00:00.000Z',
    settledAt: null,
  });

  it('names every state in Chinese with its countdown and refund, pays a reservation, and opens a row’s group', async () => {
    const firstPage = [
      order({ orderNo: 'GB1', groupId: 'grp_a' }),
      order({ orderNo: 'GB2', status: 'paid', reservedUntil: null, paidAt: at(-HOUR) }),
      order({ orderNo: 'GB3', status: 'succeeded', groupStatus: 'succeeded', reservedUntil: null, paidAt: at(-HOUR) }),
      order({ orderNo: 'GB4', status: 'released', reservedUntil: null }),
    ];
    const secondPage = [
      order({ orderNo: 'GB5', status: 'left', reservedUntil: null, paidAt: at(-HOUR), refund: refund('processing') }),
      order({
        orderNo: 'GB6',
        status: 'failed',
        groupStatus: 'failed',
        reservedUntil: null,
        paidAt: at(-HOUR),
        refund: refund('succeeded'),
      }),
      order({
        orderNo: 'GB7',
        status: 'failed',
        groupStatus: 'failed',
        reservedUntil: null,
        paidAt: at(-HOUR),
        refund: refund('abnormal'),
      }),
    ];
    // Answers by the cursor asked for (the canned routes ignore the query string, the request keeps it).
    const opened: { page?: LoadedPage } = {};
    const { p, payments, navigated } = open('groupbuy/pages/orders/index', {
      'GET /v1/me/group-orders': () =>
        opened.page?.requests.at(-1)?.url.includes('cursor=c2')
          ? ok({ items: secondPage, nextCursor: null })
          : ok({ items: firstPage, nextCursor: 'c2' }),
      'POST /v1/groupbuy/orders/GB1/pay': ok({ order: order({ orderNo: 'GB1' }), payment: PAYMENT }),
      'GET /v1/groupbuy/orders/GB1': ok(order({ orderNo: 'GB1', status: 'paid', reservedUntil: null })),
    });
    opened.page = p;
    await p.waitFor(() => texts(p, '.gb-order__status').length === 4, 'the first page');
    expect(texts(p, '.gb-order__status')).toEqual(['待支付', '拼团中', '已成团', '已取消']);
    const notes = texts(p, '.gb-order__note');
    expect(notes[0]).toMatch(/^请在 00:15:\d\d 内完成支付$/);
    expect(notes[1]).toMatch(/^剩余 05:00:\d\d$/);
    expect(notes[2]).toBe('未支付，名额已释放');
    expect(texts(p, '.gb-order__amount')[0]).toBe('共 1 件 合计 ¥19.90');
    expect(texts(p, '.gb-order__amount')[1]).toBe('共 1 件 实付 ¥19.90');
    expect(p.root.querySelectorAll('.gb-order__pay')).toHaveLength(1);

    // The next page when the list is scrolled to its end.
    const host = globalThis as unknown as { getCurrentPages: () => Array<{ onReachBottom: () => void }> };
    host.getCurrentPages().at(-1)!.onReachBottom();
    await p.waitFor(() => texts(p, '.gb-order__status').length === 7, 'the second page');
    expect(p.requests.filter((r) => r.url.includes('/v1/me/group-orders')).map((r) => new URL(r.url).search)).toEqual(['', '?cursor=c2']);
    expect(texts(p, '.gb-order__status')).toEqual(['待支付', '拼团中', '已成团', '已取消', '已退出', '未成团', '未成团']);
    expect(texts(p, '.gb-refund')).toEqual(['退款处理中 ¥19.90', '已退款 ¥19.90', '退款异常，请联系商家（¥19.90）']);
    expect(p.root.dom.textContent).not.toMatch(/GB\d|grp_|cmp_|ORANGE/);

    tap(p, '.gb-order__pay');
    expect(await p.waitFor(() => text(p, '.gb-orders > .notice'), 'the payment outcome', 5000)).toBe('支付成功，拼团中');
    expect(payments.map(handed)).toEqual([PAYMENT]);
    expect(navigated).toEqual([]);

    p.root.querySelectorAll('.gb-order')[0]!.dispatchEvent('tap');
    await p.waitFor(() => navigated.length > 0, 'the group page');
    expect(navigated).toEqual(['/groupbuy/pages/group/index?id=grp_a']);
  });
});

describe('the groupbuy subpackage (weapp build)', () => {
  it('holds the 拼团 pages’ code: none of it in the main package, and small for a friend opening a share card', () => {
    // Text only the 拼团 modules have (order-status.ts): where it is, their code is.
    // The minifier writes it as \u escapes.
    const mark = '拼团失败，退款处理中';
    const escaped = [...mark].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const carrying = readdirSync(WEAPP_DIST, { recursive: true, encoding: 'utf8' }).filter((file) => {
      if (!file.endsWith('.js')) return false;
      const source = readFileSync(path.join(WEAPP_DIST, file), 'utf8');
      return source.includes(mark) || source.includes(escaped);
    });
    expect(carrying.length).toBeGreaterThan(0);
    for (const file of carrying) expect(file.startsWith(`groupbuy${path.sep}`), file).toBe(true);
    // About 50 KB today; a heavy library pulled in by a page would show here first.
    expect(measurePackages(WEAPP_DIST).subpackages.groupbuy).toBeLessThan(150 * 1024);
  });
});
