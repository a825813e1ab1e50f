import { shanghaiClock } from '@linli/shared/time';

// Display times in Asia/Shanghai: the day and clock come from the shared time module.
function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const shanghaiParts = shanghaiClock;

function parseInstant(iso: string): Date {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return at;
}

/** "2026-11-01T06:05:00Z" → "2026-11-01 14:05" (Asia/Shanghai). */
export function formatShanghaiDateTime(iso: string): string {
  const p = shanghaiParts(parseInstant(iso));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * A time in a table's narrow column: "11-27 20:15" within the Shanghai year of `now`, the whole
 * "2025-12-31 23:50" before it (a log reaches back across new year).
 */
export function formatShanghaiDateTimeThisYear(iso: string, now: Date): string {
  const p = shanghaiParts(parseInstant(iso));
  const monthDayTime = `${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
  return p.year === shanghaiParts(now).year ? monthDayTime : `${p.year}-${monthDayTime}`;
}

/** "2026-10-31T16:30:00Z" → "2026-11-01" (the Asia/Shanghai calendar day). */
export function formatShanghaiDate(iso: string): string {
  const p = shanghaiParts(parseInstant(iso));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Today's Asia/Shanghai date as YYYY-MM-DD, e.g. the latest day a birthday picker offers. */
export function shanghaiToday(now: Date): string {
  return formatShanghaiDate(now.toISOString());
}

/** "2026-12-01T15:59:59Z" → "12月1日" (the Asia/Shanghai day, e.g. when points expire). */
export function formatShanghaiMonthDay(iso: string): string {
  const p = shanghaiParts(parseInstant(iso));
  return `${p.month}月${p.day}日`;
}
