import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { COMPLAINT_STATUSES, type ComplaintStatus, type StaffComplaintPage } from '@linli/shared/complaints';
import { getDeskSettings, listDeskAgents, listStaffComplaints, type StaffComplaintFilter } from '@/api/linli';
import { useResource } from '@/hooks/useResource';
import { isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useRefreshOnReturn, useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { queueSlaText, staffStatusText } from '@/format/complaints';
import { formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import './complaints.css';

type QueueItem = StaffComplaintPage['items'][number];

/** The queue holds open complaints only: resolved and closed ones are not offered as filters. */
const QUEUE_STATUSES = COMPLAINT_STATUSES.filter((s): s is ComplaintStatus => s !== 'resolved' && s !== 'closed');

export default function StaffComplaintsPage() {
  return (
    <StaffFrame title="投诉工单">
      <StaffComplaintsContent />
    </StaffFrame>
  );
}

function StaffComplaintsContent() {
  const [filter, setFilter] = useState<StaffComplaintFilter>({});
  const list = usePagedList((cursor?: string) => listStaffComplaints(filter, cursor));
  const desktop = useDesktop();
  // Filters offer the shop's own categories (inactive ones too: old complaints keep them) and staff.
  const settings = useResource(getDeskSettings);
  const agents = useResource(listDeskAgents);
  const categories = settings.state.status === 'ready' ? settings.state.data.categories : [];
  const staff = agents.state.status === 'ready' ? agents.state.data.items : [];

  useReloadOnChange(list.refresh, [filter]);
  // Back from a detail: the SLA clocks and statuses have moved on.
  useRefreshOnReturn(list.refresh);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden />;

  const set = (change: StaffComplaintFilter) => setFilter((previous) => ({ ...previous, ...change }));
  return (
    <View className="page">
      <View
        className="cell desk-follow-ups"
        data-testid="desk-follow-ups"
        onClick={() => void Taro.navigateTo({ url: '/staff/pages/follow-ups/index' })}
      >
        <Text className="cell__label">回访任务</Text>
        <Text className="cell__arrow" />
      </View>
      <View className="card desk-filters">
        <View className="desk-chips" data-testid="desk-filter-status">
          <Text className={`desk-chip ${filter.status ? '' : 'desk-chip--on'}`} onClick={() => set({ status: undefined })}>
            全部状态
          </Text>
          {QUEUE_STATUSES.map((status) => (
            <Text
              key={status}
              className={`desk-chip ${filter.status === status ? 'desk-chip--on' : ''}`}
              data-testid={`desk-filter-status-${status}`}
              onClick={() => set({ status })}
            >
              {staffStatusText(status)}
            </Text>
          ))}
        </View>
        <View className="desk-chips" data-testid="desk-filter-category">
          <Text className={`desk-chip ${filter.category ? '' : 'desk-chip--on'}`} onClick={() => set({ category: undefined })}>
            全部类型
          </Text>
          {categories.map((category) => (
            <Text
              key={category.code}
              className={`desk-chip ${filter.category === category.code ? 'desk-chip--on' : ''}`}
              data-testid={`desk-filter-category-${category.code}`}
              onClick={() => set({ category: category.code })}
            >
              {category.name}
            </Text>
          ))}
        </View>
        <View className="desk-chips" data-testid="desk-filter-assignee">
          <Text
            className={`desk-chip ${!filter.mine && !filter.assignee ? 'desk-chip--on' : ''}`}
            onClick={() => set({ mine: undefined, assignee: undefined })}
          >
            全部处理人
          </Text>
          <Text
            className={`desk-chip desk-mine ${filter.mine ? 'desk-chip--on' : ''}`}
            data-testid="desk-filter-mine"
            onClick={() => set({ mine: true, assignee: undefined })}
          >
            我的
          </Text>
          <Text
            className={`desk-chip ${filter.assignee === 'none' ? 'desk-chip--on' : ''}`}
            data-testid="desk-filter-unassigned"
            onClick={() => set({ mine: undefined, assignee: 'none' })}
          >
            未认领
          </Text>
          {staff.map((agent) => (
            <Text
              key={agent.memberId}
              className={`desk-chip ${filter.assignee === agent.memberId ? 'desk-chip--on' : ''}`}
              data-testid={`desk-filter-assignee-${agent.memberId}`}
              onClick={() => set({ mine: undefined, assignee: agent.memberId })}
            >
              {agent.name}
            </Text>
          ))}
        </View>
        <View className="desk-chips">
          <Text
            className={`desk-chip desk-breached ${filter.breached ? 'desk-chip--on' : ''}`}
            data-testid="desk-filter-breached"
            onClick={() => set({ breached: filter.breached ? undefined : true })}
          >
            {filter.breached ? '✓ 只看已超时' : '只看已超时'}
          </Text>
        </View>
      </View>
      <QueueBody state={list.state} onRetry={list.refresh} onMore={() => void list.loadMore()} desktop={desktop} />
    </View>
  );
}

function QueueBody({
  state,
  onRetry,
  onMore,
  desktop,
}: {
  state: ReturnType<typeof usePagedList<QueueItem>>['state'];
  onRetry: () => void;
  onMore: () => void;
  desktop: boolean;
}) {
  if (state.status === 'loading') return <Loading rows={4} />;
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  if (state.items.length === 0) return <EmptyState text="暂无待处理的投诉" />;
  return (
    <View>
      {desktop ? (
        <StaffTable
          testId="desk-table"
          rows={state.items}
          columns={DESK_COLUMNS}
          rowKey={(item) => item.complaintId}
          rowProps={(item) => ({ 'data-testid': 'desk-row', 'data-id': item.complaintId })}
          onRowClick={openComplaint}
        />
      ) : (
        state.items.map((item) => <DeskRow key={item.complaintId} item={item} />)
      )}
      <ListFooter status={state.footer} onRetry={onMore} onMore={desktop ? onMore : undefined} />
    </View>
  );
}

const openComplaint = (item: QueueItem) =>
  Taro.navigateTo({ url: `/staff/pages/complaints/detail/index?id=${encodeURIComponent(item.complaintId)}` });

/** How long until the meter the queue shows runs out (negative once it has). */
function slaRemainingMs(item: QueueItem): number {
  const meter = item.sla.firstResponse.state !== 'stopped' ? item.sla.firstResponse : item.sla.resolution;
  return meter.breached ? -meter.elapsedMs : meter.remainingMs;
}

// The queue comes from the API in SLA order, a page at a time by cursor: sorting by a column
// orders the complaints loaded so far.
const DESK_COLUMNS: StaffTableColumn<QueueItem>[] = [
  { key: 'category', label: '类型', sortValue: (item) => item.categoryName, render: (item) => item.categoryName },
  {
    key: 'status',
    label: '状态',
    sortValue: (item) => staffStatusText(item.status),
    render: (item) => <Text className={`desk-status desk-status--${item.status}`}>{staffStatusText(item.status)}</Text>,
  },
  { key: 'buyer', label: '会员', sortValue: (item) => item.memberNickname, render: (item) => item.memberNickname ?? '未设置昵称' },
  {
    key: 'owner',
    label: '处理人',
    sortValue: (item) => (item.ownerId ? (item.ownerName ?? '已离职员工') : null),
    render: (item) => (item.ownerId ? (item.ownerName ?? '已离职员工') : '未认领'),
  },
  { key: 'description', label: '描述', wide: true, render: (item) => <Text className="desk-row__desc">{item.description}</Text> },
  {
    key: 'sla',
    label: '时限',
    sortValue: slaRemainingMs,
    render: (item) => {
      const sla = queueSlaText(item.sla);
      return (
        <Text className={`desk-sla desk-sla--${sla.tone}`} data-testid="desk-sla">
          {sla.text}
        </Text>
      );
    },
  },
  {
    key: 'submitted',
    label: '提交时间',
    sortValue: (item) => item.submittedAt,
    render: (item) => formatShanghaiDateTime(item.submittedAt),
  },
];

function DeskRow({ item }: { item: QueueItem }) {
  const open = () => openComplaint(item);
  const sla = queueSlaText(item.sla);
  return (
    <View className="staff-row desk-row" data-testid="desk-row" data-id={item.complaintId} onClick={open}>
      <View className="staff-row__head">
        <Text className="staff-row__name desk-row__category">{item.categoryName}</Text>
        <Text className={`desk-status desk-status--${item.status}`}>{staffStatusText(item.status)}</Text>
      </View>
      <Text className="staff-row__phone desk-row__buyer">
        {item.memberNickname ?? '未设置昵称'} · {item.ownerId ? `处理人：${item.ownerName ?? '已离职员工'}` : '未认领'}
      </Text>
      <Text className="desk-row__desc">{item.description}</Text>
      <View className="staff-row__figures">
        <Text className={`desk-sla desk-sla--${sla.tone}`} data-testid="desk-sla">
          {sla.text}
        </Text>
        <Text>{formatShanghaiDateTime(item.submittedAt)}</Text>
      </View>
    </View>
  );
}
