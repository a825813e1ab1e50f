import { addDays, daysBetween, shanghaiDay } from '@linli/shared/time';

/**
 * RFM, defined exactly so that an operator can check it by hand (README, *Customer insight*):
 * over the members with at least one counting order in the window (the `windowDays` Shanghai days
 * ending on the analysis day; an order counts when it is paid in the window and not fully
 * refunded), with N such members: recency = days since the last counting order; frequency =
 * counting orders; monetary = fen paid minus refunded over them. F and M score = 1 + floor(5 ×
 * (members with a strictly smaller value) / N); R score = 1 + floor(5 × (members with a strictly
 * larger recency) / N). Ties share a score.
 */
export const RFM_WINDOW_DAYS = 365;

export interface RfmOrder {
  customerId: string;
  paidAt: string;
  paidFen: number;
  refundedFen: number;
}

export interface RfmScore {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

export const RFM_SEGMENTS = ['重要价值', '重要保持', '重要发展', '重要挽留', '一般价值', '一般保持', '一般发展', '一般挽留'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The class of a member whose R, F and M are each 高 (true) or 低 (false). */
export function rfmSegment(high: { r: boolean; f: boolean; m: boolean }): RfmSegment {
  if (high.m) {
    if (high.f) return high.r ? '重要价值' : '重要保持';
    return high.r ? '重要发展' : '重要挽留';
  }
  if (high.f) return high.r ? '一般价值' : '一般保持';
  return high.r ? '一般发展' : '一般挽留';
}

/** How many of the sorted `values` are strictly smaller than `value` (binary search). */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

const score = (below: number, n: number) => 1 + Math.floor((5 * below) / n);

/**
 * Scores every customer with a counting order in the window ending on `analysisDay` (YYYY-MM-DD,
 * Asia/Shanghai). 高 means a score above the mean score of the scored customers, unless the
 * caller sets thresholds. Customers come out in the order of their ids.
 */
export function scoreRfm(
  orders: readonly RfmOrder[],
  options: { analysisDay: string; windowDays?: number; thresholds?: RfmThresholds | null },
): RfmScore[] {
  const firstDay = addDays(options.analysisDay, -((options.windowDays ?? RFM_WINDOW_DAYS) - 1));
  const byCustomer = new Map<string, { lastDay: string; frequency: number; monetaryFen: number }>();
  for (const order of orders) {
    const day = shanghaiDay(new Date(order.paidAt)).date;
    if (day < firstDay || day > options.analysisDay || order.refundedFen >= order.paidFen) continue;
    const seen = byCustomer.get(order.customerId) ?? { lastDay: day, frequency: 0, monetaryFen: 0 };
    if (day > seen.lastDay) seen.lastDay = day;
    seen.frequency += 1;
    seen.monetaryFen += order.paidFen - order.refundedFen;
    byCustomer.set(order.customerId, seen);
  }
  return scoreRfmFigures(
    [...byCustomer].map(([customerId, seen]) => ({
      customerId,
      recencyDays: daysBetween(seen.lastDay, options.analysisDay),
      frequency: seen.frequency,
      monetaryFen: seen.monetaryFen,
    })),
    options.thresholds ?? null,
  );
}

/** A score above each threshold is 高; null: the mean score of the scored customers. */
export interface RfmThresholds {
  r: number;
  f: number;
  m: number;
}

/** One customer's recency, frequency and monetary over the window: what the scores rank. */
export interface RfmFigures {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetaryFen: number;
}

/**
 * The RFM figures of a member's kept order aggregates (orders per Shanghai paid day, counting orders
 * and fen kept) over the window ending on `analysisDay`; null without a counting order in it.
 */
export function rfmFiguresOfDays(
  customerId: string,
  days: Readonly<Record<string, readonly [number, number]>>,
  options: { analysisDay: string; windowDays?: number },
): RfmFigures | null {
  const firstDay = addDays(options.analysisDay, -((options.windowDays ?? RFM_WINDOW_DAYS) - 1));
  let lastDay: string | null = null;
  let frequency = 0;
  let monetaryFen = 0;
  for (const [day, [orders, fen]] of Object.entries(days)) {
    if (day < firstDay || day > options.analysisDay || orders <= 0) continue;
    if (!lastDay || day > lastDay) lastDay = day;
    frequency += orders;
    monetaryFen += fen;
  }
  return lastDay ? { customerId, recencyDays: daysBetween(lastDay, options.analysisDay), frequency, monetaryFen } : null;
}

/** Scores customers' figures against each other (the definition above); customers come out in the order of their ids. */
export function scoreRfmFigures(rows: readonly RfmFigures[], thresholdsSet: RfmThresholds | null): RfmScore[] {
  const n = rows.length;
  if (n === 0) return [];
  // Larger recency is worse: count the members more lapsed than this one through the negated values.
  const recencies = rows.map((row) => -row.recencyDays).sort((a, b) => a - b);
  const frequencies = rows.map((row) => row.frequency).sort((a, b) => a - b);
  const monetaries = rows.map((row) => row.monetaryFen).sort((a, b) => a - b);
  const scored = rows.map((row) => ({
    ...row,
    r: score(countBelow(recencies, -row.recencyDays), n),
    f: score(countBelow(frequencies, row.frequency), n),
    m: score(countBelow(monetaries, row.monetaryFen), n),
  }));
  const mean = (pick: (row: (typeof scored)[number]) => number) => scored.reduce((sum, row) => sum + pick(row), 0) / n;
  const thresholds = thresholdsSet ?? { r: mean((row) => row.r), f: mean((row) => row.f), m: mean((row) => row.m) };
  return scored
    .map((row) => ({ ...row, segment: rfmSegment({ r: row.r > thresholds.r, f: row.f > thresholds.f, m: row.m > thresholds.m }) }))
    .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** A band from a 1–5 score: 4–5 high, 3 medium, 1–2 low (value bands from M, frequency bands from F). */
export function bandOfScore(score: number): 'high' | 'medium' | 'low' {
  return score >= 4 ? 'high' : score === 3 ? 'medium' : 'low';
}
