import * as z from 'zod';
import { BANDS, LIFECYCLE_STAGES, RFM_CLASSES } from './insight.ts';

/**
 * Segments (客户分群): conditions over what Linli knows of a member, combined with and/or. One
 * resolver (functions/src/insight/segments.ts) answers every use: the staff preview and member
 * list, saved segments, and the audiences of care rules and campaigns.
 */
const Values = <T extends z.ZodType>(value: T) => z.array(value).min(1).max(50);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');
const Label = z.string().trim().min(1).max(64);

function range<T extends z.ZodNumber>(bound: T) {
  return {
    min: bound.optional(),
    max: bound.optional(),
  };
}
const hasBound = (condition: { min?: number | undefined; max?: number | undefined }) =>
  condition.min !== undefined || condition.max !== undefined;
const ordered = (condition: { min?: number | undefined; max?: number | undefined }) =>
  condition.min === undefined || condition.max === undefined || condition.min <= condition.max;

const Ranged = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object(shape)
    .refine((condition) => hasBound(condition as never), 'Give min, max or both')
    .refine((condition) => ordered(condition as never), 'min must not exceed max');

export const SegmentCondition = z.discriminatedUnion('field', [
  z.object({ field: z.literal('tier'), in: Values(Label).describe('Tier codes') }),
  z.object({ field: z.literal('stage'), in: Values(z.enum(LIFECYCLE_STAGES)) }),
  z.object({ field: z.literal('rfmClass'), in: Values(z.enum(RFM_CLASSES)) }),
  z.object({ field: z.literal('riskBand'), in: Values(z.enum(BANDS)) }),
  z.object({ field: z.literal('valueBand'), in: Values(z.enum(BANDS)) }),
  z.object({ field: z.literal('frequencyBand'), in: Values(z.enum(BANDS)) }),
  Ranged({ field: z.literal('rfmScore'), score: z.enum(['r', 'f', 'm']), ...range(z.number().int().min(1).max(5)) }),
  Ranged({ field: z.literal('clvFen'), ...range(z.number().int().nonnegative()) }),
  Ranged({ field: z.literal('pAlive'), ...range(z.number().min(0).max(1)) }),
  Ranged({ field: z.literal('pointsBalance'), ...range(z.number().int().nonnegative()) }),
  z.object({ field: z.literal('tag'), in: Values(Label) }),
  z.object({
    field: z.literal('category'),
    in: Values(Label),
    withinDays: z.number().int().min(1).max(3650).optional().describe('Bought in the last N Shanghai days (today included); absent: ever'),
  }),
  z.object({ field: z.literal('region'), in: Values(Label) }),
  z.object({ field: z.literal('birthdayMonth'), in: Values(z.number().int().min(1).max(12)) }),
  z
    .object({ field: z.literal('joined'), fromDay: Day.optional(), toDay: Day.optional() })
    .refine((condition) => condition.fromDay !== undefined || condition.toDay !== undefined, 'Give fromDay, toDay or both')
    .refine(
      (condition) => !condition.fromDay || !condition.toDay || condition.fromDay <= condition.toDay,
      'fromDay must not be after toDay',
    ),
  Ranged({ field: z.literal('lastOrderDaysAgo'), ...range(z.number().int().nonnegative().max(36500)) }),
  z.object({
    field: z.literal('marketingConsent'),
    value: z.boolean().describe('true: members who did not refuse personalised marketing'),
  }),
]);
export type SegmentCondition = z.infer<typeof SegmentCondition>;
export type SegmentField = SegmentCondition['field'];

/**
 * Conditions and groups combined by one operator: `and` (every condition and group holds) or `or`
 * (at least one does). Groups nest at most MAX_SEGMENT_DEPTH levels, e.g. (A and B) or (C and (D or E)).
 */
// A type alias, not an interface: the mini-program's typed client sees a rule's nested groups as
// JSON values (Hono stops expanding the recursion), and only an alias is assignable to those.
export type SegmentRule = {
  op: 'and' | 'or';
  conditions: SegmentCondition[];
  groups?: SegmentRule[] | undefined;
};

export const MAX_SEGMENT_DEPTH = 3;
export const MAX_SEGMENT_CONDITIONS = 20;
const MAX_GROUPS = 10;

// Three levels spelled out rather than a z.lazy self-reference: the depth limit is the schema itself,
// and the OpenAPI generator walks it without recursing forever.
const group = (inner: z.ZodType<SegmentRule> | null) =>
  z
    .object({
      op: z.enum(['and', 'or']),
      conditions: z.array(SegmentCondition).max(MAX_SEGMENT_CONDITIONS).default([]),
      ...(inner ? { groups: z.array(inner).max(MAX_GROUPS).optional() } : {}),
    })
    .refine((rule) => rule.conditions.length > 0 || ((rule as SegmentRule).groups?.length ?? 0) > 0, {
      message: 'A group needs a condition or a group',
      path: ['conditions'],
    }) as unknown as z.ZodType<SegmentRule>;
