import { formatFen } from '@/format/money';

/* The price and terms of a 拼团 as cards and pages print them; money arrives in fen. */

export interface PriceTexts {
  /** The group price, the big one: "¥19.90". */
  group: string;
  /** The original price, shown struck through. */
  original: string;
  /** What the group price saves, or null when it saves nothing. */
  saving: string | null;
}

export function priceTexts(groupPriceFen: number, originalPriceFen: number): PriceTexts {
  const saved = originalPriceFen - groupPriceFen;
  return { group: formatFen(groupPriceFen), original: formatFen(originalPriceFen), saving: saved > 0 ? `省${formatFen(saved)}` : null };
}

/** 「3人团」 */
export function groupSizeText(groupSize: number): string {
  return `${groupSize}人团`;
}

/** 「还差2人」, or 已满员 when no slot is left. */
export function slotsLeftText(slotsLeft: number): string {
  return slotsLeft > 0 ? `还差${slotsLeft}人` : '已满员';
}

/** The campaign's terms under its price: size, the minimum when it is smaller, the per-buyer limit. */
export function termsText(terms: { groupSize: number; minGroupSize: number; groupHours: number; perBuyerLimit: number }): string {
  const parts = [groupSizeText(terms.groupSize)];
  if (terms.minGroupSize < terms.groupSize) parts.push(`满${terms.minGroupSize}人即可成团`);
  parts.push(`${terms.groupHours}小时内成团`, `每人限购${terms.perBuyerLimit}件`);
  return parts.join(' · ');
}
