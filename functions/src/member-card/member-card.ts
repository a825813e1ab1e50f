import type { MemberView } from '@linli/shared/members';
import type { TierProgress, TierView } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import { isChild, redemptionsHeld, type MemberRecord } from '../members/member-record.ts';
import { shanghaiDay } from '@linli/shared/time';
import { withMemberCode } from '../members/member-code.ts';
import { memberPointsSummary } from '../points/points-summary.ts';
import { getTierConfigCached } from '../tiers/config-repository.ts';
import { memberGrowthNow } from '../tiers/member-tier.ts';
import { memberStanding } from '../tiers/standing.ts';

/** Points as the card shows them: spendable now, pending through the return window, expiring soon. */
export interface PointsSummary {
  available: number;
  pending: number;
  expiringSoon: { points: number; before: string | null };
}

/**
 * The member card as the mini-program shows it. Points and growth are folded at `now` from the figures
 * kept on the member item, so the card costs the one read of the member (the ladder comes from a
 * short in-container cache); a member stored before the figures were kept has its lots or orders read.
 */
export async function memberCard(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'photos'>, stored: MemberRecord): Promise<MemberView> {
  const now = deps.clock();
  // A member stored before codes were short gets one on its first card (one write, once).
  const member = await withMemberCode(deps, stored);
  const [points, config, growth, avatarUrl] = await Promise.all([
    memberPointsSummary(deps, member, now),
    getTierConfigCached(deps.db),
    memberGrowthNow(deps.db, member, now),
    // A signed link computed in process (no storage round trip).
    member.avatarKey ? deps.photos.displayUrl(member.avatarKey) : null,
  ]);
  return {
    ...toMemberView(member, points, memberStanding(config.tiers, member, growth)),
    avatarUrl,
    minor: isChild(member, shanghaiDay(now).date),
  };
}

/** The member as the API shows it, with the tier and progress on the configured ladder. */
export function toMemberView(
  member: MemberRecord,
  points: PointsSummary,
  standing: { tier: TierView; progress: TierProgress },
): MemberView {
  return {
    memberId: member.memberId,
    status: member.status,
    nickname: member.nickname,
    tier: standing.tier,
    tierProgress: standing.progress,
    points: { balance: points.available, pending: points.pending, expiringSoon: points.expiringSoon },
    birthday: member.birthday,
    lunarBirthday: member.lunarBirthday ?? null,
    marketingOptOut: member.marketingOptOut === true,
    redemptionsHeld: redemptionsHeld(member),
    phoneMasked: member.phoneMasked,
    joinedAt: member.joinedAt,
    policyVersion: member.policyVersion,
    memberCode: member.memberCode ?? '',
    stats: {
      orderCount: member.orderCount,
      totalSpentFen: member.totalSpentFen,
      firstOrderAt: member.firstOrderAt,
      lastOrderAt: member.lastOrderAt,
    },
  };
}
