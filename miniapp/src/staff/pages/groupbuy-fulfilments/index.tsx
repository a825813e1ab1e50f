import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { FULFILMENT_STATES, type FulfilmentItem, type FulfilmentState } from '@linli/shared/groupbuy';
import { listFulfilments, retryFulfilment } from '@/api/staff-groupbuy';
import { errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { usePagedList } from '@/hooks/usePagedList';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatFen } from '@/format/money';
import { formatShanghaiDateTime } from '@/format/time';
import { exportFulfilmentsCsv } from '@/staff/fulfilments-export';
import { buyerText, FULFILMENT_STATE_NAMES, fulfilmentText, mayRetryFulfilment } from '@/staff/groupbuy-words';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/groupbuy.css';

/**
 * 发货清单: the successful group-buy orders handed to the seller's shop, newest success first, with each delivery's
 * state; 重新推送 of one that failed (admins and supervisors), and the list as CSV for the shop (导出).
 */
export default function GroupBuyFulfilmentsPage() {
  return (
    <StaffFrame title="发货清单">
      <GroupBuyFulfilmentsContent />
    </StaffFrame>
  );
}

type Notice = { tone: 'ok' | 'error'; text: string } | null;

function GroupBuyFulfilmentsContent() {
  // Opened from a campaign, the list keeps to it.
  const campaignId = useRouter().params.campaignId || undefined;
  const roles = loadSession()?.roles ?? [];
  const mayRetry = roles.includes('admin') || roles.includes('supervisor');
  const [state, setState] = useState<FulfilmentState | undefined>(undefined);
  const filter = { state, campaignId };
  const list = usePagedList((cursor?: string) => listFulfilments(filter, cursor));
  /** Deliveries as a retry answered them, over the page they were listed on. */
  const [retried, setRetried] = useState<Record<string, FulfilmentItem>>({});
  const [retrying, setRetrying] = useState<string | null>(null);
  const retryingRef = useRef(false);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const desktop = useDesktop();

  useReloadOnChange(list.refresh, [state]);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    setRetried({});
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  const retry = async (item: FulfilmentItem) => {
    if (retryingRef.current) return;
    retryingRef.current = true;
    setRetrying(item.orderNo);
    setNotice(null);
    try {
      const answered = await retryFulfilment(item.orderNo);
      setRetried((previous) => ({ ...previous, [answered.orderNo]: answered }));
      setNotice({ tone: 'ok', text: '已重新推送，一分钟内送达店铺' });
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      retryingRef.current = false;
      setRetrying(null);
    }
  };

  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    setNotice(null);
    try {
      await exportFulfilmentsCsv(filter);
    } catch {
      setNotice({ tone: 'error', text: '导出失败，请重试' });
    } finally {
      setExporting(false);
    }
  };

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden text="发货清单仅限店铺员工查看" />;
  const more = () => void list.loadMore();
  const rows = list.state.status === 'ready' ? list.state.items.map((item) => retried[item.orderNo] ?? item) : [];
  const action = (item: FulfilmentItem) =>
    mayRetry && mayRetryFulfilment(item.delivery) ? (
      <Button
        className="btn btn--plain groupbuy-fulfilment-retry"
        data-testid="groupbuy-fulfilment-retry"
        {...whileBusy(retrying === item.orderNo)}
        onClick={(event) => {
          event.stopPropagation();
          void retry(item);
        }}
      >
        重新推送
      </Button>
    ) : null;

  return (
    <View className="page groupbuy-fulfilments" data-testid="groupbuy-fulfilments">
      <View className="segment-chips groupbuy-filters" data-testid="groupbuy-fulfilments-filter">
        {FILTERS.map((option) => (
          <Text
            key={option.value ?? 'all'}
            className={`segment-chip groupbuy-fulfilments-filter-${option.value ?? 'all'} ${state === option.value ? 'segment-chip--on' : ''}`}
            data-testid={`groupbuy-fulfilments-filter-${option.value ?? 'all'}`}
            onClick={() => {
              setRetried({});
              setState(option.value);
            }}
          >
            {option.label}
          </Text>
        ))}
        <Button
          className="btn btn--plain groupbuy-fulfilments-export"
          data-testid="groupbuy-fulfilments-export"
          {...whileBusy(exporting)}
          onClick={exportCsv}
        >
          导出 CSV
        </Button>
      </View>
      {notice && (
        <Text className={`notice notice--${notice.tone} groupbuy-fulfilments-notice`} data-testid="groupbuy-fulfilments-notice">
          {notice.text}
        </Text>
      )}
      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : rows.length === 0 ? (
        <EmptyState
          text={
            state ? `没有「${FULFILMENT_STATE_NAMES[state]}」的订单` : '还没有成团的订单。拼团成功后，每位成员的订单会自动推送到店铺发货。'
          }
        />
      ) : (
        <>
          {desktop ? (
            <StaffTable
              testId="groupbuy-fulfilments-table"
              rows={rows}
              columns={columnsWith(action)}
              rowKey={(item) => item.orderNo}
              rowProps={() => ({ 'data-testid': 'groupbuy-fulfilment' })}
            />
          ) : (
            rows.map((item) => <FulfilmentRow key={item.orderNo} item={item} action={action(item)} />)
          )}
          <ListFooter status={list.state.footer} onRetry={more} onMore={more} />
        </>
      )}
    </View>
  );
}

