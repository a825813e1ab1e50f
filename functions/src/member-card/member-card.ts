import type { MemberView } from '@linli/shared/members';
import type { TierProgress, TierView } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import { memberCode, type MemberRecord } from '../members/member-record.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { summarizeLots } from '../points/rules.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { memberGrowth } from '../tiers/growth-repository.ts';
import { memberStanding } from '../tiers/standing.ts';

/** Points as the card shows them: spendable now, pending through the return window, expiring soon. */
export interface PointsSummary {
  available: number;
  pending: number;
  expiringSoon: { points: number; before: string | null };
}

/** The member card as the mini-program shows it: available, pending and soon-expiring points come from the lots. */
export async function memberCard(deps: Pick<Deps, 'db' | 'clock' | 'config'>, member: MemberRecord): Promise<MemberView> {
  const now = deps.clock();
  const [lots, config, growth] = await Promise.all([
    listOpenLots(deps.db, member.memberId),
    getTierConfig(deps.db),
    memberGrowth(deps.db, member, now),
  ]);
  return toMemberView(member, summarizeLots(lots, now, deps.config.points), memberStanding(config.tiers, member, growth));
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
    phoneMasked: member.phoneMasked,
    joinedAt: member.joinedAt,
    policyVersion: member.policyVersion,
    memberCode: memberCode(member.memberId),
    stats: {
      orderCount: member.orderCount,
      totalSpentFen: member.totalSpentFen,
      firstOrderAt: member.firstOrderAt,
      lastOrderAt: member.lastOrderAt,
    },
  };
}
