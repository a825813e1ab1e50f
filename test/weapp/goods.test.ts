import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CouponView, MallReward, Redemption, StaffGoodsRedemption } from '@linli/shared/mall';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const BUYER = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const AGENT = { token: 'tok-staff', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['agent'] };

const rice: MallReward = {
  rewardId: 'rw-rice',
  kind: 'goods',
  name: '五常大米 5kg',
  description: '',
  pointsPrice: 800,
  stock: 20,
  perMemberLimit: 1,
  tierCodes: [],
  availableFrom: '2026-11-01T00:00:00.000Z',
  availableUntil: '2099-12-31T16:00:00.000Z',
  coupon: null,
  goods: { fulfilment: 'delivery', pickupPlace: '' },
  pictureKey: 'complaints/m-admin/p1.png',
  pictureUrl: 'http://127.0.0.1:4568/linli-photos/complaints/m-admin/p1.png?X-Amz-Signature=x',
  active: true,
  version: 1,
  redeemedByMe: 0,
  ineligible: null,
};

const goodsCoupon: CouponView = {
  code: 'K7MX2QHP9RTA',
  rewardId: 'rw-rice',
  kind: 'goods',
  name: '五常大米 5kg',
  terms: null,
  fulfilment: 'delivery',
  goods: {
    redemptionNo: '20481632',
    status: 'pending',
    pickupPlace: null,
    address: {
      recipient: '李阿姨',
      phoneMasked: '139****5678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 100 号 2 幢 301 室',
      postalCode: '310012',
    },
    carrier: null,
    trackingNo: null,
    shippedAt: null,
    handedOverAt: null,
  },
  status: 'unused',
  issuedAt: '2026-11-20T02:00:00.000Z',
  validUntil: '2026-12-20T16:00:00.000Z',
  usedAt: null,
};

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('redeeming a 快递配送 reward (weapp build in miniprogram-simulate)', () => {
  it('shows the picture, asks wx.chooseAddress for the address and sends it with the redemption', async () => {
    const redemption: Redemption = {
      redemptionId: 'rd-1',
      rewardId: 'rw-rice',
      points: 800,
      redeemedAt: '2026-11-20T02:00:00.000Z',
      coupon: goodsCoupon,
    };
    const routes: Record<string, CannedResponse> = {
      'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1000, items: [rice] } },
      'POST /v1/mall/rewards/rw-rice/redemptions': { statusCode: 200, body: redemption },
    };
    const p = (page = openPage('pages/mall/index', { storage: { 'linli.session': BUYER }, routes }));
    await p.waitFor(() => text(p, '.mall-reward__action') === '立即兑换', 'the redeem button');
    expect(p.root.querySelector('.mall-reward__picture')!.data.src).toBe(rice.pictureUrl);
    expect(text(p, '.mall-reward__terms')).toBe('实物礼品 · 快递配送');

    p.root.querySelector('.mall-reward__action')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.sheet'), 'the confirmation sheet');
    // Without an address nothing is sent.
    p.root.querySelector('.sheet .btn--primary')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.sheet .notice--error'), 'the missing address')).toBe('请先填写完整的收货地址');
    expect(p.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    p.root.querySelector('.address-capture .btn')!.dispatchEvent('tap');
    const chosen = await p.waitFor(() => text(p, '.address-capture__line'), 'the chosen address');
    expect(chosen).toBe('李阿姨 13912345678 浙江省杭州市西湖区文三路 100 号 2 幢 301 室');

    p.root.querySelector('.sheet .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.redeem-done'), 'the success');
    expect(text(p, '.redeem-done')).toContain('兑换单号 20481632');
    const post = p.requests.find((r) => r.method === 'POST')!;
    expect(post.data).toEqual({
      requestId: expect.any(String),
      address: {
        recipient: '李阿姨',
        phone: '13912345678',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        detail: '文三路 100 号 2 幢 301 室',
        postalCode: '310012',
      },
    });
  });

  it('says what to fix when the WeChat address has no usable phone, and sends nothing', async () => {
    const routes: Record<string, CannedResponse> = { 'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1000, items: [rice] } } };
    const chooseAddress = (callbacks: { success: (r: unknown) => void }) =>
      setTimeout(
        () =>
          callbacks.success({
            userName: '李阿姨',
            telNumber: '0571-8888',
            provinceName: '浙江省',
            cityName: '杭州市',
            countyName: '',
            detailInfo: '文三路',
            postalCode: '',
          }),
        0,
      );
    const p = (page = openPage('pages/mall/index', { storage: { 'linli.session': BUYER }, routes, wx: { chooseAddress } }));
    await p.waitFor(() => text(p, '.mall-reward__action') === '立即兑换', 'the redeem button');
    p.root.querySelector('.mall-reward__action')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.address-capture .btn'), 'the address button');
    p.root.querySelector('.address-capture .btn')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.address-capture__error'), 'the problem')).toBe(
      '请填写 11 位手机号，请在微信地址中修改后重新选择',
    );
    expect(p.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});

describe('我的券 for goods (weapp build)', () => {
  it('shows a shipped redemption as 已发货 with the carrier and tracking number, and no code to scan', async () => {
    const shipped: CouponView = {
      ...goodsCoupon,
      status: 'used',
      usedAt: '2026-11-21T06:05:00.000Z',
      goods: {
        ...goodsCoupon.goods!,
        status: 'shipped',
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
        shippedAt: '2026-11-21T06:05:00.000Z',
      },
    };
    const p = (page = openPage('pages/coupons/index', {
      storage: { 'linli.session': BUYER },
      routes: { 'GET /v1/me/coupons': { statusCode: 200, body: { items: [shipped] } } },
    }));
    await p.waitFor(() => p.root.querySelector('.coupon'), 'the redemption');
    expect(text(p, '.coupon__status')).toBe('已发货');
    expect(texts(p, '.coupon__goods .coupon__date')).toEqual([
      '兑换单号 20481632',
      '收货地址：李阿姨 139****5678 浙江省杭州市西湖区文三路 100 号 2 幢 301 室',
      '顺丰速运 运单号 SF1234567890',
      '发货于 2026-11-21 14:05',
    ]);
    expect(p.root.querySelector('.coupon__qr') ?? null).toBeNull();
  });
});

describe('兑换订单 (weapp build, staff subpackage)', () => {
  const row = (overrides: Partial<StaffGoodsRedemption> = {}): StaffGoodsRedemption => ({
    redemptionNo: '20481632',
    rewardName: '五常大米 5kg',
    fulfilment: 'delivery',
    status: 'pending',
    points: 800,
    redeemedAt: '2026-11-20T02:00:00.000Z',
    buyerNickname: '邻里体验官',
    buyerPhoneMasked: '138****1234',
    pickupPlace: null,
    address: goodsCoupon.goods!.address,
    carrier: null,
    trackingNo: null,
    shippedAt: null,
    handedOverAt: null,
    handledBy: null,
    ...overrides,
  });

  it('lists pending redemptions with phones masked, ships one with a tracking number after showing its full address, and searches', async () => {
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/staff/goods-redemptions': {
        statusCode: 200,
        body: {
          items: [row(), row({ redemptionNo: '11112222', fulfilment: 'pickup', address: null, pickupPlace: '文三路店' })],
          nextCursor: 'c2',
        },
      },
      'GET /v1/staff/goods-redemptions/20481632': { statusCode: 200, body: { ...row(), addressPhone: '13912345678' } },
      'POST /v1/staff/goods-redemptions/20481632/ship': {
        statusCode: 200,
        body: { ...row({ status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567890' }), addressPhone: '13912345678' },
      },
    };
    const p = (page = openPage('staff/pages/redemptions/index', { storage: { 'linli.session': AGENT }, routes }));
    await p.waitFor(() => p.root.querySelectorAll('.redemption').length === 2, 'the redemptions');
    expect(p.requests[0]!.url).toBe('http://127.0.0.1:3000/v1/staff/goods-redemptions?status=pending&limit=20');
    expect(texts(p, '.redemption .staff-reward__status')).toEqual(['待发货', '待自提']);
    expect(p.root.dom.textContent).toContain('139****5678');
    expect(p.root.dom.textContent).not.toContain('13912345678');
    expect(p.root.dom.textContent).not.toContain('K7MX2QHP9RTA');

    // 发货: the full address appears only now, then carrier and tracking number.
    p.root.querySelector('.redemption .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.redemption__line--strong'), 'the full address');
    expect(text(p, '.redemption__line--strong')).toContain('13912345678');
    const inputs = p.root.querySelectorAll('.redemption__panel .redemption__input');
    inputs[0]!.dispatchEvent('input', { detail: { value: '顺丰速运' } });
    inputs[1]!.dispatchEvent('input', { detail: { value: 'SF1234567890' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.root.querySelector('.redemption__panel .btn--primary')!.dispatchEvent('tap');
    expect(await p.waitFor(() => text(p, '.notice--ok'), 'the shipped notice')).toBe('兑换单 20481632 已发货');
    const ship = p.requests.find((r) => r.method === 'POST')!;
    expect(ship.url).toBe('http://127.0.0.1:3000/v1/staff/goods-redemptions/20481632/ship');
    expect(ship.data).toEqual({ carrier: '顺丰速运', trackingNo: 'SF1234567890' });

    // Search by phone last four.
    const search = p.root.querySelector('.redemptions-search__input')!;
    search.dispatchEvent('input', { detail: { value: '1234' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    p.root.querySelector('.redemptions-search .btn--ghost')!.dispatchEvent('tap');
    await p.waitFor(() => p.requests.some((r) => r.url.includes('q=1234')), 'the search');
    expect(p.requests.at(-1)!.url).toBe('http://127.0.0.1:3000/v1/staff/goods-redemptions?status=pending&q=1234&limit=20');
  });
});
