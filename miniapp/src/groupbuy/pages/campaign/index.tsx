import { useMemo, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Button, Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { BuyerCampaignView, CampaignViewRequest } from '@linli/shared/groupbuy';
import { getGroupBuyCampaign, openGroup } from '@/api/groupbuy';
import { errorText } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { ErrorState, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { campaignEndsText, groupDeadlineText } from '../../countdown';
import { groupSizeText, slotsLeftText, termsText } from '../../price';
import { cannotOpenText } from '../../reasons';
import { payNotice, RequestAttempt } from '../../payment-flow';
import { groupPagePath } from '../../share';
import { campaignViewOf } from '../../arrival';
import { useCampaignView } from '../../use-campaign-view';
import { useNow } from '../../use-now';
import { useGroupPayment } from '../../use-group-payment';
import { MemberAvatars } from '../../components/member-avatars';
import { PriceLine } from '../../components/price-line';
import { SignedIn } from '../../components/signed-in';
import '../../groupbuy.css';

const JOIN_PAGE = '/pages/join/index';

/**
 * A campaign as the buyer sees it: pictures, price, terms and countdown; 发起拼团 (open a group as
 * its leader and pay), the groups forming that may be joined, or why the buyer cannot open one.
 * Opened from the list, 首页, or a care invitation (its link says so: the seller's funnel counts it).
 */
export default function CampaignPage() {
  const params = useRouter().params;
  const campaignId = params.id ?? '';
  const view = useMemo(() => campaignViewOf(params), [params]);
  return (
    <SignedIn>
      <CampaignContent campaignId={campaignId} view={view} />
    </SignedIn>
  );
}

function CampaignContent({ campaignId, view }: { campaignId: string; view: CampaignViewRequest }) {
  const campaign = useResource(() => getGroupBuyCampaign(campaignId));
  useCampaignView(campaignId || null, view);
  useRefreshOnReturn(campaign.reload);
  usePullDownRefresh(async () => {
    await campaign.reload();
    Taro.stopPullDownRefresh();
  });

  if (campaign.state.status === 'loading') return <Loading rows={5} />;
  if (campaign.state.status === 'error') return <ErrorState message={campaign.state.message} onRetry={campaign.reload} />;
  return <CampaignView campaign={campaign.state.data} onRefused={campaign.reload} />;
}

function CampaignView({ campaign, onRefused }: { campaign: BuyerCampaignView; onRefused: () => void }) {
  const now = useNow();
  const { pay, sheet } = useGroupPayment();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // One request id per attempt to open, kept across retries: a retry never opens a second group.
  const attempt = useRef(new RequestAttempt(newRequestId));

  // A ref as well as state: a second tap before the re-render must not open a second group.
  const busyRef = useRef(false);
  const open = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    let opened;
    try {
      opened = await openGroup(campaign.campaignId, { requestId: attempt.current.current(), qty: 1 });
      attempt.current.ended();
    } catch (error) {
      attempt.current.ended(error);
      setFailure(errorText(error));
      busyRef.current = false;
      setBusy(false);
      // A refusal (sold out, limit …) may mean the page is out of date.
      onRefused();
      return;
    }
    const result = await pay(opened.order.orderNo);
    const notice = payNotice(result);
    void Taro.showToast({ title: notice.text, icon: notice.tone === 'ok' ? 'success' : 'none' }).catch(() => undefined);
    // The group exists now, paid or not: its page shows it, 去支付 while unpaid, 邀请好友 once paid.
    void Taro.redirectTo({ url: groupPagePath(opened.order.groupId) });
  };

  const joinGroup = (groupId: string) => void Taro.navigateTo({ url: groupPagePath(groupId) });

  return (
    <View className="page gb-campaign" data-testid="gb-campaign">
      <Pictures urls={campaign.pictureUrls} soldOut={campaign.soldOut} />

      <View className="card gb-campaign__head">
        <Text className="gb-campaign__name" data-testid="gb-campaign-name">
          {campaign.name}
        </Text>
        <Text className="gb-campaign__product">{campaign.product.name}</Text>
        <PriceLine groupPriceFen={campaign.product.groupPriceFen} originalPriceFen={campaign.product.originalPriceFen} />
        <Text className="gb-campaign__terms" data-testid="gb-campaign-terms">
          {termsText(campaign)}
        </Text>
        <View className="gb-campaign__row">
          <Text className="gb-countdown" data-testid="gb-campaign-ends">
            {campaignEndsText(campaign.endsAt, now)}
          </Text>
          {campaign.unitsHeld > 0 && <Text className="muted" data-testid="gb-campaign-held">{`你已拼 ${campaign.unitsHeld} 件`}</Text>}
        </View>
      </View>

      <View className="card gb-open" data-testid="gb-open">
        {campaign.canOpen ? (
          <Button className="btn btn--primary" data-testid="gb-open-group" {...whileBusy(busy)} onClick={() => void open()}>
            {`发起拼团 · ${groupSizeText(campaign.groupSize)}`}
          </Button>
        ) : (
          <CannotOpen campaign={campaign} />
        )}
        {failure && (
          <Text className="notice notice--error" data-testid="gb-failure">
            {failure}
          </Text>
        )}
      </View>

      <View className="card gb-forming" data-testid="gb-forming">
        <Text className="card__title">正在拼团，可直接参与</Text>
        {campaign.openGroups.length === 0 ? (
          <Text className="muted" data-testid="gb-forming-empty">
            暂时没有正在拼的团，发起一个，邀请好友一起拼吧
          </Text>
        ) : (
          campaign.openGroups.map((group) => (
            <View key={group.groupId} className="gb-forming__group" data-testid="gb-forming-group">
              <MemberAvatars members={group.members} slotsLeft={0} />
              <View className="gb-forming__text">
                <Text className="gb-forming__slots" data-testid="gb-forming-slots">
                  {slotsLeftText(group.slotsLeft)}
                </Text>
                <Text className="gb-countdown gb-forming__deadline">{groupDeadlineText(group.deadline, now)}</Text>
              </View>
              <Button className="btn btn--ghost gb-forming__join" data-testid="gb-forming-join" onClick={() => joinGroup(group.groupId)}>
                去参团
              </Button>
            </View>
          ))
        )}
      </View>

      {campaign.product.description && (
        <View className="card">
          <Text className="card__title">商品介绍</Text>
          <Text className="gb-description" data-testid="gb-description">
            {campaign.product.description}
          </Text>
        </View>
      )}
      {sheet}
    </View>
  );
}

function Pictures({ urls, soldOut }: { urls: string[]; soldOut: boolean }) {
  return (
    <View className="gb-pictures">
      {urls.length === 0 ? (
        <View className="gb-pictures__image gb-pictures__image--empty" />
      ) : (
        <Swiper className="gb-pictures__swiper" indicatorDots={urls.length > 1} circular>
          {urls.map((url) => (
            <SwiperItem key={url}>
              <Image className="gb-pictures__image" data-testid="gb-picture" src={url} mode="aspectFill" />
            </SwiperItem>
          ))}
        </Swiper>
      )}
      {soldOut && (
        <Text className="gb-pictures__sold-out" data-testid="gb-campaign-sold-out">
          已抢光
        </Text>
      )}
    </View>
  );
}

/** Why 发起拼团 is not offered; a visitor is sent to join the membership. */
function CannotOpen({ campaign }: { campaign: BuyerCampaignView }) {
  const reason = campaign.cannotOpenReason;
  return (
    <View className="gb-cannot-open">
      <Text className="gb-cannot-open__text" data-testid="gb-cannot-open">
        {reason ? cannotOpenText(reason, campaign.perBuyerLimit) : '暂时不能发起拼团'}
      </Text>
      {reason === 'not-joined' && (
        <Button className="btn btn--primary" data-testid="gb-join-membership" onClick={() => void Taro.navigateTo({ url: JOIN_PAGE })}>
          加入会员
        </Button>
      )}
    </View>
  );
}
