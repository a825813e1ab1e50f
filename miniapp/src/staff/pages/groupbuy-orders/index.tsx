import { useRef, useState, type ReactNode } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { GROUP_ORDER_STATUSES, type GroupOrderStatus, type StaffGroupOrder } from '@linli/shared/groupbuy';
import { getGroupBuyCampaign, listGroupBuyOrders, refundGroupOrder } from '@/api/staff-groupbuy';
import { errorText, isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { usePagedList } from '@/hooks/usePagedList';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatFen } from '@/format/money';
import { formatShanghaiDateTime } from '@/format/time';
import { buyerText, fulfilmentText, mayRefundAfterSales, ORDER_STATUS_NAMES, refundText } from '@/staff/groupbuy-words';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/groupbuy.css';

/** 拼团订单: one campaign's orders newest first, by status, with refunds and the delivery to the shop; 售后退款 of a succeeded one. */
export default function GroupBuyOrdersPage() {
  return (
    <StaffFrame title="拼团订单">
      <GroupBuyOrdersContent />
    </StaffFrame>
  );
}

type Notice = { tone: 'ok' | 'error'; text: string } | null;

function GroupBuyOrdersContent() {
  const campaignId = useRouter().params.id ?? '';
  const roles = loadSession()?.roles ?? [];
  const mayRefund = roles.includes('admin') || roles.includes('supervisor');
  const [status, setStatus] = useState<GroupOrderStatus | undefined>(undefined);
  const campaign = useResource(() => getGroupBuyCampaign(campaignId));
  const list = usePagedList((cursor?: string) => listGroupBuyOrders(campaignId, status, cursor));
  /** Orders as a refund answered them, over the page they were listed on. */
  const [refunded, setRefunded] = useState<Record<string, StaffGroupOrder>>({});
  const [refunding, setRefunding] = useState<string | null>(null);
  const refundingRef = useRef(false);
  const [notice, setNotice] = useState<Notice>(null);
  const desktop = useDesktop();

  useReloadOnChange(list.refresh, [status]);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    setRefunded({});
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  /** 售后退款, after a confirmation: WeChat Pay returns the money; the group stays successful. */
  const refund = async (order: StaffGroupOrder) => {
    if (refundingRef.current) return;
    const { confirm } = await Taro.showModal({
      title: '售后退款',
      content: `为「${order.nickname}」的订单退款 ${formatFen(order.amountFen)}？款项原路退回微信支付，这笔订单的积分会扣回；该团仍算成团。`,
      confirmText: '退款',
      confirmColor: '#c0392b',
    });
    if (!confirm) return;
    refundingRef.current = true;
    setRefunding(order.orderNo);
    setNotice(null);
    try {
      const answered = await refundGroupOrder(order.orderNo);
      setRefunded((previous) => ({ ...previous, [answered.orderNo]: answered }));
      setNotice({ tone: 'ok', text: '已提交退款，进度见订单' });
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      refundingRef.current = false;
      setRefunding(null);
    }
  };

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden text="拼团订单仅限店铺员工查看" />;
  const more = () => void list.loadMore();
  const rows = list.state.status === 'ready' ? list.state.items.map((order) => refunded[order.orderNo] ?? order) : [];
  const action = (order: StaffGroupOrder) =>
    mayRefund && mayRefundAfterSales(order) ? (
      <Button
        className="btn btn--plain groupbuy-order-refund"
        data-testid="groupbuy-order-refund"
        {...whileBusy(refunding === order.orderNo)}
        onClick={(event) => {
          event.stopPropagation();
          void refund(order);
        }}
      >
        售后退款
      </Button>
    ) : null;

  return (
    <View className="page groupbuy-orders" data-testid="groupbuy-orders">
      {campaign.state.status === 'ready' && (
        <Text className="care-log__rule groupbuy-orders-campaign" data-testid="groupbuy-orders-campaign">
          {campaign.state.data.definition.name}
        </Text>
      )}
      <View className="segment-chips groupbuy-filters" data-testid="groupbuy-orders-filter">
        {FILTERS.map((filter) => (
          <Text
            key={filter.value ?? 'all'}
            className={`segment-chip groupbuy-orders-filter-${filter.value ?? 'all'} ${status === filter.value ? 'segment-chip--on' : ''}`}
            data-testid={`groupbuy-orders-filter-${filter.value ?? 'all'}`}
            onClick={() => {
              setRefunded({});
              setStatus(filter.value);
            }}
          >
            {filter.label}
          </Text>
        ))}
      </View>
      {notice && (
        <Text className={`notice notice--${notice.tone} groupbuy-orders-notice`} data-testid="groupbuy-orders-notice">
          {notice.text}
        </Text>
      )}
      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : rows.length === 0 ? (
        <EmptyState text={status ? `没有${ORDER_STATUS_NAMES[status]}的订单` : '这个活动还没有订单'} />
      ) : (
        <>
          {desktop ? (
            <StaffTable
              testId="groupbuy-orders-table"
              rows={rows}
              columns={columnsWith(action)}
              rowKey={(order) => order.orderNo}
              rowProps={() => ({ 'data-testid': 'groupbuy-order' })}
            />
          ) : (
            rows.map((order) => <OrderRow key={order.orderNo} order={order} action={action(order)} />)
          )}
          <ListFooter status={list.state.footer} onRetry={more} onMore={more} />
        </>
      )}
    </View>
  );
}

