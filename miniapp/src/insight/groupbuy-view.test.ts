import { describe, expect, it } from 'vitest';
import { isEmptyChart } from './charts/chart-spec';
import { runningCampaignStats, statsCampaign, unseenCampaignStats } from '../../../test/fixtures/groupbuy-stats';
import { arrivalLabel, arrivalRows, funnelSpec, funnelStages, groupBuyInsightView, percentOf, segmentRows } from './groupbuy-view';

// A running campaign's figures as the API answered them (test/fixtures/groupbuy-stats.ts): 220
// invited, 255 viewed, 70 places taken, 60 paid, 48 in groups that succeeded.
const NOW = new Date('2026-12-03T03:00:00.000Z');
const view = (stats = runningCampaignStats()) => groupBuyInsightView(stats, statsCampaign(), NOW);
const NO_ONE = { invited: 0, viewed: 0, joined: 0, paid: 0, succeeded: 0, gmvFen: 0 };

describe('活动数据 at a glance', () => {
  it('names the campaign with its state and window, and when the figures are from (Shanghai time)', () => {
    const v = view();
    expect(v.name).toBe('赣南脐橙 3 人团');
    expect(v.status).toBe('进行中');
    expect(v.window).toBe('2026-01-01 10:00 至 2099-01-01 10:00');
    expect(v.asOf).toBe('数据更新于 2026-12-03 10:15');
    expect(v.empty).toBeNull();
    expect(groupBuyInsightView(runningCampaignStats({ status: 'ended' }), statsCampaign({ status: 'ended' }), NOW).status).toBe('已结束');
  });

  it('counts the groups, with the share of settled groups that succeeded', () => {
    const v = view();
    expect(v.groups.map((figure) => `${figure.label} ${figure.value}`)).toEqual(['开团 24 个', '成团 16 个', '未成团 5 个', '进行中 3 个']);
    expect(v.groupsNote).toBe('已结束的 21 个团中成团 16 个，成团率 76.2%');
    expect(view(runningCampaignStats({ groups: { opened: 3, forming: 3, succeeded: 0, failed: 0 } })).groupsNote).toBeNull();
  });

  it('gives 成交额 and the refunds with each reason in words, leaving out reasons with none', () => {
    const v = view();
    expect(v.money.map((figure) => `${figure.label} ${figure.value}`)).toEqual(['成交额 ¥1,435.20', '退款 9 笔 · ¥269.10']);
    expect(v.refundRows.map((row) => `${row.label} ${row.value}`)).toEqual([
      '退出拼团退款 2 笔 · ¥59.80',
      '未成团退款 6 笔 · ¥179.40',
      '售后退款 1 笔 · ¥29.90',
    ]);
    const none = view(runningCampaignStats({ refunds: { count: 0, fen: 0, byReason: [] } }));
    expect(none.money[1]!.value).toBe('无');
    expect(none.refundRows).toEqual([]);
  });

  it('gives the fission figures, — for the ratios before any group or share', () => {
    expect(view().fission.map((figure) => `${figure.label} ${figure.value}`)).toEqual([
      '分享次数 40 次',
      '其中团长分享 36 次',
      '团长人均分享 1.5 次',
      '经分享来访 60 人',
      '新入会 12 人',
      '每次分享带来新会员 0.30 人',
    ]);
    const before = view(unseenCampaignStats()).fission;
    expect(before.find((figure) => figure.key === 'per-leader')!.value).toBe('—');
    expect(before.find((figure) => figure.key === 'per-share')!.value).toBe('—');
  });
});

describe('the funnel', () => {
  it('runs 邀请 → 浏览 → 参团 → 支付 → 成团 with each stage’s conversion from the one before', () => {
    expect(funnelStages(runningCampaignStats())).toEqual([
      { key: 'invited', label: '邀请', count: '220 人', conversion: null },
      // 100 of the 220 invited opened it (the invitation rows); the other 155 viewers came otherwise.
      { key: 'viewed', label: '浏览', count: '255 人', conversion: '受邀打开率 45.5%' },
      { key: 'joined', label: '参团', count: '70 单', conversion: '参团率 27.5%' },
      { key: 'paid', label: '支付', count: '60 单', conversion: '支付率 85.7%' },
      { key: 'succeeded', label: '成团', count: '48 单', conversion: '成团率 80%' },
    ]);
  });

  it('starts at 浏览 when no one was invited, and says no conversion from a stage of 0', () => {
    const stats = runningCampaignStats({ funnel: { ...NO_ONE, viewed: 12 }, byArrival: [] });
    expect(funnelStages(stats)).toEqual([
      { key: 'viewed', label: '浏览', count: '12 人', conversion: null },
      { key: 'joined', label: '参团', count: '0 单', conversion: '参团率 0%' },
      { key: 'paid', label: '支付', count: '0 单', conversion: null },
      { key: 'succeeded', label: '成团', count: '0 单', conversion: null },
    ]);
  });

  it('draws the same stages, each labelled with its conversion', () => {
    const spec = funnelSpec(runningCampaignStats());
    expect(spec).toMatchObject({
      kind: 'funnel',
      format: 'count',
      labels: ['邀请', '浏览', '参团', '支付', '成团'],
      series: [{ values: [220, 255, 70, 60, 48] }],
      stageNotes: [null, '受邀打开率 45.5%', '参团率 27.5%', '支付率 85.7%', '成团率 80%'],
    });
  });
});

