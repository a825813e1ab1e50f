import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SERVICE_NOTICE_NAMES, serviceNoticeKindOf, type DeliveryStatus } from '@linli/shared/care-rules';
import { getCareRule, getCareRuleResults, listRuleDeliveries, type LoggedDelivery } from '@/api/care';
import { isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { DELIVERY_STATUS_FILTERS, deliveryStatusText, resultLines, resultNotes } from '@/format/care';
import { formatShanghaiDateTime } from '@/format/time';
import { StaffFrame } from '@/staff/staff-frame';
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
  useReloadOnChange(list.refresh, [status]);

  const choose = (next: DeliveryStatus | undefined) => setStatus(next);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden text="发送记录仅限主管和管理员查看" />;
  const more = () => void list.loadMore();
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
      {results.state.status === 'ready' && (
        <View className="card care-results" data-testid="care-results">
          <Text className="card__title">近 30 天效果</Text>
          {resultLines(results.state.data).map((line) => (
            <View key={line.label} className="care-preview__row care-results__row">
              <Text className="care-preview__key">{line.label}</Text>
              <Text className="care-preview__value">{line.text}</Text>
            </View>
          ))}
          {resultNotes(results.state.data).map((note) => (
            <Text key={note} className="muted care-hint care-results__note">
              {note}
            </Text>
          ))}
        </View>
      )}
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
          {list.state.items.map((delivery) => (
            <DeliveryRow key={delivery.deliveryId} delivery={delivery} />
          ))}
          {/* 加载更多 on a phone too: a log read to find one delivery need not be scrolled to its end. */}
          <ListFooter status={list.state.footer} onRetry={more} onMore={more} />
        </>
      )}
    </View>
  );
}

function DeliveryRow({ delivery }: { delivery: LoggedDelivery }) {
  return (
    <View className="staff-row care-delivery" data-testid="care-delivery">
      <View className="staff-row__head">
        <Text className="staff-row__name">{delivery.nickname ?? '会员'}</Text>
        <Text className={`care-delivery__status care-delivery__status--${delivery.status}`} data-testid="care-delivery-status">
          {deliveryStatusText(delivery)}
        </Text>
      </View>
      <Text className="care-rule-card__meta">{`${delivery.occasionName} · ${formatShanghaiDateTime(delivery.sendAt)}${delivery.arm === 'b' ? ' · B 组' : ''}`}</Text>
      {delivery.status === 'failed' && delivery.detail && (
        <Text className="care-delivery__detail" data-testid="care-delivery-detail">
          微信返回：{delivery.detail}
        </Text>
      )}
    </View>
  );
}
