import type { InsightSettings, LifecycleStage, ScoreMethod } from '@linli/shared/insight';
import { addDays, daysBetween } from '@linli/shared/time';

/**
 * A member's lifecycle stage on the analysis day, by the rules the README documents:
 *   1. no purchase ever → prospect (潜在客户);
 *   2. lapsed: where the churn model judges the member (the shop's history was fitted and the member
 *      has bought on two days or more, so the model has a rhythm to go by), P(alive) below
 *      `lostPAlive` → lost, below `atRiskPAlive` → at risk; otherwise (rules: one-time buyers, or no
 *      model) days since the last purchase above `lostDays` → lost, above `atRiskDays` → at risk;
 *   3. first purchase within `newDays` → new;
 *   4. purchase days in the RFM window at least `loyalOccasions` → loyal;
 *   5. otherwise active.
 */
export interface LifecycleFacts {
  /** Shanghai days with a counting order, oldest first. */
  purchaseDays: readonly string[];
  /** P(alive) and how it was estimated; null with no purchase. */
  churn: { pAlive: number; method: ScoreMethod } | null;
}

export interface LifecycleJudgement {
  stage: LifecycleStage;
  /** One line of plain Chinese saying why. */
  reason: string;
}

type StageRules = Pick<
  InsightSettings,
  'newDays' | 'loyalOccasions' | 'atRiskDays' | 'lostDays' | 'atRiskPAlive' | 'lostPAlive' | 'rfmWindowDays'
>;

const percent = (p: number) => `${Math.round(p * 100)}%`;

export function judgeLifecycle(facts: LifecycleFacts, rules: StageRules, analysisDay: string): LifecycleJudgement {
  const days = facts.purchaseDays.filter((day) => day <= analysisDay);
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return { stage: 'prospect', reason: '已加入会员，还没有购买' };
  const idle = daysBetween(last, analysisDay);
  const byModel = facts.churn?.method === 'model' && days.length >= 2;
  if (byModel && facts.churn) {
    const pAlive = facts.churn.pAlive;
    if (pAlive < rules.lostPAlive)
      return {
        stage: 'lost',
        reason: `${idle} 天无购买，按其以往的购买规律仍活跃的概率仅 ${percent(pAlive)}（低于 ${percent(rules.lostPAlive)}）`,
      };
    if (pAlive < rules.atRiskPAlive)
      return {
        stage: 'at_risk',
        reason: `${idle} 天无购买，按其以往的购买规律仍活跃的概率为 ${percent(pAlive)}（低于 ${percent(rules.atRiskPAlive)}）`,
      };
  } else {
    if (idle > rules.lostDays) return { stage: 'lost', reason: `已 ${idle} 天无购买（超过 ${rules.lostDays} 天）` };
    if (idle > rules.atRiskDays) return { stage: 'at_risk', reason: `已 ${idle} 天无购买（超过 ${rules.atRiskDays} 天）` };
  }
  const sinceFirst = daysBetween(first, analysisDay);
  if (sinceFirst < rules.newDays) return { stage: 'new', reason: `${sinceFirst === 0 ? '今天' : `${sinceFirst} 天前`}首次购买` };
  const windowStart = addDays(analysisDay, -(rules.rfmWindowDays - 1));
  const recent = days.filter((day) => day >= windowStart).length;
  if (recent >= rules.loyalOccasions)
    return { stage: 'loyal', reason: `近 ${rules.rfmWindowDays} 天有 ${recent} 天购买（${rules.loyalOccasions} 天及以上为忠诚客户）` };
  return { stage: 'active', reason: `${idle === 0 ? '今天' : `${idle} 天前`}购买过，近 ${rules.rfmWindowDays} 天有 ${recent} 天购买` };
}
