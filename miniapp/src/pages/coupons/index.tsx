import { useMemo, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { COUPON_STATUSES, type CouponStatus, type CouponView } from '@linli/shared/mall';
import { listMyCoupons } from '@/api/linli';
import { useResource, type ResourceState } from '@/hooks/useResource';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Loading } from '@/components/state';
import { qrDataUrl } from '@/components/member-qr/qr';
import { COUPON_STATUS_ZH, FULFILMENT_ZH, couponTermsText, goodsStatusText } from '@/format/mall';
import { addressLine } from '@/platform/address';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import './index.css';

export default function CouponsPage() {
  const [status, setStatus] = useState<CouponStatus>('unused');
  // The answer remembers its tab, so a tab switch never shows the previous tab's coupons.
  const coupons = useResource(async () => ({ status, items: (await listMyCoupons(status)).items }));

  // The first load is useResource's own; a tab change fetches that tab.
  useReloadOnChange(coupons.reload, [status]);

  usePullDownRefresh(async () => {
    await coupons.reload();
    Taro.stopPullDownRefresh();
  });

  return (
    <View className="page coupons-page">
      <View className="coupons-tabs">
        {COUPON_STATUSES.map((tab) => (
          <View
            key={tab}
            className={`coupons-tab ${tab === status ? 'coupons-tab--active' : ''}`}
            data-testid={`coupons-tab-${tab}`}
            onClick={() => setStatus(tab)}
          >
            <Text>{COUPON_STATUS_ZH[tab]}</Text>
          </View>
        ))}
      </View>
      <CouponListBody status={status} state={coupons.state} onRetry={coupons.reload} />
    </View>
  );
}

interface CouponListBodyProps {
  status: CouponStatus;
  state: ResourceState<{ status: CouponStatus; items: CouponView[] }>;
  onRetry: () => void;
}

function CouponListBody({ status, state, onRetry }: CouponListBodyProps) {
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  if (state.status === 'loading' || state.data.status !== status) return <Loading rows={3} />;
  const items = state.data.items;
  if (items.length === 0) return <EmptyState text="暂无优惠券" />;
  return (
    <View className="coupon-list">
      {items.map((coupon) => (
        <CouponCard key={coupon.code} coupon={coupon} />
      ))}
    </View>
  );
}

function CouponCard({ coupon }: { coupon: CouponView }) {
  // A delivery reward is shipped by the shop: nothing to show at a till.
  const unused = coupon.status === 'unused' && coupon.fulfilment !== 'delivery';
  const terms = coupon.terms ? couponTermsText(coupon.terms) : coupon.fulfilment ? `实物礼品 · ${FULFILMENT_ZH[coupon.fulfilment]}` : '';
  return (
    <View className={`coupon coupon--${coupon.status}`} data-testid="coupon" data-code={coupon.code}>
      <View className="coupon__main">
        <View className="coupon__head">
          <Text className="coupon__name">{coupon.name}</Text>
          <Text className="coupon__status" data-testid="coupon-status">
            {coupon.goods ? goodsStatusText(coupon.goods.status, coupon.fulfilment) : COUPON_STATUS_ZH[coupon.status]}
          </Text>
        </View>
        {terms && <Text className="coupon__terms">{terms}</Text>}
        {coupon.goods ? (
          <GoodsProgressLines coupon={coupon} />
        ) : (
          <Text className="coupon__date">
            {coupon.status === 'used' && coupon.usedAt
              ? `使用于 ${formatShanghaiDateTime(coupon.usedAt)}`
              : `有效期至 ${formatShanghaiDate(coupon.validUntil)}`}
          </Text>
        )}
      </View>
      {unused && <CouponQr code={coupon.code} pickup={coupon.kind === 'goods'} />}
    </View>
  );
}

/** A goods redemption's number and way to the buyer: where to pick it up, or the address and the parcel. */
function GoodsProgressLines({ coupon }: { coupon: CouponView }) {
  const goods = coupon.goods!;
  const lines = [`兑换单号 ${goods.redemptionNo}`];
  if (goods.pickupPlace) lines.push(`自提地点：${goods.pickupPlace}`);
  if (goods.address) lines.push(`收货地址：${addressLine(goods.address)}`);
  if (goods.status === 'shipped') {
    lines.push(`${goods.carrier ?? ''} 运单号 ${goods.trackingNo ?? ''}`.trim());
    if (goods.shippedAt) lines.push(`发货于 ${formatShanghaiDateTime(goods.shippedAt)}`);
  } else if (goods.status === 'picked_up' && goods.handedOverAt) lines.push(`领取于 ${formatShanghaiDateTime(goods.handedOverAt)}`);
  else if (coupon.fulfilment === 'pickup') lines.push(`请于 ${formatShanghaiDate(coupon.validUntil)} 前领取`);
  return (
    <View className="coupon__goods" data-testid="coupon-goods">
      {lines.map((line) => (
        <Text key={line} className="coupon__date" data-testid={line.includes('运单号') ? 'coupon-tracking' : undefined} selectable>
          {line}
        </Text>
      ))}
    </View>
  );
}

/** The code as a QR for staff to scan (the member QR's generator), and in text for typing by hand. */
function CouponQr({ code, pickup }: { code: string; pickup: boolean }) {
  const src = useMemo(() => qrDataUrl(code, 6, 12), [code]);
  return (
    <View className="coupon__qr-box">
      <Image className="coupon__qr" data-testid="coupon-qr" src={src} mode="aspectFit" ariaLabel={`券码 ${code}`} />
      <Text className="coupon__code" data-testid="coupon-code" selectable>
        {code}
      </Text>
      <Text className="coupon__hint">{pickup ? '到店出示此码领取礼品' : '结账时出示此码给店员核销'}</Text>
    </View>
  );
}
