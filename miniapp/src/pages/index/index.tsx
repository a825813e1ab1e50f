import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { hasStaffRole } from '@/api/session';
import { platform } from '@/platform';
import { useSessionMember } from '@/hooks/session-member';
import { ErrorState, Loading } from '@/components/state';
import { MemberQr } from '@/components/member-qr';
import { SurveyInviteCard } from '@/components/survey-card';
import { formatFen } from '@/format/money';
import { formatShanghaiMonthDay } from '@/format/time';
import { progressPercent, rightsLine, toNextText } from '@/format/tiers';
import './index.css';

export default function MemberCardPage() {
  const { session, me, logIn } = useSessionMember();

  if (!session) {
    return (
      <View className="page">
        <View className="brand">
          <Text className="brand__name">邻里</Text>
          <Text className="brand__slogan">好邻居，常来往</Text>
        </View>
        <platform.LoginPanel onCode={logIn} />
      </View>
    );
  }

  if (me.state.status === 'loading') return <Loading rows={4} />;
  if (me.state.status === 'error') return <ErrorState message={me.state.message} onRetry={me.reload} />;

  const member = me.state.data;
  return (
    <View className="page">
      {member.status === 'member' ? <MemberCard member={member} /> : <JoinInvitation />}
      {/* Staff need not join the membership to reach the staff area: it is in 我的. */}
      {member.status !== 'member' && hasStaffRole(session.roles) && (
        <View className="cells">
          <View className="cell" data-testid="home-to-me" onClick={() => Taro.switchTab({ url: ME_PAGE })}>
            <Text className="cell__label">员工工作台</Text>
            <Text className="cell__value cell__arrow">在“我的”中打开</Text>
          </View>
        </View>
      )}
    </View>
  );
}

function JoinInvitation() {
  return (
    <View className="card invite" data-testid="join-invitation">
      <Text className="invite__title">加入邻里会员</Text>
      <View className="invite__perks">
        <Text className="invite__perk">消费得积分</Text>
        <Text className="invite__perk">等级专属权益</Text>
        <Text className="invite__perk">生日礼遇</Text>
      </View>
      <Button className="btn btn--primary" data-testid="join-invite" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
        阅读隐私政策并加入
      </Button>
      <Text className="muted invite__note">加入前请阅读《邻里会员隐私政策》，同意后成为会员。</Text>
    </View>
  );
}

function MemberCard({ member }: { member: MemberView }) {
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <>
      <View className="member-card" data-testid="member-card">
        <View className="member-card__head">
          <Text className="member-card__brand">邻里会员</Text>
          <Text className="member-card__tier" data-testid="member-tier" onClick={go(TIERS_PAGE)}>
            {member.tier.name}
          </Text>
        </View>
        <View className="member-card__who">
          {member.avatarUrl ? (
            <Image className="member-card__avatar" data-testid="member-avatar" src={member.avatarUrl} mode="aspectFill" />
          ) : (
            <View className="member-card__avatar member-card__avatar--empty" />
          )}
          <Text className="member-card__name" data-testid="member-nickname">
            {member.nickname ?? '亲爱的会员'}
          </Text>
        </View>
        <View className="member-card__points" onClick={go('/pages/points/index')}>
          <Text className="member-card__points-value" data-testid="points-balance">
            {member.points.balance}
          </Text>
          <Text className="member-card__points-unit">积分</Text>
        </View>
        <PointsNotes points={member.points} />
        {member.tierProgress && <TierProgressBlock progress={member.tierProgress} onOpen={go(TIERS_PAGE)} />}
      </View>

      {/* A survey this member may be asked now (the server decides), under the card. */}
      <SurveyInviteCard />

      <View className="card qr-card">
        <Text className="card__title">会员码</Text>
        <MemberQr memberCode={member.memberCode} />
        <Text className="muted qr-card__hint">结账时出示会员码，消费自动累积积分</Text>
      </View>

      <View className="card stats">
        <View className="stats__item" data-testid="member-orders" onClick={go(ORDERS_PAGE)}>
          <Text className="stats__value" data-testid="member-order-count">
            {member.stats.orderCount}
          </Text>
          <Text className="stats__label">订单数</Text>
        </View>
        <View className="stats__item">
          <Text className="stats__value" data-testid="member-total-spent">
            {formatFen(member.stats.totalSpentFen)}
          </Text>
          <Text className="stats__label">累计消费</Text>
        </View>
      </View>
      {member.stats.orderCount === 0 && <Text className="muted stats__empty">还没有订单，下单即可获得积分</Text>}

      <View className="cells">
        <View className="cell" data-testid="link-points" onClick={go('/pages/points/index')}>
          <Text className="cell__label">积分明细</Text>
          <Text className="cell__value cell__arrow" />
        </View>
        <View className="cell" data-testid="link-checkin" onClick={go('/pages/checkin/index')}>
          <Text className="cell__label">每日签到</Text>
          <Text className="cell__value cell__arrow">签到领积分</Text>
        </View>
        <View className="cell" data-testid="link-mall" onClick={() => Taro.switchTab({ url: MALL_PAGE })}>
          <Text className="cell__label">积分商城</Text>
          <Text className="cell__value cell__arrow">积分兑好礼</Text>
        </View>
        <View className="cell" data-testid="link-groupbuy" onClick={go(GROUP_BUY_PAGE)}>
          <Text className="cell__label">拼团</Text>
          <Text className="cell__value cell__arrow">好物一起拼，更优惠</Text>
        </View>
      </View>
    </>
  );
}

