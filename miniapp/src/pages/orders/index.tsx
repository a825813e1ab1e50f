import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MyOrderSummary } from '@linli/shared/orders';
import { listMyOrders } from '@/api/linli';
import { usePagedList } from '@/hooks/usePagedList';
import { EmptyState, ErrorState, ListFooter, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import { formatShanghaiDateTime } from '@/format/time';
import { ORDER_STATUS_ZH, orderPointsText } from '@/format/orders';
import './index.css';

/** 我的订单: the buyer's orders, newest first, a page at a time as they scroll. */
export default function MyOrdersPage() {
  const list = usePagedList((cursor?: string) => listMyOrders(cursor));
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'loading') return <Loading rows={4} />;
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={list.refresh} />;
  if (list.state.items.length === 0)
    return (
      <View className="page" data-testid="orders-empty">
        <EmptyState text="还没有订单，下单即可获得积分" />
      </View>
    );
  return (
    <View className="page" data-testid="orders">
      {list.state.items.map((order) => (
        <OrderCard key={order.orderId} order={order} />
      ))}
      <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
    </View>
  );
}

function OrderCard({ order }: { order: MyOrderSummary }) {
  const refunded = order.status !== 'paid';
  return (
    <View className="card order-card" data-testid="order">
      <View className="order-card__head">
        <Text className="order-card__date">{formatShanghaiDateTime(order.paidAt)}</Text>
        {refunded && (
          <Text className={`order-card__status order-card__status--${order.status}`} data-testid="order-status">
            {ORDER_STATUS_ZH[order.status]}
          </Text>
        )}
      </View>
      {order.items.map((item, i) => (
        <View key={`${item.sku}-${i}`} className="order-line" data-testid="order-item">
          <Text className="order-line__name">{item.name}</Text>
          <Text className="order-line__qty">
            {formatFen(item.unitPriceFen)} ×{item.qty}
          </Text>
        </View>
      ))}
      <View className="order-card__total">
        <Text className="muted">共 {order.items.reduce((sum, item) => sum + item.qty, 0)} 件</Text>
        <Text className="order-card__paid" data-testid="order-paid">
          实付 {formatFen(order.paidFen)}
        </Text>
      </View>
      {order.refundedFen > 0 && (
        <Text className="order-card__refund" data-testid="order-refund">
          已退款 {formatFen(order.refundedFen)}
        </Text>
      )}
      <Text className={`order-card__points order-card__points--${order.points.state}`} data-testid="order-points">
        {orderPointsText(order.points)}
      </Text>
    </View>
  );
}
