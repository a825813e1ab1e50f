import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Segment } from '@linli/shared/segments';
import { listSegments } from '@/api/segments';
import { isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { formatShanghaiDate } from '@/format/time';
import { describeRule } from '@/staff/segment-rule';
import { useTiers } from '@/staff/segment-members';
import { openSegment, openSegmentBuilder } from '@/staff/segment-pages';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

/** 客户分群 (supervisors, admins): the saved segments, and a new one. */
export default function SegmentsPage() {
  return (
    <StaffFrame title="客户分群">
      <SegmentsContent />
    </StaffFrame>
  );
}

function SegmentsContent() {
  const segments = useResource(listSegments);
  const { tierName } = useTiers();

  useRefreshOnReturn(segments.reload);
  usePullDownRefresh(async () => {
    await segments.reload();
    Taro.stopPullDownRefresh();
  });

  if (segments.state.status === 'loading') return <Loading rows={4} />;
  if (segments.state.status === 'error') {
    return isForbidden(segments.state.error) ? (
      <Forbidden text="客户分群仅限主管和管理员使用" />
    ) : (
      <ErrorState message={segments.state.message} onRetry={() => void segments.reload()} />
    );
  }
  const items = segments.state.data.items;
  return (
    <View className="page segments-page" data-testid="segments">
      <Button className="btn btn--primary staff-add" data-testid="segment-new" onClick={() => openSegmentBuilder()}>
        新建分群
      </Button>
      {items.length === 0 ? (
        <EmptyState text="还没有客户分群。按生命周期、价值、购买行为等条件圈选客户，保存后可随时查看人数和导出名单。" />
      ) : (
        items.map((segment) => <SegmentCard key={segment.segmentId} segment={segment} tierName={tierName} />)
      )}
    </View>
  );
}

function SegmentCard({ segment, tierName }: { segment: Segment; tierName: (code: string) => string | undefined }) {
  return (
    <View className="staff-row segment-card" data-testid="segment-card" onClick={() => openSegment(segment.segmentId)}>
      <View className="staff-row__head">
        <Text className="staff-row__name" data-testid="segment-card-name">
          {segment.name}
        </Text>
        <Text className="segment-card__arrow">›</Text>
      </View>
      <Text className="segment-card__rule">{describeRule(segment.rule, { tierName })}</Text>
      <Text className="segment-card__meta">更新于 {formatShanghaiDate(segment.updatedAt)}</Text>
    </View>
  );
}
