import type { ParetoBar } from '@linli/shared/complaints';

/** A chart's bar in percent of the plot: left edge, width and height, and the running share's point. */
export interface ParetoColumn {
  key: string;
  label: string;
  count: number;
  /** Share of all complaints up to and including this bar, 0–1. */
  cumulativeShare: number;
  leftPct: number;
  widthPct: number;
  heightPct: number;
  /** The bars that make up the first 80% (the vital few), drawn stronger. */
  vital: boolean;
}

/** One piece of the running-share line, from one bar's point to the next, in plot pixels. */
export interface ParetoSegment {
  x: number;
  y: number;
  length: number;
  angleDeg: number;
}

export interface ParetoLayout {
  columns: ParetoColumn[];
  /** Running share points (bar centres) in plot pixels. */
  points: Array<{ x: number; y: number }>;
  segments: ParetoSegment[];
  maxCount: number;
}

/** Bars a phone-width chart can label legibly; the rest are summed into 其他. */
export const PARETO_MAX_BARS = 8;
/** The Pareto principle's line: the causes above it are the vital few. */
export const VITAL_SHARE = 0.8;

/**
 * Lays a Pareto chart out in a plot of `width` × `height` (rpx): bars scaled to the largest,
 * the running share as a line of rotated segments (mini-programs have no inline SVG, and plain
 * views draw the same on WeChat and H5). Beyond PARETO_MAX_BARS the tail becomes one 其他 bar.
 */
export function paretoLayout(bars: readonly ParetoBar[], size: { width: number; height: number }): ParetoLayout {
  const shown: ParetoBar[] =
    bars.length <= PARETO_MAX_BARS
      ? [...bars]
      : [
          ...bars.slice(0, PARETO_MAX_BARS - 1),
          {
            key: '__rest',
            label: '其他',
            count: bars.slice(PARETO_MAX_BARS - 1).reduce((sum, bar) => sum + bar.count, 0),
            cumulativeShare: 1,
          },
        ];
  const maxCount = Math.max(0, ...shown.map((bar) => bar.count));
  const slot = shown.length === 0 ? 0 : 100 / shown.length;
  let vitalSoFar = true;
  const columns = shown.map((bar, i): ParetoColumn => {
    // A bar is vital while the share before it is still under 80%.
    const before = i === 0 ? 0 : shown[i - 1]!.cumulativeShare;
    vitalSoFar = vitalSoFar && before < VITAL_SHARE;
    return {
      key: bar.key,
      label: bar.label,
      count: bar.count,
      cumulativeShare: bar.cumulativeShare,
      leftPct: i * slot + slot * 0.15,
      widthPct: slot * 0.7,
      heightPct: maxCount === 0 ? 0 : (bar.count / maxCount) * 100,
      vital: vitalSoFar && bar.key !== '__rest',
    };
  });
  const points = shown.map((bar, i) => ({ x: ((i + 0.5) * slot * size.width) / 100, y: size.height * (1 - bar.cumulativeShare) }));
  const segments = points.slice(1).map((to, i) => {
    const from = points[i]!;
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    return { x: from.x, y: from.y, length: Math.hypot(dx, dy), angleDeg: (Math.atan2(dy, dx) * 180) / Math.PI };
  });
  return { columns, points, segments, maxCount };
}

/** 0.834 → "83%". */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Working minutes → "2小时5分" / "45分" / "—". */
export function workingMinutesText(minutes: number | null): string {
  if (minutes === null) return '—';
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest}分`;
  return rest === 0 ? `${hours}小时` : `${hours}小时${rest}分`;
}
