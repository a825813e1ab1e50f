import type { CouponTerms } from '@linli/shared/mall';
import { formatYuanShort, parseYuanToFen } from '@/format/money';

/*
 * A coupon's terms as staff type them (礼品管理's coupon rewards, a 拼团 leader's coupon): 满减 in 元
 * or 折扣 in %, the minimum spend in 元 and the days it stays valid. Money is read as yuan and sent
 * as integer fen.
 */

export interface CouponTermsForm {
  couponType: 'amount_off' | 'discount';
  /** Yuan, e.g. "10" or "9.9". */
  amountOff: string;
  /** The percentage paid: 85 is 八五折. */
  discountPercent: string;
  /** Yuan; 0 for no minimum. */
  minSpend: string;
  validDays: string;
}

export type CouponTermsField = Exclude<keyof CouponTermsForm, 'couponType'>;
export type CouponTermsErrors = Partial<Record<CouponTermsField, string>>;

/** A fresh coupon: 满减, no minimum spend, valid 30 days. */
export function emptyCouponTermsForm(): CouponTermsForm {
  return { couponType: 'amount_off', amountOff: '', discountPercent: '', minSpend: '0', validDays: '30' };
}

/** The form for saved terms (none: a fresh coupon). */
export function couponTermsToForm(terms: CouponTerms | null | undefined): CouponTermsForm {
  if (!terms) return emptyCouponTermsForm();
  return {
    couponType: terms.type,
    amountOff: terms.amountOffFen !== undefined ? formatYuanShort(terms.amountOffFen) : '',
    discountPercent: terms.discountPercent !== undefined ? String(terms.discountPercent) : '',
    minSpend: formatYuanShort(terms.minSpendFen),
    validDays: String(terms.validDays),
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** Checks the terms and builds them, or says what is wrong, field by field, in Chinese. */
export function formToCouponTerms(form: CouponTermsForm): { ok: true; terms: CouponTerms } | { ok: false; errors: CouponTermsErrors } {
  const errors: CouponTermsErrors = {};
  const minSpendFen = parseYuanToFen(form.minSpend || '0');
  if (minSpendFen === null) errors.minSpend = '门槛金额格式不对，如 100 或 99.9';
  let amountOffFen: number | undefined;
  let discountPercent: number | undefined;
  if (form.couponType === 'amount_off') {
    const fen = parseYuanToFen(form.amountOff);
    if (fen === null || fen <= 0) errors.amountOff = '请填写减免金额，如 10';
    else if (minSpendFen !== null && minSpendFen > 0 && fen >= minSpendFen) errors.amountOff = '减免金额应小于门槛金额';
    else amountOffFen = fen;
  } else {
    const percent = wholeNumber(form.discountPercent, 1, 99);
    if (percent === null) errors.discountPercent = '折扣填 1 到 99，如 85 表示八五折';
    else discountPercent = percent;
  }
  const validDays = wholeNumber(form.validDays, 1, 366);
  if (validDays === null) errors.validDays = '有效天数 1 到 366';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    terms: {
      type: form.couponType,
      ...(amountOffFen !== undefined ? { amountOffFen } : {}),
      ...(discountPercent !== undefined ? { discountPercent } : {}),
      minSpendFen: minSpendFen!,
      validDays: validDays!,
    },
  };
}
