import { RFM_CLASS_NAMES } from '@linli/shared/insight';
import type {
  GroupBuyArrivalFigures,
  GroupBuyCampaign,
  GroupBuyCampaignStats,
  GroupBuyFunnel,
  GroupBuyFunnelStage,
  GroupBuySegmentFigures,
  GroupRefund,
} from '@linli/shared/groupbuy';
import { formatFen } from '@/format/money';
import { formatShanghaiDateTime } from '@/format/time';
import { campaignStatusText, campaignWindowText } from '@/staff/groupbuy-words';
import { formatValue, type InsightChartSpec } from './charts/chart-spec';

/*
 * 活动数据 (a 拼团 campaign's figures, the seller's view) as people read it: the API's
 * GroupBuyCampaignStats turned into the words, rows and chart specs the page shows. Pure, so the
 * wording and the arithmetic are tested without a page.
 */

/** One figure of a headline card: 「开团 12」. */
export interface Figure {
  key: string;
  label: string;
  value: string;
}

/** A funnel stage as the page lists it beside the chart: how many, and the conversion from the stage before. */
export interface FunnelStageRow {
  key: GroupBuyFunnelStage;
  label: string;
  /** 「300 人」 (invited, viewed: people) or 「120 单」 (joined, paid, succeeded: places). */
  count: string;
  /** 「参团率 40%」; null for the first stage, or when the stage before is 0. */
  conversion: string | null;
}

/** One row of a breakdown (a way buyers came, an RFM class): its funnel, 支付转化率 and 成交额. */
export interface BreakdownRow {
  key: string;
  label: string;
  funnel: GroupBuyFunnel;
  /** paid ÷ viewed in percent; null before anyone of the row viewed. */
  payRate: number | null;
  /** 「12.5%」, or — before anyone viewed. */
  payRateText: string;
  gmv: string;
  /** 「邀请 100 → 浏览 40 → 参团 12 → 支付 10 → 成团 9」, without 邀请 where no one was invited. */
  stages: string;
}

export interface GroupBuyInsightView {
  name: string;
  /** 草稿, 未开始, 进行中 or 已结束, as the 拼团活动 list says it. */
  status: string;
  /** The campaign's window: 「2026-12-01 10:00 至 2026-12-08 10:00」. */
  window: string;
  /** 「数据更新于 2026-12-03 10:15」. */
  asOf: string;
  /** Set when there is nothing to show yet (a draft, no one has come): the page says this instead of figures. */
  empty: string | null;
  groups: Figure[];
  /** 「已结束的 12 个团中成团 10 个，成团率 83.3%」; null before any group settled. */
  groupsNote: string | null;
  /** 成交额 and 退款. */
  money: Figure[];
  refundRows: Array<{ key: GroupRefund['reason']; label: string; value: string }>;
  funnel: { stages: FunnelStageRow[]; spec: InsightChartSpec };
  fission: Figure[];
  arrivals: { rows: BreakdownRow[]; spec: InsightChartSpec };
  segments: { rows: BreakdownRow[]; spec: InsightChartSpec };
}

/** Refund reasons as the seller reads them, in this order. */
export const REFUND_REASON_NAMES: Record<GroupRefund['reason'], string> = {
  left: '退出拼团退款',
  'group-failed': '未成团退款',
  'paid-after-release': '超时支付退款',
  'after-sales': '售后退款',
};

const STAGE_NAMES: Record<GroupBuyFunnelStage, string> = {
  invited: '邀请',
  viewed: '浏览',
  joined: '参团',
  paid: '支付',
  succeeded: '成团',
};

/** What each stage's conversion from the one before is called. */
const CONVERSION_NAMES: Record<Exclude<GroupBuyFunnelStage, 'invited'>, string> = {
  viewed: '受邀打开率',
  joined: '参团率',
  paid: '支付率',
  succeeded: '成团率',
};

/** An invitation whose care rule was deleted since. */
export const DELETED_RULE_NAME = '已删除的关怀计划';
export const SHARE_ARRIVAL_NAME = '好友分享';
export const DIRECT_ARRIVAL_NAME = '自己进入';
/** Buyers with no RFM class before their first touch: new customers and visitors not yet members. */
export const UNSCORED_SEGMENT_NAME = '未评分（新客户、访客）';

export const FUNNEL_NOTE =
  '邀请、浏览按人数计（每人每个活动计一次）；参团、支付、成团按订单计，一人可在限购内参加多个团。受邀打开率：受邀会员中打开活动的比例。';
export const GMV_NOTE = '成交额为成团订单的实付金额，成团后的售后退款未扣除。';
export const FISSION_NOTE = '团长人均分享 = 团长分享次数 ÷ 开团数；新入会：经好友分享来访时还不是会员、之后加入的人。';

