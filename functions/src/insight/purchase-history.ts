import { daysBetween, shanghaiDay } from '@linli/shared/time';

/**
 * From purchases to what the churn and lifetime-value models read (README, *Customer insight*):
 * a purchase occasion is one Shanghai day with at least one purchase (several orders of one day are
 * one occasion, their amounts summed); time is in weeks (days / 7); for each customer, x = repeat
 * occasions (occasions after the first), t_x = weeks from the first occasion to the last, T = weeks
 * from the first occasion to the calibration end day. A customer whose first occasion is after the
 * calibration end is not yet a customer.
 */
export const DAYS_PER_WEEK = 7;

/** One purchase: a Shanghai day (YYYY-MM-DD) and the amount paid, in fen. */
export interface Purchase {
  customerId: string;
  day: string;
  amountFen: number;
}

/** One purchase occasion: a Shanghai day and the fen paid on it. */
export interface Occasion {
  day: string;
  amountFen: number;
}

/** A customer's history up to a calibration end day, in the models' terms. */
export interface CustomerSummary {
  customerId: string;
  firstDay: string;
  lastDay: string;
  /** Repeat occasions: occasions after the first one. */
  x: number;
  /** Days from the first occasion to the last one. */
  txDays: number;
  /** Days from the first occasion to the calibration end day. */
  TDays: number;
  /** t_x in weeks. */
  tx: number;
  /** T in weeks. */
  T: number;
  /** Mean fen per repeat occasion (what the Gamma-Gamma model reads), null without a repeat occasion. */
  meanRepeatSpendFen: number | null;
  /** Mean fen per occasion, the first one included (the rules' spend per order). */
  meanSpendFen: number;
}

/** Identical (x, t_x, T) rows counted once, with how many customers share them. */
export interface FrequencyRow {
  x: number;
  tx: number;
  T: number;
  weight: number;
}

/**
 * The purchases of orders as the RFM scores count them (README): paid, not fully refunded, net of
 * partial refunds, on the Shanghai day they were paid.
 */
export function purchasesFromOrders(
  orders: ReadonlyArray<{ customerId: string; paidAt: string; paidFen: number; refundedFen: number }>,
): Purchase[] {
  return orders
    .filter((order) => order.refundedFen < order.paidFen)
    .map((order) => ({
      customerId: order.customerId,
      day: shanghaiDay(new Date(order.paidAt)).date,
      amountFen: order.paidFen - order.refundedFen,
    }));
}

/** Each customer's purchase occasions, oldest first: one per day, the day's amounts summed. */
export function customerOccasions(purchases: readonly Purchase[]): Map<string, Occasion[]> {
  const byCustomer = new Map<string, Occasion[]>();
  for (const purchase of purchases) {
    const list = byCustomer.get(purchase.customerId);
    const occasion = { day: purchase.day, amountFen: purchase.amountFen };
    if (list) list.push(occasion);
    else byCustomer.set(purchase.customerId, [occasion]);
  }
  for (const [customerId, list] of byCustomer) {
    list.sort((first, second) => (first.day < second.day ? -1 : first.day > second.day ? 1 : 0));
    const merged: Occasion[] = [];
    for (const occasion of list) {
      const last = merged[merged.length - 1];
      if (last && last.day === occasion.day) last.amountFen += occasion.amountFen;
      else merged.push(occasion);
    }
    byCustomer.set(customerId, merged);
  }
  return byCustomer;
}

/**
 * The summaries of the customers whose first occasion is on or before `calibrationEnd`
 * (YYYY-MM-DD), reading only the occasions up to and including that day; in the order of their ids.
 */
export function summarizeCustomers(occasions: ReadonlyMap<string, readonly Occasion[]>, calibrationEnd: string): CustomerSummary[] {
  const summaries: CustomerSummary[] = [];
  for (const [customerId, all] of occasions) {
    const seen = all.filter((occasion) => occasion.day <= calibrationEnd);
    const first = seen[0];
    const last = seen[seen.length - 1];
    if (!first || !last) continue;
    const x = seen.length - 1;
    const txDays = daysBetween(first.day, last.day);
    const TDays = daysBetween(first.day, calibrationEnd);
    const totalFen = seen.reduce((sum, occasion) => sum + occasion.amountFen, 0);
    summaries.push({
      customerId,
      firstDay: first.day,
      lastDay: last.day,
      x,
      txDays,
      TDays,
      tx: txDays / DAYS_PER_WEEK,
      T: TDays / DAYS_PER_WEEK,
      meanRepeatSpendFen: x > 0 ? (totalFen - first.amountFen) / x : null,
      meanSpendFen: totalFen / seen.length,
    });
  }
  return summaries.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** The summaries as weighted rows, one per distinct (x, t_x, T): a likelihood sums each distinct row once. */
export function frequencyRows(summaries: readonly Pick<CustomerSummary, 'x' | 'txDays' | 'TDays'>[]): FrequencyRow[] {
  // Whole days make the grouping exact: no two floating-point weeks that differ only by rounding.
  const rows = new Map<string, FrequencyRow>();
  for (const summary of summaries) {
    const key = `${summary.x}:${summary.txDays}:${summary.TDays}`;
    const row = rows.get(key);
    if (row) row.weight += 1;
    else rows.set(key, { x: summary.x, tx: summary.txDays / DAYS_PER_WEEK, T: summary.TDays / DAYS_PER_WEEK, weight: 1 });
  }
  return [...rows.values()];
}
