import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { CampaignViewRequest, GroupView, MyGroupOrder } from '@linli/shared/groupbuy';
import { getGroup, getGroupOrder, joinGroup, leaveGroupOrder, recordGroupShare } from '@/api/groupbuy';
import { errorText } from '@/api/errors';
import { newRequestId, newShareId } from '@/api/request-id';
import { loadSession } from '@/api/session';
import { platform } from '@/platform';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { ErrorState, Loading } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { groupDeadlineText, payWithinText, secondsLeft } from '../../countdown';
import { groupStatusText, leaveConfirmText, refundText } from '../../order-status';
import { groupSizeText, slotsLeftText } from '../../price';
import { payNotice, RequestAttempt, type PayNotice } from '../../payment-flow';
import { groupPagePath, groupShareCard, type ShareCard } from '../../share';
import { campaignViewOf } from '../../arrival';
import { useCampaignView } from '../../use-campaign-view';
import { viewerPlan, type GroupAction } from '../../viewer-actions';
import { useNow } from '../../use-now';
import { useGroupPayment } from '../../use-group-payment';
import { MemberAvatars } from '../../components/member-avatars';
import { PriceLine } from '../../components/price-line';
import { SignedIn } from '../../components/signed-in';
import '../../groupbuy.css';

const JOIN_PAGE = '/pages/join/index';

interface GroupPageData {
  group: GroupView;
  /** The viewer's own order in this group (its time to pay, its refund), when they have a place. */
  order: MyGroupOrder | null;
}

async function loadGroupPage(groupId: string): Promise<GroupPageData> {
  const group = await getGroup(groupId);
  const orderNo = group.viewer.orderNo;
  // The order only adds the time to pay and the refund: the group shows without it.
  const order = orderNo ? await getGroupOrder(orderNo).catch(() => null) : null;
  return { group, order };
}

/**
 * One share of the group (WeChat's 转发 or 邀请好友, or H5's copied link): a new share id, recorded
 * without waiting (a failure must not stop the share), and the card whose path carries it. Before
 * signing in there is no sharer to count (and the API would send the viewer off to log in): the
 * card then opens the group plainly. `group` is null until it has loaded.
 */
function shareGroup(groupId: string, group: GroupView | null): ShareCard {
  if (!loadSession()) return { title: '一起来拼团', path: groupPagePath(groupId) };
  const shareId = newShareId();
  recordGroupShare(groupId, shareId).catch(() => undefined);
  return group ? groupShareCard(group, shareId) : { title: '一起来拼团', path: groupPagePath(groupId, shareId) };
}

/**
 * A group: the product, its members (团长, paid or 待支付) and open slots, the countdown to its
 * deadline, its status, and what the viewer may do — 参团, 去支付, 邀请好友 or 退出拼团. Opened from
 * the campaign page, 我的拼团, or a friend's share card (`&share=`: the seller's funnel counts it).
 */
export default function GroupPage() {
  const params = useRouter().params;
  const groupId = params.id ?? '';
  const view = useMemo(() => campaignViewOf(params), [params]);
  // Registered on the page itself, so WeChat offers 转发 before the group has loaded; the content follows it.
  const shared = useRef<GroupView | null>(null);
  const rememberGroup = useCallback((group: GroupView) => {
    shared.current = group;
  }, []);
  // WeChat asks for the card synchronously: the share is recorded on the side.
  useShareAppMessage(() => shareGroup(groupId, shared.current));
  return (
    <SignedIn>
      <GroupContent groupId={groupId} view={view} onGroup={rememberGroup} />
    </SignedIn>
  );
}

function GroupContent({ groupId, view, onGroup }: { groupId: string; view: CampaignViewRequest; onGroup: (group: GroupView) => void }) {
  const page = useResource(() => loadGroupPage(groupId));
  useRefreshOnReturn(page.reload);
  usePullDownRefresh(async () => {
    await page.reload();
    Taro.stopPullDownRefresh();
  });
  const loaded = page.state.status === 'ready' ? page.state.data.group : null;
  useEffect(() => {
    if (loaded) onGroup(loaded);
  }, [loaded, onGroup]);
  // A group's page is a view of its campaign, known once the group has loaded.
  useCampaignView(loaded?.campaignId ?? null, view);

  if (page.state.status === 'loading') return <Loading rows={5} />;
  if (page.state.status === 'error') return <ErrorState message={page.state.message} onRetry={page.reload} />;
  return <GroupScreen data={page.state.data} reload={page.reload} />;
}

