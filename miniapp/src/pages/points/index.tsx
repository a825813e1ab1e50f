import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { POINTS_ENTRY_TYPE_ZH, type PointsEntry } from '@linli/shared/points';
import { listPoints } from '../../api/linli';
import { usePagedList } from '../../hooks/usePagedList';
import { EmptyState, ErrorState, ListFooter, Loading } from '../../components/state';
import { formatShanghaiDateTime } from '../../format/time';
import { formatPointsDelta } from '../../format/points';
import './index.css';

export default function PointsPage() {
  const list = usePagedList(listPoints);

  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'loading') return <Loading rows={6} />;
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={list.refresh} />;
  if (list.state.items.length === 0) return <EmptyState text='暂无积分记录' />;

  return (
    <View className='page'>
      <View className='ledger' data-testid='points-list'>
        {list.state.items.map((entry) => (
          <LedgerRow key={entry.entryId} entry={entry} />
        ))}
      </View>
      <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
    </View>
  );
}

function LedgerRow({ entry }: { entry: PointsEntry }) {
  const credit = entry.delta > 0;
  return (
    <View className='ledger__row' data-testid='points-entry'>
      <View className='ledger__main'>
        <Text className='ledger__type' data-testid='points-entry-type'>
          {POINTS_ENTRY_TYPE_ZH[entry.type]}
        </Text>
        {entry.note && <Text className='ledger__note'>{entry.note}</Text>}
        <Text className='ledger__time'>{formatShanghaiDateTime(entry.createdAt)}</Text>
      </View>
      <View className='ledger__side'>
        <Text className={`ledger__delta ${credit ? 'ledger__delta--credit' : 'ledger__delta--debit'}`} data-testid='points-entry-delta'>
          {formatPointsDelta(entry.delta)}
        </Text>
        <Text className='ledger__balance'>余额 {entry.balanceAfter}</Text>
      </View>
    </View>
  );
}
