import * as z from 'zod';

export const TierView = z.object({
  code: z.string(),
  name: z.string(),
});
export type TierView = z.infer<typeof TierView>;

/**
 * The built-in tier ladder by lifetime spend. Operators get configurable tiers over a rolling
 * window later; until then every member sits on this ladder.
 */
export const DEFAULT_TIERS: ReadonlyArray<{ code: string; name: string; minSpentFen: number; pointsMultiplier: number }> = [
  { code: 'regular', name: '普通会员', minSpentFen: 0, pointsMultiplier: 1 },
  { code: 'silver', name: '银卡会员', minSpentFen: 100_000, pointsMultiplier: 1.2 },
  { code: 'gold', name: '金卡会员', minSpentFen: 500_000, pointsMultiplier: 1.5 },
  { code: 'diamond', name: '钻石会员', minSpentFen: 2_000_000, pointsMultiplier: 2 },
];

/** The order-points multiplier of the tier a member holds at `totalSpentFen`. */
export function pointsMultiplierForSpend(totalSpentFen: number): number {
  let multiplier = 1;
  for (const tier of DEFAULT_TIERS) if (totalSpentFen >= tier.minSpentFen) multiplier = tier.pointsMultiplier;
  return multiplier;
}

/** The highest tier whose threshold the member's spend reaches. */
export function tierForSpend(totalSpentFen: number): TierView {
  let tier = DEFAULT_TIERS[0]!;
  for (const candidate of DEFAULT_TIERS) if (totalSpentFen >= candidate.minSpentFen) tier = candidate;
  return { code: tier.code, name: tier.name };
}