const FILTERS: ReadonlyArray<{ value: FulfilmentState | undefined; label: string }> = [
  { value: undefined, label: '全部' },
  ...FULFILMENT_STATES.map((value) => ({ value, label: FULFILMENT_STATE_NAMES[value] })),
];

/** 「赣南脐橙 5 斤装 × 2 · ¥79.80」. */
const goodsText = (item: FulfilmentItem) => `${item.productName} × ${item.qty} · ${formatFen(item.paidFen)}`;

function Delivery({ item }: { item: FulfilmentItem }) {
  return (
    <Text
      className={`groupbuy-order__line groupbuy-fulfilment-state ${item.delivery.state === 'gave-up' ? 'groupbuy-order__refund' : ''}`}
      data-testid="groupbuy-fulfilment-state"
    >
      {fulfilmentText(item.delivery)}
    </Text>
  );
}

function FulfilmentRow({ item, action }: { item: FulfilmentItem; action: ReactNode }) {
  return (
    <View className="staff-row groupbuy-order groupbuy-fulfilment" data-testid="groupbuy-fulfilment">
      <View className="staff-row__head">
        <Text className="staff-row__name groupbuy-fulfilment-buyer" data-testid="groupbuy-fulfilment-buyer">
          {buyerText(item)}
        </Text>
      </View>
      <Text className="groupbuy-order__line groupbuy-fulfilment-goods" data-testid="groupbuy-fulfilment-goods">
        {goodsText(item)}
      </Text>
      <Text className="groupbuy-order__line muted">{`${item.campaignName} · 成团 ${formatShanghaiDateTime(item.succeededAt)}`}</Text>
      <Delivery item={item} />
      {action}
    </View>
  );
}

const columnsWith = (action: (item: FulfilmentItem) => ReactNode): StaffTableColumn<FulfilmentItem>[] => [
  {
    key: 'succeededAt',
    label: '成团时间',
    descFirst: true,
    sortValue: (item) => item.succeededAt,
    render: (item) => formatShanghaiDateTime(item.succeededAt),
  },
  { key: 'campaign', label: '活动', render: (item) => item.campaignName },
  { key: 'goods', label: '商品', wide: true, render: (item) => <Text className="groupbuy-fulfilment-goods">{goodsText(item)}</Text> },
  { key: 'buyer', label: '买家', render: (item) => <Text className="groupbuy-fulfilment-buyer">{buyerText(item)}</Text> },
  { key: 'delivery', label: '推送', wide: true, render: (item) => <Delivery item={item} /> },
  { key: 'action', label: '操作', render: action },
];
