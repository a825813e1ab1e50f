import { describe, expect, it } from 'vitest';
import type { Reward } from '@linli/shared/mall';
import {
  couponStatus,
  couponValidUntil,
  ineligibility,
  newCouponCode,
  goodsSearchTerms,
  goodsSearchQuery,
  newRedemptionNumber,
} from './reward-rules.ts';

const reward: Reward = {
  rewardId: 'r',
  kind: 'coupon',
  name: '满100减10',
  description: '',
  pointsPrice: 100,
  stock: 5,
  perMemberLimit: 2,
  tierCodes: [],
  availableFrom: '2026-11-01T00:00:00.000Z',
  availableUntil: '2026-12-01T00:00:00.000Z',
  coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 10_000, validDays: 30 },
  goods: null,
  pictureKey: null,
  pictureUrl: null,
  active: true,
  version: 1,
};
const now = new Date('2026-11-15T00:00:00Z');
const eligible = { reward, now, tierCode: 'regular', redeemedByMe: 0, availablePoints: 100 };

describe('ineligibility', () => {
  it('is null when everything allows it', () => {
    expect(ineligibility(eligible)).toBeNull();
  });
  it.each([
    ['not_available', { reward: { ...reward, active: false } }],
    ['not_available', { now: new Date('2026-12-01T00:00:00Z') }],
    ['tier_restricted', { reward: { ...reward, tierCodes: ['gold'] } }],
    ['limit_reached', { redeemedByMe: 2 }],
    ['out_of_stock', { reward: { ...reward, stock: 0 } }],
    ['points_insufficient', { availablePoints: 99 }],
  ])('says %s', (reason, change) => {
    expect(ineligibility({ ...eligible, ...change })).toBe(reason);
  });
});

describe('coupons', () => {
  it('are valid to the end of the Shanghai day validDays after issue', () => {
    // Issued 2026-11-23 10:00 Shanghai, 30 days: through 2026-12-23 23:59:59.999 Shanghai.
    expect(couponValidUntil(new Date('2026-11-23T02:00:00Z'), 30)).toBe('2026-12-23T15:59:59.999Z');
  });
  it('are unused, used or expired', () => {
    expect(couponStatus({ usedAt: null, validUntil: '2026-12-01T00:00:00.000Z' }, now)).toBe('unused');
    expect(couponStatus({ usedAt: '2026-11-14T00:00:00.000Z', validUntil: '2026-12-01T00:00:00.000Z' }, now)).toBe('used');
    expect(couponStatus({ usedAt: null, validUntil: '2026-11-01T00:00:00.000Z' }, now)).toBe('expired');
  });
  it('have 12-character codes without look-alike characters', () => {
    const code = newCouponCode((n) => Uint8Array.from({ length: n }, (_, i) => i * 37));
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{12}$/);
  });
});

describe('goods redemptions', () => {
  it('never lapse while waiting to be shipped; a pickup still expires at the end of its day', () => {
    const waiting = { usedAt: null, validUntil: '2026-12-20T15:59:59.999Z' };
    const later = new Date('2027-03-01T00:00:00.000Z');
    expect(couponStatus({ ...waiting, fulfilment: 'delivery' }, later)).toBe('unused');
    expect(couponStatus({ ...waiting, fulfilment: 'pickup' }, later)).toBe('expired');
    expect(couponStatus({ ...waiting, fulfilment: 'delivery', usedAt: '2026-12-01T00:00:00.000Z' }, later)).toBe('used');
  });

  it('are filed under each phone’s last four digits and the nickname, each once', () => {
    expect(goodsSearchTerms({ phones: ['138****1234', '13900001234', null], nickname: ' 茶友Amy ' })).toEqual([
      'PHONE4#1234',
      'NICK#茶友amy',
    ]);
    expect(goodsSearchTerms({ phones: [null], nickname: null })).toEqual([]);
  });

  it.each([
    ['12345678', { redemptionNo: '12345678' }],
    [' 1234 ', { term: 'PHONE4#1234' }],
    ['茶友AMY', { term: 'NICK#茶友amy' }],
    ['123456', { term: 'NICK#123456' }],
  ])('read a search for %j as %o', (q, search) => {
    expect(goodsSearchQuery(q)).toEqual(search);
  });

  it('get 8-digit numbers', () => {
    expect(newRedemptionNumber(() => new Uint8Array([0, 9, 10, 255, 128, 7, 3, 99]))).toBe('09058739');
  });
});
