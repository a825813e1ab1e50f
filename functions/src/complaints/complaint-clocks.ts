import type { ComplaintSla } from '@linli/shared/complaints';
import type { ComplaintRecord } from './complaint-record.ts';
import { calendarFor, type DeskPolicy } from './desk-settings.ts';
import { addWorkingMillis, complaintSla, type WorkingCalendar } from './sla.ts';

/** The working calendar a complaint's clocks count in: its own hours, or the current ones on older complaints. */
export function calendarOf(complaint: ComplaintRecord, policy: DeskPolicy): WorkingCalendar {
  return complaint.slaHours ? calendarFor(complaint.slaHours) : policy.calendar;
}

/**
 * Both SLA clocks. The targets and business hours are the ones in force when the complaint was
 * filed (a later change of settings doesn't move a running deadline or rewrite past figures);
 * complaints filed before they were kept on the record use the current ones.
 */
export function slaOf(complaint: ComplaintRecord, now: Date, policy: DeskPolicy): ComplaintSla {
  return complaintSla({
    history: complaint.history,
    targets: complaint.slaTargets ?? policy.targetsFor(complaint.category),
    calendar: calendarOf(complaint, policy),
    now,
  });
}

/** The instant of the complaint's last status change: its clocks as of then hold until the next change. */
export function lastChangeAt(complaint: ComplaintRecord): Date {
  return new Date(complaint.history.at(-1)!.at);
}

/** The next SLA deadline that is still running: the first response until it is met, then the resolution. */
export function nextDeadline(sla: ComplaintSla): string | null {
  if (sla.firstResponse.state === 'running') return sla.firstResponse.dueAt;
  return sla.resolution.state === 'running' ? sla.resolution.dueAt : null;
}

/** Where an open complaint sits in the desk's queue until its next status change. */
export interface QueuePlacement {
  /** Its next running deadline (null: none running, it sorts last). */
  dueAt: string | null;
  /**
   * Whether a clock that no longer runs (first response met late, resolution paused or stopped
   * late) is breached: that stays so. A running clock is breached once `now` passes `dueAt`.
   */
  breachedSettled: boolean;
}

/**
 * The complaint's queue placement, from its record alone. Deadlines move only when the status
 * changes (a write): a running clock's due instant is fixed, a paused one has none, resuming is a
 * write. So the placement written with each change stays right until the next one, and the queue
 * index orders by the deadline that matters now. (Older complaints without their own targets use
 * the current settings, read when they are next written.)
 */
export function queuePlacement(complaint: ComplaintRecord, policy: DeskPolicy): QueuePlacement {
  const sla = slaOf(complaint, lastChangeAt(complaint), policy);
  const settled = (meter: ComplaintSla['firstResponse']) => meter.state !== 'running' && meter.breached;
  return { dueAt: nextDeadline(sla), breachedSettled: settled(sla.firstResponse) || settled(sla.resolution) };
}

/**
 * The first instant at which the complaint counts as over target in the report (working time
 * elapsed beyond the target on either clock) if nothing changes, or 'settled' when it already does
 * for good, or null when it cannot without a status change. Working milliseconds are whole, so a
 * running clock goes over its target exactly 1 working millisecond after its due instant.
 */
export function overTargetFrom(complaint: ComplaintRecord, policy: DeskPolicy): Date | 'settled' | null {
  const sla = slaOf(complaint, lastChangeAt(complaint), policy);
  const calendar = calendarOf(complaint, policy);
  let earliest: Date | null = null;
  for (const meter of [sla.firstResponse, sla.resolution]) {
    if (meter.elapsedMs > meter.targetMs) return 'settled';
    if (meter.state !== 'running' || !meter.dueAt) continue;
    const over = addWorkingMillis(new Date(meter.dueAt), 1, calendar);
    if (!earliest || over < earliest) earliest = over;
  }
  return earliest;
}
