import * as z from 'zod';

export const TierView = z.object({
  code: z.string(),
  name: z.string(),
});
export type TierView = z.infer<typeof TierView>;

/** What a tier gives its members. */
export const TierRights = z
  .object({
    pointsMultiplier: z
      .number()
      .min(1)
      .max(10)
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-9, 'At most 2 decimals')
      .describe('Order points × this (1 to 10, at most 2 decimals)'),
    freeShipping: z.boolean(),
    priorityService: z.boolean().describe('Complaints and service requests jump the queue'),
    birthdayGiftPoints: z.number().int().min(0).max(100_000).describe("Points given on the member's birthday"),
    exclusiveRewards: z.boolean().describe('May redeem rewards reserved for this tier and above'),
  })
  .meta({ id: 'TierRights' });
export type TierRights = z.infer<typeof TierRights>;

export const TierDefinition = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'Lowercase letters, digits and -, starting with a letter (at most 32)')
      .describe('Stable id kept on members; renaming a tier keeps its code'),
    name: z.string().trim().min(1).max(20).describe('Shown to members, e.g. 金卡会员'),
    minGrowth: z.number().int().min(0).max(100_000_000).describe('Growth value (成长值) needed to reach this tier'),
    rights: TierRights,
  })
  .meta({ id: 'TierDefinition' });
export type TierDefinition = z.infer<typeof TierDefinition>;

export const DEFAULT_DOWNGRADE_GRACE_DAYS = 30;
/** Growth counts what was spent over this many months (Asia/Shanghai days). */
export const GROWTH_WINDOW_MONTHS = 12;

/**
 * The tier ladder, lowest first. Only the shape is checked here; the rules between tiers
 * (base at 0, rising thresholds, unique codes) are `validateTierConfig`'s.
 */
export const TierConfig = z
  .object({
    tiers: z.array(TierDefinition).describe('Lowest first; the first is the base tier every member starts in'),
    downgradeGraceDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(DEFAULT_DOWNGRADE_GRACE_DAYS)
      .describe('A member keeps a tier at least this many days after reaching it before a review may move them down one level'),
  })
  .meta({ id: 'TierConfig' });
export type TierConfig = z.infer<typeof TierConfig>;

export const TierConfigUpdate = TierConfig.extend({
  version: z
    .number()
    .int()
    .min(0)
    .describe('The version this edit started from (0 when the defaults were shown); a stale one is refused with 409'),
}).meta({ id: 'TierConfigUpdate' });
export type TierConfigUpdate = z.infer<typeof TierConfigUpdate>;

export const StoredTierConfig = TierConfig.extend({
  version: z.number().int().min(0).describe('0: the built-in defaults, never saved'),
  updatedAt: z.iso.datetime().nullable(),
}).meta({ id: 'StoredTierConfig' });
export type StoredTierConfig = z.infer<typeof StoredTierConfig>;

/** The ladder as members see it (the card, "what the next tier unlocks"). */
export const TierLadder = z
  .object({
    tiers: z.array(TierDefinition),
    growthWindowMonths: z.number().int().positive(),
    downgradeGraceDays: z.number().int().positive(),
  })
  .meta({ id: 'TierLadder' });
export type TierLadder = z.infer<typeof TierLadder>;

export const TierProgress = z
  .object({
    growth: z.number().int().nonnegative().describe('成长值: whole yuan paid minus refunded over the last 12 months, plus bonuses'),
    nextTier: z
      .object({
        code: z.string(),
        name: z.string(),
        minGrowth: z.number().int().nonnegative(),
        rights: TierRights.describe('What reaching it unlocks'),
      })
      .nullable()
      .describe('null at the top tier'),
    growthToNext: z.number().int().nonnegative().describe('0 at the top tier'),
    rights: TierRights.describe("What the member's current tier gives"),
  })
  .meta({ id: 'TierProgress' });
export type TierProgress = z.infer<typeof TierProgress>;