function GroupScreen({ data, reload }: { data: GroupPageData; reload: () => Promise<void> }) {
  const { group, order } = data;
  const now = useNow();
  const { pay, sheet } = useGroupPayment();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<PayNotice | null>(null);
  // One request id per attempt to join, kept across retries: a retry never takes a second place.
  const attempt = useRef(new RequestAttempt(newRequestId));
  const plan = viewerPlan(group);

  // The deadline or the time to pay ran out on screen: the server settles it; show what it decided.
  const expiredAt = useRef<string | null>(null);
  const runsOut =
    group.status === 'forming' ? (order?.status === 'reserved' && order.reservedUntil ? order.reservedUntil : group.deadline) : null;
  const ranOut = runsOut !== null && secondsLeft(runsOut, now) === 0;
  useEffect(() => {
    if (ranOut && expiredAt.current !== runsOut) {
      expiredAt.current = runsOut;
      void reload();
    }
  }, [ranOut, runsOut, reload]);

  // A ref as well as state: a second tap before the re-render must not start a second action.
  const busyRef = useRef(false);
  const run = async (action: () => Promise<PayNotice | null>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setNotice(null);
    try {
      const said = await action();
      // Nothing was asked of the server (the leave dialog was dismissed): nothing to show again.
      if (said === null) return;
      await reload();
      setNotice(said);
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const payFor = async (orderNo: string) => payNotice(await pay(orderNo));

  const join = () =>
    run(async () => {
      let joined;
      try {
        joined = await joinGroup(group.groupId, { requestId: attempt.current.current(), qty: 1 });
        attempt.current.ended();
      } catch (error) {
        attempt.current.ended(error);
        return { text: errorText(error), tone: 'error' };
      }
      return payFor(joined.order.orderNo);
    });

  const leave = (orderNo: string, paid: boolean) =>
    run(async () => {
      const { confirm } = await Taro.showModal({
        title: '退出拼团',
        content: leaveConfirmText(paid),
        confirmText: '退出',
        cancelText: '再想想',
      });
      if (!confirm) return null;
      try {
        await leaveGroupOrder(orderNo);
        return { text: paid ? '已退出拼团，款项将原路退回' : '已退出拼团', tone: 'ok' };
      } catch (error) {
        return { text: errorText(error), tone: 'error' };
      }
    });

  const act = (action: GroupAction) => {
    switch (action.kind) {
      case 'join':
        return void join();
      case 'pay':
        return void run(() => payFor(action.orderNo));
      case 'leave':
        return void leave(action.orderNo, action.paid);
      case 'join-membership':
        return void Taro.navigateTo({ url: JOIN_PAGE });
      case 'campaign':
        return void Taro.navigateTo({ url: `/groupbuy/pages/campaign/index?id=${encodeURIComponent(group.campaignId)}` });
      case 'invite':
        return undefined;
    }
  };

  const share = () => shareGroup(group.groupId, group).path;
  const [primary, ...others] = plan.actions;
  return (
    <View className="page gb-group" data-testid="gb-group">
      <View className="card gb-product">
        {group.coverUrl ? (
          <Image className="gb-product__cover" src={group.coverUrl} mode="aspectFill" />
        ) : (
          <View className="gb-product__cover gb-product__cover--empty" />
        )}
        <View className="gb-product__text">
          <Text className="gb-product__name" data-testid="gb-product-name">
            {group.product.name}
          </Text>
          <Text className="gb-tag">{groupSizeText(group.groupSize)}</Text>
          <PriceLine groupPriceFen={group.product.groupPriceFen} originalPriceFen={group.product.originalPriceFen} />
        </View>
      </View>

      <View className={`card gb-status gb-status--${group.status}`}>
        <Text className="gb-status__title" data-testid="gb-status">
          {groupStatusText(group, order?.refund ?? null)}
        </Text>
        {group.status === 'forming' && (
          <View className="gb-status__row">
            <Text className="gb-status__slots" data-testid="gb-slots-left">
              {slotsLeftText(group.slotsLeft)}
            </Text>
            <Text className="gb-countdown" data-testid="gb-deadline">
              {groupDeadlineText(group.deadline, now)}
            </Text>
          </View>
        )}
        <MemberAvatars members={group.members} slotsLeft={group.status === 'forming' ? group.slotsLeft : 0} showUnpaid />
        {group.minGroupSize < group.groupSize && group.status === 'forming' && (
          <Text className="muted gb-status__min">{`截止时满 ${group.minGroupSize} 人已支付即可成团`}</Text>
        )}
      </View>

      {order && <MyPlace order={order} now={now} />}

      <View className="gb-actions" data-testid="gb-actions">
        {plan.note && (
          <Text className="gb-actions__note" data-testid="gb-note">
            {plan.note}
          </Text>
        )}
        {primary && <ActionButton action={primary} primary busy={busy} share={share} onAct={act} />}
        {others.map((action) => (
          <ActionButton key={action.kind} action={action} primary={false} busy={busy} share={share} onAct={act} />
        ))}
        {notice && (
          <Text className={`notice notice--${notice.tone}`} data-testid="gb-notice">
            {notice.text}
          </Text>
        )}
      </View>

      {group.product.description && (
        <View className="card">
          <Text className="card__title">商品介绍</Text>
          <Text className="gb-description">{group.product.description}</Text>
        </View>
      )}
      {sheet}
    </View>
  );
}

function ActionButton({
  action,
  primary,
  busy,
  share,
  onAct,
}: {
  action: GroupAction;
  primary: boolean;
  busy: boolean;
  /** Makes one share and answers its path (H5 copies the link; WeChat's card comes from the page's onShareAppMessage). */
  share: () => string;
  onAct: (action: GroupAction) => void;
}) {
  const className = `btn ${primary ? 'btn--primary' : action.kind === 'leave' ? 'btn--plain' : 'btn--ghost'} gb-action gb-action--${action.kind}`;
  if (action.kind === 'invite') {
    return (
      <platform.ShareButton share={share} className={className}>
        {action.label}
      </platform.ShareButton>
    );
  }
  return (
    <Button className={className} data-testid={`gb-action-${action.kind}`} {...whileBusy(busy)} onClick={() => onAct(action)}>
      {action.label}
    </Button>
  );
}

/** The viewer's own place: the time left to pay a reservation, or how far its refund is. */
function MyPlace({ order, now }: { order: MyGroupOrder; now: number }) {
  const payBy = order.status === 'reserved' ? order.reservedUntil : null;
  if (!payBy && !order.refund) return null;
  return (
    <View className="card gb-my-place" data-testid="gb-my-place">
      {payBy && (
        <Text className="gb-my-place__pay" data-testid="gb-pay-within">
          {`待支付 ${payWithinText(payBy, now)}`}
        </Text>
      )}
      {order.refund && (
        <Text className={`gb-refund gb-refund--${order.refund.status}`} data-testid="gb-refund">
          {refundText(order.refund)}
        </Text>
      )}
    </View>
  );
}