const TIERS_PAGE = '/pages/tiers/index';
const ORDERS_PAGE = '/pages/orders/index';
// In the groupbuy subpackage: downloaded when first opened.
const GROUP_BUY_PAGE = '/groupbuy/pages/list/index';
// Tab bar pages: Taro.switchTab only.
const MALL_PAGE = '/pages/mall/index';
const ME_PAGE = '/pages/me/index';

/** The member's growth, how far the next tier is, and what the current tier gives; opens 会员等级. */
function TierProgressBlock({ progress, onOpen }: { progress: NonNullable<MemberView['tierProgress']>; onOpen: () => void }) {
  const top = progress.nextTier === null;
  return (
    <View className={`tier-progress ${top ? 'tier-progress--top' : ''}`} data-testid="tier-progress" onClick={onOpen}>
      <View className="tier-progress__head">
        <Text className="tier-progress__label">成长值</Text>
        <Text className="tier-progress__growth" data-testid="tier-growth">
          {progress.growth}
        </Text>
        {progress.nextTier && <Text className="tier-progress__target">/ {progress.nextTier.minGrowth}</Text>}
        <Text className="tier-progress__more">等级权益 ›</Text>
      </View>
      <View className="tier-progress__bar">
        <View className="tier-progress__fill" style={{ width: `${progressPercent(progress)}%` }} />
      </View>
      <Text className="tier-progress__to-next" data-testid="tier-to-next">
        {toNextText(progress)}
      </Text>
      <Text className="tier-progress__rights" data-testid="tier-rights">
        {rightsLine(progress.rights)}
      </Text>
    </View>
  );
}

/** Under the available balance: points not yet usable, and points about to expire. */
function PointsNotes({ points }: { points: MemberView['points'] }) {
  const expiring = points.expiringSoon;
  if (points.pending <= 0 && expiring.points <= 0) return null;
  return (
    <View className="member-card__notes">
      {points.pending > 0 && (
        <View className="member-card__note member-card__note--pending">
          <Text>待生效</Text>
          <Text className="member-card__note-value member-card__note-value--inline" data-testid="points-pending">
            {points.pending}
          </Text>
          <Text>积分</Text>
        </View>
      )}
      {expiring.points > 0 && (
        <View className="member-card__note member-card__note--expiring" data-testid="points-expiring">
          <Text className="member-card__note-value" data-testid="points-expiring-points">
            {expiring.points}
          </Text>
          <Text>{expiring.before ? `积分将于 ${formatShanghaiMonthDay(expiring.before)} 到期` : '积分将于30天内到期'}</Text>
        </View>
      )}
    </View>
  );
}
