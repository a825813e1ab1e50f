import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { POINTS_ENTRY_TYPE_ZH, type PointsEntry } from '@linli/shared/points';
import { getMe, listPoints } from '@/api/linli';
import { usePagedList } from '@/hooks/usePagedList';
import { useResource, type ResourceState } from '@/hooks/useResource';
import { EmptyState, ErrorState, ListFooter, Loading } from '@/components/state';
import { formatShanghaiDateTime, formatShanghaiMonthDay } from '@/format/time';
import { formatPointsDelta } from '@/format/points';
import './index.css';

export default function PointsPage() {
  const me = useResource(getMe);
  const list = usePagedList(listPoints);

  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await Promise.all([me.reload(), list.refresh()]);
    Taro.stopPullDownRefresh();
  });

  return (
    <View className="page">
      <PointsSummary state={me.state} onRetry={me.reload} />
      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={list.refresh} />
      ) : list.state.items.length === 0 ? (
        <EmptyState text="暂无积分记录" />
      ) : (
        <>
          <View className="ledger" data-testid="points-list">
            {list.state.items.map((entry) => (
              <LedgerRow key={entry.entryId} entry={entry} />
            ))}
          </View>
          <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
        </>
      )}
    </View>
  );
}

/** 可用 / 待生效 / 即将过期, from GET /v1/me; the history below loads on its own. */
function PointsSummary({ state, onRetry }: { state: ResourceState<MemberView>; onRetry: () => void }) {
  if (state.status === 'error') {
    return (
      <View className="summary summary--error" data-testid="points-summary-error" onClick={onRetry}>
        <Text>积分概况加载失败，点击重试</Text>
      </View>
    );
  }
  const points = state.status === 'ready' ? state.data.points : null;
  const value = (n: number | undefined) => (n === undefined ? '—' : String(n));
  const before = points?.expiringSoon.before;
  return (
    <View className="summary" data-testid="points-summary">
      <View className="summary__item summary__item--main">
        <Text className="summary__value" data-testid="points-summary-available">
          {value(points?.balance)}
        </Text>
        <Text className="summary__label">可用</Text>
      </View>
      <View className="summary__item">
        <Text className="summary__value" data-testid="points-summary-pending">
          {value(points?.pending)}
        </Text>
        <Text className="summary__label">待生效</Text>
      </View>
      <View className="summary__item">
        <Text
          className={`summary__value ${points && points.expiringSoon.points > 0 ? 'summary__value--warn' : ''}`}
          data-testid="points-summary-expiring"
        >
          {value(points?.expiringSoon.points)}
        </Text>
        <Text className="summary__label">即将过期</Text>
        {points && points.expiringSoon.points > 0 && before && (
          <Text className="summary__hint" data-testid="points-summary-expiring-before">
            {formatShanghaiMonthDay(before)}前
          </Text>
        )}
      </View>
    </View>
  );
}

function LedgerRow({ entry }: { entry: PointsEntry }) {
  const credit = entry.delta > 0;
  return (
    <View className="ledger__row" data-testid="points-entry">
      <View className="ledger__main">
        <Text className="ledger__type" data-testid="points-entry-type">
          {POINTS_ENTRY_TYPE_ZH[entry.type]}
        </Text>
        {entry.note && <Text className="ledger__note">{entry.note}</Text>}
        <Text className="ledger__time">{formatShanghaiDateTime(entry.createdAt)}</Text>
      </View>
      <View className="ledger__side">
        <Text className={`ledger__delta ${credit ? 'ledger__delta--credit' : 'ledger__delta--debit'}`} data-testid="points-entry-delta">
          {formatPointsDelta(entry.delta)}
        </Text>
        <Text className="ledger__balance">余额 {entry.balanceAfter}</Text>
      </View>
    </View>
  );
}
