import type { ReactNode } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ShopOverview } from '@linli/shared/overview';
import { getShopOverview } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import { TrendChart } from '@/staff/trend-chart';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';
import './index.css';

/** Whole numbers with thousands separators: 12345 → "12,345". */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const money = (fen: number) => formatFen(fen);

/** 店铺概览 (supervisors, admins): the daily glance at members, sales, points, coupons and complaints. */
export default function OverviewPage() {
  return (
    <StaffFrame title="店铺概览">
      <OverviewContent />
    </StaffFrame>
  );
}

function OverviewContent() {
  const overview = useResource(getShopOverview);

  usePullDownRefresh(async () => {
    await overview.reload();
    Taro.stopPullDownRefresh();
  });

  if (overview.state.status === 'loading') return <Loading rows={6} />;
  if (overview.state.status === 'error') {
    return isForbidden(overview.state.error) ? (
      <Forbidden text="店铺概览仅限主管和管理员查看" />
    ) : (
      <ErrorState message={overview.state.message} onRetry={overview.reload} />
    );
  }
  const o = overview.state.data;
  return (
    <View className="page overview-page" data-testid="overview">
      <Section title="会员" testId="overview-members">
        <Figure label="会员总数" value={count(o.members.total)} testId="overview-members-total" />
        <Figure label="本周新增" value={count(o.members.newThisWeek)} testId="overview-members-week" />
        <Figure label="本月新增" value={count(o.members.newThisMonth)} testId="overview-members-month" />
        <Trend o={o} title="每日新增会员" values={o.members.newTrend} testId="overview-members-trend" />
      </Section>
      <Section title="会员订单" testId="overview-orders">
        <Figure label="本月订单" value={count(o.orders.thisMonth)} testId="overview-orders-month" />
        <Figure label="本月销售额" value={money(o.orders.salesFenThisMonth)} testId="overview-sales-month" wide />
        <Trend o={o} title="每日销售额（扣除退款）" values={o.orders.salesFenTrend} format={money} testId="overview-sales-trend" />
      </Section>
      <Section title="积分" testId="overview-points">
        <Figure label="本月发放" value={count(o.points.issuedThisMonth)} testId="overview-points-issued" />
        <Figure label="本月兑换" value={count(o.points.redeemedThisMonth)} testId="overview-points-redeemed" />
        <Figure label="未使用积分" value={count(o.points.outstanding)} testId="overview-points-outstanding" />
        <Trend o={o} title="每日发放积分" values={o.points.issuedTrend} format={count} testId="overview-points-issued-trend" />
        <Trend
          o={o}
          title="未使用积分（每日结余）"
          values={o.points.outstandingTrend}
          format={count}
          testId="overview-points-outstanding-trend"
        />
      </Section>
      <Section title="优惠券" testId="overview-coupons">
        <Figure label="本月发放" value={count(o.coupons.issuedThisMonth)} testId="overview-coupons-issued" />
        <Figure label="本月核销" value={count(o.coupons.usedThisMonth)} testId="overview-coupons-used" />
        <Trend o={o} title="每日核销" values={o.coupons.usedTrend} testId="overview-coupons-trend" />
      </Section>
      <Section title="客户投诉" testId="overview-complaints">
        <Figure label="未结投诉" value={count(o.complaints.open)} testId="overview-complaints-open" />
        <Figure
          label="即将超时或已超时"
          value={count(o.complaints.atRisk)}
          testId="overview-complaints-at-risk"
          warn={o.complaints.atRisk > 0}
          wide
        />
        <Trend o={o} title="每日新增投诉" values={o.complaints.filedTrend} testId="overview-complaints-trend" />
      </Section>
      <Text className="overview-note muted">未使用积分为全部会员积分余额之和（含待生效）。趋势为近{o.days.length}天，按北京时间。</Text>
    </View>
  );
}

function Section(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <View className="card overview-section" data-testid={props.testId}>
      <Text className="card__title">{props.title}</Text>
      <View className="overview-figures">{props.children}</View>
    </View>
  );
}

function Figure(props: { label: string; value: string; testId: string; warn?: boolean; wide?: boolean }) {
  return (
    <View className={`overview-figure ${props.wide ? 'overview-figure--wide' : ''}`}>
      <Text className={`overview-figure__value ${props.warn ? 'overview-figure__value--warn' : ''}`} data-testid={props.testId}>
        {props.value}
      </Text>
      <Text className="overview-figure__label">{props.label}</Text>
    </View>
  );
}

function Trend(props: { o: ShopOverview; title: string; values: number[]; testId: string; format?: (n: number) => string }) {
  return (
    <View className="overview-trend">
      <TrendChart title={props.title} days={props.o.days} values={props.values} testId={props.testId} format={props.format} />
    </View>
  );
}
