import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  BusinessHours,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_QUIET_HOURS,
  minutesOfClockTime,
  type ComplaintSla,
  type ComplaintStatus,
  type QuietHours,
  type SlaMeter,
} from '@linli/shared/complaints';
import { shanghaiDateOf, shanghaiMidnightOf } from '@linli/shared/time';
import type { StatusChange } from './status-machine.ts';

// SLA clocks count working time only: business hours on Chinese working days, where statutory
// holidays are off and make-up days (调休补班, often a Saturday or Sunday) are on.
// Shanghai day boundaries come from shared/src/time.ts (fixed-offset arithmetic, cheap per step).
const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;
// A calendar with no working time at all would otherwise loop forever.
const MAX_DAYS_SCANNED = 3660;

/** A stretch of working time within a working day, in minutes after Shanghai midnight. */
export interface WorkingPeriod {
  startMinute: number;
  endMinute: number;
}

export interface WorkingCalendar {
  /** Whether a Shanghai date (YYYY-MM-DD) is a working day. */
  isWorkingDay: (date: string) => boolean;
  /** The working periods of every working day: ascending and disjoint. */
  periods: readonly WorkingPeriod[];
}

// The package's precomputed JSON (documented in its README) rather than its isWorkday():
// chinese-days 1.5.7 builds its tables at load time with local-time Date getters, which shifts
// every holiday one day early when the process runs at a negative UTC offset (e.g. TZ=America/*).
const { holidays, workdays } = chineseDaysData as { holidays: Record<string, string>; workdays: Record<string, string> };
const COVERED_YEARS = new Set(Object.keys(holidays).map((date) => Number(date.slice(0, 4))));

/**
 * Whether a Shanghai date (YYYY-MM-DD) is a working day on the State Council's calendar:
 * statutory holidays are off, make-up days (调休补班) on. Years chinese-days does not cover yet
 * fall back to Monday–Friday: check `chineseHolidayCalendarCovers`.
 */
