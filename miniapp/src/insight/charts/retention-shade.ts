/** Monthly cohort retention, as the grid shows it: a row per cohort, a cell per month since joining. */
export interface CohortRetention {
  /** The month headers: the cohort's own first ("当月"), then each month after it ("第1月", …). */
  periods: readonly string[];
  cohorts: ReadonlyArray<{
    /** The cohort's month, e.g. "2026年3月". */
    label: string;
    /** Members in the cohort (its first month). */
    size: number;
    /** Percent of the cohort still buying in each period; null where that month has not come yet. */
    retention: readonly (number | null)[];
  }>;
}

const LIGHT = [0xf1, 0xf7, 0xf3];
const DARK = [0x1f, 0x6f, 0x4a];

/**
 * A cell's colours: from near-white at 0% to the shop's green at `full` percent and above, in
 * steps of a tenth so neighbouring cells that differ a little still read alike; the text turns
 * white where the green gets dark.
 */
export function retentionShade(percent: number, full = 60): { background: string; color: string } {
  const step = Math.min(10, Math.max(0, Math.round((percent / full) * 10)));
  const mix = LIGHT.map((light, i) => Math.round(light + ((DARK[i]! - light) * step) / 10));
  const background = `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  return { background, color: step >= 5 ? '#ffffff' : '#333333' };
}

/** Whether there is no cohort with a member in it. */
export const isEmptyRetention = (data: CohortRetention) => data.cohorts.every((cohort) => cohort.size === 0);
