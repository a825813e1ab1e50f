import { shanghaiMidnightOf } from '@linli/shared/time';

/** How long a rate limit counts before it starts again: a clock minute, or a day in Asia/Shanghai. */
export type RateWindow = 'minute' | 'shanghai-day';

/** One fixed window: every request from `start` (included) to `end` (excluded) counts on the same item. */
export interface WindowSpan {
  start: Date;
  end: Date;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600_000;

/**
 * The window the instant `at` falls in. Fixed windows (not sliding ones) keep each count to one
 * item and one conditional write; the price is that a caller may send up to twice the limit
 * across a window's edge, which is fine for limits meant to stop floods, not to meter.
 */
export function windowAround(at: Date, window: RateWindow): WindowSpan {
  const ms = at.getTime();
  // A 限额 "per day" means the seller's day, as everywhere in Linli (Shanghai has no daylight saving).
  const start = window === 'minute' ? Math.floor(ms / MINUTE_MS) * MINUTE_MS : shanghaiMidnightOf(ms);
  return { start: new Date(start), end: new Date(start + (window === 'minute' ? MINUTE_MS : DAY_MS)) };
}

/** Whole seconds from `at` to the window's end, at least 1: what Retry-After says. */
export function secondsUntilEnd(span: WindowSpan, at: Date): number {
  return Math.max(1, Math.ceil((span.end.getTime() - at.getTime()) / 1000));
}
