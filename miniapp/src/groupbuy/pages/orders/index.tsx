import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { MyGroupOrder } from '@linli/shared/groupbuy';
import { listMyGroupOrders } from '@/api/groupbuy';
import { usePagedList } from '@/hooks/usePagedList';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, ListFooter, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { formatFen } from '@/format/money';
import { formatShanghaiDateTime } from '@/format/time';
import { orderStatusView, refundText } from '../../order-status';
import { payNotice, type PayNotice } from '../../payment-flow';
import { groupPagePath } from '../../share';
import { useNow } from '../../use-now';
import { useGroupPayment } from '../../use-group-payment';
import '../../groupbuy.css';

const LIST_PAGE = '/groupbuy/pages/list/index';

/** 我的拼团: every group-buy order, newest first, with its state, countdown and refund; a row opens its group. */
export default function MyGroupOrdersPage() {
  const list = usePagedList((cursor?: string) => listMyGroupOrders(cursor));
  const now = useNow();
  const { pay, sheet } = useGroupPayment();
  const [paying, setPaying] = useState<string | null>(null);
  const [notice, setNotice] = useState<PayNotice | null>(null);
  useRefreshOnReturn(list.refresh);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  // A ref as well as state: a second tap before the re-render must not ask for a second payment.
  const payingRef = useRef(false);
  const payFor = async (orderNo: string) => {
    if (payingRef.current) return;
    payingRef.current = true;
    setPaying(orderNo);
    setNotice(null);
    try {
      const said = payNotice(await pay(orderNo));
      await list.refresh();
      setNotice(said);
    } finally {
      payingRef.current = false;
      setPaying(null);
    }
  };

  if (list.state.status === 'loading') return <Loading rows={4} />;
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={list.refresh} />;
  if (list.state.items.length === 0) {
    return (
      <View className="page" data-testid="gb-orders-empty">
        <EmptyState text="还没有参加过拼团" />
        <Button className="btn btn--primary" data-testid="gb-orders-browse" onClick={() => void Taro.navigateTo({ url: LIST_PAGE })}>
          去看看拼团
        </Button>
      </View>
    );
  }
  return (
    <View className="page gb-orders" data-testid="gb-orders">
      {notice && (
        <Text className={`notice notice--${notice.tone}`} data-testid="gb-notice">
          {notice.text}
        </Text>
      )}
      {list.state.items.map((order) => (
        <OrderRow key={order.orderNo} order={order} now={now} paying={paying === order.orderNo} onPay={() => void payFor(order.orderNo)} />
      ))}
      <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
      {sheet}
    </View>
  );
}

function OrderRow({ order, now, paying, onPay }: { order: MyGroupOrder; now: number; paying: boolean; onPay: () => void }) {
  const status = orderStatusView(order, now);
  const open = () => void Taro.navigateTo({ url: groupPagePath(order.groupId) });
  const payable = order.status === 'reserved' && order.reservedUntil !== null && Date.parse(order.reservedUntil) > now;
  return (
    <View className="card gb-order" data-testid="gb-order" onClick={open}>
      <View className="gb-order__head">
        <Text className="muted">{formatShanghaiDateTime(order.createdAt)}</Text>
        <Text className={`gb-order__status gb-order__status--${status.tone}`} data-testid="gb-order-status">
          {status.label}
        </Text>
      </View>
      <View className="gb-order__body">
        {order.coverUrl ? (
          <Image className="gb-order__cover" src={order.coverUrl} mode="aspectFill" />
        ) : (
          <View className="gb-order__cover gb-order__cover--empty" />
        )}
        <View className="gb-order__text">
          <Text className="gb-order__name" data-testid="gb-order-name">
            {order.productName}
          </Text>
          <Text className="muted">{order.campaignName}</Text>
          <View className="gb-order__amount">
            {order.leader && <Text className="gb-tag">团长</Text>}
            <Text data-testid="gb-order-amount">{`共 ${order.qty} 件 ${order.paidAt ? '实付' : '合计'} ${formatFen(order.amountFen)}`}</Text>
          </View>
        </View>
      </View>
      {status.note && (
        <Text className={`gb-order__note gb-order__note--${status.tone}`} data-testid="gb-order-note">
          {status.note}
        </Text>
      )}
      {order.refund && (
        <Text className={`gb-refund gb-refund--${order.refund.status}`} data-testid="gb-order-refund">
          {refundText(order.refund)}
        </Text>
      )}
      {payable && (
        <Button
          className="btn btn--primary gb-order__pay"
          data-testid="gb-order-pay"
          {...whileBusy(paying)}
          onClick={(event) => {
            // Paying here, not opening the group.
            event.stopPropagation();
            onPay();
          }}
        >
          去支付
        </Button>
      )}
    </View>
  );
}
