import type { SegmentCondition, SegmentRule } from '@linli/shared/segments';
import { addDays, daysBetween } from '@linli/shared/time';
import type { FacetDimension, MemberInsight } from './repository.ts';

/**
 * How a segment's rule is answered without reading every member where it need not be: a condition on
 * a field with facet partitions (stage, RFM class, risk band, tier, category bought since a day, tag)
 * is the set of members under its values; any other condition is a test of a member's insight. Each
 * part of the rule resolves to candidates (a set, or everyone) and a test on those candidates:
 *   and: candidates = the intersection of the parts' sets; test = every part's test;
 *   or:  candidates = the union of the parts' sets (everyone if a part has no set); test = some part
 *        passes (its set holding the member, and its test).
 * Only a rule whose candidates are everyone reads every member's insight; otherwise the work grows
 * with the candidates.
 */
export interface Lookups {
  /** Members under facet values (union over `values`); categories from `sinceDay` on. */
  facetMembers(dimension: FacetDimension, values: readonly string[], sinceDay?: string): Promise<Set<string>>;
  /** Members carrying any of the tags (manual or rule tags): kept immediately, not nightly. */
  taggedMembers(tags: readonly string[]): Promise<Set<string>>;
}

type Test = (insight: MemberInsight) => boolean;

/** Candidates and a test: `null` candidates mean every member; a `null` test passes everyone. */
export interface Resolution {
  candidates: Set<string> | null;
  test: Test | null;
}

const FACETED: Partial<Record<SegmentCondition['field'], FacetDimension>> = {
  stage: 'stage',
  rfmClass: 'rfm',
  riskBand: 'risk',
  tier: 'tier',
  category: 'category',
};

export async function resolveRule(rule: SegmentRule, lookups: Lookups, today: string): Promise<Resolution> {
  const parts = await Promise.all([
    ...rule.conditions.map((condition) => resolveCondition(condition, lookups, today)),
    ...(rule.groups ?? []).map((group) => resolveRule(group, lookups, today)),
  ]);
  return rule.op === 'and' ? both(parts) : either(parts);
}

function both(parts: readonly Resolution[]): Resolution {
  let candidates: Set<string> | null = null;
  for (const part of parts) {
    const narrowed = part.candidates;
    if (!narrowed) continue;
    candidates = candidates ? new Set([...(candidates as Set<string>)].filter((id) => narrowed.has(id))) : new Set(narrowed);
  }
  const tests = parts.map((part) => part.test).filter((test): test is Test => test !== null);
  return { candidates, test: tests.length === 0 ? null : (insight) => tests.every((test) => test(insight)) };
}

function either(parts: readonly Resolution[]): Resolution {
  const everyone = parts.some((part) => part.candidates === null);
  const candidates = everyone ? null : new Set(parts.flatMap((part) => [...part.candidates!]));
  // With sets only and no tests, the union is the answer; otherwise each part judges its own.
  if (!everyone && parts.every((part) => part.test === null)) return { candidates, test: null };
  return {
    candidates,
    test: (insight) =>
      parts.some(
        (part) => (part.candidates === null || part.candidates.has(insight.memberId)) && (part.test === null || part.test(insight)),
      ),
  };
}

async function resolveCondition(condition: SegmentCondition, lookups: Lookups, today: string): Promise<Resolution> {
  const dimension = FACETED[condition.field];
  if (condition.field === 'tag') return { candidates: await lookups.taggedMembers(condition.in), test: null };
  if (dimension && 'in' in condition) {
    const sinceDay = condition.field === 'category' && condition.withinDays ? addDays(today, -(condition.withinDays - 1)) : undefined;
    return { candidates: await lookups.facetMembers(dimension, condition.in.map(String), sinceDay), test: null };
  }
  return { candidates: null, test: conditionTest(condition, today) };
}

const within = (value: number | null | undefined, condition: { min?: number | undefined; max?: number | undefined }) =>
  value !== null &&
  value !== undefined &&
  (condition.min === undefined || value >= condition.min) &&
  (condition.max === undefined || value <= condition.max);

/** A condition as a test of one member's insight (the fields without facets; the faceted ones too, for checks). */
export function conditionTest(condition: SegmentCondition, today: string): Test {
  switch (condition.field) {
    case 'tier':
      return (insight) => condition.in.includes(insight.tierCode);
    case 'stage':
      return (insight) => condition.in.includes(insight.scores.stage);
    case 'rfmClass':
      return (insight) => insight.scores.rfm !== null && condition.in.includes(insight.scores.rfm.class);
    case 'riskBand':
      return (insight) => insight.scores.churn !== null && condition.in.includes(insight.scores.churn.riskBand);
    case 'valueBand':
      return (insight) => insight.scores.rfm !== null && condition.in.includes(insight.scores.rfm.valueBand);
    case 'frequencyBand':
      return (insight) => insight.scores.rfm !== null && condition.in.includes(insight.scores.rfm.frequencyBand);
    case 'rfmScore':
      return (insight) => within(insight.scores.rfm?.[condition.score], condition);
    case 'clvFen':
      return (insight) => within(insight.scores.value?.clv12mFen, condition);
    case 'pAlive':
      return (insight) => within(insight.scores.churn?.pAlive, condition);
    case 'pointsBalance':
      return (insight) => within(insight.pointsBalance, condition);
    case 'category': {
      const since = condition.withinDays ? addDays(today, -(condition.withinDays - 1)) : '';
      return (insight) => condition.in.some((category) => (insight.categories[category] ?? '') >= since && category in insight.categories);
    }
    case 'region':
      return (insight) => insight.region !== null && condition.in.includes(insight.region);
    case 'birthdayMonth':
      return (insight) => insight.birthdayMonth !== null && condition.in.includes(insight.birthdayMonth);
    case 'joined':
      return (insight) =>
        (!condition.fromDay || insight.joinedDay >= condition.fromDay) && (!condition.toDay || insight.joinedDay <= condition.toDay);
    case 'lastOrderDaysAgo':
      return (insight) => within(insight.scores.purchases.lastDay ? daysBetween(insight.scores.purchases.lastDay, today) : null, condition);
    case 'marketingConsent':
      return (insight) => !insight.marketingOptOut === condition.value;
    case 'tag':
      // Tags are always answered by their index (resolveCondition); a tag is never on the insight.
      return () => false;
  }
}
