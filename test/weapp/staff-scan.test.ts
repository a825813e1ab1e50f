import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { CouponView } from '@linli/shared/mall';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text } from './wechat-simulator';

const SESSION = { token: 'tok-staff', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['agent'] };

function staffCoupon(overrides: Partial<CouponView> = {}) {
  return {
    code: 'K7MX2QHP9RTA',
    rewardId: 'rw-1',
    kind: 'coupon',
    name: '满100减10券',
    terms: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    fulfilment: null,
    status: 'unused',
    issuedAt: '2026-11-20T02:00:00.000Z',
    validUntil: '2026-12-20T15:59:59.999Z',
    usedAt: null,
    memberId: 'mem-001',
    memberNickname: '林小满',
    memberPhoneMasked: '138****1234',
    ...overrides,
  };
}

let page: LoadedPage | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function typeCode(p: LoadedPage, value: string) {
  p.root.querySelector('.code-input__field')!.dispatchEvent('input', { detail: { value } });
}

describe('核销 (weapp build in miniprogram-simulate, staff subpackage)', () => {
  it('looks up a typed code, shows the coupon and its holder, and uses it once', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/coupons/K7MX2QHP9RTA': { statusCode: 200, body: staffCoupon() },
      'POST /v1/staff/coupons/K7MX2QHP9RTA/use': {
        statusCode: 200,
        body: staffCoupon({ status: 'used', usedAt: '2026-11-21T06:05:00.000Z' }),
      },
    };
    const p = (page = openPage('staff/pages/scan/index', { storage: { 'linli.session': SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.code-input__field'), 'the code input');
    expect(text(p, '.code-capture .btn--primary')).toBe('扫码核销');

    typeCode(p, 'k7mx-2qhp-9rta');
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.code-input__button')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.scan-coupon'), 'the coupon');
    expect(p.requests[0]).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:3000/v1/staff/coupons/K7MX2QHP9RTA' });
    expect(p.root.querySelector('.scan-coupon')!.dom.textContent).toContain('林小满 138****1234');
    expect(text(p, '.scan-coupon__status')).toBe('未使用');

    p.root.querySelector('.scan-coupon .btn--primary')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.scan-used'), 'the success');
    expect(text(p, '.scan-used__title')).toBe('核销成功');
    expect(text(p, '.scan-coupon__status')).toBe('已使用');
    expect(p.root.querySelector('.scan-coupon .btn--primary') ?? null).toBeNull();
    expect(p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /v1/staff/coupons/K7MX2QHP9RTA',
      'POST /v1/staff/coupons/K7MX2QHP9RTA/use',
    ]);
  });

  it('opens the member whose 会员码 was typed, read as a cashier types it', async () => {
    const navigations: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/member-codes/7KQ2M9XD': {
        statusCode: 200,
        body: {
          memberId: 'mem-042',
          nickname: '林小满',
          phoneMasked: '138****1234',
          tier: { code: 'silver', name: '银卡会员' },
          pointsBalance: 320,
          orderCount: 4,
          totalSpentFen: 56_800,
          lastOrderAt: '2026-11-01T02:00:00.000Z',
          joinedAt: '2026-01-01T02:00:00.000Z',
        },
      },
    };
    const p = (page = openPage('staff/pages/scan/index', {
      storage: { 'linli.session': SESSION },
      routes,
      wx: {
        navigateTo: (options: { url: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
          navigations.push(options.url);
          options.success?.({ errMsg: 'navigateTo:ok' });
          options.complete?.({ errMsg: 'navigateTo:ok' });
        },
      },
    }));
    await p.waitFor(() => p.root.querySelector('.code-input__field'), 'the code input');
    typeCode(p, '7kq2 m9xd');
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.code-input__button')!.dispatchEvent('tap');
    await p.waitFor(() => navigations[0], 'the member page');
    expect(p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /v1/staff/member-codes/7KQ2M9XD']);
    expect(navigations).toEqual(['/staff/pages/member/index?id=mem-042']);
  });

  it('shows the Chinese text when the coupon was used meanwhile, and refuses a code that is neither a coupon nor a member code without calling the API', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/coupons/K7MX2QHP9RTA': { statusCode: 200, body: staffCoupon() },
      'POST /v1/staff/coupons/K7MX2QHP9RTA/use': { statusCode: 409, body: { error: { code: 'COUPON_ALREADY_USED', message: 'used' } } },
    };
    const p = (page = openPage('staff/pages/scan/index', { storage: { 'linli.session': SESSION }, routes }));
    await p.waitFor(() => p.root.querySelector('.code-input__field'), 'the code input');
    typeCode(p, 'LM-8H3K2Q9T');
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.code-input__button')!.dispatchEvent('tap');
    const invalid = await p.waitFor(() => text(p, '.scan-error'), 'the invalid-code text');
    expect(invalid).toContain('不是有效的券码');
    expect(p.requests).toHaveLength(0);

    typeCode(p, 'K7MX2QHP9RTA');
    await new Promise((resolve) => setTimeout(resolve, 50));
    p.root.querySelector('.code-input__button')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.scan-coupon .btn--primary'), 'the use button');
    // Another till used it a moment ago.
    routes['GET /v1/staff/coupons/K7MX2QHP9RTA'] = {
      statusCode: 200,
      body: staffCoupon({ status: 'used', usedAt: '2026-11-21T06:05:00.000Z' }),
    };
    p.root.querySelector('.scan-coupon .btn--primary')!.dispatchEvent('tap');
    const refusal = await p.waitFor(() => text(p, '.scan-error'), 'the refusal');
    expect(refusal).toBe(ERROR_TEXT_ZH.COUPON_ALREADY_USED);
    expect(p.root.querySelector('.scan-used') ?? null).toBeNull();
    // The coupon is shown as it is now: used, with no button to use it again.
    expect(text(p, '.scan-coupon__status')).toBe('已使用');
    expect(p.root.querySelector('.scan-coupon .btn--primary') ?? null).toBeNull();
  });
});
