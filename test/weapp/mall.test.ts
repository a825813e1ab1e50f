import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { CouponView, MallReward, Redemption } from '@linli/shared/mall';
import { qrDataUrl } from '../../miniapp/src/components/member-qr/qr';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };

function reward(overrides: Partial<MallReward> = {}): MallReward {
  return {
    rewardId: 'rw-1',
    kind: 'coupon',
    name: '满100减10券',
    description: '',
    pointsPrice: 300,
    stock: 12,
    perMemberLimit: 1,
    tierCodes: [],
    availableFrom: '2026-11-01T00:00:00.000Z',
    availableUntil: '2099-12-31T16:00:00.000Z',
    coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    goods: null,
    pictureKey: null,
    pictureUrl: null,
    active: true,
    version: 1,
    redeemedByMe: 0,
    ineligible: null,
    ...overrides,
  };
}

const REWARDS: MallReward[] = [
  reward(),
  reward({
    rewardId: 'rw-2',
    name: '八五折券',
    pointsPrice: 2_000,
    coupon: { type: 'discount', discountPercent: 85, minSpendFen: 10_000, validDays: 15 },
    ineligible: 'points_insufficient',
  }),
  reward({ rewardId: 'rw-3', name: '金卡专享券', tierCodes: ['gold'], ineligible: 'tier_restricted' }),
  reward({ rewardId: 'rw-4', name: '限量券', stock: 0, ineligible: 'out_of_stock' }),
  reward({ rewardId: 'rw-5', name: '新人券', perMemberLimit: 1, redeemedByMe: 1, ineligible: 'limit_reached' }),
  reward({ rewardId: 'rw-6', name: '双十二券', availableFrom: '2099-12-12T00:00:00.000Z', ineligible: 'not_available' }),
];

function coupon(overrides: Partial<CouponView> = {}): CouponView {
  return {
    code: 'K7MX2QHP9RTA',
    rewardId: 'rw-1',
    kind: 'coupon',
    name: '满100减10券',
    terms: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    fulfilment: null,
    goods: null,
    status: 'unused',
    issuedAt: '2026-11-20T02:00:00.000Z',
    // 16:30Z is already 21 December in Shanghai.
    validUntil: '2026-12-20T16:30:00.000Z',
    usedAt: null,
    ...overrides,
  };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function open(pagePath: string, routes: Record<string, CannedResponse>) {
  page = openPage(pagePath, { storage: { 'linli.session': SESSION }, routes });
  return page;
}

describe('积分商城 (weapp build in miniprogram-simulate)', () => {
  it("shows the points, each reward's terms and limits, and 立即兑换 or why not", async () => {
    const p = open('pages/mall/index', { 'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1280, items: REWARDS } } });
    await p.waitFor(() => text(p, '.mall-head__value'), 'the points');
    expect(text(p, '.mall-head__value')).toBe('1280');
    expect(texts(p, '.mall-reward__name')).toEqual(['满100减10券', '八五折券', '金卡专享券', '限量券', '新人券', '双十二券']);
    expect(texts(p, '.mall-reward__terms').slice(0, 2)).toEqual(['满100减10', '满100享85折']);
    expect(texts(p, '.mall-reward__action')).toEqual(['立即兑换', '积分不足', '仅限金卡会员', '已兑完', '已达上限', '未开始']);

    const limits = texts(p, '.mall-reward__limits');
    expect(limits[0]).toBe('剩余库存 12限兑1次');
    expect(limits[2]).toBe('剩余库存 12限兑1次仅限金卡会员');
    // Only the eligible reward looks and acts like a button to press.
    const cards = p.root.querySelectorAll('.mall-reward');
    expect(cards.map((card) => card.dom.className.includes('mall-reward--off'))).toEqual([false, true, true, true, true, true]);
    expect(p.root.querySelectorAll('.mall-reward__action--off')).toHaveLength(5);
    expect(p.root.querySelectorAll('.mall-reward__action.btn--primary')).toHaveLength(1);
    expect(p.requests[0]).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:3000/v1/mall/rewards',
      header: expect.objectContaining({ Authorization: 'Bearer tok-weapp' }),
    });
  });

  it('redeems after confirmation, retrying a refusal with the same request id, then links to 我的券', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1280, items: [reward()] } },
      'POST /v1/mall/rewards/rw-1/redemptions': { statusCode: 409, body: { error: { code: 'REWARD_OUT_OF_STOCK', message: 'stock 0' } } },
    };
    const p = open('pages/mall/index', routes);
    await p.waitFor(() => text(p, '.mall-reward__action') === '立即兑换', 'the redeem button');
    p.root.querySelector('.mall-reward__action')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.sheet'), 'the confirmation sheet');
    expect(text(p, '.sheet__title')).toBe('满100减10券');

    const confirm = () => p.root.querySelector('.sheet .btn--primary')!.dispatchEvent('tap');
    confirm();
    const refusal = await p.waitFor(() => text(p, '.sheet .notice--error'), 'the refusal');
    expect(refusal).toBe(ERROR_TEXT_ZH.REWARD_OUT_OF_STOCK);

    const redemption: Redemption = {
      redemptionId: 'rd-1',
      rewardId: 'rw-1',
      points: 300,
      redeemedAt: '2026-11-20T02:00:00.000Z',
      coupon: coupon(),
    };
    routes['POST /v1/mall/rewards/rw-1/redemptions'] = { statusCode: 200, body: redemption };
    routes['GET /v1/mall/rewards'] = {
      statusCode: 200,
      body: { points: 980, items: [reward({ redeemedByMe: 1, ineligible: 'limit_reached' })] },
    };
    confirm();
    await p.waitFor(() => p.root.querySelector('.redeem-done'), 'the success');
    expect(text(p, '.redeem-done__title')).toBe('兑换成功');
    expect(p.root.dom.textContent).toContain('查看我的券');

    const posts = p.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const ids = posts.map((r) => (r.data as { requestId: string }).requestId);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[1]).toBe(ids[0]);
    // The list behind the sheet catches up with the new balance.
    await p.waitFor(() => text(p, '.mall-head__value') === '980', 'the new balance');
  });
});