const FILTERS: ReadonlyArray<{ value: GroupOrderStatus | undefined; label: string }> = [
  { value: undefined, label: '全部' },
  ...GROUP_ORDER_STATUSES.map((value) => ({ value, label: ORDER_STATUS_NAMES[value] })),
];

/** 「2 件 · ¥59.80」. */
const amountText = (order: StaffGroupOrder) => `${order.qty} 件 · ${formatFen(order.amountFen)}`;

/** When it was placed, and paid. */
const timesText = (order: StaffGroupOrder) =>
  `下单 ${formatShanghaiDateTime(order.createdAt)}${order.paidAt ? ` · 支付 ${formatShanghaiDateTime(order.paidAt)}` : ''}`;

function StatusBadge({ order }: { order: StaffGroupOrder }) {
  return (
    <Text
      className={`care-state groupbuy-order-status ${order.status === 'succeeded' ? 'care-state--on' : ''}`}
      data-testid="groupbuy-order-status"
    >
      {ORDER_STATUS_NAMES[order.status]}
    </Text>
  );
}

/** The refund's progress and the delivery to the shop, each when there is one. */
function Progress({ order }: { order: StaffGroupOrder }) {
  const delivery = fulfilmentText(order.fulfilment);
  return (
    <>
      {order.refund && (
        <Text className="groupbuy-order__refund groupbuy-order-refund-progress" data-testid="groupbuy-order-refund-progress">
          {refundText(order.refund)}
        </Text>
      )}
      {delivery && (
        <Text className="groupbuy-order__line groupbuy-order-fulfilment" data-testid="groupbuy-order-fulfilment">
          {delivery}
        </Text>
      )}
    </>
  );
}

function OrderRow({ order, action }: { order: StaffGroupOrder; action: ReactNode }) {
  return (
    <View className="staff-row groupbuy-order" data-testid="groupbuy-order">
      <View className="staff-row__head">
        <View>
          <Text className="staff-row__name groupbuy-order-buyer" data-testid="groupbuy-order-buyer">
            {buyerText(order)}
          </Text>
          {order.leader && <Text className="groupbuy-order__leader">团长</Text>}
        </View>
        <StatusBadge order={order} />
      </View>
      <Text className="groupbuy-order__line groupbuy-order-amount" data-testid="groupbuy-order-amount">
        {amountText(order)}
      </Text>
      <Text className="groupbuy-order__line muted">{timesText(order)}</Text>
      <Progress order={order} />
      {action}
    </View>
  );
}

const columnsWith = (action: (order: StaffGroupOrder) => ReactNode): StaffTableColumn<StaffGroupOrder>[] => [
  {
    key: 'buyer',
    label: '会员',
    render: (order) => <Text className="groupbuy-order-buyer">{`${buyerText(order)}${order.leader ? '（团长）' : ''}`}</Text>,
  },
  { key: 'status', label: '状态', render: (order) => <StatusBadge order={order} /> },
  {
    key: 'amount',
    label: '金额',
    numeric: true,
    descFirst: true,
    sortValue: (order) => order.amountFen,
    render: (order) => <Text className="groupbuy-order-amount">{amountText(order)}</Text>,
  },
  {
    key: 'createdAt',
    label: '下单时间',
    descFirst: true,
    sortValue: (order) => order.createdAt,
    render: (order) => formatShanghaiDateTime(order.createdAt),
  },
  { key: 'progress', label: '退款与发货', wide: true, render: (order) => <Progress order={order} /> },
  { key: 'action', label: '操作', render: action },
];
