import { tierForGrowth, tierProgress, type TierConfig, type TierDefinition, type TierProgress, type TierView } from '@linli/shared/tiers';
import { shanghaiDay } from '@linli/shared/time';
import type { MemberRecord } from '../members/member-record.ts';

/** One move on the ladder, kept under the member (TIERCHANGE#<at>#<changeId>). */
export interface TierChange {
  changeId: string;
  memberId: string;
  /** null when the member had never been assessed. */
  from: string | null;
  to: string;
  direction: 'up' | 'down';
  /** Why: `order <orderId>` for an upgrade at once, `review: …` for the scheduled review. */
  reason: string;
  growth: number;
  at: string;
}

/** What a tier decision writes on the member. */
export type TierPatch = Pick<MemberRecord, 'tierCode' | 'tierSince'>;

export interface TierDecision {
  patch: TierPatch | null;
  change: TierChange | null;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The tier a member holds: the stored one while the ladder still has it; otherwise (never
 * assessed, or a code the operator removed) the tier their growth reaches.
 */
export function heldTier(tiers: readonly TierDefinition[], member: Pick<MemberRecord, 'tierCode'>, growth: number): TierDefinition {
  return tiers.find((tier) => tier.code === member.tierCode) ?? tierForGrowth(tiers, growth);
}

/** The member's tier and progress for the card. */
export function memberStanding(
  tiers: readonly TierDefinition[],
  member: Pick<MemberRecord, 'tierCode'>,
  growth: number,
): { tier: TierView; progress: TierProgress } {
  const held = heldTier(tiers, member, growth);
  return { tier: { code: held.code, name: held.name }, progress: tierProgress(tiers, held, growth) };
}

const rank = (tiers: readonly TierDefinition[], tier: TierDefinition) => tiers.findIndex((candidate) => candidate.code === tier.code);

/**
 * Crediting an order: its points use the multiplier of the tier held BEFORE it (the order that
 * lifts a member earns at the old rate, the next one at the new: what the member was promised
 * when they paid). If growth with this order reaches a higher tier, the member moves up at once.
 */
export function planTierOnOrder(input: {
  tiers: readonly TierDefinition[];
  member: Pick<MemberRecord, 'memberId' | 'tierCode'>;
  growthBefore: number;
  growthAfter: number;
  orderId: string;
  now: Date;
  changeId: string;
}): TierDecision & { multiplier: number } {
  const { tiers, member, now } = input;
  const held = heldTier(tiers, member, input.growthBefore);
  const reached = tierForGrowth(tiers, input.growthAfter);
  const at = now.toISOString();
  const multiplier = held.rights.pointsMultiplier;
  if (rank(tiers, reached) > rank(tiers, held)) {
    return {
      multiplier,
      patch: { tierCode: reached.code, tierSince: at },
      change: {
        changeId: input.changeId,
        memberId: member.memberId,
        from: held.code,
        to: reached.code,
        direction: 'up',
        reason: `order ${input.orderId}`,
        growth: input.growthAfter,
        at,
      },
    };
  }
  // Settle an unassessed member on the tier they were shown, so a later review has a date to count from.
  if (member.tierCode !== held.code) return { multiplier, patch: { tierCode: held.code, tierSince: at }, change: null };
  return { multiplier, patch: null, change: null };
}

/** Whether the grace after reaching a tier is over on `now`'s Shanghai day. */
export function graceOver(tierSince: string | null, graceDays: number, now: Date): boolean {
  if (!tierSince) return true;
  return shanghaiDay(new Date(Date.parse(tierSince) + graceDays * DAY_MS)).date <= shanghaiDay(now).date;
}

/**
 * The scheduled review of one member. Growth below the held tier moves the member down ONE
 * level, and only once the grace since they reached it is over (tierSince moves with every
 * change, so running twice a day changes nothing). Growth above it (a bonus, a lowered
 * threshold, an order the index had not shown yet) moves them up. A member never assessed is
 * settled on the tier their growth reaches, which is what they were already shown.
 */
export function planTierReview(input: {
  config: TierConfig;
  member: Pick<MemberRecord, 'memberId' | 'tierCode' | 'tierSince'>;
  growth: number;
  now: Date;
  changeId: string;
}): TierDecision {
  const { config, member, growth, now } = input;
  const { tiers } = config;
  const at = now.toISOString();
  const reached = tierForGrowth(tiers, growth);
  const stored = tiers.find((tier) => tier.code === member.tierCode);
  if (!stored) return { patch: { tierCode: reached.code, tierSince: at }, change: null };
  const change = (to: TierDefinition, direction: TierChange['direction'], reason: string): TierDecision => ({
    patch: { tierCode: to.code, tierSince: at },
    change: { changeId: input.changeId, memberId: member.memberId, from: stored.code, to: to.code, direction, reason, growth, at },
  });
  const heldRank = rank(tiers, stored);
  const reachedRank = rank(tiers, reached);
  if (reachedRank > heldRank) return change(reached, 'up', `review: growth ${growth} reaches ${reached.code} (${reached.minGrowth})`);
  if (reachedRank < heldRank && graceOver(member.tierSince, config.downgradeGraceDays, now)) {
    return change(
      tiers[heldRank - 1]!,
      'down',
      `review: growth ${growth} below ${stored.code} (${stored.minGrowth}) after ${config.downgradeGraceDays} days' grace`,
    );
  }
  return { patch: null, change: null };
}