/** The built-in ladder, used until an operator saves one. minGrowth is in yuan of growth. */
export const DEFAULT_TIERS: readonly TierDefinition[] = [
  {
    code: 'regular',
    name: '普通会员',
    minGrowth: 0,
    rights: { pointsMultiplier: 1, freeShipping: false, priorityService: false, birthdayGiftPoints: 50, exclusiveRewards: false },
  },
  {
    code: 'silver',
    name: '银卡会员',
    minGrowth: 1_000,
    rights: { pointsMultiplier: 1.2, freeShipping: false, priorityService: false, birthdayGiftPoints: 100, exclusiveRewards: false },
  },
  {
    code: 'gold',
    name: '金卡会员',
    minGrowth: 5_000,
    rights: { pointsMultiplier: 1.5, freeShipping: true, priorityService: false, birthdayGiftPoints: 300, exclusiveRewards: true },
  },
  {
    code: 'diamond',
    name: '钻石会员',
    minGrowth: 20_000,
    rights: { pointsMultiplier: 2, freeShipping: true, priorityService: true, birthdayGiftPoints: 800, exclusiveRewards: true },
  },
];

export const DEFAULT_TIER_CONFIG: TierConfig = { tiers: [...DEFAULT_TIERS], downgradeGraceDays: DEFAULT_DOWNGRADE_GRACE_DAYS };

export const TIER_CONFIG_MESSAGES = {
  tierCount: 'Configure between 2 and 10 tiers',
  baseTier: 'The base tier (the first) must start at 0 growth',
  notIncreasing: 'Must be higher than the tier before: thresholds may not overlap',
  duplicateCode: 'Another tier already uses this code',
  duplicateName: 'Another tier already uses this name',
} as const;

/**
 * The rules between tiers, as field issues with stable messages (empty when the ladder is
 * usable): 2 to 10 tiers, the first at 0 growth, thresholds strictly rising, codes and names unique.
 */
export function validateTierConfig(config: Pick<TierConfig, 'tiers'>): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  const { tiers } = config;
  if (tiers.length < 2 || tiers.length > 10) issues.push({ path: 'tiers', message: TIER_CONFIG_MESSAGES.tierCount });
  if (tiers.length > 0 && tiers[0]!.minGrowth !== 0) issues.push({ path: 'tiers.0.minGrowth', message: TIER_CONFIG_MESSAGES.baseTier });
  const codes = new Set<string>();
  const names = new Set<string>();
  tiers.forEach((tier, index) => {
    if (index > 0 && tier.minGrowth <= tiers[index - 1]!.minGrowth) {
      issues.push({ path: `tiers.${index}.minGrowth`, message: TIER_CONFIG_MESSAGES.notIncreasing });
    }
    if (codes.has(tier.code)) issues.push({ path: `tiers.${index}.code`, message: TIER_CONFIG_MESSAGES.duplicateCode });
    if (names.has(tier.name)) issues.push({ path: `tiers.${index}.name`, message: TIER_CONFIG_MESSAGES.duplicateName });
    codes.add(tier.code);
    names.add(tier.name);
  });
  return issues;
}

/** The highest tier whose threshold `growth` reaches (the base tier at least). Tiers lowest first. */
export function tierForGrowth(tiers: readonly TierDefinition[], growth: number): TierDefinition {
  let reached = tiers[0];
  if (!reached) throw new RangeError('A tier ladder needs at least one tier');
  for (const tier of tiers) if (growth >= tier.minGrowth) reached = tier;
  return reached;
}

/** Where a member stands: their rights now, and how much growth the next tier needs. */
export function tierProgress(tiers: readonly TierDefinition[], held: TierDefinition, growth: number): TierProgress {
  const index = tiers.findIndex((tier) => tier.code === held.code);
  const next = index >= 0 ? (tiers[index + 1] ?? null) : null;
  return {
    growth,
    nextTier: next ? { code: next.code, name: next.name, minGrowth: next.minGrowth, rights: next.rights } : null,
    growthToNext: next ? Math.max(0, next.minGrowth - growth) : 0,
    rights: held.rights,
  };
}
