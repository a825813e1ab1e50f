import { describe, expect, it } from 'vitest';
import { CouponTerms } from '@linli/shared/mall';
import { couponTermsToForm, emptyCouponTermsForm, formToCouponTerms } from './coupon-terms-form';

describe('coupon terms as typed', () => {
  it('reads 元 as fen and gives saved terms back unchanged', () => {
    const terms = { type: 'amount_off', amountOffFen: 990, minSpendFen: 9950, validDays: 30 } as const;
    expect(couponTermsToForm(terms)).toEqual({
      couponType: 'amount_off',
      amountOff: '9.9',
      discountPercent: '',
      minSpend: '99.5',
      validDays: '30',
    });
    expect(formToCouponTerms(couponTermsToForm(terms))).toEqual({ ok: true, terms });
    const discount = { type: 'discount', discountPercent: 85, minSpendFen: 0, validDays: 7 } as const;
    expect(formToCouponTerms(couponTermsToForm(discount))).toEqual({ ok: true, terms: discount });
    expect(CouponTerms.safeParse(discount).success).toBe(true);
  });

  it('starts a fresh coupon with no minimum, valid 30 days, and asks for the amount off', () => {
    expect(formToCouponTerms(emptyCouponTermsForm())).toEqual({ ok: false, errors: { amountOff: '请填写减免金额，如 10' } });
  });

  it('refuses an amount off not below the minimum spend, a discount outside 1–99 and days outside 1–366', () => {
    const form = emptyCouponTermsForm();
    expect(formToCouponTerms({ ...form, amountOff: '100', minSpend: '100' })).toEqual({
      ok: false,
      errors: { amountOff: '减免金额应小于门槛金额' },
    });
    expect(formToCouponTerms({ ...form, couponType: 'discount', discountPercent: '100', validDays: '367', minSpend: 'abc' })).toEqual({
      ok: false,
      errors: {
        discountPercent: '折扣填 1 到 99，如 85 表示八五折',
        validDays: '有效天数 1 到 366',
        minSpend: '门槛金额格式不对，如 100 或 99.9',
      },
    });
  });
});
