import { useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Segment, SegmentMember } from '@linli/shared/segments';
import { deleteSegment, getSegment, listSegmentMembers } from '@/api/segments';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { asOfText, customerCountText } from '@/format/segments';
import { describeRule } from '@/staff/segment-rule';
import { exportSegmentCsv } from '@/staff/segment-export';
import { SegmentMemberRow, segmentMemberColumns, useTiers } from '@/staff/segment-members';
import { SEGMENTS_PAGE, openCustomer, openSegmentBuilder } from '@/staff/segment-pages';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable } from '@/staff/staff-table';
import '@/staff/pages/staff.css';

/** A saved segment (supervisors, admins): its rule, live count and members, with export, edit and delete. */
export default function SegmentPage() {
  return (
    <StaffFrame title="分群客户">
      <SegmentContent />
    </StaffFrame>
  );
}

interface Summary {
  count: number | null;
  asOf: string | null;
}

function SegmentContent() {
  const segmentId = useRouter().params.id ?? '';
  const segment = useResource(() =>
    segmentId ? getSegment(segmentId) : Promise.reject(new ApiError('NOT_FOUND', 404, 'No id in the page query')),
  );
  const [summary, setSummary] = useState<Summary>({ count: null, asOf: null });
  const firstPages = useRef(0);
  const members = usePagedList(async (cursor?: string) => {
    const mine = cursor ? firstPages.current : ++firstPages.current;
    const page = await listSegmentMembers(segmentId, cursor);
    if (!cursor && mine === firstPages.current) setSummary({ count: page.count, asOf: page.asOf });
    return page;
  });

  // Back from the builder: the name, the rule and so the members may have changed.
  useRefreshOnReturn(() => Promise.all([segment.reload(), members.refresh()]));
  useReachBottom(() => void members.loadMore());
  usePullDownRefresh(async () => {
    await Promise.all([segment.reload(), members.refresh()]);
    Taro.stopPullDownRefresh();
  });

  const name = segment.state.status === 'ready' ? segment.state.data.name : null;
  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: name }).catch(() => undefined);
  }, [name]);

  if (segment.state.status === 'loading') return <Loading rows={6} />;
  if (segment.state.status === 'error') {
    if (isForbidden(segment.state.error)) return <Forbidden text="客户分群仅限主管和管理员使用" />;
    const gone = segment.state.error instanceof ApiError && segment.state.error.code === 'NOT_FOUND';
    return gone ? (
      <EmptyState text="这个分群已被删除" />
    ) : (
      <ErrorState message={segment.state.message} onRetry={() => void segment.reload()} />
    );
  }
  return <SegmentBody segment={segment.state.data} summary={summary} members={members} />;
}

function SegmentBody(props: { segment: Segment; summary: Summary; members: ReturnType<typeof usePagedList<SegmentMember>> }) {
  const { segment, summary, members } = props;
  const desktop = useDesktop();
  const { tierName } = useTiers();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null);

  const exportCsv = async () => {
    if (busy) return;
    setBusy('export');
    setNotice(null);
    try {
      await exportSegmentCsv(segment);
    } catch {
      setNotice('导出失败，请重试');
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '删除分群',
      content: `删除「${segment.name}」？只删除分群条件，不影响客户。`,
      confirmText: '删除',
      confirmColor: '#c0392b',
    });
    if (!confirm) return;
    setBusy('delete');
    setNotice(null);
    try {
      await deleteSegment(segment.segmentId);
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: SEGMENTS_PAGE });
    } catch (error) {
      setNotice(errorText(error));
      setBusy(null);
    }
  };

  return (
    <View className="page segment-page" data-testid="segment-page">
      <View className="card segment-head">
        <Text className="segment-head__name" data-testid="segment-name-shown">
          {segment.name}
        </Text>
        <Text className="segment-head__rule" data-testid="segment-rule-text">
          {describeRule(segment.rule, { tierName })}
        </Text>
        <View className="segment-summary">
          {summary.count !== null && (
            <Text className="segment-summary__count" data-testid="segment-member-count">
              {customerCountText(summary.count)}
            </Text>
          )}
          <Text className="muted">{asOfText(summary.asOf)}</Text>
        </View>
        <View className="segment-head__actions">
          <Button
            className="btn btn--ghost segment-head__action"
            data-testid="segment-export"
            {...whileBusy(busy === 'export')}
            onClick={exportCsv}
          >
            导出 CSV
          </Button>
          <Button
            className="btn btn--ghost segment-head__action"
            data-testid="segment-edit"
            onClick={() => openSegmentBuilder(segment.segmentId)}
          >
            编辑条件
          </Button>
          <Button
            className="btn btn--plain segment-head__action segment-head__delete"
            data-testid="segment-delete"
            {...whileBusy(busy === 'delete')}
            onClick={remove}
          >
            删除
          </Button>
        </View>
        <Text className="muted segment-head__hint">导出的名单中手机号已脱敏。</Text>
        {notice && (
          <Text className="notice notice--error" data-testid="segment-notice">
            {notice}
          </Text>
        )}
      </View>

      {members.state.status === 'loading' ? (
        <Loading rows={4} />
      ) : members.state.status === 'error' ? (
        <ErrorState message={members.state.message} onRetry={() => void members.refresh()} />
      ) : members.state.items.length === 0 ? (
        <EmptyState text="目前没有客户符合这个分群的条件" />
      ) : (
        <>
          {desktop ? (
            <StaffTable<SegmentMember>
              testId="segment-member-table"
              rows={members.state.items}
              columns={segmentMemberColumns(tierName)}
              rowKey={(member) => member.memberId}
              rowProps={() => ({ 'data-testid': 'segment-member' })}
              onRowClick={openCustomer}
            />
          ) : (
            members.state.items.map((member) => <SegmentMemberRow key={member.memberId} member={member} tierName={tierName} />)
          )}
          <ListFooter
            status={members.state.footer}
            onRetry={() => void members.loadMore()}
            onMore={desktop ? () => void members.loadMore() : undefined}
          />
        </>
      )}
    </View>
  );
}
