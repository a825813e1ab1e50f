import type { TierDefinition } from '@linli/shared/tiers';
import type { Deps } from '../deps.ts';
import type { MemberRecord } from '../members/member-record.ts';
import { getTierConfigCached } from './config-repository.ts';
import { memberGrowth } from './growth-repository.ts';
import { growthFromKept } from './kept-growth.ts';
import { heldTier } from './standing.ts';

/** The member's growth at `now`: folded from the days kept on the member, or (stored before they were kept) from their orders. */
export function memberGrowthNow(db: Deps['db'], member: MemberRecord, now: Date): Promise<number> | number {
  return member.growthFenByDay ? growthFromKept(member.growthFenByDay, { now, bonus: member.growthBonus }) : memberGrowth(db, member, now);
}

/** The tier the member holds at `now`, as the card shows it (its rights are what the member was promised). */
export async function currentTier(deps: Pick<Deps, 'db'>, member: MemberRecord, now: Date): Promise<TierDefinition> {
  const [config, growth] = await Promise.all([getTierConfigCached(deps.db), memberGrowthNow(deps.db, member, now)]);
  return heldTier(config.tiers, member, growth);
}
