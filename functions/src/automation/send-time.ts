import type { CarePolicy } from '@linli/shared/care-rules';
import { addDays, shanghaiClock, shanghaiDayStart } from '@linli/shared/time';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Minutes after midnight of an HH:MM. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The instant of HH:MM on a Shanghai day. */
export function instantOnDay(day: string, time: string): Date {
  return new Date(shanghaiDayStart(day).getTime() + minutesOf(time) * MINUTE_MS);
}

/** Whether `at` falls inside quiet hours: from start (included) to end (excluded), across midnight when start > end. */
export function inQuietHours(at: Date, quietHours: CarePolicy['quietHours']): boolean {
  const minute = shanghaiClock(at).minuteOfDay;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `at` itself outside quiet hours; inside them, the moment they end. */
export function nextAllowedInstant(at: Date, quietHours: CarePolicy['quietHours']): Date {
  if (!inQuietHours(at, quietHours)) return at;
  const clock = shanghaiClock(at);
  const endToday = instantOnDay(clock.date, quietHours.end);
  return endToday.getTime() > at.getTime() ? endToday : instantOnDay(addDays(clock.date, 1), quietHours.end);
}

/**
 * When a rule's message for a Shanghai day goes: its send time that day, held to the end of quiet
 * hours when it falls inside them, and whether it is stale by then (held longer than the rule says it
 * stays relevant). `staleAt` is fixed from the send time the rule asked for, so holding it again later
 * (a retry that lands in quiet hours) never stretches its life.
 */
export function sendTimeOn(
  day: string,
  rule: { sendTime: string; staleAfterHours: number },
  quietHours: CarePolicy['quietHours'],
): { sendAt: Date; staleAt: Date; held: boolean; stale: boolean } {
  const wanted = instantOnDay(day, rule.sendTime);
  const sendAt = nextAllowedInstant(wanted, quietHours);
  const staleAt = new Date(wanted.getTime() + rule.staleAfterHours * HOUR_MS);
  return { sendAt, staleAt, held: sendAt.getTime() !== wanted.getTime(), stale: sendAt.getTime() > staleAt.getTime() };
}