/** part ÷ whole in percent, or null when whole is 0 (nothing to convert from). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

const percentText = (percent: number | null) => (percent === null ? '—' : formatValue(percent, 'percent'));
const decimals = (value: number | null, digits: number, unit: string) => (value === null ? '—' : `${value.toFixed(digits)} ${unit}`);
const unitOf = (stage: GroupBuyFunnelStage) => (stage === 'invited' || stage === 'viewed' ? '人' : '单');

/** The stages a funnel shows: from 邀请 when someone was invited, else from 浏览 (no one to convert from). */
function stagesOf(funnel: GroupBuyFunnel): GroupBuyFunnelStage[] {
  const all: GroupBuyFunnelStage[] = ['invited', 'viewed', 'joined', 'paid', 'succeeded'];
  return funnel.invited > 0 ? all : all.slice(1);
}

/**
 * The campaign's funnel, stage by stage with the conversion from the stage before. 浏览 counts
 * everyone who opened the campaign, invited or not, so its conversion from 邀请 is taken over the
 * invited alone: those of them who opened it (the invitation rows' viewers) ÷ those invited.
 */
export function funnelStages(stats: Pick<GroupBuyCampaignStats, 'funnel' | 'byArrival'>): FunnelStageRow[] {
  const { funnel } = stats;
  const stages = stagesOf(funnel);
  const invitedViewers = stats.byArrival.filter((row) => row.arrival === 'invitation').reduce((sum, row) => sum + row.viewed, 0);
  return stages.map((stage, i) => {
    const count = `${formatValue(funnel[stage], 'count')} ${unitOf(stage)}`;
    if (i === 0 || stage === 'invited') return { key: stage, label: STAGE_NAMES[stage], count, conversion: null };
    const before = stages[i - 1]!;
    const rate = stage === 'viewed' ? percentOf(invitedViewers, funnel.invited) : percentOf(funnel[stage], funnel[before]);
    return {
      key: stage,
      label: STAGE_NAMES[stage],
      count,
      conversion: rate === null ? null : `${CONVERSION_NAMES[stage]} ${percentText(rate)}`,
    };
  });
}

/** The funnel chart: the stages as funnelStages lists them, each labelled with its conversion. */
export function funnelSpec(stats: Pick<GroupBuyCampaignStats, 'funnel' | 'byArrival'>): InsightChartSpec {
  const stages = funnelStages(stats);
  return {
    kind: 'funnel',
    format: 'count',
    labels: stages.map((stage) => stage.label),
    series: [{ name: '人数', values: stages.map((stage) => stats.funnel[stage.key]) }],
    stageNotes: stages.map((stage) => stage.conversion),
  };
}

/** 「邀请 100 → 浏览 40 → 参团 12 → 支付 10 → 成团 9」. */
function stagesLine(funnel: GroupBuyFunnel): string {
  return stagesOf(funnel)
    .map((stage) => `${STAGE_NAMES[stage]} ${formatValue(funnel[stage], 'count')}`)
    .join(' → ');
}

function breakdownRow(key: string, label: string, funnel: GroupBuyFunnel): BreakdownRow {
  const payRate = percentOf(funnel.paid, funnel.viewed);
  const { invited, viewed, joined, paid, succeeded, gmvFen } = funnel;
  return {
    key,
    label,
    funnel: { invited, viewed, joined, paid, succeeded, gmvFen },
    payRate,
    payRateText: percentText(payRate),
    gmv: formatFen(gmvFen),
    stages: stagesLine(funnel),
  };
}

/**
 * A way buyers came, named: an invitation by its care rule (A 组 / B 组 when the rule tests two
 * messages, as 关怀计划's results name its arms), 好友分享, or 自己进入.
 */
export function arrivalLabel(row: GroupBuyArrivalFigures, all: readonly GroupBuyArrivalFigures[]): string {
  if (row.arrival === 'share') return SHARE_ARRIVAL_NAME;
  if (row.arrival === 'direct') return DIRECT_ARRIVAL_NAME;
  const rule = row.ruleName ?? DELETED_RULE_NAME;
  // A rule without an A/B test sends everyone arm A: its arm is not worth naming.
  const tested = all.some((other) => other.arrival === 'invitation' && other.ruleId === row.ruleId && other.arm === 'b');
  return tested && row.arm ? `${rule} · ${row.arm === 'a' ? 'A 组' : 'B 组'}` : rule;
}

/** 按来源: a row per invitation rule and arm, then 好友分享, then 自己进入, as the API orders them. */
export function arrivalRows(stats: Pick<GroupBuyCampaignStats, 'byArrival'>): BreakdownRow[] {
  return stats.byArrival.map((row, i) =>
    breakdownRow(`${row.arrival}-${row.ruleId ?? ''}-${row.arm ?? ''}-${i}`, arrivalLabel(row, stats.byArrival), row),
  );
}

