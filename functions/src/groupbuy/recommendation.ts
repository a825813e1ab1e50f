import { daysBetween } from '@linli/shared/time';

/**
 * 猜你喜欢: the order a buyer sees running campaigns in, by what they are likely to want. Three signals, each
 * scaled to 0..1 and weighed:
 *   - the categories they buy (the share of their orders with the campaign's category, recent orders counting more),
 *   - "frequently bought together" (the shop's pairs from customer insight: a campaign's product bought with
 *     something this buyer bought; the pair's confidence),
 *   - what buyers like them join (paid joins of the campaign by members of the buyer's RFM class, against the
 *     campaign their class joins most).
 * Ties, and a buyer nothing is known about, fall back to the plain order: soonest ending first, then newest. A member
 * who switched personalised marketing off (PIPL Art. 24) always gets the plain order: none of their data is read.
 */

export const RECOMMENDATION_WEIGHTS = { category: 0.5, boughtTogether: 0.3, similarBuyers: 0.2 } as const;
/** Orders older than this count half toward a category. */
export const RECENT_ORDER_DAYS = 180;

export interface RankedCampaign {
  campaignId: string;
  sku: string;
  category: string;
  endsAt: string;
  publishedAt: string;
  /** Paid joins by the RFM class the member had when they paid (what "buyers like them" joined). */
  joinsByRfmClass: Readonly<Record<string, number>>;
}

export interface BuyerSignals {
  /** Per category, per paid Shanghai day: the member's counting orders with the category (order aggregates). */
  categoryDays: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per paid day: the member's counting orders (order aggregates' days[day][0]). */
  orderDays: Readonly<Record<string, number>>;
  /** SKUs in the member's recent baskets. */
  skusBought: ReadonlySet<string>;
  /** The shop's frequently-bought-together pairs (customer insight's latest run). */
  pairs: ReadonlyArray<{ skuA: string; skuB: string; confidence: number }>;
  rfmClass: string | null;
  /** The Shanghai day today. */
  today: string;
}

export interface Ranking<T> {
  items: T[];
  ordering: 'personalised' | 'plain';
}

/** The plain order: soonest ending first, then the newest published. */
export function plainOrder<T extends Pick<RankedCampaign, 'endsAt' | 'publishedAt' | 'campaignId'>>(campaigns: readonly T[]): T[] {
  return [...campaigns].sort(
    (a, b) => a.endsAt.localeCompare(b.endsAt) || b.publishedAt.localeCompare(a.publishedAt) || a.campaignId.localeCompare(b.campaignId),
  );
}

/** Running campaigns in 猜你喜欢 order for a buyer with `signals`, or plainly for `null` (opted out). */
export function rankCampaigns<T extends RankedCampaign>(campaigns: readonly T[], signals: BuyerSignals | null): Ranking<T> {
  const plain = plainOrder(campaigns);
  if (!signals) return { items: plain, ordering: 'plain' };
  const scores = new Map(plain.map((campaign) => [campaign.campaignId, scoreCampaign(campaign, campaigns, signals)]));
  if ([...scores.values()].every((score) => score === 0)) return { items: plain, ordering: 'plain' };
  // A stable sort on the plain order keeps it among equal scores.
  const items = [...plain].sort((a, b) => scores.get(b.campaignId)! - scores.get(a.campaignId)!);
  return { items, ordering: 'personalised' };
}

export function scoreCampaign(campaign: RankedCampaign, all: readonly RankedCampaign[], signals: BuyerSignals): number {
  return (
    RECOMMENDATION_WEIGHTS.category * categoryAffinity(campaign.category, signals) +
    RECOMMENDATION_WEIGHTS.boughtTogether * boughtTogetherAffinity(campaign.sku, signals) +
    RECOMMENDATION_WEIGHTS.similarBuyers * similarBuyersAffinity(campaign, all, signals.rfmClass)
  );
}

/** The (recency-weighted) share of the member's orders that had the category: 0 for a member with no orders. */
export function categoryAffinity(category: string, signals: Pick<BuyerSignals, 'categoryDays' | 'orderDays' | 'today'>): number {
  const weight = (day: string) => (daysBetween(day, signals.today) <= RECENT_ORDER_DAYS ? 1 : 0.5);
  let all = 0;
  for (const [day, orders] of Object.entries(signals.orderDays)) all += orders * weight(day);
  if (all === 0) return 0;
  let withCategory = 0;
  for (const [day, orders] of Object.entries(signals.categoryDays[category] ?? {})) withCategory += orders * weight(day);
  return Math.min(1, withCategory / all);
}

/** The best confidence of a pair joining the campaign's product to one the member bought (not the product itself). */
export function boughtTogetherAffinity(sku: string, signals: Pick<BuyerSignals, 'pairs' | 'skusBought'>): number {
  let best = 0;
  for (const pair of signals.pairs) {
    const other = pair.skuA === sku ? pair.skuB : pair.skuB === sku ? pair.skuA : null;
    if (other !== null && signals.skusBought.has(other)) best = Math.max(best, pair.confidence);
  }
  return best;
}

/** Joins of this campaign by the member's RFM class, against the campaign that class joined most. */
export function similarBuyersAffinity(campaign: RankedCampaign, all: readonly RankedCampaign[], rfmClass: string | null): number {
  if (rfmClass === null) return 0;
  const most = Math.max(0, ...all.map((candidate) => candidate.joinsByRfmClass[rfmClass] ?? 0));
  return most === 0 ? 0 : (campaign.joinsByRfmClass[rfmClass] ?? 0) / most;
}
