import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { MemberView } from '@linli/shared/members';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import { clearSession, hasStaffRole } from '@/api/session';
import { platform } from '@/platform';
import { useSessionMember } from '@/hooks/session-member';
import { ErrorState, Loading } from '@/components/state';
import { StaffEntry } from '@/components/staff-entry';
import './index.css';

/**
 * 我的 (a tab): the account — profile, orders, coupons, complaints, message settings, privacy,
 * the staff workbench for staff, and logging out. The home tab stays the member card.
 */
export default function MePage() {
  const { session, me, logIn } = useSessionMember();

  if (!session) {
    return (
      <View className="page">
        <platform.LoginPanel onCode={logIn} />
      </View>
    );
  }
  if (me.state.status === 'loading') return <Loading rows={5} />;
  if (me.state.status === 'error') return <ErrorState message={me.state.message} onRetry={me.reload} />;

  const member = me.state.data;
  const go = (url: string) => () => Taro.navigateTo({ url });
  const logout = () => {
    clearSession();
    Taro.reLaunch({ url: '/pages/index/index' });
  };
  const joined = member.status === 'member';

  return (
    <View className="page">
      <MeHeader member={member} onOpen={joined ? go(PROFILE_PAGE) : go(JOIN_PAGE)} />
      {member.redemptionsHeld && (
        <Text className="notice notice--error me-under-review" data-testid="me-under-review">
          {ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW}
        </Text>
      )}

      {joined && (
        <View className="cells">
          <View className="cell" data-testid="link-orders" onClick={go('/pages/orders/index')}>
            <Text className="cell__label">我的订单</Text>
            <Text className="cell__value cell__arrow">{member.stats.orderCount > 0 ? `${member.stats.orderCount} 笔` : ''}</Text>
          </View>
          <View className="cell" data-testid="link-group-orders" onClick={go('/groupbuy/pages/orders/index')}>
            <Text className="cell__label">我的拼团</Text>
            <Text className="cell__value cell__arrow" />
          </View>
          <View className="cell" data-testid="link-coupons" onClick={go('/pages/coupons/index')}>
            <Text className="cell__label">我的券</Text>
            <Text className="cell__value cell__arrow" />
          </View>
          <View className="cell" data-testid="link-points-me" onClick={go('/pages/points/index')}>
            <Text className="cell__label">积分明细</Text>
            <Text className="cell__value cell__arrow">{member.points.balance} 积分</Text>
          </View>
        </View>
      )}

      <View className="cells">
        {joined && (
          <View className="cell" data-testid="link-complaints" onClick={go('/pages/complaints/index')}>
            <Text className="cell__label">客户服务</Text>
            <Text className="cell__value cell__arrow">我要投诉</Text>
          </View>
        )}
        {joined && (
          <View className="cell" data-testid="link-profile" onClick={go(PROFILE_PAGE)}>
            <Text className="cell__label">我的资料</Text>
            <Text className="cell__value cell__arrow">头像、昵称、生日、手机号、隐私中心</Text>
          </View>
        )}
        {joined && (
          <View className="cell" data-testid="link-message-settings" onClick={go('/pages/message-settings/index')}>
            <Text className="cell__label">消息设置</Text>
            <Text className="cell__value cell__arrow">订阅消息、个性化推荐、农历生日</Text>
          </View>
        )}
        <View className="cell" data-testid="link-privacy" onClick={go('/pages/privacy-policy/index')}>
          <Text className="cell__label">隐私政策</Text>
          <Text className="cell__value cell__arrow">{member.policyVersion ? `已同意 ${member.policyVersion} 版` : '未同意'}</Text>
        </View>
      </View>

      {hasStaffRole(session.roles) && (
        <View className="me-staff" data-testid="me-staff">
          <Text className="me-section-title">员工工作台</Text>
          <StaffEntry roles={session.roles} />
        </View>
      )}

      <Button className="btn btn--plain" data-testid="logout" onClick={logout}>
        退出登录
      </Button>
    </View>
  );
}

const PROFILE_PAGE = '/pages/profile/index';
const JOIN_PAGE = '/pages/join/index';

/** Avatar, nickname and tier; a visitor is invited to join instead. */
function MeHeader({ member, onOpen }: { member: MemberView; onOpen: () => void }) {
  const joined = member.status === 'member';
  return (
    <View className="me-head" data-testid="me-head" onClick={onOpen}>
      {member.avatarUrl ? (
        <Image className="me-head__avatar" data-testid="me-avatar" src={member.avatarUrl} mode="aspectFill" />
      ) : (
        <View className="me-head__avatar me-head__avatar--empty" />
      )}
      <View className="me-head__text">
        <Text className="me-head__name" data-testid="me-nickname">
          {joined ? (member.nickname ?? '亲爱的会员') : '尚未加入会员'}
        </Text>
        <Text className="me-head__sub">{joined ? `${member.tier.name} · 编辑资料` : '阅读隐私政策并加入'}</Text>
      </View>
      <Text className="me-head__arrow">›</Text>
    </View>
  );
}
