import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { COMPLAINT_STATUS_ZH, type ComplaintSummary } from '@linli/shared/complaints';
import { listMyComplaints } from '@/api/linli';
import { usePagedList } from '@/hooks/usePagedList';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, ListFooter, Loading } from '@/components/state';
import { formatShanghaiDateTime } from '@/format/time';
import './complaints.css';

const NEW_PAGE = '/pages/complaints/new/index';

export default function MyComplaintsPage() {
  const list = usePagedList((cursor?: string) => listMyComplaints(cursor));

  // Coming back from 我要投诉 or a detail shows the latest statuses.
  useRefreshOnReturn(list.refresh);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  const newButton = (
    <Button className="btn btn--primary complaint-new" data-testid="complaint-new" onClick={() => Taro.navigateTo({ url: NEW_PAGE })}>
      我要投诉
    </Button>
  );

  if (list.state.status === 'loading') return <Loading rows={4} />;
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={list.refresh} />;

  return (
    <View className="page">
      {newButton}
      {list.state.items.length === 0 ? (
        <EmptyState text="暂无投诉" />
      ) : (
        <>
          {list.state.items.map((complaint) => (
            <ComplaintRow key={complaint.complaintId} complaint={complaint} />
          ))}
          <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
        </>
      )}
    </View>
  );
}

function ComplaintRow({ complaint }: { complaint: ComplaintSummary }) {
  const open = () => Taro.navigateTo({ url: `/pages/complaints/detail/index?id=${encodeURIComponent(complaint.complaintId)}` });
  return (
    <View className="complaint-row" data-testid="complaint-row" data-id={complaint.complaintId} onClick={open}>
      <View className="complaint-head">
        <Text className="complaint-row__category">{complaint.categoryName}</Text>
        <Text className={`complaint-status complaint-status--${complaint.status}`} data-testid="complaint-status">
          {COMPLAINT_STATUS_ZH[complaint.status]}
        </Text>
      </View>
      <Text className="complaint-row__desc">{complaint.description}</Text>
      <Text className="complaint-row__date">提交于 {formatShanghaiDateTime(complaint.submittedAt)}</Text>
    </View>
  );
}
