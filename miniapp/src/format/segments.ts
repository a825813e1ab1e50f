import { LIFECYCLE_STAGE_NAMES, RFM_CLASS_NAMES, RISK_BAND_NAMES } from '@linli/shared/insight';
import type { SegmentMember } from '@linli/shared/segments';
import { formatFen } from './money';

/** A Shanghai day "2026-11-26" as "11月26日". */
export function formatDayMonth(day: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(day);
  return match ? `${Number(match[1])}月${Number(match[2])}日` : day;
}

/** Which night's scores a count or list shows; before the first nightly run there are none. */
export function asOfText(asOf: string | null): string {
  return asOf ? `数据截至 ${formatDayMonth(asOf)}` : '客户评分尚未生成（每晚更新）';
}

/** A member's scores in words; a member who joined since the last nightly run has none yet. */
export function memberScoreTexts(member: SegmentMember): { stage: string; rfmClass: string; risk: string; clv: string } {
  return {
    stage: member.stage ? LIFECYCLE_STAGE_NAMES[member.stage] : '待评估',
    rfmClass: member.rfmClass ? RFM_CLASS_NAMES[member.rfmClass] : '—',
    risk: member.riskBand ? RISK_BAND_NAMES[member.riskBand] : '—',
    clv: member.clv12mFen === null ? '—' : formatFen(member.clv12mFen),
  };
}

/** The day of the last purchase, or that there was none. */
export function lastOrderDayText(day: string | null): string {
  return day ?? '未购买';
}

/** "共 1,234 位客户". */
export function customerCountText(count: number): string {
  return `共 ${String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} 位客户`;
}
