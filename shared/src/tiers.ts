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
export const DEFAULT_TIERS: ReadonlyArray<{ code: string; name: string; minSpentFen: number }> = [
  { code: 'regular', name: '普通会员', minSpentFen: 0 },
  { code: 'silver', name: '银卡会员', minSpentFen: 100_000 },
  { code: 'gold', name: '金卡会员', minSpentFen: 500_000 },
  { code: 'diamond', name: '钻石会员', minSpentFen: 2_000_000 },
];

/** The highest tier whose threshold the member's spend reaches. */
export function tierForSpend(totalSpentFen: number): TierView {
  let tier = DEFAULT_TIERS[0]!;
  for (const candidate of DEFAULT_TIERS) if (totalSpentFen >= candidate.minSpentFen) tier = candidate;
  return { code: tier.code, name: tier.name };
}
