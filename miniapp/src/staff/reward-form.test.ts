import { describe, expect, it } from 'vitest';
import { RewardInput, type Reward } from '@linli/shared/mall';
import { emptyRewardForm, formToRewardInput, rewardStatusText, rewardToForm, rewardToInput, type RewardFormValues } from './reward-form';

function filled(overrides: Partial<RewardFormValues> = {}): RewardFormValues {
  return {
    ...emptyRewardForm('2026-11-20'),
    name: '满100减10券',
    pointsPrice: '300',
    stock: '50',
    amountOff: '10',
    minSpend: '100',
    ...overrides,
  };
}

describe('dates', () => {
  it('offers a new reward from today for 30 days', () => {
    const form = emptyRewardForm('2026-11-20');
    expect([form.availableFrom, form.availableUntil]).toEqual(['2026-11-20', '2026-12-20']);
  });
});

describe('formToRewardInput', () => {
  it('builds an amount-off coupon with yuan turned into fen, on offer through the whole last Shanghai day', () => {
    const result = formToRewardInput(filled({ amountOff: '9.9', minSpend: '99.5' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toEqual({
      kind: 'coupon',
      name: '满100减10券',
      description: '',
      pointsPrice: 300,
      stock: 50,
      perMemberLimit: 1,
      tierCodes: [],
      availableFrom: '2026-11-19T16:00:00.000Z',
      availableUntil: '2026-12-20T16:00:00.000Z',
      coupon: { type: 'amount_off', amountOffFen: 990, minSpendFen: 9_950, validDays: 30 },
      pictureKey: null,
      active: true,
    });
    // And the API's own schema accepts it.
    expect(RewardInput.safeParse(result.input).success).toBe(true);
  });

  it('builds a discount coupon', () => {
    const result = formToRewardInput(filled({ couponType: 'discount', discountPercent: '85', amountOff: '' }));
    expect(result.ok && result.input.coupon).toEqual({ type: 'discount', discountPercent: 85, minSpendFen: 10_000, validDays: 30 });
    expect(result.ok && RewardInput.safeParse(result.input).success).toBe(true);
  });

  it('says what is wrong, field by field', () => {
    const result = formToRewardInput(
      filled({
        name: ' ',
        pointsPrice: '0',
        stock: '-1',
        perMemberLimit: '',
        amountOff: '1.005',
        validDays: '400',
        availableFrom: '2026-12-01',
        availableUntil: '2026-11-30',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'amountOff',
      'availableUntil',
      'name',
      'perMemberLimit',
      'pointsPrice',
      'stock',
      'validDays',
    ]);
    expect(result.errors.availableUntil).toBe('结束日期不能早于开始日期');
  });

  it('refuses an amount off that is not below the minimum spend', () => {
    const result = formToRewardInput(filled({ amountOff: '100', minSpend: '100' }));
    expect(!result.ok && result.errors.amountOff).toBe('减免金额应小于门槛金额');
  });

  it('refuses a discount outside 1-99', () => {
    const result = formToRewardInput(filled({ couponType: 'discount', discountPercent: '100' }));
    expect(!result.ok && result.errors.discountPercent).toBeTruthy();
  });
});

const reward: Reward = {
  rewardId: 'rw-1',
  kind: 'coupon',
  name: '满100享85折',
  description: '全场通用',
  pointsPrice: 500,
  stock: 20,
  perMemberLimit: 2,
  tierCodes: ['gold'],
  availableFrom: '2026-11-19T16:00:00.000Z',
  availableUntil: '2026-12-20T16:00:00.000Z',
  coupon: { type: 'discount', discountPercent: 85, minSpendFen: 10_000, validDays: 15 },
  goods: null,
  pictureKey: null,
  pictureUrl: null,
  active: true,
  version: 3,
};

describe('editing', () => {
  it('fills the form from a reward and gives the same reward back', () => {
    const form = rewardToForm(reward);
    expect(form).toMatchObject({
      pointsPrice: '500',
      discountPercent: '85',
      minSpend: '100',
      availableFrom: '2026-11-20',
      availableUntil: '2026-12-20',
      tierCodes: ['gold'],
    });
    const result = formToRewardInput(form);
    expect(result.ok && result.input).toEqual(rewardToInput(reward));
  });

  it('turns a reward back into its input unchanged', () => {
    expect(RewardInput.safeParse(rewardToInput(reward)).success).toBe(true);
    expect(rewardToInput({ ...reward, kind: 'goods', coupon: null, goods: { fulfilment: 'pickup', pickupPlace: '' } })).toMatchObject({
      goods: { fulfilment: 'pickup', pickupPlace: '' },
    });
  });
});

describe('goods, tiers and pictures', () => {
  it('builds a pickup goods reward with its pickup place, the tiers ticked and the picture, and no coupon terms', () => {
    const result = formToRewardInput(
      filled({
        kind: 'goods',
        name: '土鸡蛋 30 枚',
        amountOff: '',
        fulfilment: 'pickup',
        pickupPlace: ' 邻里生鲜文三路店 ',
        tierCodes: ['gold', 'diamond'],
        pictureKey: 'complaints/m1/p1.png',
      }),
    );
    expect(result.ok && result.input).toMatchObject({
      kind: 'goods',
      goods: { fulfilment: 'pickup', pickupPlace: '邻里生鲜文三路店' },
      tierCodes: ['gold', 'diamond'],
      pictureKey: 'complaints/m1/p1.png',
    });
    expect(result.ok && 'coupon' in result.input).toBe(false);
    expect(result.ok && RewardInput.safeParse(result.input).success).toBe(true);
  });

  it('asks where to pick up a pickup reward, and not for a delivery one', () => {
    expect(formToRewardInput(filled({ kind: 'goods', fulfilment: 'pickup', pickupPlace: ' ' }))).toEqual({
      ok: false,
      errors: { pickupPlace: '请填写自提地点，如门店地址和营业时间' },
    });
    expect(formToRewardInput(filled({ kind: 'goods', fulfilment: 'delivery', amountOff: '' }))).toMatchObject({
      ok: true,
      input: { goods: { fulfilment: 'delivery' } },
    });
  });

  it('edits a goods reward and gives the same reward back', () => {
    const goods: Reward = {
      ...reward,
      kind: 'goods',
      coupon: null,
      goods: { fulfilment: 'pickup', pickupPlace: '文三路店' },
      pictureKey: 'complaints/m1/p2.png',
    };
    const form = rewardToForm(goods);
    expect(form).toMatchObject({ kind: 'goods', fulfilment: 'pickup', pickupPlace: '文三路店', pictureKey: 'complaints/m1/p2.png' });
    const result = formToRewardInput(form);
    expect(result.ok && result.input).toEqual(rewardToInput(goods));
  });
});

describe('rewardStatusText', () => {
  const reward = { active: true, availableFrom: '2026-11-19T16:00:00.000Z', availableUntil: '2026-12-20T16:00:00.000Z', stock: 5 };
  it.each([
    [reward, '2026-11-25T00:00:00.000Z', '兑换中'],
    [{ ...reward, stock: 0 }, '2026-11-25T00:00:00.000Z', '已兑完'],
    [{ ...reward, active: false }, '2026-11-25T00:00:00.000Z', '已下架'],
    [reward, '2026-11-19T15:59:59.999Z', '未开始'],
    [reward, '2026-12-20T16:00:00.000Z', '已结束'],
  ])('%o at %s is %s', (r, at, text) => {
    expect(rewardStatusText(r, new Date(at))).toBe(text);
  });
});
