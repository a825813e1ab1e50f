import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SERVICE_NOTICE_NAMES, serviceNoticeKindOf, type CareRuleResults, type DeliveryStatus } from '@linli/shared/care-rules';
import { getCareRule, getCareRuleResults, listRuleDeliveries, type LoggedDelivery } from '@/api/care';
import { isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { DELIVERY_STATUS_FILTERS, deliveryStatusText, failureText, liftText, resultNotes, resultRows, TOO_FEW_TEXT } from '@/format/care';
import { formatShanghaiDateTime } from '@/format/time';
import { openCustomer } from '@/staff/segment-pages';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';

/** 发送记录: what one rule's messages brought over 30 days, and its deliveries newest first, filtered by status. */
export default function CareLogPage() {
  return (
    <StaffFrame title="发送记录">
      <CareLogContent />
    </StaffFrame>
  );
}

function CareLogContent() {
  const ruleId = useRouter().params.id ?? '';
  const serviceKind = serviceNoticeKindOf(ruleId);
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const rule = useResource(() => getCareRule(ruleId));
  const results = useResource(() => getCareRuleResults(ruleId));
  const list = usePagedList((cursor?: string) => listRuleDeliveries(ruleId, status, cursor));
  const desktop = useDesktop();
  useReloadOnChange(list.refresh, [status]);

  const choose = (next: DeliveryStatus | undefined) => setStatus(next);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden text="发送记录仅限主管和管理员查看" />;
  const more = () => void list.loadMore();
  // A rule tested A/B names each delivery's group (one whose test has ended still has B deliveries).
  const abTest =
    (rule.state.status === 'ready' && rule.state.data.variant !== null) ||
    (list.state.status === 'ready' && list.state.items.some((delivery) => delivery.arm === 'b'));
  return (
    <View className="page care-log" data-testid="care-log">
      {serviceKind ? (
        // A built-in service notice has a log but no rule (nor results) to read.
        <Text className="care-log__rule" data-testid="care-log-rule">
          {`服务通知：${SERVICE_NOTICE_NAMES[serviceKind]}`}
        </Text>
      ) : (
        rule.state.status === 'ready' && (
          <Text className="care-log__rule" data-testid="care-log-rule">
            {rule.state.data.name}
          </Text>
        )
      )}
      {results.state.status === 'ready' && <ResultsCard results={results.state.data} />}
      <View className="segment-chips care-log__filters" data-testid="care-log-filter">
        <Text
          className={`segment-chip ${status === undefined ? 'segment-chip--on' : ''}`}
          data-testid="care-log-filter-all"
          onClick={() => choose(undefined)}
        >
          全部
        </Text>
        {DELIVERY_STATUS_FILTERS.map((filter) => (
          <Text
            key={filter.status}
            className={`segment-chip ${status === filter.status ? 'segment-chip--on' : ''}`}
            data-testid={`care-log-filter-${filter.status}`}
            onClick={() => choose(filter.status)}
          >
            {filter.label}
          </Text>
        ))}
      </View>
      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : list.state.items.length === 0 ? (
        <EmptyState text={status ? '没有这种状态的发送记录' : '这条关怀计划还没有发送记录'} />
      ) : (
        <>
          {desktop ? (
            <StaffTable
              testId="care-log-table"
              rows={list.state.items}
              columns={deliveryColumns(abTest)}
              rowKey={(delivery) => delivery.deliveryId}
              rowProps={() => ({ 'data-testid': 'care-delivery' })}
              onRowClick={openCustomer}
            />
          ) : (
            list.state.items.map((delivery) => <DeliveryRow key={delivery.deliveryId} delivery={delivery} abTest={abTest} />)
          )}
          {/* 加载更多 on a phone too: a log read to find one delivery need not be scrolled to its end. */}
          <ListFooter status={list.state.footer} onRetry={more} onMore={more} />
        </>
      )}
    </View>
  );
}

/**
 * 近 30 天效果 as a small table, a row per group (A 组, B 组, 对照组), each figure with its unit; the lift
 * over the hold-out below it. Figures too few to go by are said so above them, before anyone reads them.
 */
