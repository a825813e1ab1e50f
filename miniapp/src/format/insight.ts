import {
  FREQUENCY_BAND_NAMES,
  LIFECYCLE_STAGE_NAMES,
  RFM_CLASS_NAMES,
  RISK_BAND_NAMES,
  VALUE_BAND_NAMES,
  type MemberScores,
} from '@linli/shared/insight';
import { formatFen } from './money';

/** One score line of 客户画像: what it is, its value in plain Chinese, and why. */
export interface ScoreLine {
  label: string;
  value: string;
  reason: string | null;
}

/** A member's nightly scores as the profile shows them (names, never codes). */
export function scoreLines(scores: MemberScores): ScoreLine[] {
  const lines: ScoreLine[] = [{ label: '生命周期', value: LIFECYCLE_STAGE_NAMES[scores.stage], reason: scores.reasons.stage }];
  if (scores.rfm)
    lines.push({
      label: 'RFM 分类',
      value: `${RFM_CLASS_NAMES[scores.rfm.class]} · ${VALUE_BAND_NAMES[scores.rfm.valueBand]} · ${FREQUENCY_BAND_NAMES[scores.rfm.frequencyBand]}`,
      reason: scores.reasons.rfm,
    });
  if (scores.churn)
    lines.push({
      label: '流失风险',
      value: `${RISK_BAND_NAMES[scores.churn.riskBand]}（仍活跃概率 ${Math.round(scores.churn.pAlive * 100)}%）`,
      reason: scores.reasons.churn,
    });
  if (scores.value)
    lines.push({
      label: '客户价值',
      value: `未来12个月 ${formatFen(scores.value.clv12mFen)} · 90天预计 ${scores.value.expectedPurchases90d.toFixed(1)} 次`,
      reason: scores.reasons.value,
    });
  return lines;
}

/** "数据截至 11月26日" from the analysis day. */
export function scoresAsOfText(analysisDay: string): string {
  return `数据截至 ${Number(analysisDay.slice(5, 7))}月${Number(analysisDay.slice(8, 10))}日`;
}