describe('我的券 (weapp build in miniprogram-simulate)', () => {
  it('shows unused coupons with terms, the Shanghai expiry day, a QR of the code and the code', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/me/coupons': {
        statusCode: 200,
        body: {
          items: [
            coupon(),
            coupon({
              code: 'ABCDEFGH2345',
              name: '满100享85折',
              terms: { type: 'discount', discountPercent: 85, minSpendFen: 10_000, validDays: 15 },
            }),
          ],
        },
      },
    };
    const p = open('pages/coupons/index', routes);
    await p.waitFor(() => p.root.querySelector('.coupon'), 'the coupons');
    expect(texts(p, '.coupons-tab')).toEqual(['未使用', '已使用', '已过期']);
    expect(text(p, '.coupons-tab--active')).toBe('未使用');
    expect(texts(p, '.coupon__terms')).toEqual(['满100减10', '满100享85折']);
    expect(texts(p, '.coupon__date')).toEqual(['有效期至 2026-12-21', '有效期至 2026-12-21']);
    expect(texts(p, '.coupon__code')).toEqual(['K7MX2QHP9RTA', 'ABCDEFGH2345']);
    const qrs = p.root.querySelectorAll('.coupon__qr');
    expect(qrs).toHaveLength(2);
    expect(qrs[0]!.data.src).toMatch(/^data:image\/gif;base64,/);
    expect(qrs[0]!.data.src).not.toBe(qrs[1]!.data.src);
    expect(qrs[0]!.data.src).toBe(qrDataUrl('K7MX2QHP9RTA', 6, 12));
    expect(p.requests[0]!.url).toBe('http://127.0.0.1:3000/v1/me/coupons?status=unused');
  });

  it('switches tabs: used coupons show when they were used and no QR; an empty tab says so', async () => {
    const routes: Record<string, CannedResponse> = { 'GET /v1/me/coupons': { statusCode: 200, body: { items: [coupon()] } } };
    const p = open('pages/coupons/index', routes);
    await p.waitFor(() => p.root.querySelector('.coupon__qr'), 'the unused coupon');

    routes['GET /v1/me/coupons'] = { statusCode: 200, body: { items: [coupon({ status: 'used', usedAt: '2026-11-21T06:05:00.000Z' })] } };
    p.root.querySelectorAll('.coupons-tab')[1]!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.coupon__date')?.startsWith('使用于'), 'the used coupon');
    expect(text(p, '.coupons-tab--active')).toBe('已使用');
    expect(text(p, '.coupon__date')).toBe('使用于 2026-11-21 14:05');
    expect(text(p, '.coupon__status')).toBe('已使用');
    expect(p.root.querySelector('.coupon__qr') ?? null).toBeNull();
    expect(p.root.querySelector('.coupon__code') ?? null).toBeNull();
    expect(p.requests.at(-1)!.url).toBe('http://127.0.0.1:3000/v1/me/coupons?status=used');

    routes['GET /v1/me/coupons'] = { statusCode: 200, body: { items: [] } };
    p.root.querySelectorAll('.coupons-tab')[2]!.dispatchEvent('tap');
    const empty = await p.waitFor(() => text(p, '.state-box__text'), 'the empty state');
    expect(empty).toBe('暂无优惠券');
    expect(p.requests.at(-1)!.url).toBe('http://127.0.0.1:3000/v1/me/coupons?status=expired');
  });
});

describe('member card entries', () => {
  it('links to 积分商城 from the card and to 我的券 from 我的', async () => {
    const member = {
      memberId: 'mem-001',
      status: 'member',
      nickname: '林小满',
      tier: { code: 'silver', name: '银卡会员' },
      points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
      birthday: null,
      phoneMasked: null,
      joinedAt: '2026-11-01T02:00:00.000Z',
      policyVersion: '2026-11-01',
      memberCode: '8H3K2Q9T',
      stats: { orderCount: 0, totalSpentFen: 0, firstOrderAt: null, lastOrderAt: null },
    };
    const home = open('pages/index/index', { 'GET /v1/me': { statusCode: 200, body: member } });
    await home.waitFor(() => text(home, '.member-card__tier'), 'the card');
    expect(texts(home, '.cell__label')).toContain('积分商城');
    home.root.detach();
    // 我的券 is the account's, in 我的.
    const me = open('pages/me/index', { 'GET /v1/me': { statusCode: 200, body: member } });
    await me.waitFor(() => me.root.querySelector('.me-head'), '我的');
    expect(texts(me, '.cell__label')).toContain('我的券');
  });
});
