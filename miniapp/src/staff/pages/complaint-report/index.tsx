import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { ComplaintFigures } from '@linli/shared/complaints';
import { getComplaintReport } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { shanghaiToday } from '@/format/time';
import { ParetoChart } from '@/staff/pareto-chart';
import { percentText, workingMinutesText } from '@/staff/pareto-layout';
import { exportComplaintCsv } from '@/staff/report-export';
import { presetRange, type RangePreset, type ReportRange } from '@/staff/report-range';
import { ReportRangePicker } from '@/staff/report-range-picker';
import '@/staff/pages/staff.css';
import { useCsvExport } from '@/staff/csv-export-state';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/complaints/complaints.css';

export default function ComplaintReportPage() {
  return (
    <StaffFrame title="投诉分析">
      <ComplaintReportContent />
    </StaffFrame>
  );
}

/** 投诉分析 (supervisors, admins): the period's Pareto charts, clocks, SLA attainment, reopen rate, ratings, per agent; CSV. */
function ComplaintReportContent() {
  const today = shanghaiToday(new Date());
  const [preset, setPreset] = useState<RangePreset | null>('last30');
  const [range, setRange] = useState<ReportRange>(() => presetRange('last30', today));
  const report = useResource(() => getComplaintReport(range.from, range.to));
  const { exporting, exportError, exportCsv } = useCsvExport(() => exportComplaintCsv(range.from, range.to));

  const choose = (next: ReportRange, chosen: RangePreset | null) => {
    setPreset(chosen);
    setRange(next);
  };
  // A new period: load its report.
  useReloadOnChange(report.reload, [range.from, range.to]);
  usePullDownRefresh(async () => {
    await report.reload();
    Taro.stopPullDownRefresh();
  });

  if (report.state.status === 'error' && isForbidden(report.state.error)) return <Forbidden text="投诉分析仅限主管和管理员查看" />;
  return (
    <View className="page">
      <ReportRangePicker today={today} range={range} preset={preset} onChange={choose} />
      <ReportBody state={report.state} onRetry={() => void report.reload()} />
      <View className="card">
        {exportError && <Text className="notice notice--error">{exportError}</Text>}
        <Button className="btn btn--ghost" data-testid="report-export" {...whileBusy(exporting)} onClick={() => void exportCsv()}>
          导出明细（CSV）
        </Button>
      </View>
    </View>
  );
}

function ReportBody({
  state,
  onRetry,
}: {
  state: ReturnType<typeof useResource<Awaited<ReturnType<typeof getComplaintReport>>>>['state'];
  onRetry: () => void;
}) {
  if (state.status === 'loading') return <Loading rows={4} />;
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  const report = state.data;
  return (
    <View data-testid="report">
      <View className="card">
        <Text className="card__title">总体</Text>
        <Figures figures={report.overall} testId="report-overall" />
      </View>
      <ParetoChart title="按投诉类型" bars={report.byCategory} testId="report-by-category" />
      <ParetoChart title="按根因" bars={report.byRootCause} testId="report-by-cause" />
      <ParetoChart title="按商品" bars={report.byProduct} testId="report-by-product" />
      <View className="card" data-testid="report-agents">
        <Text className="card__title">按处理人</Text>
        {report.byAgent.length === 0 && <Text className="muted">这段时间还没有认领的投诉</Text>}
        {report.byAgent.map((agent) => (
          <View key={agent.agentId} className="report-agent" data-testid="report-agent">
            <Text className="report-agent__name">{agent.agentName ?? '已离职员工'}</Text>
            <View className="report-agent__figures">
              <Text>投诉 {agent.complaints}</Text>
              <Text>首响中位 {workingMinutesText(agent.medianFirstResponseWorkingMinutes)}</Text>
              <Text>解决中位 {workingMinutesText(agent.medianResolutionWorkingMinutes)}</Text>
              <Text>达成率 {percentText(agent.slaAttainment)}</Text>
              <Text>评分 {agent.averageRating ?? '—'}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

function Figures({ figures, testId }: { figures: ComplaintFigures; testId: string }) {
  const items: Array<[string, string, string]> = [
    ['complaints', '投诉量', String(figures.complaints)],
    ['first-response', '首次响应中位数', workingMinutesText(figures.medianFirstResponseWorkingMinutes)],
    ['resolution', '解决用时中位数', workingMinutesText(figures.medianResolutionWorkingMinutes)],
    ['sla', 'SLA 达成率', percentText(figures.slaAttainment)],
    ['reopen', '重开率', percentText(figures.reopenRate)],
    ['rating', '平均评分', figures.averageRating === null ? '—' : figures.averageRating.toFixed(1)],
  ];
  return (
    <View className="report-figures" data-testid={testId}>
      {items.map(([key, label, value]) => (
        <View key={key} className="report-figure">
          <Text className="report-figure__value" data-testid={`${testId}-${key}`}>
            {value}
          </Text>
          <Text className="report-figure__label">{label}</Text>
        </View>
      ))}
    </View>
  );
}
