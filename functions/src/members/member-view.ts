import type { MemberView } from '@linli/shared/members';
import type { Deps } from '../deps.ts';
import { listOpenLots } from '../points/lots-repository.ts';
import { summarizeLots } from '../points/rules.ts';
import { getTierConfig } from '../tiers/config-repository.ts';
import { memberGrowth } from '../tiers/growth-repository.ts';
import { memberStanding } from '../tiers/standing.ts';
import { toMemberView, type MemberRecord } from './member-record.ts';

/** The member as the mini-program shows it: available, pending and soon-expiring points come from the lots. */
export async function memberView(deps: Pick<Deps, 'db' | 'clock' | 'config'>, member: MemberRecord): Promise<MemberView> {
  const now = deps.clock();
  const [lots, config, growth] = await Promise.all([
    listOpenLots(deps.db, member.memberId),
    getTierConfig(deps.db),
    memberGrowth(deps.db, member, now),
  ]);
  return toMemberView(member, summarizeLots(lots, now, deps.config.points), memberStanding(config.tiers, member, growth));
}