function ResultsCard({ results }: { results: CareRuleResults }) {
  const lift = liftText(results);
  return (
    <View className="card care-results" data-testid="care-results">
      <Text className="card__title">近 30 天效果</Text>
      {results.tooFew && (
        <Text className="care-results__warning" data-testid="care-results-too-few">
          {TOO_FEW_TEXT}
        </Text>
      )}
      <View className={`care-results__table ${results.tooFew ? 'care-results__table--tentative' : ''}`}>
        <View className="care-results__row care-results__row--head">
          <Text className="care-results__cell care-results__cell--label">组别</Text>
          <Text className="care-results__cell">人数</Text>
          <Text className="care-results__cell">下单人数</Text>
          <Text className="care-results__cell">下单率</Text>
          <Text className="care-results__cell">订单</Text>
          <Text className="care-results__cell care-results__cell--money">金额</Text>
        </View>
        {resultRows(results).map((row) => (
          <View key={row.label} className="care-results__row" data-testid="care-results-row">
            <Text className="care-results__cell care-results__cell--label">{row.label}</Text>
            <Text className="care-results__cell">{row.members}</Text>
            <Text className="care-results__cell">{row.converted}</Text>
            <Text className="care-results__cell">{row.rate}</Text>
            <Text className="care-results__cell">{row.orders}</Text>
            <Text className="care-results__cell care-results__cell--money">{row.revenue}</Text>
          </View>
        ))}
      </View>
      {lift && (
        <Text className="care-results__lift" data-testid="care-results-lift">
          {lift}
        </Text>
      )}
      {resultNotes(results).map((note) => (
        <Text key={note} className="muted care-hint care-results__note">
          {note}
        </Text>
      ))}
    </View>
  );
}

/** Why a failed delivery failed, in words, when the worker recorded something to say. */
function FailureReason({ delivery }: { delivery: LoggedDelivery }) {
  const why = delivery.status === 'failed' && delivery.detail ? failureText(delivery.detail) : null;
  return why ? (
    <Text className="care-delivery__detail" data-testid="care-delivery-detail">
      {why}
    </Text>
  ) : null;
}

function StatusBadge({ delivery }: { delivery: LoggedDelivery }) {
  return (
    <Text className={`care-delivery__status care-delivery__status--${delivery.status}`} data-testid="care-delivery-status">
      {deliveryStatusText(delivery)}
    </Text>
  );
}

/** The group a delivery went to, named only for a rule with an A/B test. */
const armText = (delivery: LoggedDelivery) => (delivery.arm === 'b' ? 'B 组' : 'A 组');

/** The desktop log: a delivery a row (组别 with an A/B test); a click opens the member's 客户画像. */
const deliveryColumns = (abTest: boolean): StaffTableColumn<LoggedDelivery>[] => [
  { key: 'member', label: '会员', render: (delivery) => delivery.nickname ?? '会员' },
  { key: 'occasion', label: '场合', render: (delivery) => delivery.occasionName },
  {
    key: 'sendAt',
    label: '发送时间',
    sortValue: (delivery) => delivery.sendAt,
    descFirst: true,
    render: (delivery) => formatShanghaiDateTime(delivery.sendAt),
  },
  ...(abTest ? [{ key: 'arm', label: '组别', render: armText }] : []),
  {
    key: 'status',
    label: '状态',
    wide: true,
    render: (delivery) => (
      <View className="care-table-status">
        <StatusBadge delivery={delivery} />
        <FailureReason delivery={delivery} />
      </View>
    ),
  },
];

function DeliveryRow({ delivery, abTest }: { delivery: LoggedDelivery; abTest: boolean }) {
  return (
    <View className="staff-row care-delivery" data-testid="care-delivery" onClick={() => openCustomer(delivery)}>
      <View className="staff-row__head">
        <Text className="staff-row__name">{delivery.nickname ?? '会员'}</Text>
        <StatusBadge delivery={delivery} />
      </View>
      <Text className="care-rule-card__meta">{`${delivery.occasionName} · ${formatShanghaiDateTime(delivery.sendAt)}${abTest ? ` · ${armText(delivery)}` : ''}`}</Text>
      <FailureReason delivery={delivery} />
    </View>
  );
}
