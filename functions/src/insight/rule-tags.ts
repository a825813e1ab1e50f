import type { TagRule } from '@linli/shared/insight';
import { addDays } from '@linli/shared/time';
import type { MemberInsight } from './repository.ts';

/**
 * The rule tags a member holds on the analysis day (README, *Customer insight*): a rule holds when the
 * member's first purchase, or their last purchase of the category, falls within its last N Shanghai
 * days (the analysis day included).
 */
export function ruleTagsOf(
  insight: Pick<MemberInsight, 'scores' | 'categories'>,
  rules: readonly TagRule[],
  analysisDay: string,
): string[] {
  return rules
    .filter((rule) => {
      const since = addDays(analysisDay, -(rule.days - 1));
      const day = rule.kind === 'first-order-within' ? insight.scores.purchases.firstDay : (insight.categories[rule.category] ?? null);
      return day !== null && day >= since && day <= analysisDay;
    })
    .map((rule) => rule.tag);
}
