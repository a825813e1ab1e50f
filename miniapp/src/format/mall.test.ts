import { describe, expect, it } from 'vitest';
import {
  availabilityText,
  couponTermsText,
  discountText,
  ineligibleText,
  normalizeCouponCode,
  rewardLimitTexts,
  rewardTermsText,
  tierNames,
  tierRestrictionText,
  validDaysText,
} from './mall';

describe('couponTermsText', () => {
  it('spells out amount-off coupons', () => {
    expect(couponTermsText({ type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000 })).toBe('满100减10');
    expect(couponTermsText({ type: 'amount_off', amountOffFen: 550, minSpendFen: 3_990 })).toBe('满39.9减5.5');
    expect(couponTermsText({ type: 'amount_off', amountOffFen: 500, minSpendFen: 0 })).toBe('无门槛减5');
  });

  it('spells out discount coupons as 折', () => {
    expect(couponTermsText({ type: 'discount', discountPercent: 85, minSpendFen: 10_000 })).toBe('满100享85折');
    expect(couponTermsText({ type: 'discount', discountPercent: 90, minSpendFen: 0 })).toBe('无门槛9折');
  });
});

describe('discountText', () => {
  it.each([
    [85, '85折'],
    [90, '9折'],
    [95, '95折'],
    [50, '5折'],
    [5, '0.5折'],
  ])('%i%% to pay is %s', (percent, text) => {
    expect(discountText(percent)).toBe(text);
  });
});

describe('rewardTermsText', () => {
  it('gives coupon terms or how goods are handed over', () => {
    expect(rewardTermsText({ coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 }, goods: null })).toBe(
      '满100减10',
    );
    expect(rewardTermsText({ coupon: null, goods: { fulfilment: 'pickup', pickupPlace: '' } })).toBe('实物礼品 · 到店自提');
  });
});

describe('limits and tiers', () => {
  it('names tiers from the built-in ladder, unknown codes as they are', () => {
    expect(tierNames(['gold', 'diamond', 'vip-x'])).toEqual(['金卡会员', '钻石会员', 'vip-x']);
    expect(tierRestrictionText([])).toBeNull();
    expect(tierRestrictionText(['gold', 'diamond'])).toBe('仅限金卡会员、钻石会员');
  });

  it('names tiers from a loaded ladder first, then the built-in one', () => {
    const ladder = [
      { code: 'regular', name: '普通会员' },
      { code: 'gold', name: '黄金会员' },
      { code: 'platinum', name: '铂金会员' },
    ];
    expect(tierNames(['gold', 'platinum', 'diamond', 'vip-x'], ladder)).toEqual(['黄金会员', '铂金会员', '钻石会员', 'vip-x']);
    expect(tierRestrictionText(['gold', 'platinum'], ladder)).toBe('仅限黄金会员、铂金会员');
    expect(rewardLimitTexts({ stock: 1, perMemberLimit: 1, tierCodes: ['platinum'] }, ladder)).toEqual([
      '剩余库存 1',
      '限兑1次',
      '仅限铂金会员',
    ]);
    expect(
      ineligibleText(
        'tier_restricted',
        { tierCodes: ['gold'], availableFrom: '2026-11-01T00:00:00.000Z', availableUntil: '2027-01-01T00:00:00.000Z' },
        new Date(),
        ladder,
      ),
    ).toBe('仅限黄金会员');
  });

  it('lists stock, the per-member limit and any tier restriction', () => {
    expect(rewardLimitTexts({ stock: 12, perMemberLimit: 1, tierCodes: [] })).toEqual(['剩余库存 12', '限兑1次']);
    expect(rewardLimitTexts({ stock: 0, perMemberLimit: 3, tierCodes: ['gold'] })).toEqual(['剩余库存 0', '限兑3次', '仅限金卡会员']);
  });

  it('says how long a coupon stays valid', () => {
    expect(validDaysText(30)).toBe('兑换后30天内有效');
  });
});

describe('ineligibleText', () => {
  const reward = { tierCodes: ['gold'], availableFrom: '2026-11-10T16:00:00.000Z', availableUntil: '2026-12-31T16:00:00.000Z' };
  const now = new Date('2026-11-20T04:00:00.000Z');

  it.each([
    ['points_insufficient', '积分不足'],
    ['out_of_stock', '已兑完'],
    ['limit_reached', '已达上限'],
    ['tier_restricted', '仅限金卡会员'],
  ] as const)('%s → %s', (reason, text) => {
    expect(ineligibleText(reason, reward, now)).toBe(text);
  });

  it('tells a reward not started yet from one that has ended', () => {
    expect(ineligibleText('not_available', reward, new Date('2026-11-01T00:00:00.000Z'))).toBe('未开始');
    expect(ineligibleText('not_available', reward, new Date('2027-01-05T00:00:00.000Z'))).toBe('已结束');
    // Inside the window but withdrawn by an operator.
    expect(ineligibleText('not_available', reward, now)).toBe('已结束');
  });
});

describe('normalizeCouponCode', () => {
  it('accepts 12 characters of 2-9 and A-Z, however they were typed', () => {
    expect(normalizeCouponCode('K7MX2QHP9RTA')).toBe('K7MX2QHP9RTA');
    expect(normalizeCouponCode(' k7mx 2qhp-9rta ')).toBe('K7MX2QHP9RTA');
  });

  it('refuses what cannot be a coupon code, such as a member code', () => {
    expect(normalizeCouponCode('LM-8H3K2Q9T')).toBeNull();
    expect(normalizeCouponCode('K7MX2QHP9RT0')).toBeNull();
    expect(normalizeCouponCode('K7MX2QHP9RTAB')).toBeNull();
    expect(normalizeCouponCode('')).toBeNull();
  });
});

describe('availabilityText', () => {
  it('shows the first and the last Shanghai day on offer', () => {
    expect(availabilityText({ availableFrom: '2026-10-31T16:00:00.000Z', availableUntil: '2027-03-31T16:00:00.000Z' })).toBe(
      '2026-11-01 至 2027-03-31',
    );
  });
});
