import { useCallback } from 'react';
import { Text, View } from '@tarojs/components';
import type { SegmentMember } from '@linli/shared/segments';
import type { TierDefinition } from '@linli/shared/tiers';
import { getTiers } from '@/api/linli';
import { useResource } from '@/hooks/useResource';
import { lastOrderDayText, memberScoreTexts } from '@/format/segments';
import { openCustomer } from './segment-pages';
import type { StaffTableColumn } from './staff-table';
import './segments.css';

/*
 * A member as the 客户列表, a segment's member page and the builder's sample show them: the same
 * row on a phone, the same columns on a desktop, and the same way on to the member.
 */

const NO_TIERS: readonly TierDefinition[] = [];

/** The shop's tiers (any staff role may read the ladder) and a tier's name by its code. */
export function useTiers() {
  const ladder = useResource(getTiers);
  const data = ladder.state.status === 'ready' ? ladder.state.data : null;
  const tierName = useCallback((code: string): string | undefined => data?.tiers.find((tier) => tier.code === code)?.name, [data]);
  return { tiers: data?.tiers ?? NO_TIERS, tierName };
}

const NO_NAME = '未设置昵称';
const NO_PHONE = '未绑定手机';

export function SegmentMemberRow({ member, tierName }: { member: SegmentMember; tierName: (code: string) => string | undefined }) {
  const scores = memberScoreTexts(member);
  return (
    <View className="staff-row segment-member" data-testid="segment-member" onClick={() => openCustomer(member)}>
      <View className="staff-row__head">
        <Text className="staff-row__name">{member.nickname ?? NO_NAME}</Text>
        <Text className="staff-tier">{tierName(member.tierCode) ?? '会员'}</Text>
      </View>
      <Text className="staff-row__phone">{member.phoneMasked ?? NO_PHONE}</Text>
      <View className="segment-member__badges">
        <Text className={`segment-badge segment-badge--${member.stage ?? 'none'}`} data-testid="segment-member-stage">
          {scores.stage}
        </Text>
        {member.rfmClass && <Text className="segment-badge">{scores.rfmClass}</Text>}
        {member.riskBand && <Text className={`segment-badge segment-badge--risk-${member.riskBand}`}>{scores.risk}</Text>}
      </View>
      <View className="staff-row__figures">
        <Text>12个月价值 {scores.clv}</Text>
        <Text>最近购买 {lastOrderDayText(member.lastOrderDay)}</Text>
      </View>
    </View>
  );
}

/** The desktop table's columns; sorting is on the rows loaded so far. */
export function segmentMemberColumns(tierName: (code: string) => string | undefined): StaffTableColumn<SegmentMember>[] {
  return [
    { key: 'name', label: '昵称', sortValue: (m) => m.nickname, render: (m) => m.nickname ?? NO_NAME },
    { key: 'phone', label: '手机', render: (m) => m.phoneMasked ?? NO_PHONE },
    { key: 'tier', label: '等级', render: (m) => <Text className="staff-tier">{tierName(m.tierCode) ?? '会员'}</Text> },
    {
      key: 'stage',
      label: '生命周期',
      render: (m) => (
        <Text className={`segment-badge segment-badge--${m.stage ?? 'none'}`} data-testid="segment-member-stage">
          {memberScoreTexts(m).stage}
        </Text>
      ),
    },
    { key: 'rfm', label: 'RFM 分类', render: (m) => memberScoreTexts(m).rfmClass },
    { key: 'risk', label: '流失风险', render: (m) => memberScoreTexts(m).risk },
    {
      key: 'clv',
      label: '12个月价值',
      numeric: true,
      descFirst: true,
      sortValue: (m) => m.clv12mFen,
      render: (m) => memberScoreTexts(m).clv,
    },
    { key: 'last', label: '最近购买', descFirst: true, sortValue: (m) => m.lastOrderDay, render: (m) => lastOrderDayText(m.lastOrderDay) },
  ];
}
