import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { getStaffMember } from '@/api/linli';
import { ApiError, isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { ErrorState, Forbidden, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

export default function StaffMemberPage() {
  return (
    <StaffFrame title="会员详情">
      <StaffMemberContent />
    </StaffFrame>
  );
}

function StaffMemberContent() {
  const memberId = useRouter().params.id ?? '';
  const member = useResource(() =>
    memberId ? getStaffMember(memberId) : Promise.reject(new ApiError('NOT_FOUND', 404, 'No id in the page query')),
  );

  if (member.state.status === 'loading') return <Loading rows={5} />;
  if (member.state.status === 'error') {
    return isForbidden(member.state.error) ? <Forbidden /> : <ErrorState message={member.state.message} onRetry={member.reload} />;
  }

  const m = member.state.data;
  const rows: Array<[string, string]> = [
    ['昵称', m.nickname ?? '未设置'],
    ['手机号', m.phoneMasked ?? '未绑定'],
    ['会员等级', m.tier.name],
    ['积分余额', String(m.pointsBalance)],
    ['订单数', String(m.orderCount)],
    ['累计消费', formatFen(m.totalSpentFen)],
    ['最近下单', m.lastOrderAt ? formatShanghaiDateTime(m.lastOrderAt) : '暂无'],
    ['入会日期', formatShanghaiDate(m.joinedAt)],
  ];
  return (
    <View className="page">
      <View className="cells" data-testid="staff-member-detail">
        {rows.map(([label, value]) => (
          <View key={label} className="cell">
            <Text className="cell__label">{label}</Text>
            <Text className="cell__value">{value}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
