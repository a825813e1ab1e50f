import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { BuyerCampaignList } from '@linli/shared/groupbuy';
import type * as z from 'zod';
import { listGroupBuyCampaigns } from '@/api/groupbuy';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Loading } from '@/components/state';
import { campaignEndsText } from '../../countdown';
import { groupSizeText } from '../../price';
import { PriceLine } from '../../components/price-line';
import { useNow } from '../../use-now';
import '../../groupbuy.css';

type Card = z.infer<typeof BuyerCampaignList>['items'][number];

const ORDERS_PAGE = '/groupbuy/pages/orders/index';

/** 拼团: the campaigns running now as cards, in the server's order (猜你喜欢, or plainly); 我的拼团 on top. */
export default function GroupBuyListPage() {
  const campaigns = useResource(listGroupBuyCampaigns);
  const now = useNow();
  useRefreshOnReturn(campaigns.reload);
  usePullDownRefresh(async () => {
    await campaigns.reload();
    Taro.stopPullDownRefresh();
  });

  const myOrders = (
    <View className="cells">
      <View className="cell" data-testid="gb-to-orders" onClick={() => void Taro.navigateTo({ url: ORDERS_PAGE })}>
        <Text className="cell__label">我的拼团</Text>
        <Text className="cell__value cell__arrow">待支付、拼团中、退款进度</Text>
      </View>
    </View>
  );

  if (campaigns.state.status === 'loading') return <Loading rows={4} />;
  if (campaigns.state.status === 'error') return <ErrorState message={campaigns.state.message} onRetry={campaigns.reload} />;
  const { items, ordering } = campaigns.state.data;
  return (
    <View className="page gb-list" data-testid="gb-list">
      {myOrders}
      {ordering === 'personalised' && items.length > 1 && (
        // Says why the order is what it is (PIPL Art. 24: personalised display is disclosed and can be switched off).
        <Text className="gb-list__ordering" data-testid="gb-list-ordering">
          猜你喜欢：按你的购买偏好排序，可在「我的 › 消息设置」关闭个性化推荐
        </Text>
      )}
      {items.length === 0 ? (
        <EmptyState text="暂时没有进行中的拼团，敬请期待" />
      ) : (
        items.map((card) => <CampaignCard key={card.campaignId} card={card} now={now} />)
      )}
    </View>
  );
}

function CampaignCard({ card, now }: { card: Card; now: number }) {
  const open = () => void Taro.navigateTo({ url: `/groupbuy/pages/campaign/index?id=${encodeURIComponent(card.campaignId)}` });
  return (
    <View className={`gb-card ${card.soldOut ? 'gb-card--sold-out' : ''}`} data-testid="gb-card" onClick={open}>
      <View className="gb-card__cover">
        {card.coverUrl ? (
          <Image className="gb-card__image" src={card.coverUrl} mode="aspectFill" />
        ) : (
          <View className="gb-card__image gb-card__image--empty" />
        )}
        {card.soldOut && (
          <Text className="gb-card__sold-out" data-testid="gb-card-sold-out">
            已抢光
          </Text>
        )}
      </View>
      <View className="gb-card__body">
        <Text className="gb-card__name" data-testid="gb-card-name">
          {card.name}
        </Text>
        <Text className="gb-card__product">{card.productName}</Text>
        <PriceLine groupPriceFen={card.groupPriceFen} originalPriceFen={card.originalPriceFen} />
        <View className="gb-card__foot">
          <Text className="gb-tag" data-testid="gb-card-size">
            {groupSizeText(card.groupSize)}
          </Text>
          <Text className="gb-countdown" data-testid="gb-card-ends">
            {campaignEndsText(card.endsAt, now)}
          </Text>
        </View>
      </View>
    </View>
  );
}
