import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffMemberSummary } from '@linli/shared/staff';
import { listStaffMembers } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { usePagedList } from '@/hooks/usePagedList';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import '@/staff/pages/staff.css';

export default function StaffMembersPage() {
  const list = usePagedList(listStaffMembers);

  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'loading') return <Loading rows={6} />;
  if (list.state.status === 'error') {
    return isForbidden(list.state.error) ? <Forbidden /> : <ErrorState message={list.state.message} onRetry={list.refresh} />;
  }
  if (list.state.items.length === 0) {
    return (
      <View className="page">
        <StaffMenu />
        <EmptyState text="还没有会员" />
      </View>
    );
  }

  return (
    <View className="page">
      <StaffMenu />
      {list.state.items.map((member) => (
        <MemberRow key={member.memberId} member={member} />
      ))}
      <ListFooter status={list.state.footer} onRetry={() => void list.loadMore()} />
    </View>
  );
}

function MemberRow({ member }: { member: StaffMemberSummary }) {
  const open = () => Taro.navigateTo({ url: `/staff/pages/member/index?id=${encodeURIComponent(member.memberId)}` });
  return (
    <View className="staff-row" data-testid="staff-member" onClick={open}>
      <View className="staff-row__head">
        <Text className="staff-row__name">{member.nickname ?? '未设置昵称'}</Text>
        <Text className="staff-tier">{member.tier.name}</Text>
      </View>
      <Text className="staff-row__phone">{member.phoneMasked ?? '未绑定手机'}</Text>
      <View className="staff-row__figures">
        <Text>积分 {member.pointsBalance}</Text>
        <Text>订单 {member.orderCount}</Text>
        <Text>消费 {formatFen(member.totalSpentFen)}</Text>
      </View>
    </View>
  );
}

/** The other staff pages: 核销 and 投诉工单 for every staff role; 礼品管理 answers 没有权限 to agents; 投诉分析 and 投诉设置 are listed for supervisors and admins, 等级设置 for admins. */
function StaffMenu() {
  const go = (url: string) => () => Taro.navigateTo({ url });
  const roles = loadSession()?.roles ?? [];
  const isAdmin = roles.includes('admin');
  const isSupervisor = isAdmin || roles.includes('supervisor');
  return (
    <View className="staff-menu">
      <View className="staff-menu__item" data-testid="staff-link-scan" onClick={go('/staff/pages/scan/index')}>
        <Text className="staff-menu__label">扫码核销</Text>
      </View>
      <View className="staff-menu__item" data-testid="staff-link-complaints" onClick={go('/staff/pages/complaints/index')}>
        <Text className="staff-menu__label">投诉工单</Text>
      </View>
      <View className="staff-menu__item" data-testid="staff-link-rewards" onClick={go('/staff/pages/rewards/index')}>
        <Text className="staff-menu__label">礼品管理</Text>
      </View>
      {isSupervisor && (
        <View className="staff-menu__item" data-testid="staff-link-complaint-report" onClick={go('/staff/pages/complaint-report/index')}>
          <Text className="staff-menu__label">投诉分析</Text>
        </View>
      )}
      {isSupervisor && (
        <View className="staff-menu__item" data-testid="staff-link-desk-settings" onClick={go('/staff/pages/desk-settings/index')}>
          <Text className="staff-menu__label">投诉设置</Text>
        </View>
      )}
      {isAdmin && (
        <View className="staff-menu__item" data-testid="staff-link-tiers" onClick={go('/staff/pages/tiers/index')}>
          <Text className="staff-menu__label">等级设置</Text>
        </View>
      )}
    </View>
  );
}
