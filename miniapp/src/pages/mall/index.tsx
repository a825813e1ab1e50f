import { useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { DeliveryAddress, MallReward, Redemption } from '@linli/shared/mall';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { platform } from '@/platform';
import { getMall, getTiers, redeemReward } from '@/api/linli';
import { ApiError, errorText } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useResource } from '@/hooks/useResource';
import { useCareAskAtTap } from '@/hooks/subscribe-ask';
import { EmptyState, ErrorState, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { PrivacyAuthorizationPopup } from '@/components/privacy-authorization';
import { availabilityText, ineligibleText, rewardLimitTexts, rewardTermsText, validDaysText, type TierNameList } from '@/format/mall';
import { formatShanghaiDate } from '@/format/time';
import './index.css';

const MY_COUPONS = '/pages/coupons/index';

export default function MallPage() {
  const mall = useResource(getMall);
  // Tier names for 仅限XX会员 come from the configured ladder; until it loads (or if it cannot),
  // the built-in names stand in.
  const ladder = useResource(getTiers);
  const tiers = ladder.state.status === 'ready' ? ladder.state.data.tiers : undefined;
  const [confirming, setConfirming] = useState<MallReward | null>(null);
  const firstShow = useRef(true);

  // Back from 我的券 or elsewhere: points and stock may have moved.
  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false;
      return;
    }
    void mall.reload();
  });

  usePullDownRefresh(async () => {
    await mall.reload();
    Taro.stopPullDownRefresh();
  });

  if (mall.state.status === 'loading') return <Loading rows={4} />;
  if (mall.state.status === 'error') {
    const error = mall.state.error;
    if (error instanceof ApiError && error.code === 'NOT_JOINED') return <NotJoined />;
    return <ErrorState message={mall.state.message} onRetry={mall.reload} />;
  }

  const { points, items, redemptionsHeld } = mall.state.data;
  const now = new Date();
  return (
    <View className="page">
      <View className="mall-head">
        <View className="mall-head__points">
          <Text className="mall-head__label">可用积分</Text>
          <Text className="mall-head__value" data-testid="mall-points">
            {points}
          </Text>
        </View>
        <Text className="mall-head__link" data-testid="mall-my-coupons" onClick={() => Taro.navigateTo({ url: MY_COUPONS })}>
          我的券 ›
        </Text>
      </View>

      {redemptionsHeld && (
        // 账户审核中: a supervisor holds the member's redemptions; the list stays readable, redeeming is refused.
        <Text className="notice notice--error mall-under-review" data-testid="mall-under-review">
          {ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW}
        </Text>
      )}

      {items.length === 0 ? (
        <EmptyState text="暂无可兑换的礼品，敬请期待" />
      ) : (
        <View className="mall-list">
          {items.map((reward) => (
            <RewardCard key={reward.rewardId} reward={reward} now={now} tiers={tiers} onRedeem={() => setConfirming(reward)} />
          ))}
        </View>
      )}

      {confirming && (
        <RedeemSheet
          // A new sheet (and a new request id) for every confirmation.
          key={confirming.rewardId}
          reward={confirming}
          points={points}
          onClose={() => setConfirming(null)}
          onChanged={() => void mall.reload()}
        />
      )}
    </View>
  );
}

function RewardCard({ reward, now, tiers, onRedeem }: { reward: MallReward; now: Date; tiers?: TierNameList; onRedeem: () => void }) {
  const reason = reward.ineligible;
  return (
    <View className={`mall-reward ${reason ? 'mall-reward--off' : ''}`} data-testid="mall-reward" data-reward-id={reward.rewardId}>
      {reward.pictureUrl && (
        <Image
          className="mall-reward__picture"
          data-testid="mall-reward-picture"
          src={reward.pictureUrl}
          mode="aspectFill"
          ariaLabel={reward.name}
        />
      )}
      <View className="mall-reward__head">
        <Text className="mall-reward__name">{reward.name}</Text>
        <Text className="mall-reward__kind">{reward.kind === 'coupon' ? '优惠券' : '实物'}</Text>
      </View>
      <Text className="mall-reward__terms" data-testid="mall-reward-terms">
        {rewardTermsText(reward)}
      </Text>
      {reward.goods?.fulfilment === 'pickup' && reward.goods.pickupPlace && (
        <Text className="mall-reward__place" data-testid="mall-reward-pickup-place">
          自提地点：{reward.goods.pickupPlace}
        </Text>
      )}
      <View className="mall-reward__limits">
        {rewardLimitTexts(reward, tiers).map((text) => (
          <Text key={text} className="mall-reward__limit">
            {text}
          </Text>
        ))}
      </View>
      <View className="mall-reward__foot">
        <View className="mall-reward__price">
          <Text className="mall-reward__price-value">{reward.pointsPrice}</Text>
          <Text className="mall-reward__price-unit">积分</Text>
        </View>
        <Button
          className={`btn mall-reward__action ${reason ? 'mall-reward__action--off' : 'btn--primary'}`}
          data-testid="mall-reward-redeem"
          {...disabledWhen(reason !== null)}
          onClick={reason ? undefined : onRedeem}
        >
          {reason ? ineligibleText(reason, reward, now, tiers) : '立即兑换'}
        </Button>
      </View>
    </View>
  );
}

