import { useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_ZH, COMPLAINT_STATUSES, type ComplaintStatus, type StaffComplaintPage } from '@linli/shared/complaints';
import { listStaffComplaints, type StaffComplaintFilter } from '../../../api/linli';
import { isForbidden } from '../../../api/errors';
import { usePagedList } from '../../../hooks/usePagedList';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '../../../components/state';
import { queueSlaText, staffStatusText } from '../../../format/complaints';
import { formatShanghaiDateTime } from '../../../format/time';
import '../staff.css';
import './complaints.css';

type QueueItem = StaffComplaintPage['items'][number];

/** The queue holds open complaints only: resolved and closed ones are not offered as filters. */
const QUEUE_STATUSES = COMPLAINT_STATUSES.filter((s): s is ComplaintStatus => s !== 'resolved' && s !== 'closed');

export default function StaffComplaintsPage() {
  const [filter, setFilter] = useState<StaffComplaintFilter>({});
  const list = usePagedList((cursor?: string) => listStaffComplaints(filter, cursor));

  const firstFilter = useRef(true);
  useEffect(() => {
    if (firstFilter.current) {
      firstFilter.current = false;
      return;
    }
    void list.refresh();
  }, [filter, list.refresh]);
  // Back from a detail: the SLA clocks and statuses have moved on.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void list.refresh();
    shown.current = true;
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden />;

  const set = (change: StaffComplaintFilter) => setFilter((previous) => ({ ...previous, ...change }));
  return (
    <View className='page'>
      <View className='card desk-filters'>
        <View className='desk-chips' data-testid='desk-filter-status'>
          <Text className={`desk-chip ${filter.status ? '' : 'desk-chip--on'}`} onClick={() => set({ status: undefined })}>
            全部状态
          </Text>
          {QUEUE_STATUSES.map((status) => (
            <Text key={status} className={`desk-chip ${filter.status === status ? 'desk-chip--on' : ''}`} data-testid={`desk-filter-status-${status}`} onClick={() => set({ status })}>
              {staffStatusText(status)}
            </Text>
          ))}
        </View>
        <View className='desk-chips' data-testid='desk-filter-category'>
          <Text className={`desk-chip ${filter.category ? '' : 'desk-chip--on'}`} onClick={() => set({ category: undefined })}>
            全部类型
          </Text>
          {COMPLAINT_CATEGORIES.map((category) => (
            <Text key={category} className={`desk-chip ${filter.category === category ? 'desk-chip--on' : ''}`} data-testid={`desk-filter-category-${category}`} onClick={() => set({ category })}>
              {COMPLAINT_CATEGORY_ZH[category]}
            </Text>
          ))}
        </View>
        <View className='desk-chips'>
          <Text className={`desk-chip desk-mine ${filter.mine ? 'desk-chip--on' : ''}`} data-testid='desk-filter-mine' onClick={() => set({ mine: !filter.mine })}>
            {filter.mine ? '✓ 只看我的' : '只看我的'}
          </Text>
        </View>
      </View>
      <QueueBody state={list.state} onRetry={list.refresh} onMore={() => void list.loadMore()} />
    </View>
  );
}

function QueueBody({ state, onRetry, onMore }: { state: ReturnType<typeof usePagedList<QueueItem>>['state']; onRetry: () => void; onMore: () => void }) {
  if (state.status === 'loading') return <Loading rows={4} />;
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  if (state.items.length === 0) return <EmptyState text='暂无待处理的投诉' />;
  return (
    <View>
      {state.items.map((item) => (
        <DeskRow key={item.complaintId} item={item} />
      ))}
      <ListFooter status={state.footer} onRetry={onMore} />
    </View>
  );
}

function DeskRow({ item }: { item: QueueItem }) {
  const open = () => Taro.navigateTo({ url: `/staff/pages/complaints/detail/index?id=${encodeURIComponent(item.complaintId)}` });
  const sla = queueSlaText(item.sla);
  return (
    <View className='staff-row desk-row' data-testid='desk-row' data-id={item.complaintId} onClick={open}>
      <View className='staff-row__head'>
        <Text className='staff-row__name desk-row__category'>{COMPLAINT_CATEGORY_ZH[item.category]}</Text>
        <Text className={`desk-status desk-status--${item.status}`}>{staffStatusText(item.status)}</Text>
      </View>
      <Text className='staff-row__phone desk-row__buyer'>{item.memberNickname ?? '未设置昵称'}</Text>
      <Text className='desk-row__desc'>{item.description}</Text>
      <View className='staff-row__figures'>
        <Text className={`desk-sla desk-sla--${sla.tone}`} data-testid='desk-sla'>
          {sla.text}
        </Text>
        <Text>{formatShanghaiDateTime(item.submittedAt)}</Text>
      </View>
    </View>
  );
}
