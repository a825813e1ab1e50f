import { Image, Text, View } from '@tarojs/components';
import type { GroupView } from '@linli/shared/groupbuy';

type Member = GroupView['members'][number];

/**
 * A group's members as avatars (团长 marked; 待支付 on a place not paid yet when `showUnpaid`) and
 * its open slots as empty circles.
 */
export function MemberAvatars({ members, slotsLeft, showUnpaid = false }: { members: Member[]; slotsLeft: number; showUnpaid?: boolean }) {
  return (
    <View className="gb-avatars" data-testid="gb-avatars">
      {members.map((member, index) => (
        <View key={`${member.joinedAt}-${index}`} className={`gb-avatar ${member.you ? 'gb-avatar--you' : ''}`} data-testid="gb-member">
          {member.avatarUrl ? (
            <Image className="gb-avatar__image" src={member.avatarUrl} mode="aspectFill" />
          ) : (
            <View className="gb-avatar__image gb-avatar__image--empty">
              <Text className="gb-avatar__initial">{member.nickname.slice(0, 1)}</Text>
            </View>
          )}
          {member.leader && <Text className="gb-avatar__badge gb-avatar__badge--leader">团长</Text>}
          {showUnpaid && !member.paid && <Text className="gb-avatar__badge gb-avatar__badge--unpaid">待支付</Text>}
          {showUnpaid && <Text className="gb-avatar__name">{member.you ? '我' : member.nickname}</Text>}
        </View>
      ))}
      {Array.from({ length: slotsLeft }, (_, index) => (
        <View key={`slot-${index}`} className="gb-avatar gb-avatar--slot" data-testid="gb-slot">
          <View className="gb-avatar__image gb-avatar__image--slot">
            <Text className="gb-avatar__initial">?</Text>
          </View>
          {showUnpaid && <Text className="gb-avatar__name">待加入</Text>}
        </View>
      ))}
    </View>
  );
}
