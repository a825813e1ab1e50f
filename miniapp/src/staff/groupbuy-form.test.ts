import { describe, expect, it } from 'vitest';
import { GroupBuyCampaignInput } from '@linli/shared/groupbuy';
import {
  campaignToForm,
  formToCampaign,
  issuesToErrors,
  newGroupBuyForm,
  toggleAudienceChoice,
  withoutError,
  type GroupBuyFormValues,
} from './groupbuy-form';

/** 2026-11-20 09:20 in Shanghai. */
const NOW = new Date('2026-11-20T01:20:00.000Z');

function filled(overrides: Partial<GroupBuyFormValues> = {}): GroupBuyFormValues {
  return {
    ...newGroupBuyForm(NOW),
    name: '赣南脐橙 3 人团',
    sku: 'ORANGE-5KG',
    productName: '赣南脐橙 5 斤装',
    category: '水果',
    originalPrice: '39.9',
    groupPrice: '29.9',
    stock: '100',
    ...overrides,
  };
}

const problems = (values: GroupBuyFormValues) => {
  const result = formToCampaign(values);
  return result.ok ? {} : result.errors;
};

describe('a new campaign', () => {
  it('starts at the next whole hour in Shanghai for 7 days: 3 人团, 24 hours, 15 minutes to pay, one a buyer, for everyone, no leader reward', () => {
    const form = newGroupBuyForm(NOW);
    expect(form).toMatchObject({
      startDate: '2026-11-20',
      startTime: '10:00',
      endDate: '2026-11-27',
      endTime: '10:00',
      groupSize: '3',
      minGroupSize: '',
      groupHours: '24',
      reservationMinutes: '15',
      perBuyerLimit: '1',
      whoMayOpen: { kind: 'all' },
      whoMayJoin: { kind: 'all' },
      leaderReward: 'none',
    });
  });

  it('rolls over to the next Shanghai day late in the evening', () => {
    const form = newGroupBuyForm(new Date('2026-11-20T15:30:00.000Z')); // 23:30 in Shanghai
    expect([form.startDate, form.startTime]).toEqual(['2026-11-21', '00:00']);
  });
});