export const SegmentRule: z.ZodType<SegmentRule> = group(group(group(null)));

/** Every condition of a rule, its groups' included. */
export function conditionsOf(rule: SegmentRule): SegmentCondition[] {
  return [...rule.conditions, ...(rule.groups ?? []).flatMap(conditionsOf)];
}

/** A rule within the builder's limits. */
export const BoundedSegmentRule = SegmentRule.refine(
  (rule) => conditionsOf(rule).length <= MAX_SEGMENT_CONDITIONS,
  `At most ${MAX_SEGMENT_CONDITIONS} conditions`,
).meta({ id: 'SegmentRule' });

export const SegmentName = z.string().trim().min(1, 'Empty name').max(30);

export const SegmentRequest = z.object({ name: SegmentName, rule: BoundedSegmentRule }).meta({ id: 'SegmentRequest' });
export type SegmentRequest = z.infer<typeof SegmentRequest>;

export const Segment = z
  .object({
    segmentId: z.string(),
    name: z.string(),
    rule: SegmentRule,
    version: z.number().int().positive(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Segment' });
export type Segment = z.infer<typeof Segment>;

export const SegmentUpdateRequest = SegmentRequest.extend({
  version: z.number().int().positive().describe('The version read: an edit over someone else’s is refused'),
}).meta({ id: 'SegmentUpdateRequest' });
export type SegmentUpdateRequest = z.infer<typeof SegmentUpdateRequest>;

/** A member as a segment's sample and page show them (phone masked). */
export const SegmentMember = z
  .object({
    memberId: z.string(),
    nickname: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    tierCode: z.string(),
    stage: z.enum(LIFECYCLE_STAGES).nullable(),
    rfmClass: z.enum(RFM_CLASSES).nullable(),
    riskBand: z.enum(BANDS).nullable(),
    clv12mFen: z.number().int().nullable(),
    lastOrderDay: z.string().nullable(),
    joinedDay: z.string(),
  })
  .meta({ id: 'SegmentMember' });
export type SegmentMember = z.infer<typeof SegmentMember>;

export const SegmentPreview = z
  .object({
    count: z.number().int().nonnegative(),
    sample: z.array(SegmentMember).describe('Up to 10 of the members, most recently joined first'),
    asOf: z.string().nullable().describe('The analysis day of the scores the conditions read (null before the first nightly run)'),
  })
  .meta({ id: 'SegmentPreview' });
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentMemberPage = z
  .object({
    items: z.array(SegmentMember),
    count: z.number().int().nonnegative().nullable().describe('How many match (null on the unfiltered list: every joined member)'),
    nextCursor: z.string().nullable(),
    asOf: z.string().nullable().describe('The analysis day of the scores shown (null before the first nightly run)'),
  })
  .meta({ id: 'SegmentMemberPage' });
export type SegmentMemberPage = z.infer<typeof SegmentMemberPage>;

/** Comma-separated values of a query parameter, each checked by `value`. */
const listParam = <T extends z.ZodType<unknown, string>>(value: T) =>
  z
    .string()
    .max(500)
    .transform((raw) =>
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(value).min(1).max(20));

/**
 * The 客户列表's filters (each optional; given ones are combined with and): the same conditions a
 * segment uses, resolved by the same code.
 */
export const CustomerListQuery = z.object({
  stage: listParam(z.enum(LIFECYCLE_STAGES)).optional(),
  rfmClass: listParam(z.enum(RFM_CLASSES)).optional(),
  riskBand: listParam(z.enum(BANDS)).optional(),
  tier: listParam(Label).optional(),
  tag: listParam(Label).optional(),
  joinedFrom: Day.optional(),
  joinedTo: Day.optional(),
  lastOrderWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** The list's filters as a segment rule (null: no filter, every member). */
export function customerListRule(query: CustomerListQuery): SegmentRule | null {
  const conditions: SegmentCondition[] = [];
  if (query.stage) conditions.push({ field: 'stage', in: query.stage });
  if (query.rfmClass) conditions.push({ field: 'rfmClass', in: query.rfmClass });
  if (query.riskBand) conditions.push({ field: 'riskBand', in: query.riskBand });
  if (query.tier) conditions.push({ field: 'tier', in: query.tier });
  if (query.tag) conditions.push({ field: 'tag', in: query.tag });
  if (query.joinedFrom || query.joinedTo)
    conditions.push({
      field: 'joined',
      ...(query.joinedFrom ? { fromDay: query.joinedFrom } : {}),
      ...(query.joinedTo ? { toDay: query.joinedTo } : {}),
    });
  if (query.lastOrderWithinDays) conditions.push({ field: 'lastOrderDaysAgo', max: query.lastOrderWithinDays - 1 });
  return conditions.length === 0 ? null : { op: 'and', conditions };
}
