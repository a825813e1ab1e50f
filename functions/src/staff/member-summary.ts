import type { StaffMemberSummary } from '@linli/shared/staff';
import type { TierDefinition } from '@linli/shared/tiers';
import type { MemberRecord } from '../members/member-record.ts';
import { heldTier } from '../tiers/standing.ts';

/** A member who has joined (staff lists show no visitors). */
export type JoinedMember = MemberRecord & { joinedAt: string };

export function isJoined(member: MemberRecord | null | undefined): member is JoinedMember {
  return !!member && member.joinedAt !== null;
}

/** What staff may see of a member in a list: phone masked, never decrypted; the tier as the ladder names it. */
export function toStaffSummary(member: JoinedMember, tiers: readonly TierDefinition[]): StaffMemberSummary {
  const tier = heldTier(tiers, member, 0);
  return {
    memberId: member.memberId,
    nickname: member.nickname,
    phoneMasked: member.phoneMasked,
    tier: { code: tier.code, name: tier.name },
    pointsBalance: member.pointsBalance,
    orderCount: member.orderCount,
    totalSpentFen: member.totalSpentFen,
    lastOrderAt: member.lastOrderAt,
    joinedAt: member.joinedAt,
  };
}
