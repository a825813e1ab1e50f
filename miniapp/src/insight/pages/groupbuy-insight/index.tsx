import { useEffect, useMemo } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { getGroupBuyCampaign, getGroupBuyStats } from '@/api/staff-groupbuy';
import { ApiError, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { campaignStatusTone } from '@/staff/groupbuy-words';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import { InsightChart } from '@/insight/charts/insight-chart';
import {
  FISSION_NOTE,
  FUNNEL_NOTE,
  GMV_NOTE,
  groupBuyInsightView,
  type BreakdownRow,
  type Figure,
  type GroupBuyInsightView,
} from '@/insight/groupbuy-view';
import './index.css';

/**
 * 活动数据 (supervisors, admins): one 拼团 campaign as the seller sees it — groups opened, succeeded
 * and failed; 成交额 and refunds; the funnel from invitation to success; fission through shares; and
 * all of it by how buyers came (each care invitation's arm, shares, on their own) and by RFM class.
 * Opened from 拼团活动. In the insight subpackage, where the chart library already is.
 */
export default function GroupBuyInsightPage() {
  return (
    <StaffFrame title="活动数据">
      <GroupBuyInsightContent />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '活动数据仅限主管和管理员查看';

function GroupBuyInsightContent() {
  const campaignId = useRouter().params.id ?? '';
  const roles = loadSession()?.roles ?? [];
  const allowed = roles.includes('admin') || roles.includes('supervisor');
  // The figures, and the campaign for its window and its state as 拼团活动 shows it (未开始, 进行中 …).
  const figures = useResource(
    () =>
      campaignId
        ? Promise.all([getGroupBuyStats(campaignId), getGroupBuyCampaign(campaignId)])
        : Promise.reject(new ApiError('GROUP_BUY_NOT_FOUND', 404, 'No id in the page query')),
    { enabled: allowed },
  );
  usePullDownRefresh(async () => {
    await figures.reload();
    Taro.stopPullDownRefresh();
  });
  const view = useMemo(
    () => (figures.state.status === 'ready' ? groupBuyInsightView(figures.state.data[0], figures.state.data[1], new Date()) : null),
    [figures.state],
  );

  const name = view?.name ?? null;
  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: `${name} · 活动数据` }).catch(() => undefined);
  }, [name]);

  if (!allowed) return <Forbidden text={FORBIDDEN_TEXT} />;
  if (figures.state.status === 'loading') return <Loading rows={6} />;
  if (figures.state.status === 'error') {
    const { error, message } = figures.state;
    if (isForbidden(error)) return <Forbidden text={FORBIDDEN_TEXT} />;
    if (error instanceof ApiError && error.code === 'GROUP_BUY_NOT_FOUND') return <EmptyState text="这个拼团活动已不存在" />;
    return <ErrorState message={message} onRetry={() => void figures.reload()} />;
  }
  return <Insight view={view!} />;
}

function Insight({ view }: { view: GroupBuyInsightView }) {
  const desktop = useDesktop();
  return (
    <View className="page gbi" data-testid="groupbuy-insight">
      <View className="card gbi-head">
        <View className="gbi-head__line">
          <Text className="gbi-head__name" data-testid="gbi-name">
            {view.name}
          </Text>
          <Text className={`gbi-state ${campaignStatusTone(view.status) === 'on' ? 'gbi-state--on' : ''}`} data-testid="gbi-status">
            {view.status}
          </Text>
        </View>
        <Text className="gbi-head__window muted">{view.window}</Text>
        <Text className="gbi-head__as-of muted" data-testid="gbi-as-of">
          {view.asOf}
        </Text>
      </View>
      {view.empty ? <EmptyState text={view.empty} /> : <Figures view={view} desktop={desktop} />}
    </View>
  );
}