describe('按来源', () => {
  it('names each invitation by its rule and arm, a deleted rule as such, then shares and on their own', () => {
    expect(arrivalRows(runningCampaignStats()).map((row) => row.label)).toEqual([
      '生日关怀 · A 组',
      '生日关怀 · B 组',
      '已删除的关怀计划',
      '好友分享',
      '自己进入',
    ]);
  });

  it('leaves the arm out for a rule that tests no second message (everyone gets A)', () => {
    const only = runningCampaignStats().byArrival[0]!;
    expect(arrivalLabel(only, [only])).toBe('生日关怀');
  });

  it('gives each row its funnel, 支付转化率 (paid ÷ viewed) and 成交额', () => {
    const rows = arrivalRows(runningCampaignStats());
    expect(rows.map((row) => [row.payRateText, row.gmv])).toEqual([
      ['25%', '¥269.10'],
      ['32.7%', '¥448.50'],
      ['20%', '¥0.00'],
      ['25%', '¥358.80'],
      ['16.8%', '¥358.80'],
    ]);
    expect(rows[0]!.stages).toBe('邀请 100 → 浏览 40 → 参团 12 → 支付 10 → 成团 9');
    expect(rows[3]!.stages).toBe('浏览 60 → 参团 18 → 支付 15 → 成团 12');
  });

  it('compares the rows’ 支付转化率 as bars, with no bar for a source no one viewed', () => {
    const stats = runningCampaignStats();
    const spec = view(stats).arrivals.spec;
    expect(spec).toMatchObject({ kind: 'bar', format: 'percent', series: [{ values: [25, 32.7, 20, 25, 16.8] }] });
    const unopened = runningCampaignStats({ byArrival: [{ ...stats.byArrival[0]!, ...NO_ONE, invited: 50 }] });
    expect(view(unopened).arrivals.rows[0]!.payRateText).toBe('—');
    expect(isEmptyChart(view(unopened).arrivals.spec)).toBe(true);
  });
});

describe('按客户分层', () => {
  it('names each RFM class, and the unscored as new customers and visitors', () => {
    const rows = segmentRows(runningCampaignStats());
    expect(rows.map((row) => `${row.label} ${row.payRateText} ${row.gmv}`)).toEqual([
      '重要价值 36% ¥478.40',
      '一般保持 17.1% ¥299.00',
      '一般挽留 11.4% ¥89.70',
      '未评分（新客户、访客） 26% ¥568.10',
    ]);
  });

  it('draws 成交额 by class as bars', () => {
    expect(view().segments.spec).toMatchObject({
      kind: 'bar',
      format: 'fen',
      labels: ['重要价值', '一般保持', '一般挽留', '未评分（新客户、访客）'],
      series: [{ values: [47_840, 29_900, 8_970, 56_810] }],
    });
  });
});

describe('nothing to show yet', () => {
  it('says a draft has no figures until it is published', () => {
    expect(view(unseenCampaignStats('draft')).empty).toBe('活动还是草稿。发布后，会员浏览、开团、参团和成交的数据会显示在这里。');
  });

  it('says no one has seen a published campaign yet', () => {
    expect(view(unseenCampaignStats()).empty).toBe(
      '还没有人看过这个活动。会员打开活动页、收到关怀邀请或好友分享的拼团后，这里会显示数据。',
    );
  });

  it('shows figures once anyone was invited, even before anyone opened it', () => {
    expect(view(runningCampaignStats({ funnel: { ...NO_ONE, invited: 30 } })).empty).toBeNull();
  });
});

describe('percentOf', () => {
  it('is null with nothing to convert from', () => {
    expect(percentOf(3, 0)).toBeNull();
    expect(percentOf(1, 4)).toBe(25);
  });
});
