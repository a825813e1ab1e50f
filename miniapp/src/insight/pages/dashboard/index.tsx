import { useCallback, useMemo } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { StaffFrame } from '@/staff/staff-frame';
import { InsightChart } from '@/insight/charts/insight-chart';
import { RetentionGrid } from '@/insight/charts/retention-grid';
import { dashboardCharts } from '@/insight/dashboard';
import { loadInsightDashboard } from '@/insight/sample-dashboard';
import './index.css';

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
  const { params } = useRouter();
  const sample = params.sample;
  const load = useCallback(() => loadInsightDashboard({ sample }), [sample]);
  const dashboard = useResource(load, { enabled: allowed });
  const charts = useMemo(() => (dashboard.state.status === 'ready' ? dashboardCharts(dashboard.state.data) : []), [dashboard.state]);

  // No insight data for agents (the API will refuse them too): say so instead of drawing.
  if (!allowed) return <Forbidden text="客户洞察仅限主管和管理员查看" />;
  if (dashboard.state.status === 'loading') return <Loading rows={6} />;
  if (dashboard.state.status === 'error') return <ErrorState message={dashboard.state.message} onRetry={dashboard.reload} />;
  return (
    <View className="page insight-page" data-testid="insight-dashboard">
      <Text className="insight-page__lead muted">示例数据，仅供预览版式</Text>
      <View className="insight-page__grid">
        {charts.map((chart) => (
          <InsightChart key={chart.key} title={chart.title} spec={chart.spec} note={chart.note} testId={`insight-${chart.key}`} />
        ))}
        <RetentionGrid title="月度新客留存" data={dashboard.state.data.retention} testId="insight-retention" />
      </View>
    </View>
  );
}