describe('formToCampaign', () => {
  it('sends prices typed in 元 as fen and the Shanghai times picked as instants, the minimum left to the group size', () => {
    const result = formToCampaign(filled({ startDate: '2026-12-01', startTime: '10:00', endDate: '2026-12-08', endTime: '22:30' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.campaign).toEqual({
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
      reservationMinutes: 15,
      stock: 100,
      perBuyerLimit: 1,
      startsAt: '2026-12-01T02:00:00.000Z',
      endsAt: '2026-12-08T14:30:00.000Z',
      whoMayOpen: { kind: 'all' },
      whoMayJoin: { kind: 'all' },
      leaderReward: { kind: 'none' },
    });
    // And the API's own schema takes it as it is.
    expect(GroupBuyCampaignInput.parse(result.campaign)).toEqual(result.campaign);
  });

  it('sends the pictures it is given (kept ones, then new uploads), the first as the cover', () => {
    const result = formToCampaign(filled({ pictureKeys: ['complaints/m1/a.png'] }), ['complaints/m1/a.png', 'complaints/m1/b.jpg']);
    expect(result.ok && result.campaign.product.pictureKeys).toEqual(['complaints/m1/a.png', 'complaints/m1/b.jpg']);
  });

  it('sends 新人团 for opening, chosen segments for joining, and a minimum below the group size', () => {
    const result = formToCampaign(
      filled({
        minGroupSize: '2',
        whoMayOpen: { kind: 'new-customers', segmentIds: [], tierCodes: [] },
        // The tiers once ticked stay in the form, but only the chosen kind's list is sent.
        whoMayJoin: { kind: 'segments', segmentIds: ['sg_1', 'sg_2'], tierCodes: ['gold'] },
      }),
    );
    expect(result.ok && result.campaign).toMatchObject({
      minGroupSize: 2,
      whoMayOpen: { kind: 'new-customers' },
      whoMayJoin: { kind: 'segments', segmentIds: ['sg_1', 'sg_2'] },
    });
  });

  it('sends a leader reward of points, or a coupon with its terms in fen', () => {
    expect(formToCampaign(filled({ leaderReward: 'points', leaderPoints: '200' }))).toMatchObject({
      ok: true,
      campaign: { leaderReward: { kind: 'points', points: 200 } },
    });
    const coupon = formToCampaign(
      filled({
        leaderReward: 'coupon',
        leaderCoupon: { couponType: 'amount_off', amountOff: '10', discountPercent: '', minSpend: '99.9', validDays: '30' },
      }),
    );
    expect(coupon.ok && coupon.campaign.leaderReward).toEqual({
      kind: 'coupon',
      coupon: { type: 'amount_off', amountOffFen: 1000, minSpendFen: 9990, validDays: 30 },
    });
  });

  it('refuses a group price not below the original price, as the schema does, in words', () => {
    expect(problems(filled({ groupPrice: '39.9' }))).toEqual({ 'product.groupPriceFen': '拼团价须低于原价' });
    expect(problems(filled({ groupPrice: '45' }))).toEqual({ 'product.groupPriceFen': '拼团价须低于原价' });
  });

  it('refuses a minimum above the group size', () => {
    expect(problems(filled({ groupSize: '3', minGroupSize: '4' }))).toEqual({ minGroupSize: '最少成团人数不能超过成团人数' });
  });

  it('refuses an end not after the start', () => {
    expect(problems(filled({ startDate: '2026-12-08', startTime: '10:00', endDate: '2026-12-08', endTime: '10:00' }))).toEqual({
      endsAt: '结束时间须晚于开始时间',
    });
  });

  it('asks for at least one segment or tier when the audience is a choice of them', () => {
    expect(
      problems(
        filled({
          whoMayOpen: { kind: 'tiers', segmentIds: [], tierCodes: [] },
          whoMayJoin: { kind: 'segments', segmentIds: [], tierCodes: ['gold'] },
        }),
      ),
    ).toEqual({ 'whoMayOpen.tierCodes': '请选择 1 到 10 个等级', 'whoMayJoin.segmentIds': '请选择 1 到 10 个分群' });
  });

  it('says every problem at once, each by its field', () => {
    const errors = problems(
      filled({
        name: ' ',
        sku: '',
        productName: '',
        category: '',
        originalPrice: '39.999',
        groupPrice: '0',
        groupSize: '1',
        groupHours: '73',
        reservationMinutes: '3',
        stock: '',
        perBuyerLimit: '101',
        startTime: '',
        leaderReward: 'coupon',
        leaderCoupon: { couponType: 'discount', amountOff: '', discountPercent: '100', minSpend: '0', validDays: '0' },
      }),
    );
    expect(errors).toEqual({
      name: '活动名称填 1 到 30 个字',
      'product.sku': '商品编码填 1 到 64 个字符',
      'product.name': '商品名称填 1 到 60 个字',
      'product.category': '商品品类填 1 到 64 个字',
      'product.originalPriceFen': '原价填大于 0 的金额，如 39.9',
      'product.groupPriceFen': '拼团价填大于 0 的金额，且须低于原价',
      groupSize: '成团人数填 2 到 50 的整数',
      groupHours: '成团时限填 1 到 72 小时',
      reservationMinutes: '支付时限填 5 到 120 分钟',
      stock: '库存填 1 到 1000000 的整数',
      perBuyerLimit: '每人限购填 1 到 100 的整数',
      startsAt: '请选择开始时间',
      'leaderReward.coupon.discountPercent': '折扣填 1 到 99，如 85 表示八五折',
      'leaderReward.coupon.validDays': '有效天数 1 到 366',
    });
  });

  it('refuses a leader reward of no points', () => {
    expect(problems(filled({ leaderReward: 'points', leaderPoints: '0' }))).toEqual({
      'leaderReward.points': '奖励积分填 1 到 100000 的整数',
    });
  });
});

describe('a saved campaign', () => {
  const saved = GroupBuyCampaignInput.parse({
    name: '土鸡蛋新人团',
    product: {
      sku: 'EGG-30',
      name: '土鸡蛋 30 枚',
      category: '禽蛋',
      description: '散养土鸡蛋',
      pictureKeys: ['complaints/m1/egg.png'],
      originalPriceFen: 4500,
      groupPriceFen: 2990,
    },
    groupSize: 5,
    minGroupSize: 3,
    groupHours: 48,
    reservationMinutes: 30,
    stock: 200,
    perBuyerLimit: 2,
    startsAt: '2026-12-01T02:00:00.000Z',
    endsAt: '2026-12-31T15:59:00.000Z',
    whoMayOpen: { kind: 'tiers', tierCodes: ['gold'] },
    whoMayJoin: { kind: 'new-customers' },
    leaderReward: { kind: 'coupon', coupon: { type: 'discount', discountPercent: 85, minSpendFen: 0, validDays: 15 } },
  });

  it('fills the form in 元 and Shanghai times, and gives the same campaign back', () => {
    const form = campaignToForm(saved);
    expect(form).toMatchObject({
      originalPrice: '45',
      groupPrice: '29.9',
      minGroupSize: '3',
      startDate: '2026-12-01',
      startTime: '10:00',
      endDate: '2026-12-31',
      endTime: '23:59',
      whoMayOpen: { kind: 'tiers', tierCodes: ['gold'] },
      leaderReward: 'coupon',
      leaderCoupon: { couponType: 'discount', discountPercent: '85', minSpend: '0', validDays: '15' },
    });
    const result = formToCampaign(form);
    expect(result.ok && result.campaign).toEqual(saved);
  });

  it('ticks and unticks a segment, and keeps it while the audience is switched to tiers and back', () => {
    const ticked = toggleAudienceChoice({ kind: 'segments', segmentIds: [], tierCodes: ['gold'] }, 'segmentIds', 'sg_1');
    expect(ticked).toEqual({ kind: 'segments', segmentIds: ['sg_1'], tierCodes: ['gold'] });
    const switched = { ...ticked, kind: 'tiers' as const };
    expect(formToCampaign(filled({ whoMayJoin: switched }))).toMatchObject({
      ok: true,
      campaign: { whoMayJoin: { kind: 'tiers', tierCodes: ['gold'] } },
    });
    expect(formToCampaign(filled({ whoMayJoin: { ...switched, kind: 'segments' } }))).toMatchObject({
      ok: true,
      campaign: { whoMayJoin: { kind: 'segments', segmentIds: ['sg_1'] } },
    });
    expect(toggleAudienceChoice(ticked, 'segmentIds', 'sg_1').segmentIds).toEqual([]);
  });
});

describe("the server's problems", () => {
  it('land where the form puts its own (the PUT body wraps the campaign), a list item’s on its list', () => {
    expect(
      issuesToErrors([
        { path: 'campaign.product.groupPriceFen', message: 'The group price must be below the original price' },
        { path: 'campaign.whoMayJoin.segmentIds.0', message: 'Too small' },
        { path: 'campaign.leaderReward.coupon.validDays', message: 'Too big' },
        { path: 'somethingElse', message: '?' },
      ]),
    ).toEqual({
      'product.groupPriceFen': '拼团价填大于 0 的金额，且须低于原价',
      'whoMayJoin.segmentIds': '请选择 1 到 10 个分群',
      'leaderReward.coupon.validDays': '有效天数 1 到 366',
      form: '活动设置有误，请检查后重试',
    });
  });

  it('are forgotten once their field, or a field above them, is edited', () => {
    const errors = { 'leaderReward.coupon.validDays': '有效天数 1 到 366', name: '活动名称填 1 到 30 个字', form: '…' };
    expect(withoutError(errors, 'leaderReward')).toEqual({ name: '活动名称填 1 到 30 个字' });
  });
});
