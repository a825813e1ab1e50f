/** One bar of a daily trend: its day, value and height as a share of the tallest (0–100). */
export interface TrendBar {
  day: string;
  value: number;
  heightPct: number;
}

/**
 * The bars of a daily trend, scaled to the largest value (a series of running totals is scaled
 * from zero as well, so a small change on a large total shows as the small change it is).
 * Negative values (a day of refunds larger than its sales) draw as empty bars.
 */
export function trendLayout(days: readonly string[], values: readonly number[]): { bars: TrendBar[]; max: number; empty: boolean } {
  const max = Math.max(0, ...values);
  const bars = days.map((day, i) => {
    const value = values[i] ?? 0;
    return { day, value, heightPct: max > 0 && value > 0 ? Math.max(2, Math.round((value / max) * 100)) : 0 };
  });
  return { bars, max, empty: values.every((value) => value === 0) };
}

/** A Shanghai day YYYY-MM-DD as the chart's axis shows it: "11-23". */
export function axisDay(day: string): string {
  return day.slice(5);
}
