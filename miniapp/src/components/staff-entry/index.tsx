import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StoredSession } from '@/api/session';

// Moved unchanged from the home page to 我的 (the home page is the member card only).
/** The staff menu: 会员列表, 核销 and 投诉工单 for every staff role, 礼品管理 for admins and supervisors, 等级设置 and 员工管理 for admins. */
export function StaffEntry({ roles }: { roles: StoredSession['roles'] }) {
  const go = (url: string) => () => Taro.navigateTo({ url });
  const managesRewards = roles.includes('admin') || roles.includes('supervisor');
  return (
    <View className="cells">
      <View className="cell" data-testid="home-staff-entry" onClick={go('/staff/pages/members/index')}>
        <Text className="cell__label">员工入口</Text>
        <Text className="cell__value cell__arrow">会员列表</Text>
      </View>
      <View className="cell" data-testid="home-staff-scan" onClick={go('/staff/pages/scan/index')}>
        <Text className="cell__label">核销优惠券</Text>
        <Text className="cell__value cell__arrow">扫码核销</Text>
      </View>
      <View className="cell" data-testid="home-staff-complaints" onClick={go('/staff/pages/complaints/index')}>
        <Text className="cell__label">投诉工单</Text>
        <Text className="cell__value cell__arrow">按时限处理</Text>
      </View>
      {managesRewards && (
        <View className="cell" data-testid="home-staff-rewards" onClick={go('/staff/pages/rewards/index')}>
          <Text className="cell__label">礼品管理</Text>
          <Text className="cell__value cell__arrow">积分商城礼品</Text>
        </View>
      )}
      {roles.includes('admin') && (
        <View className="cell" data-testid="home-staff-tiers" onClick={go('/staff/pages/tiers/index')}>
          <Text className="cell__label">等级设置</Text>
          <Text className="cell__value cell__arrow">门槛与权益</Text>
        </View>
      )}
      {roles.includes('admin') && (
        <View className="cell" data-testid="home-staff-team" onClick={go('/staff/pages/team/index')}>
          <Text className="cell__label">员工管理</Text>
          <Text className="cell__value cell__arrow">邀请与角色</Text>
        </View>
      )}
    </View>
  );
}
