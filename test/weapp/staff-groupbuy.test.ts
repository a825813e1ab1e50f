import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GroupBuyCampaignInput, type FulfilmentItem, type GroupBuyCampaign, type StaffGroupOrder } from '@linli/shared/groupbuy';
import type { Segment } from '@linli/shared/segments';
import { assertWeappBuilt, modal, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 拼团活动's staff pages in the weapp build (staff subpackage), against canned answers: what WeChat
// renders, what the pages send.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

const DEFINITION = GroupBuyCampaignInput.parse({
  name: '赣南脐橙 3 人团',
  product: {
    sku: 'ORANGE-5KG',
    name: '赣南脐橙 5 斤装',
    category: '水果',
    description: '',
    pictureKeys: [],
    originalPriceFen: 3990,
    groupPriceFen: 2990,
  },
  groupSize: 3,
  minGroupSize: null,
  groupHours: 24,
  stock: 100,
  perBuyerLimit: 2,
  // Running whenever this test runs.
  startsAt: '2026-01-01T02:00:00.000Z',
  endsAt: '2099-01-01T02:00:00.000Z',
  whoMayOpen: { kind: 'all' },
  whoMayJoin: { kind: 'all' },
});

function campaign(overrides: Partial<GroupBuyCampaign> = {}): GroupBuyCampaign {
  return {
    campaignId: 'gb_orange',
    status: 'published',
    version: 2,
    revision: 7,
    definition: DEFINITION,
    pictureUrls: [],
    stock: { total: 100, reserved: 2, sold: 15, left: 83 },
    groups: { forming: 3, succeeded: 5, failed: 1 },
    createdAt: '2026-11-01T02:00:00.000Z',
    publishedAt: '2026-11-02T02:00:00.000Z',
    endedAt: null,
    ...overrides,
  };
}

const DRAFT = campaign({
  campaignId: 'gb_eggs',
  status: 'draft',
  version: 0,
  revision: 1,
  definition: { ...DEFINITION, name: '土鸡蛋新人团', product: { ...DEFINITION.product, name: '土鸡蛋 30 枚', sku: 'EGG-30' } },
  stock: { total: 100, reserved: 0, sold: 0, left: 100 },
  groups: { forming: 0, succeeded: 0, failed: 0 },
  publishedAt: null,
});

const SEGMENT: Segment = {
  segmentId: 'seg-1',
  name: '流失预警老客',
  rule: { op: 'and', conditions: [{ field: 'stage', in: ['at_risk'] }] },
  version: 1,
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
};

function order(overrides: Partial<StaffGroupOrder> = {}): StaffGroupOrder {
  return {
    orderNo: 'GB20261126000001',
    campaignId: 'gb_orange',
    groupId: 'grp_1',
    campaignName: '赣南脐橙 3 人团',
    productName: '赣南脐橙 5 斤装',
    qty: 1,
    amountFen: 2990,
    status: 'succeeded',
    leader: true,
    groupStatus: 'succeeded',
    groupDeadline: '2026-11-27T02:00:00.000Z',
    reservedUntil: null,
    paidAt: '2026-11-26T02:05:00.000Z',
    refund: null,
    createdAt: '2026-11-26T02:00:00.000Z',
    memberId: 'mem-1',
    nickname: '李阿姨',
    phoneMasked: '139****5678',
    transactionId: '4200000001',
    fulfilment: { state: 'delivered', attempts: 1, lastError: null, deliveredAt: '2026-11-26T03:00:00.000Z', nextAttemptAt: null },
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
const type = (p: LoadedPage, selector: string, value: string) =>
  p.root.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
const pick = (p: LoadedPage, selector: string, value: string) =>
  p.root.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
const sent = (p: LoadedPage, method: string, path: string) =>
  p.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);

describe('拼团活动 (weapp build)', () => {
  it('lists each campaign with its state, price, stock and groups; 新建活动 for an admin only', async () => {
    const routes = {
      'GET /v1/staff/groupbuy/campaigns': {
        statusCode: 200,
        body: { items: [campaign(), DRAFT, campaign({ campaignId: 'gb_old', status: 'ended', endedAt: '2026-11-20T02:00:00.000Z' })] },
      },
    };
    const p = (page = openPage('staff/pages/groupbuys/index', { storage: { 'linli.session': session('admin') }, routes }));
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-row').length === 3, 'the rows');
    expect(texts(p, '.groupbuy-name')).toEqual(['赣南脐橙 3 人团', '土鸡蛋新人团', '赣南脐橙 3 人团']);
    expect(texts(p, '.groupbuy-status')).toEqual(['进行中', '草稿', '已结束']);
    expect(text(p, '.groupbuy-price')).toBe('赣南脐橙 5 斤装 · 拼团价 ¥29.90（原价 ¥39.90）');
    expect(text(p, '.groupbuy-stock')).toBe('剩余 83 · 已售 15 · 待支付占用 2');
    expect(text(p, '.groupbuy-groups')).toBe('拼团中 3 · 已成团 5 · 未成团 1');
    // A draft has no orders to look at.
    expect(p.root.querySelectorAll('.groupbuy-open-orders')).toHaveLength(2);
    expect(p.root.querySelector('.groupbuy-new')).toBeTruthy();
    // No ids or product codes are shown to people.
    for (const code of ['gb_', 'ORANGE-5KG', 'EGG-30']) expect(p.root.dom.textContent).not.toContain(code);
    p.root.detach();

    const supervisor = (page = openPage('staff/pages/groupbuys/index', { storage: { 'linli.session': session('supervisor') }, routes }));
    await supervisor.waitFor(() => supervisor.root.querySelectorAll('.groupbuy-row').length === 3, 'the rows');
    expect(supervisor.root.querySelector('.groupbuy-new')).toBeFalsy();
  });

  it('creates a campaign: nothing is sent while the form has problems, then the draft goes with fen and Shanghai times', async () => {
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      routes: {
        'GET /v1/staff/segments': { statusCode: 200, body: { items: [SEGMENT] } },
        'POST /v1/staff/groupbuy/campaigns': (body) => ({
          statusCode: 200,
          body: campaign({ status: 'draft', version: 0, revision: 1, definition: GroupBuyCampaignInput.parse(body) }),
        }),
      },
      wx: { redirectTo: () => undefined },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-save'), 'the editor');
    expect(text(p, '.groupbuy-min-hint')).toBe('默认等于成团人数。到时未满但达到最少人数也算成团，不会用虚拟成员凑数。');

    tap(p, '.groupbuy-save');
    await p.waitFor(() => p.root.querySelector('.groupbuy-field-error'), 'the problems');
    expect(texts(p, '.groupbuy-field-error')).toEqual([
      '活动名称填 1 到 30 个字',
      '商品名称填 1 到 60 个字',
      '商品编码填 1 到 64 个字符',
      '商品品类填 1 到 64 个字',
      '原价填大于 0 的金额，如 39.9',
      '拼团价填大于 0 的金额，且须低于原价',
      '库存填 1 到 1000000 的整数',
    ]);
    expect(text(p, '.groupbuy-failure')).toBe('请检查标红的项目');
    expect(sent(p, 'POST', '/v1/staff/groupbuy/campaigns')).toHaveLength(0);

    type(p, '.groupbuy-name', '赣南脐橙 3 人团');
    type(p, '.groupbuy-productName', '赣南脐橙 5 斤装');
    type(p, '.groupbuy-sku', 'ORANGE-5KG');
    type(p, '.groupbuy-category', '水果');
    type(p, '.groupbuy-originalPrice', '39.9');
    type(p, '.groupbuy-groupPrice', '29.9');
    type(p, '.groupbuy-number--stock', '100');
    type(p, '.groupbuy-number--minGroupSize', '2');
    pick(p, '.groupbuy-startDate-picker', '2026-12-01');
    pick(p, '.groupbuy-startTime-picker', '10:00');
    pick(p, '.groupbuy-endDate-picker', '2026-12-08');
    pick(p, '.groupbuy-endTime-picker', '22:30');
    tap(p, '.groupbuy-whoMayOpen-new-customers');
    tap(p, '.groupbuy-whoMayJoin-segments');
    await p.waitFor(() => p.root.querySelector('.segment-filter .segment-chip'), 'the segments to pick');
    expect(texts(p, '.segment-filter .segment-chip')).toEqual(['流失预警老客']);
    tap(p, '.segment-filter .segment-chip');
    tap(p, '.groupbuy-leader-reward-points');
    await p.waitFor(() => p.root.querySelector('.groupbuy-number--leaderPoints'), 'the points');
    type(p, '.groupbuy-number--leaderPoints', '200');
    await tick();
    expect(p.root.querySelectorAll('.groupbuy-field-error')).toHaveLength(0);

    tap(p, '.groupbuy-save');
    await p.waitFor(() => sent(p, 'POST', '/v1/staff/groupbuy/campaigns').length === 1, 'the draft saved');
    const body = sent(p, 'POST', '/v1/staff/groupbuy/campaigns')[0]!.data as GroupBuyCampaignInput;
    expect(GroupBuyCampaignInput.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      name: '赣南脐橙 3 人团',
      product: { sku: 'ORANGE-5KG', name: '赣南脐橙 5 斤装', category: '水果', originalPriceFen: 3990, groupPriceFen: 2990 },
      groupSize: 3,
      minGroupSize: 2,
      stock: 100,
      // 10:00 and 22:30 in Shanghai.
      startsAt: '2026-12-01T02:00:00.000Z',
      endsAt: '2026-12-08T14:30:00.000Z',
      whoMayOpen: { kind: 'new-customers' },
      whoMayJoin: { kind: 'segments', segmentIds: ['seg-1'] },
      leaderReward: { kind: 'points', points: 200 },
    });
  });

  it('publishes a draft: the form is saved first, then published with the revision the save answered', async () => {
    const asked: string[] = [];
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_eggs' },
      routes: {
        'GET /v1/staff/groupbuy/campaigns/gb_eggs': { statusCode: 200, body: DRAFT },
        'PUT /v1/staff/groupbuy/campaigns/gb_eggs': { statusCode: 200, body: { ...DRAFT, revision: 2 } },
        'POST /v1/staff/groupbuy/campaigns/gb_eggs/publish': {
          statusCode: 200,
          body: { ...DRAFT, status: 'published', version: 1, revision: 3 },
        },
      },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-publish'), 'the editor');
    expect(text(p, '.groupbuy-version')).toBe('未发布');
    tap(p, '.groupbuy-publish');
    await p.waitFor(() => sent(p, 'POST', '/v1/staff/groupbuy/campaigns/gb_eggs/publish').length === 1, 'the publish');
    expect(asked[0]).toContain('修改后已开团的团仍按原条件进行');
    expect((sent(p, 'PUT', '/v1/staff/groupbuy/campaigns/gb_eggs')[0]!.data as { revision: number }).revision).toBe(1);
    expect(sent(p, 'POST', '/v1/staff/groupbuy/campaigns/gb_eggs/publish')[0]!.data).toEqual({ revision: 2 });
    // The page now holds the published campaign.
    await p.waitFor(() => p.root.querySelector('.groupbuy-save-version'), 'the published form');
    expect(text(p, '.groupbuy-version')).toBe('第 1 版');
    expect(text(p, '.groupbuy-running-note')).toContain('修改后已开团的团仍按原条件进行');
  });

  it('refuses an edit over someone else’s change in words, and 重新加载 brings their version', async () => {
    let reads = 0;
    const asked: string[] = [];
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: {
        'GET /v1/staff/groupbuy/campaigns/gb_orange': () => ({
          statusCode: 200,
          body: ++reads === 1 ? campaign() : campaign({ revision: 9, definition: { ...DEFINITION, name: '脐橙限时团' } }),
        }),
        'PUT /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 409, body: { error: { code: 'CONFLICT', message: 'Stale revision' } } },
      },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-save-version'), 'the editor');
    expect(text(p, '.groupbuy-save-version')).toBe('修改后可保存');
    type(p, '.groupbuy-groupPrice', '25.9');
    await p.waitFor(() => text(p, '.groupbuy-save-version') === '保存修改', 'the button');
    tap(p, '.groupbuy-save-version');
    await p.waitFor(() => p.root.querySelector('.groupbuy-failure'), 'the refusal');
    expect(asked[0]).toContain('第 3 版');
    expect(asked[0]).toContain('修改后已开团的团仍按原条件进行');
    const body = sent(p, 'PUT', '/v1/staff/groupbuy/campaigns/gb_orange')[0]!.data as { revision: number; campaign: GroupBuyCampaignInput };
    expect(body.revision).toBe(7);
    expect(body.campaign.product.groupPriceFen).toBe(2590);
    expect(text(p, '.groupbuy-failure')).toBe('这个拼团活动已被他人修改，请重新加载后再改');

    tap(p, '.groupbuy-reload');
    await p.waitFor(() => reads === 2 && !p.root.querySelector('.groupbuy-failure'), 'the newer version');
    expect(p.root.dom.textContent).toContain('脐橙限时团');
  });

  it('shows the saved pictures, the first as the cover, and sends those kept in order', async () => {
    const pictured = campaign({
      definition: { ...DEFINITION, product: { ...DEFINITION.product, pictureKeys: ['photos/m1/front.jpg', 'photos/m1/box.jpg'] } },
      pictureUrls: ['https://cdn.example/front.jpg?sig=1', 'https://cdn.example/box.jpg?sig=1'],
    });
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: {
        'GET /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: pictured },
        'PUT /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: { ...pictured, revision: 8 } },
      },
      wx: { showModal: modal(true, []) },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-picture').length === 2, 'the pictures');
    expect(p.root.querySelectorAll('.groupbuy-picture__image').map((image) => image.data.src)).toEqual(pictured.pictureUrls);
    expect(text(p, '.groupbuy-picture')).toContain('封面');
    tap(p, '.groupbuy-picture-remove');
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-picture').length === 1, 'one picture left');
    expect(p.root.querySelector('.groupbuy-picture__image')!.data.src).toBe('https://cdn.example/box.jpg?sig=1');
    tap(p, '.groupbuy-save-version');
    await p.waitFor(() => sent(p, 'PUT', '/v1/staff/groupbuy/campaigns/gb_orange').length === 1, 'the save');
    const body = sent(p, 'PUT', '/v1/staff/groupbuy/campaigns/gb_orange')[0]!.data as { campaign: GroupBuyCampaignInput };
    expect(body.campaign.product.pictureKeys).toEqual(['photos/m1/box.jpg']);
  });

  it('offers 邀请客户参团 on a published campaign: a new care rule inviting to it', async () => {
    const navigated: string[] = [];
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: { 'GET /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: campaign() } },
      wx: {
        navigateTo: (call: { url: string; success?: (r: unknown) => void }) => {
          navigated.push(call.url);
          setTimeout(() => call.success?.({ errMsg: 'ok' }), 0);
        },
      },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-invite'), 'the editor');
    expect(text(p, '.groupbuy-invite')).toBe('邀请客户参团');
    tap(p, '.groupbuy-invite');
    await p.waitFor(() => navigated.length > 0 || undefined, 'the care editor opened');
    expect(navigated).toEqual(['/staff/pages/care-rule/index?groupBuy=gb_orange']);
  });

  it('ends a running campaign after a confirmation, with the revision read', async () => {
    const asked: string[] = [];
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: {
        'GET /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: campaign() },
        'POST /v1/staff/groupbuy/campaigns/gb_orange/end': {
          statusCode: 200,
          body: campaign({ status: 'ended', revision: 8, endedAt: '2026-11-27T02:00:00.000Z' }),
        },
      },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-end'), 'the editor');
    tap(p, '.groupbuy-end');
    await p.waitFor(() => p.root.querySelector('.groupbuy-ended'), 'the ended campaign');
    expect(asked[0]).toContain('已开的团继续到各自的截止时间');
    expect(sent(p, 'POST', '/v1/staff/groupbuy/campaigns/gb_orange/end')[0]!.data).toEqual({ revision: 7 });
    expect(text(p, '.groupbuy-state')).toBe('已结束');
    for (const control of ['.groupbuy-save-version', '.groupbuy-end', '.groupbuy-picture-remove'])
      expect(p.root.querySelector(control), control).toBeFalsy();
  });

  it('shows a supervisor the campaign read-only', async () => {
    const p = (page = openPage('staff/pages/groupbuy/index', {
      storage: { 'linli.session': session('supervisor') },
      query: { id: 'gb_orange' },
      routes: { 'GET /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: campaign() } },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-readonly'), 'the read-only notice');
    for (const control of ['.groupbuy-save', '.groupbuy-publish', '.groupbuy-save-version', '.groupbuy-end', '.groupbuy-photo-add'])
      expect(p.root.querySelector(control), control).toBeFalsy();
    expect(p.root.querySelector('.groupbuy-name')!.data.disabled).toBe(true);
    // Chips do nothing for a reader.
    tap(p, '.groupbuy-whoMayJoin-tiers');
    await tick();
    expect(p.root.querySelector('.groupbuy-whoMayJoin-all')!.dom.className).toContain('segment-chip--on');
    // And the 商品编码 is shown only in its own field.
    expect(p.root.querySelector('.groupbuy-sku')!.data.value).toBe('ORANGE-5KG');
  });

  it('refuses a supervisor a new campaign', async () => {
    const p = (page = openPage('staff/pages/groupbuy/index', { storage: { 'linli.session': session('supervisor') } }));
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the refusal');
    expect(p.root.dom.textContent).toContain('仅管理员可以新建拼团活动');
  });
});

describe('拼团订单 (weapp build)', () => {
  const ORDERS = [
    order(),
    order({
      orderNo: 'GB2',
      leader: false,
      nickname: '王先生',
      phoneMasked: null,
      status: 'paid',
      fulfilment: null,
      groupStatus: 'forming',
    }),
    order({
      orderNo: 'GB3',
      leader: false,
      nickname: '赵女士',
      status: 'failed',
      groupStatus: 'failed',
      fulfilment: null,
      refund: {
        fen: 2990,
        reason: 'group-failed',
        status: 'succeeded',
        requestedAt: '2026-11-27T02:00:00.000Z',
        settledAt: '2026-11-27T02:10:00.000Z',
      },
    }),
  ];
  const routes = (answer: (data: unknown) => CannedResponse) => ({
    'GET /v1/staff/groupbuy/campaigns/gb_orange': { statusCode: 200, body: campaign() },
    'GET /v1/staff/groupbuy/campaigns/gb_orange/orders': answer,
  });

  it('lists the orders with buyer, amount, refund and delivery; filters by status; pages on with the cursor', async () => {
    const p = (page = openPage('staff/pages/groupbuy-orders/index', {
      storage: { 'linli.session': session('supervisor') },
      query: { id: 'gb_orange' },
      routes: routes(() => ({ statusCode: 200, body: { items: ORDERS, nextCursor: 'c2' } })),
    }));
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-order').length === 3, 'the orders');
    expect(text(p, '.groupbuy-orders-campaign')).toBe('赣南脐橙 3 人团');
    expect(texts(p, '.groupbuy-order-buyer')).toEqual(['李阿姨 139****5678', '王先生', '赵女士 139****5678']);
    expect(texts(p, '.groupbuy-order-status')).toEqual(['已成团', '拼团中', '未成团']);
    expect(text(p, '.groupbuy-order-amount')).toBe('1 件 · ¥29.90');
    expect(texts(p, '.groupbuy-order-refund-progress')).toEqual(['未成团 ¥29.90 · 已退款（2026-11-27 10:10）']);
    expect(texts(p, '.groupbuy-order-fulfilment')).toEqual(['发货推送：已推送（2026-11-26 11:00）']);
    // Only the succeeded order may be refunded after sales.
    expect(p.root.querySelectorAll('.groupbuy-order-refund')).toHaveLength(1);
    expect(p.root.dom.textContent).not.toContain('GB2');

    const listed = () => p.requests.filter((r) => new URL(r.url).pathname === '/v1/staff/groupbuy/campaigns/gb_orange/orders');
    tap(p, '.list-footer--more');
    await p.waitFor(() => listed().length === 2, 'the next page');
    expect(new URL(listed()[1]!.url).searchParams.get('cursor')).toBe('c2');

    tap(p, '.groupbuy-orders-filter-succeeded');
    await p.waitFor(() => listed().length === 3, 'the filtered list');
    const filtered = new URL(listed()[2]!.url).searchParams;
    expect([filtered.get('status'), filtered.get('cursor')]).toEqual(['succeeded', null]);
    expect(texts(p, '.groupbuy-filters .segment-chip')).toEqual(['全部', '待支付', '拼团中', '已成团', '已取消', '已退出', '未成团']);
  });

  it('refunds a succeeded order after sales once confirmed, and shows the refund’s progress', async () => {
    const asked: string[] = [];
    const p = (page = openPage('staff/pages/groupbuy-orders/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: {
        ...routes(() => ({ statusCode: 200, body: { items: [order()], nextCursor: null } })),
        'POST /v1/staff/groupbuy/orders/GB20261126000001/refund': {
          statusCode: 200,
          body: order({
            refund: {
              fen: 2990,
              reason: 'after-sales',
              status: 'processing',
              requestedAt: '2026-11-27T02:00:00.000Z',
              settledAt: null,
            },
          }),
        },
      },
      wx: { showModal: modal(true, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-order-refund'), 'the order');
    tap(p, '.groupbuy-order-refund');
    await p.waitFor(() => p.root.querySelector('.groupbuy-order-refund-progress'), 'the refund progress');
    expect(asked[0]).toContain('为「李阿姨」的订单退款 ¥29.90');
    expect(asked[0]).toContain('该团仍算成团');
    expect(text(p, '.groupbuy-order-refund-progress')).toBe('售后退款 ¥29.90 · 退款处理中');
    expect(text(p, '.groupbuy-order-status')).toBe('已成团');
    expect(p.root.querySelector('.groupbuy-order-refund')).toBeFalsy();
    expect(sent(p, 'POST', '/v1/staff/groupbuy/orders/GB20261126000001/refund')).toHaveLength(1);
  });

  it('sends nothing when the refund is not confirmed, and offers an agent no refund', async () => {
    const p = (page = openPage('staff/pages/groupbuy-orders/index', {
      storage: { 'linli.session': session('admin') },
      query: { id: 'gb_orange' },
      routes: routes(() => ({ statusCode: 200, body: { items: [order()], nextCursor: null } })),
      wx: { showModal: modal(false, []) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-order-refund'), 'the order');
    tap(p, '.groupbuy-order-refund');
    await tick();
    expect(p.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    p.root.detach();

    const agent = (page = openPage('staff/pages/groupbuy-orders/index', {
      storage: { 'linli.session': session('agent') },
      query: { id: 'gb_orange' },
      routes: routes(() => ({ statusCode: 200, body: { items: [order()], nextCursor: null } })),
    }));
    await agent.waitFor(() => agent.root.querySelector('.groupbuy-order'), 'the order');
    expect(agent.root.querySelector('.groupbuy-order-refund')).toBeFalsy();
  });
});

function recorded(calls: unknown[], result: Record<string, unknown> = {}) {
  return (options: Record<string, unknown> & { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    calls.push(options);
    setTimeout(() => {
      options.success?.({ errMsg: 'ok', ...result });
      options.complete?.({ errMsg: 'ok', ...result });
    }, 0);
  };
}

function delivery(overrides: Partial<FulfilmentItem> = {}): FulfilmentItem {
  return {
    orderNo: 'GB20261126000001',
    campaignId: 'gb_orange',
    campaignName: '赣南脐橙 3 人团',
    groupId: 'grp_1',
    succeededAt: '2026-11-26T02:00:00.000Z',
    productName: '赣南脐橙 5 斤装',
    qty: 2,
    paidFen: 5980,
    memberId: 'm_1',
    nickname: '李阿姨',
    phoneMasked: '139****5678',
    delivery: { state: 'delivered', attempts: 1, lastError: null, deliveredAt: '2026-11-26T02:01:00.000Z', nextAttemptAt: null },
    ...overrides,
  };
}

describe('发货清单 (weapp build)', () => {
  const GAVE_UP = delivery({
    orderNo: 'GB20261126000002',
    nickname: '王先生',
    phoneMasked: null,
    qty: 1,
    paidFen: 2990,
    delivery: { state: 'gave-up', attempts: 9, lastError: 'HTTP 502', deliveredAt: null, nextAttemptAt: null },
  });

  it('is linked from 拼团活动', async () => {
    const navigations: unknown[] = [];
    const p = (page = openPage('staff/pages/groupbuys/index', {
      storage: { 'linli.session': session('supervisor') },
      routes: { 'GET /v1/staff/groupbuy/campaigns': { statusCode: 200, body: { items: [campaign()] } } },
      wx: { navigateTo: recorded(navigations) },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-fulfilments-link'), 'the link');
    tap(p, '.groupbuy-fulfilments-link');
    await p.waitFor(() => navigations.length === 1 || undefined, 'the navigation');
    expect(navigations[0]).toMatchObject({ url: '/staff/pages/groupbuy-fulfilments/index' });
  });

  it('lists the deliveries with buyer, goods and state, filters by state, retries one that gave up, exports the CSV', async () => {
    const downloads: unknown[] = [];
    const shares: unknown[] = [];
    const p = (page = openPage('staff/pages/groupbuy-fulfilments/index', {
      storage: { 'linli.session': session('supervisor') },
      routes: {
        'GET /v1/staff/groupbuy/fulfilments': { statusCode: 200, body: { items: [delivery(), GAVE_UP], nextCursor: null } },
        'POST /v1/staff/groupbuy/fulfilments/GB20261126000002/retry': {
          statusCode: 200,
          body: { ...GAVE_UP, delivery: { ...GAVE_UP.delivery, state: 'pending', nextAttemptAt: '2026-11-27T02:00:00.000Z' } },
        },
      },
      wx: {
        downloadFile: recorded(downloads, { statusCode: 200, tempFilePath: 'wxfile://tmp/fulfilments.csv' }),
        shareFileMessage: recorded(shares),
      },
    }));
    await p.waitFor(() => p.root.querySelectorAll('.groupbuy-fulfilment').length === 2, 'the deliveries');
    expect(texts(p, '.groupbuy-fulfilment-buyer')).toEqual(['李阿姨 139****5678', '王先生']);
    expect(texts(p, '.groupbuy-fulfilment-goods')).toEqual(['赣南脐橙 5 斤装 × 2 · ¥59.80', '赣南脐橙 5 斤装 × 1 · ¥29.90']);
    expect(texts(p, '.groupbuy-fulfilment-state')).toEqual(['发货推送：已推送（2026-11-26 10:01）', '发货推送：已放弃（已试 9 次）']);
    expect(texts(p, '.groupbuy-filters .segment-chip')).toEqual(['全部', '待推送', '已推送', '推送失败重试中', '已放弃']);
    // No order numbers, ids or product codes on the screen.
    for (const code of ['GB2', 'gb_', 'ORANGE-5KG', 'HTTP']) expect(p.root.dom.textContent).not.toContain(code);
    // Only the one that gave up may be sent again.
    expect(p.root.querySelectorAll('.groupbuy-fulfilment-retry')).toHaveLength(1);

    tap(p, '.groupbuy-fulfilment-retry');
    await p.waitFor(() => p.root.querySelector('.groupbuy-fulfilments-notice'), 'the notice');
    expect(text(p, '.groupbuy-fulfilments-notice')).toBe('已重新推送，一分钟内送达店铺');
    expect(texts(p, '.groupbuy-fulfilment-state')[1]).toBe('发货推送：待推送');
    expect(p.root.querySelector('.groupbuy-fulfilment-retry')).toBeFalsy();
    expect(sent(p, 'POST', '/v1/staff/groupbuy/fulfilments/GB20261126000002/retry')).toHaveLength(1);

    const listed = () => p.requests.filter((r) => new URL(r.url).pathname === '/v1/staff/groupbuy/fulfilments');
    tap(p, '.groupbuy-fulfilments-filter-gave-up');
    await p.waitFor(() => listed().length === 2, 'the filtered list');
    expect(new URL(listed()[1]!.url).searchParams.get('state')).toBe('gave-up');

    tap(p, '.groupbuy-fulfilments-export');
    await p.waitFor(() => shares.length === 1 || undefined, 'the share sheet', 5000);
    expect(downloads[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/v1/staff/groupbuy/fulfilments.csv?state=gave-up',
      header: { authorization: 'Bearer tok-supervisor' },
    });
    expect(shares[0]).toMatchObject({ filePath: 'wxfile://tmp/fulfilments.csv', fileName: '发货清单.csv' });
  });

  it('offers an agent no retry', async () => {
    const p = (page = openPage('staff/pages/groupbuy-fulfilments/index', {
      storage: { 'linli.session': session('agent') },
      routes: { 'GET /v1/staff/groupbuy/fulfilments': { statusCode: 200, body: { items: [GAVE_UP], nextCursor: null } } },
    }));
    await p.waitFor(() => p.root.querySelector('.groupbuy-fulfilment'), 'the delivery');
    expect(p.root.querySelector('.groupbuy-fulfilment-retry')).toBeFalsy();
  });
});