export function isChineseWorkingDay(date: string): boolean {
  if (workdays[date] !== undefined) return true;
  if (holidays[date] !== undefined) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The last year whose holidays chinese-days knows: later years count as plain Monday–Friday. */
export function chineseHolidayCalendarLastYear(): number {
  return Math.max(...COVERED_YEARS);
}

/** Whether chinese-days knows the holidays of `year` (the State Council announces each year's in late autumn). */
export function chineseHolidayCalendarCovers(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/** A working calendar from business hours (default 09:00–18:00, no lunch break) and a working-day rule. */
export function workingCalendar(
  hours: BusinessHours = DEFAULT_BUSINESS_HOURS,
  isWorkingDay: (date: string) => boolean = isChineseWorkingDay,
): WorkingCalendar {
  const { open, close, lunchBreak } = BusinessHours.parse(hours);
  const bounds = lunchBreak ? [open, lunchBreak.start, lunchBreak.end, close] : [open, close];
  const minutes = bounds.map(minutesOfClockTime);
  const periods: WorkingPeriod[] = [];
  for (let i = 0; i < minutes.length; i += 2) periods.push({ startMinute: minutes[i]!, endMinute: minutes[i + 1]! });
  return { isWorkingDay, periods };
}

const shanghaiMidnight = shanghaiMidnightOf;
const shanghaiDate = shanghaiDateOf;

/** Working milliseconds in [from, to); 0 when `to` is not after `from`. */
export function workingMillisBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const start = from.getTime();
  const end = to.getTime();
  let total = 0;
  for (let day = shanghaiMidnight(start); day < end; day += DAY_MS) {
    if (!calendar.isWorkingDay(shanghaiDate(day))) continue;
    for (const period of calendar.periods) {
      const overlap = Math.min(day + period.endMinute * MINUTE_MS, end) - Math.max(day + period.startMinute * MINUTE_MS, start);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * The earliest instant by which `ms` working milliseconds have passed since `start`: a target
 * used up exactly at closing time is due at closing time, not at the next opening.
 */
export function addWorkingMillis(start: Date, ms: number, calendar: WorkingCalendar): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ms must be a finite, non-negative number');
  if (ms === 0) return new Date(start);
  const from = start.getTime();
  let remaining = ms;
  for (let day = shanghaiMidnight(from), scanned = 0; scanned < MAX_DAYS_SCANNED; day += DAY_MS, scanned++) {
    if (!calendar.isWorkingDay(shanghaiDate(day))) continue;
    for (const period of calendar.periods) {
      const periodStart = Math.max(day + period.startMinute * MINUTE_MS, from);
      const available = day + period.endMinute * MINUTE_MS - periodStart;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(periodStart + remaining);
      remaining -= available;
    }
  }
  throw new RangeError(`The calendar has too little working time to fit ${ms} ms within ${MAX_DAYS_SCANNED} days`);
}

export interface SlaTargetsMs {
  firstResponseMs: number;
  resolutionMs: number;
}

type ClockState = SlaMeter['state'];

// The resolution clock runs whenever the seller holds the complaint, pauses while the buyer is
// asked for more, and stops on resolution; reopening starts it again from where it stopped.
const RESOLUTION_CLOCK: Record<ComplaintStatus, ClockState> = {
  submitted: 'running',
  acknowledged: 'running',
  in_progress: 'running',
  reopened: 'running',
  waiting_for_buyer: 'paused',
  resolved: 'stopped',
  closed: 'stopped',
};

/**
 * Both SLA clocks of a complaint as of `now`, from its status history (oldest first, starting
 * with `submitted`). Entries after `now` are ignored. First response is met on acknowledgement.
 */
export function complaintSla(input: {
  history: readonly StatusChange[];
  targets: SlaTargetsMs;
  calendar: WorkingCalendar;
  now: Date;
}): ComplaintSla {
  const changes = input.history.map((change) => ({ status: change.status, at: Date.parse(change.at) }));
  if (changes[0]?.status !== 'submitted') throw new RangeError('A complaint history starts with submitted');
  // A clock a moment behind the one that filed it (another Lambda) sees it as just submitted.
  const now = Math.max(input.now.getTime(), changes[0].at);
  changes.forEach((change, i) => {
    if (Number.isNaN(change.at)) throw new RangeError(`History entry ${i} has an invalid time`);
    if (i > 0 && change.at < changes[i - 1]!.at) throw new RangeError('History must be oldest first');
  });
  const past = changes.filter((change) => change.at <= now);

  const submittedAt = past[0]!.at;
  const acknowledged = past.find((change) => change.status !== 'submitted');
  const firstResponse = meter(
    [{ from: submittedAt, to: acknowledged?.at ?? now }],
    acknowledged ? 'stopped' : 'running',
    input.targets.firstResponseMs,
    input.calendar,
    now,
  );

  const running: Interval[] = [];
  past.forEach((change, i) => {
    if (RESOLUTION_CLOCK[change.status] === 'running') running.push({ from: change.at, to: past[i + 1]?.at ?? now });
  });
  const resolution = meter(running, RESOLUTION_CLOCK[past.at(-1)!.status], input.targets.resolutionMs, input.calendar, now);

  return { firstResponse, resolution };
}

interface Interval {
  from: number;
  to: number;
}

function meter(running: readonly Interval[], state: ClockState, targetMs: number, calendar: WorkingCalendar, now: number): SlaMeter {
  let elapsedMs = 0;
  let dueAt: number | null = null;
  for (const { from, to } of running) {
    const worked = workingMillisBetween(new Date(from), new Date(to), calendar);
    if (dueAt === null && elapsedMs + worked >= targetMs)
      dueAt = addWorkingMillis(new Date(from), targetMs - elapsedMs, calendar).getTime();
    elapsedMs += worked;
  }
  // Breached once the clock ran on past the due instant: at the due instant itself it is not
  // yet late, and being met exactly then is on time.
  const lastRunningInstant = running.at(-1)?.to ?? Number.NEGATIVE_INFINITY;
  const breached = dueAt !== null && lastRunningInstant > dueAt;
  if (dueAt === null && state === 'running') dueAt = addWorkingMillis(new Date(now), targetMs - elapsedMs, calendar).getTime();
  if (!breached && state !== 'running') dueAt = null;
  return {
    state,
    targetMs,
    elapsedMs,
    remainingMs: Math.max(0, targetMs - elapsedMs),
    dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
    breached,
  };
}

function msIntoShanghaiDay(ms: number): number {
  return ms - shanghaiMidnight(ms);
}

/** Whether `now` falls in the notification quiet hours (default 21:00–08:00 Shanghai); the end is not quiet. */
export function inQuietHours(now: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const at = msIntoShanghaiDay(now.getTime());
  const start = minutesOfClockTime(quiet.start) * MINUTE_MS;
  const end = minutesOfClockTime(quiet.end) * MINUTE_MS;
  return start < end ? at >= start && at < end : at >= start || at < end;
}

/** When a notification held back at `now` may go: `now` itself outside quiet hours. */
export function quietHoursEnd(now: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (!inQuietHours(now, quiet)) return new Date(now);
  const t = now.getTime();
  const endToday = shanghaiMidnight(t) + minutesOfClockTime(quiet.end) * MINUTE_MS;
  return new Date(endToday > t ? endToday : endToday + DAY_MS);
}