function Figures({ view, desktop }: { view: GroupBuyInsightView; desktop: boolean }) {
  return (
    <View data-testid="gbi-figures">
      <View className="gbi__grid">
        <FigureCard title="拼团" figures={view.groups} testId="gbi-groups" note={view.groupsNote} />
        <View className="card gbi-money" data-testid="gbi-money">
          <Text className="card__title">成交与退款</Text>
          <FigureGrid figures={view.money} />
          {view.refundRows.map((row) => (
            <View key={row.key} className="gbi-row gbi-refund" data-testid="gbi-refund">
              <Text className="gbi-row__label">{row.label}</Text>
              <Text className="gbi-row__value">{row.value}</Text>
            </View>
          ))}
          <Text className="gbi__note muted">{GMV_NOTE}</Text>
        </View>
        <InsightChart title="转化漏斗" spec={view.funnel.spec} testId="gbi-funnel-chart" />
        <View className="card gbi-funnel" data-testid="gbi-funnel">
          <Text className="card__title">各环节转化</Text>
          {view.funnel.stages.map((stage) => (
            <View key={stage.key} className="gbi-row gbi-stage" data-testid="gbi-stage">
              <Text className="gbi-row__label">{stage.label}</Text>
              <Text className="gbi-row__value">{stage.conversion ? `${stage.count} · ${stage.conversion}` : stage.count}</Text>
            </View>
          ))}
          <Text className="gbi__note muted">{FUNNEL_NOTE}</Text>
        </View>
        <FigureCard title="裂变" figures={view.fission} testId="gbi-fission" note={FISSION_NOTE} />
      </View>

      <Breakdown
        title="按来源"
        nameLabel="来源"
        rows={view.arrivals.rows}
        desktop={desktop}
        testId="gbi-arrivals"
        note="支付转化率 = 支付单数 ÷ 浏览人数。每位客户按第一次接触活动的方式计入：关怀邀请（按计划和 A/B 组）、好友分享或自己进入。"
      />
      <InsightChart title="各来源支付转化率" spec={view.arrivals.spec} testId="gbi-arrivals-chart" emptyText="还没有人浏览" />
      <Breakdown
        title="按客户分层"
        nameLabel="客户分层"
        rows={view.segments.rows}
        desktop={desktop}
        testId="gbi-segments"
        note="按客户第一次接触活动前一晚的 RFM 分层统计；未评分的为新客户或还不是会员的访客。"
      />
      <InsightChart title="各分层成交额" spec={view.segments.spec} testId="gbi-segments-chart" emptyText="还没有成团的订单" />
    </View>
  );
}

function FigureGrid({ figures }: { figures: readonly Figure[] }) {
  return (
    <View className="gbi-figures">
      {figures.map((figure) => (
        <View key={figure.key} className={`gbi-figure gbi-figure--${figure.key}`} data-testid="gbi-figure">
          <Text className="gbi-figure__value">{figure.value}</Text>
          <Text className="gbi-figure__label">{figure.label}</Text>
        </View>
      ))}
    </View>
  );
}

function FigureCard(props: { title: string; figures: readonly Figure[]; testId: string; note: string | null }) {
  return (
    <View className={`card ${props.testId}`} data-testid={props.testId}>
      <Text className="card__title">{props.title}</Text>
      <FigureGrid figures={props.figures} />
      {props.note && <Text className="gbi__note muted">{props.note}</Text>}
    </View>
  );
}

/** A breakdown's rows: a sortable table on a desktop; on a phone a block per row, its funnel on a line. */
function Breakdown(props: {
  title: string;
  nameLabel: string;
  rows: readonly BreakdownRow[];
  desktop: boolean;
  testId: string;
  note: string;
}) {
  return (
    <View className={`card gbi-breakdown ${props.testId}`} data-testid={props.testId}>
      <Text className="card__title">{props.title}</Text>
      {props.rows.length === 0 ? (
        <Text className="muted">暂无数据</Text>
      ) : props.desktop ? (
        <StaffTable
          testId={`${props.testId}-table`}
          rows={props.rows}
          columns={breakdownColumns(props.nameLabel)}
          rowKey={(row) => row.key}
          rowProps={() => ({ 'data-testid': 'gbi-breakdown-row' })}
        />
      ) : (
        props.rows.map((row) => (
          <View key={row.key} className="gbi-breakdown__row" data-testid="gbi-breakdown-row">
            <View className="gbi-breakdown__head">
              <Text className="gbi-breakdown__name">{row.label}</Text>
              <Text className="gbi-breakdown__figures">{`支付转化率 ${row.payRateText} · 成交额 ${row.gmv}`}</Text>
            </View>
            <Text className="gbi-breakdown__stages muted">{row.stages}</Text>
          </View>
        ))
      )}
      <Text className="gbi__note muted">{props.note}</Text>
    </View>
  );
}

const count = (key: 'invited' | 'viewed' | 'joined' | 'paid' | 'succeeded', label: string): StaffTableColumn<BreakdownRow> => ({
  key,
  label,
  numeric: true,
  descFirst: true,
  sortValue: (row) => row.funnel[key],
  render: (row) => String(row.funnel[key]),
});

const breakdownColumns = (nameLabel: string): StaffTableColumn<BreakdownRow>[] => [
  { key: 'name', label: nameLabel, wide: true, render: (row) => row.label },
  count('invited', '邀请'),
  count('viewed', '浏览'),
  count('joined', '参团'),
  count('paid', '支付'),
  count('succeeded', '成团'),
  {
    key: 'pay-rate',
    label: '支付转化率',
    numeric: true,
    descFirst: true,
    sortValue: (row) => row.payRate ?? -1,
    render: (row) => row.payRateText,
  },
  { key: 'gmv', label: '成交额', numeric: true, descFirst: true, sortValue: (row) => row.funnel.gmvFen, render: (row) => row.gmv },
];
