import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { StaffMemberSummary } from '@linli/shared/staff';
import { listStaffMembers } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { usePagedList } from '@/hooks/usePagedList';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import { staffNavOf } from '@/staff/registered-pages';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';

export default function StaffMembersPage() {
  return (
    <StaffFrame title="会员列表">
      <StaffMembersContent />
    </StaffFrame>
  );
}

function StaffMembersContent() {
  const list = usePagedList(listStaffMembers);
  const desktop = useDesktop();

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

  const members = list.state.items;
  const more = () => void list.loadMore();
  return (
    <View className="page">
      <StaffMenu />
      {desktop ? (
        <StaffTable
          testId="staff-members-table"
          rows={members}
          columns={MEMBER_COLUMNS}
          rowKey={(member) => member.memberId}
          rowProps={() => ({ 'data-testid': 'staff-member' })}
          onRowClick={openMember}
        />
      ) : (
        members.map((member) => <MemberRow key={member.memberId} member={member} />)
      )}
      <ListFooter status={list.state.footer} onRetry={more} onMore={desktop ? more : undefined} />
    </View>
  );
}

const openMember = (member: StaffMemberSummary) =>
  Taro.navigateTo({ url: `/staff/pages/member/index?id=${encodeURIComponent(member.memberId)}` });

// Sorting is on the members loaded so far: the API pages by cursor, newest first.
const MEMBER_COLUMNS: StaffTableColumn<StaffMemberSummary>[] = [
  { key: 'name', label: '昵称', sortValue: (m) => m.nickname, render: (m) => m.nickname ?? '未设置昵称', wide: true },
  { key: 'tier', label: '等级', sortValue: (m) => m.tier.name, render: (m) => <Text className="staff-tier">{m.tier.name}</Text> },
  { key: 'phone', label: '手机', render: (m) => m.phoneMasked ?? '未绑定手机' },
  { key: 'points', label: '积分', numeric: true, descFirst: true, sortValue: (m) => m.pointsBalance, render: (m) => m.pointsBalance },
  { key: 'orders', label: '订单', numeric: true, descFirst: true, sortValue: (m) => m.orderCount, render: (m) => m.orderCount },
  {
    key: 'spent',
    label: '消费',
    numeric: true,
    descFirst: true,
    sortValue: (m) => m.totalSpentFen,
    render: (m) => formatFen(m.totalSpentFen),
  },
];

function MemberRow({ member }: { member: StaffMemberSummary }) {
  return (
    <View className="staff-row" data-testid="staff-member" onClick={() => openMember(member)}>
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

/** The other staff pages this role may open (staff/staff-nav.ts), as buttons above the list. */
function StaffMenu() {
  const go = (url: string) => () => Taro.navigateTo({ url });
  const entries = staffNavOf(loadSession()?.roles ?? []).filter((entry) => entry.key !== 'members');
  return (
    <View className="staff-menu">
      {entries.map((entry) => (
        <View key={entry.key} className="staff-menu__item" data-testid={`staff-link-${entry.key}`} onClick={go(entry.path)}>
          <Text className="staff-menu__label">{entry.label}</Text>
        </View>
      ))}
    </View>
  );
}