interface RedeemSheetProps {
  reward: MallReward;
  points: number;
  onClose: () => void;
  /** Points, stock or limits changed (a redemption, or a refusal that shows the list is stale). */
  onChanged: () => void;
}

function RedeemSheet({ reward, points, onClose, onChanged }: RedeemSheetProps) {
  // Made once per sheet and reused on retry, so a repeated tap never redeems twice.
  const [requestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<Redemption | null>(null);
  const delivery = reward.goods?.fulfilment === 'delivery';
  const [address, setAddress] = useState<DeliveryAddress | null>(null);
  const askForCare = useCareAskAtTap();

  const confirm = async () => {
    if (busyRef.current) return;
    if (delivery && !address) {
      setFailure('请先填写完整的收货地址');
      return;
    }
    // The redemption tap is where WeChat lets us ask for caring messages the member has none left of;
    // the redemption never waits on the answer.
    void askForCare();
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      setDone(await redeemReward(reward.rewardId, requestId, delivery ? (address ?? undefined) : undefined));
      onChanged();
    } catch (error) {
      setFailure(errorText(error));
      // A refusal means the list was out of date; a network failure may be retried as it is.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) onChanged();
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const rows: Array<[string, string]> = [
    ['所需积分', `${reward.pointsPrice} 积分`],
    ['当前可用', `${points} 积分`],
  ];
  if (reward.coupon) rows.push(['有效期', validDaysText(reward.coupon.validDays)]);
  if (reward.goods?.fulfilment === 'pickup' && reward.goods.pickupPlace) rows.push(['自提地点', reward.goods.pickupPlace]);
  rows.push(['兑换时间', availabilityText(reward)]);

  return (
    <>
      <View className="sheet-mask" onClick={busy ? undefined : onClose} />
      <View className="sheet" data-testid="redeem-sheet">
        {done ? (
          <View className="redeem-done" data-testid="redeem-success">
            <Text className="redeem-done__icon">✓</Text>
            <Text className="redeem-done__title">兑换成功</Text>
            <Text className="redeem-done__text">
              已使用 {done.points} 积分兑换「{done.coupon.name}」
            </Text>
            <Text className="redeem-done__text">{redeemedText(done)}</Text>
            <Button className="btn btn--primary" data-testid="link-my-coupons" onClick={() => Taro.navigateTo({ url: MY_COUPONS })}>
              查看我的券
            </Button>
            <Button className="btn btn--plain" data-testid="redeem-close" onClick={onClose}>
              继续逛逛
            </Button>
          </View>
        ) : (
          <>
            <Text className="sheet__title">{reward.name}</Text>
            <Text className="sheet__terms">{rewardTermsText(reward)}</Text>
            {reward.description && <Text className="sheet__description">{reward.description}</Text>}
            <View className="sheet__rows">
              {rows.map(([label, value]) => (
                <View key={label} className="sheet__row">
                  <Text className="sheet__label">{label}</Text>
                  <Text className="sheet__value">{value}</Text>
                </View>
              ))}
            </View>
            {delivery && (
              <View className="sheet__address">
                <Text className="sheet__label">收货地址</Text>
                <platform.AddressCapture
                  value={address}
                  onChange={(chosen) => {
                    setAddress(chosen);
                    if (chosen) setFailure(null);
                  }}
                  disabled={busy}
                />
                {/* WeChat's address book is privacy-protected: this asks for the user's agreement when it must. */}
                <PrivacyAuthorizationPopup />
              </View>
            )}
            {failure && (
              <Text className="notice notice--error" data-testid="redeem-error">
                {failure}
              </Text>
            )}
            <Button className="btn btn--primary" data-testid="redeem-confirm" {...whileBusy(busy)} onClick={confirm}>
              确认兑换（{reward.pointsPrice} 积分）
            </Button>
            <Button className="btn btn--plain" data-testid="redeem-cancel" {...disabledWhen(busy)} onClick={onClose}>
              取消
            </Button>
          </>
        )}
      </View>
    </>
  );
}

/** What happens next: a coupon to use, goods to pick up, or goods on their way. */
function redeemedText(done: Redemption): string {
  const goods = done.coupon.goods;
  if (!goods) return `券已放入“我的券”，有效期至 ${formatShanghaiDate(done.coupon.validUntil)}`;
  if (done.coupon.fulfilment === 'delivery') return `兑换单号 ${goods.redemptionNo}，我们会尽快发货，发货进度可在“我的券”查看`;
  const place = goods.pickupPlace ? `请到${goods.pickupPlace}` : '请到店';
  return `兑换单号 ${goods.redemptionNo}，${place}出示“我的券”中的券码领取，有效期至 ${formatShanghaiDate(done.coupon.validUntil)}`;
}

function NotJoined() {
  return (
    <View className="state-box" data-testid="mall-not-joined">
      <Text className="state-box__title">加入会员后即可兑换</Text>
      <Text className="state-box__text">{errorText(new ApiError('NOT_JOINED', 409, 'not joined'))}</Text>
      <Button className="btn btn--primary state-box__action" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
        去加入
      </Button>
    </View>
  );
}