/** 按客户分层: a row per RFM class with anyone in it, then the unscored. */
export function segmentRows(stats: Pick<GroupBuyCampaignStats, 'bySegment'>): BreakdownRow[] {
  return stats.bySegment.map((row: GroupBuySegmentFigures) =>
    breakdownRow(row.rfmClass ?? 'unscored', row.rfmClass ? RFM_CLASS_NAMES[row.rfmClass] : UNSCORED_SEGMENT_NAME, row),
  );
}

/** 各来源支付转化率 as horizontal bars (rule names are long); a source no one viewed has no bar. */
export function arrivalSpec(rows: readonly BreakdownRow[]): InsightChartSpec {
  return {
    kind: 'bar',
    format: 'percent',
    labels: rows.map((row) => row.label),
    series: [{ name: '支付转化率', values: rows.map((row) => (row.payRate === null ? null : Number(row.payRate.toFixed(1)))) }],
  };
}

/** 各分层成交额 as horizontal bars. */
export function segmentSpec(rows: readonly BreakdownRow[]): InsightChartSpec {
  return {
    kind: 'bar',
    format: 'fen',
    labels: rows.map((row) => row.label),
    series: [{ name: '成交额', values: rows.map((row) => row.funnel.gmvFen) }],
  };
}

/** What the page says instead of figures, or null when there are figures to show. */
export function emptyText(stats: Pick<GroupBuyCampaignStats, 'status' | 'funnel' | 'groups' | 'fission'>): string | null {
  if (stats.status === 'draft') return '活动还是草稿。发布后，会员浏览、开团、参团和成交的数据会显示在这里。';
  const { funnel } = stats;
  const nothing = funnel.invited + funnel.viewed + funnel.joined === 0 && stats.groups.opened === 0 && stats.fission.shares === 0;
  return nothing ? '还没有人看过这个活动。会员打开活动页、收到关怀邀请或好友分享的拼团后，这里会显示数据。' : null;
}

/** 活动数据 from the API's figures and the campaign itself (its window and state as the list shows them), at `now`. */
export function groupBuyInsightView(stats: GroupBuyCampaignStats, campaign: GroupBuyCampaign, now: Date): GroupBuyInsightView {
  const { groups, refunds, fission } = stats;
  const settled = groups.succeeded + groups.failed;
  const arrivals = arrivalRows(stats);
  const segments = segmentRows(stats);
  const reasons = Object.keys(REFUND_REASON_NAMES) as GroupRefund['reason'][];
  return {
    name: stats.name,
    status: campaignStatusText(campaign, now),
    window: campaignWindowText(campaign.definition),
    asOf: `数据更新于 ${formatShanghaiDateTime(stats.asOf)}`,
    empty: emptyText(stats),
    groups: [
      { key: 'opened', label: '开团', value: `${formatValue(groups.opened, 'count')} 个` },
      { key: 'succeeded', label: '成团', value: `${formatValue(groups.succeeded, 'count')} 个` },
      { key: 'failed', label: '未成团', value: `${formatValue(groups.failed, 'count')} 个` },
      { key: 'forming', label: '进行中', value: `${formatValue(groups.forming, 'count')} 个` },
    ],
    groupsNote:
      settled === 0
        ? null
        : `已结束的 ${settled} 个团中成团 ${groups.succeeded} 个，成团率 ${percentText(percentOf(groups.succeeded, settled))}`,
    money: [
      { key: 'gmv', label: '成交额', value: formatFen(stats.funnel.gmvFen) },
      { key: 'refunds', label: '退款', value: refunds.count === 0 ? '无' : `${refunds.count} 笔 · ${formatFen(refunds.fen)}` },
    ],
    refundRows: reasons.flatMap((reason) => {
      const row = refunds.byReason.find((entry) => entry.reason === reason);
      return row && row.count > 0
        ? [{ key: reason, label: REFUND_REASON_NAMES[reason], value: `${row.count} 笔 · ${formatFen(row.fen)}` }]
        : [];
    }),
    funnel: { stages: funnelStages(stats), spec: funnelSpec(stats) },
    fission: [
      { key: 'shares', label: '分享次数', value: `${formatValue(fission.shares, 'count')} 次` },
      { key: 'leader-shares', label: '其中团长分享', value: `${formatValue(fission.leaderShares, 'count')} 次` },
      { key: 'per-leader', label: '团长人均分享', value: decimals(fission.sharesPerLeader, 1, '次') },
      { key: 'visitors', label: '经分享来访', value: `${formatValue(fission.shareVisitors, 'count')} 人` },
      { key: 'new-members', label: '新入会', value: `${formatValue(fission.newMembers, 'count')} 人` },
      { key: 'per-share', label: '每次分享带来新会员', value: decimals(fission.newMembersPerShare, 2, '人') },
    ],
    arrivals: { rows: arrivals, spec: arrivalSpec(arrivals) },
    segments: { rows: segments, spec: segmentSpec(segments) },
  };
}
