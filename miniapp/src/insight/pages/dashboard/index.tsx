import { Fragment, useMemo } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { getInsightDashboard } from '@/api/segments';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { StaffFrame } from '@/staff/staff-frame';
import { InsightChart } from '@/insight/charts/insight-chart';
import { RetentionGrid } from '@/insight/charts/retention-grid';
import { dashboardView, type DashboardView } from '@/insight/dashboard';
import './index.css';

/** Where admins set the monthly sales target and the thresholds the scores follow. */
const SETTINGS_PAGE = '/staff/pages/insight-settings/index';

/** 客户洞察 (supervisors, admins): who the members are, how they buy, and what is expected next. */
export default function InsightDashboardPage() {
  return (
    <StaffFrame title="客户洞察">
      <DashboardContent />
    </StaffFrame>
  );
}

function DashboardContent() {
  const roles = loadSession()?.roles ?? [];
  const allowed = roles.includes('admin') || roles.includes('supervisor');
  const dashboard = useResource(getInsightDashboard, { enabled: allowed });
  const view = useMemo(() => (dashboard.state.status === 'ready' ? dashboardView(dashboard.state.data) : null), [dashboard.state]);

  // No insight data for agents (the API refuses them too): say so instead of asking.
  if (!allowed) return <Forbidden text="客户洞察仅限主管和管理员查看" />;
  if (dashboard.state.status === 'loading') return <Loading rows={6} />;
  if (dashboard.state.status === 'error') return <ErrorState message={dashboard.state.message} onRetry={dashboard.reload} />;
  if (!view) return <EmptyState text="客户洞察每晚 02:30 计算一次，首次计算完成后这里会显示会员分析。" />;
  return <Dashboard view={view} admin={roles.includes('admin')} />;
}

function Dashboard({ view, admin }: { view: DashboardView; admin: boolean }) {
  return (
    <View className="page insight-page" data-testid="insight-dashboard">
      <Text className="insight-page__lead muted" data-testid="insight-as-of">
        {view.asOf}
      </Text>
      <View className="card insight-headline">
        {view.headline.map((figure) => (
          <View key={figure.key} className="insight-headline__figure" data-testid={`insight-headline-${figure.key}`}>
            <Text className="insight-headline__value">{figure.value}</Text>
            <Text className="insight-headline__label">{figure.label}</Text>
          </View>
        ))}
      </View>
      <TargetCard target={view.target} admin={admin} />
      <View className="insight-page__grid">
        {view.charts.map((chart) => (
          <Fragment key={chart.key}>
            <InsightChart title={chart.title} spec={chart.spec} note={chart.note} testId={`insight-${chart.key}`} />
            {chart.key === 'categories' && <PairsCard pairs={view.pairs} />}
          </Fragment>
        ))}
        <RetentionGrid title="月度新客留存" data={view.retention} testId="insight-retention" />
      </View>
      {view.notices.map((notice) => (
        <Text key={notice} className="insight-page__notice muted" data-testid="insight-method">
          {notice}
        </Text>
      ))}
    </View>
  );
}

/** 销售目标: this month's sales so far and expected by its end, against the target where one is set. */
function TargetCard({ target, admin }: { target: DashboardView['target']; admin: boolean }) {
  const openSettings = () => void Taro.navigateTo({ url: SETTINGS_PAGE });
  return (
    <View className="card insight-target" data-testid="insight-target">
      <View className="insight-target__head">
        <Text className="card__title">{`${target.month}销售目标`}</Text>
        {admin && (
          <Text className="insight-target__edit" data-testid="insight-target-edit" onClick={openSettings}>
            {target.target ? '修改目标' : '设置目标'}
          </Text>
        )}
      </View>
      {target.target ? (
        <>
          <Text className="insight-target__amount">{target.target.amount}</Text>
          <View className="insight-target__bar">
            <View className="insight-target__expected" style={{ width: `${Math.min(100, target.target.expectedPercent)}%` }} />
            <View className="insight-target__done" style={{ width: `${Math.min(100, target.target.soFarPercent)}%` }} />
          </View>
          <Text className="insight-target__line" data-testid="insight-target-progress">
            {`已完成 ${target.salesSoFar}（${target.target.soFarPercent}%），预计月底 ${target.expectedMonthEnd}（${target.target.expectedPercent}%）`}
          </Text>
        </>
      ) : (
        <Text className="insight-target__line" data-testid="insight-target-progress">
          {`本月已售 ${target.salesSoFar}，预计月底 ${target.expectedMonthEnd}。${admin ? '' : '目标由管理员设置。'}`}
        </Text>
      )}
    </View>
  );
}

/** 常一起买的商品: pairs of products often in one order, with how strongly. */
function PairsCard({ pairs }: { pairs: DashboardView['pairs'] }) {
  return (
    <View className="card insight-pairs" data-testid="insight-pairs">
      <Text className="card__title">常一起买的商品</Text>
      {pairs.length === 0 ? (
        <Text className="insight-chart__empty muted" data-testid="insight-pairs-empty">
          暂无数据
        </Text>
      ) : (
        pairs.map((pair) => (
          <View key={pair.names} className="insight-pairs__row" data-testid="insight-pair">
            <Text className="insight-pairs__names">{pair.names}</Text>
            <Text className="insight-pairs__detail muted">{pair.detail}</Text>
          </View>
        ))
      )}
      {pairs.length > 0 && (
        <Text className="insight-chart__note muted">
          置信度：买了其中一件的订单里也买了另一件的比例；提升度大于 1 表示比偶然更常一起买。
        </Text>
      )}
    </View>
  );
}
