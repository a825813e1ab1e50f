import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import chineseDays from 'chinese-days';
import { ComplaintDeskSettings, DEFAULT_DESK_SETTINGS, type ComplaintStatus } from '@linli/shared/complaints';
import { deskPolicy } from './desk-settings.ts';
import {
  addWorkingMillis,
  chineseHolidayCalendarCovers,
  complaintSla,
  inQuietHours,
  isChineseWorkingDay,
  quietHoursEnd,
  workingCalendar,
  workingMillisBetween,
} from './sla.ts';

const HOUR = 3600_000;
const MINUTE = 60_000;

/** A Shanghai wall-clock time, "YYYY-MM-DD HH:mm". */
function sh(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`);
}

const calendar = workingCalendar();
const withLunch = workingCalendar({ open: '09:00', close: '18:00', lunchBreak: { start: '12:00', end: '13:30' } });
const targets = deskPolicy(DEFAULT_DESK_SETTINGS).targetsFor('quality');

describe('the Chinese working-day calendar (chinese-days)', () => {
  it.each([
    ['2026-09-15', true, 'an ordinary Tuesday'],
    ['2026-09-12', false, 'an ordinary Saturday'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'the last day of the National Day break'],
    ['2026-09-20', true, 'the Sunday made up for National Day'],
    ['2026-10-10', true, 'the Saturday made up for National Day'],
    ['2026-02-16', false, 'Spring Festival eve, a Monday'],
    ['2026-02-14', true, 'the Saturday made up before Spring Festival'],
    ['2026-02-28', true, 'the Saturday made up after Spring Festival'],
  ])('says %s is a working day: %s (%s)', (date, working) => {
    expect(isChineseWorkingDay(date)).toBe(working);
  });

  // chinese-days' own isWorkday() is only right in processes at UTC or east of it; there it
  // must agree with the table this module reads, day by day, over every year covered.
  it.skipIf(new Date().getTimezoneOffset() > 0)("agrees with chinese-days' isWorkday() for every day of 2004–2026", () => {
    const disagreements: string[] = [];
    for (let day = Date.UTC(2004, 0, 1); day <= Date.UTC(2026, 11, 31); day += 24 * HOUR) {
      const date = new Date(day).toISOString().slice(0, 10);
      const [year, month, dayOfMonth] = date.split('-').map(Number);
      if (isChineseWorkingDay(date) !== chineseDays.isWorkday(new Date(year!, month! - 1, dayOfMonth!))) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it('knows which years it has holiday data for', () => {
    expect(chineseHolidayCalendarCovers(2026)).toBe(true);
    expect(chineseHolidayCalendarCovers(2003)).toBe(false);
  });
});

describe('workingMillisBetween (09:00–18:00 Shanghai)', () => {
  it.each([
    ['inside one day', '2026-09-15 10:00', '2026-09-15 15:30', 5.5 * HOUR],
    ['clipped to business hours', '2026-09-15 07:00', '2026-09-15 20:00', 9 * HOUR],
    ['across a night', '2026-09-15 17:00', '2026-09-16 10:00', 2 * HOUR],
    ['across a weekend', '2026-09-11 17:00', '2026-09-14 10:00', 2 * HOUR],
    ['across National Day (1–7 October off)', '2026-09-30 09:00', '2026-10-08 09:00', 9 * HOUR],
    ['counting the make-up Saturday 10 October', '2026-10-09 09:00', '2026-10-12 09:00', 18 * HOUR],
    ['across Spring Festival (15–23 February off, 14th made up)', '2026-02-13 09:00', '2026-02-24 09:00', 18 * HOUR],
    ['entirely outside business hours', '2026-09-15 18:00', '2026-09-16 09:00', 0],
    ['backwards', '2026-09-16 10:00', '2026-09-15 10:00', 0],
  ])('%s', (_, from, to, expected) => {
    expect(workingMillisBetween(sh(from), sh(to), calendar)).toBe(expected);
  });

  it('leaves out a configured lunch break', () => {
    expect(workingMillisBetween(sh('2026-09-15 09:00'), sh('2026-09-15 18:00'), withLunch)).toBe(7.5 * HOUR);
    expect(workingMillisBetween(sh('2026-09-15 12:30'), sh('2026-09-15 14:00'), withLunch)).toBe(30 * MINUTE);
  });

  it('does not depend on the process time zone (days are Shanghai days)', () => {
    // 2026-10-08 00:30 Shanghai is still 7 October in UTC: the morning of the 8th must count.
    expect(workingMillisBetween(new Date('2026-10-07T16:30:00Z'), sh('2026-10-08 10:00'), calendar)).toBe(HOUR);
  });
});

describe('addWorkingMillis', () => {
  it.each([
    ['submitted 17:30 on the Friday before Qingming (4–6 April off)', '2026-04-03 17:30', 2 * HOUR, '2026-04-07 10:30'],
    ['submitted 17:30 on the eve of National Day', '2026-09-30 17:30', 2 * HOUR, '2026-10-08 10:30'],
    ['submitted 17:30 on a Friday before the make-up Saturday', '2026-10-09 17:30', 2 * HOUR, '2026-10-10 10:30'],
    ['submitted 17:30 on a Friday before a make-up Sunday', '2026-09-18 17:30', 2 * HOUR, '2026-09-20 10:30'],
    ['submitted 17:30 the Friday before Spring Festival: the make-up Saturday', '2026-02-13 17:30', 2 * HOUR, '2026-02-14 10:30'],
    ['submitted before opening', '2026-09-15 07:00', 2 * HOUR, '2026-09-15 11:00'],
    ['used up exactly at closing time', '2026-09-15 16:00', 2 * HOUR, '2026-09-15 18:00'],
    ['48 working hours over a weekend with a make-up Sunday', '2026-09-14 09:00', 48 * HOUR, '2026-09-20 12:00'],
  ])('%s', (_, start, ms, due) => {
    expect(addWorkingMillis(sh(start), ms, calendar)).toEqual(sh(due));
  });

  it('skips a lunch break', () => {
    expect(addWorkingMillis(sh('2026-09-15 11:00'), 2 * HOUR, withLunch)).toEqual(sh('2026-09-15 14:30'));
  });

  it('returns the start itself for no time, and refuses negative time', () => {
    expect(addWorkingMillis(sh('2026-09-15 20:00'), 0, calendar)).toEqual(sh('2026-09-15 20:00'));
    expect(() => addWorkingMillis(sh('2026-09-15 10:00'), -1, calendar)).toThrow(RangeError);
  });

  it('gives up on a calendar without working days instead of looping', () => {
    expect(() =>
      addWorkingMillis(
        sh('2026-09-15 10:00'),
        HOUR,
        workingCalendar(undefined, () => false),
      ),
    ).toThrow(RangeError);
  });

  it('is undone by workingMillisBetween, anywhere in 2026', () => {
    const start2026 = sh('2026-01-01 00:00').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 * 24 * 60 }), fc.integer({ min: 0, max: 60 * 60 }), (startMinute, workingMinutes) => {
        const start = new Date(start2026 + startMinute * MINUTE);
        const due = addWorkingMillis(start, workingMinutes * MINUTE, withLunch);
        expect(workingMillisBetween(start, due, withLunch)).toBe(workingMinutes * MINUTE);
      }),
    );
  });
});

function history(...entries: Array<[ComplaintStatus, string]>) {
  return entries.map(([status, at]) => ({ status, at: sh(at).toISOString() }));
}

describe('complaintSla', () => {
  describe('first response (2 working hours)', () => {
    const submitted = history(['submitted', '2026-04-03 17:30']);

    it('runs from submission and falls due after the holiday', () => {
      expect(complaintSla({ history: submitted, targets, calendar, now: sh('2026-04-05 12:00') }).firstResponse).toEqual({
        state: 'running',
        targetMs: 2 * HOUR,
        elapsedMs: 30 * MINUTE,
        remainingMs: 90 * MINUTE,
        dueAt: sh('2026-04-07 10:30').toISOString(),
        breached: false,
      });
    });

    it('is not breached exactly at the due instant', () => {
      expect(complaintSla({ history: submitted, targets, calendar, now: sh('2026-04-07 10:30') }).firstResponse).toMatchObject({
        remainingMs: 0,
        breached: false,
      });
    });

    it('is breached 1 ms after it', () => {
      const now = new Date(sh('2026-04-07 10:30').getTime() + 1);
      expect(complaintSla({ history: submitted, targets, calendar, now }).firstResponse).toMatchObject({
        remainingMs: 0,
        breached: true,
        dueAt: sh('2026-04-07 10:30').toISOString(),
      });
    });

    it('is breached after a due time at closing, though no working time has passed since', () => {
      const late = complaintSla({
        history: history(['submitted', '2026-09-15 16:00']),
        targets,
        calendar,
        now: sh('2026-09-15 18:30'),
      }).firstResponse;
      expect(late).toMatchObject({ elapsedMs: 2 * HOUR, breached: true, dueAt: sh('2026-09-15 18:00').toISOString() });
    });

    it('is met by acknowledging exactly at the due instant', () => {
      const onTime = history(['submitted', '2026-04-03 17:30'], ['acknowledged', '2026-04-07 10:30']);
      expect(complaintSla({ history: onTime, targets, calendar, now: sh('2026-04-08 09:00') }).firstResponse).toEqual({
        state: 'stopped',
        targetMs: 2 * HOUR,
        elapsedMs: 2 * HOUR,
        remainingMs: 0,
        dueAt: null,
        breached: false,
      });
    });

    it('stays breached once acknowledged late', () => {
      const late = history(['submitted', '2026-04-03 17:30'], ['acknowledged', '2026-04-07 10:31']);
      expect(complaintSla({ history: late, targets, calendar, now: sh('2026-04-08 09:00') }).firstResponse).toMatchObject({
        state: 'stopped',
        breached: true,
        dueAt: sh('2026-04-07 10:30').toISOString(),
      });
    });
  });

  describe('resolution (48 working hours, paused while waiting for the buyer)', () => {
    const worked = history(['submitted', '2026-09-14 09:00'], ['acknowledged', '2026-09-14 09:30'], ['in_progress', '2026-09-14 10:00']);
    const waiting = [...worked, ...history(['waiting_for_buyer', '2026-09-15 09:00'])];
    const replied = [...waiting, ...history(['in_progress', '2026-09-17 14:00'])];

    it('is due 48 working hours after submission when never paused', () => {
      expect(complaintSla({ history: worked, targets, calendar, now: sh('2026-09-14 12:00') }).resolution).toMatchObject({
        state: 'running',
        elapsedMs: 3 * HOUR,
        dueAt: sh('2026-09-20 12:00').toISOString(),
      });
    });

    it('pauses while waiting for the buyer: no due time, remaining time frozen', () => {
      const paused = { state: 'paused', elapsedMs: 9 * HOUR, remainingMs: 39 * HOUR, dueAt: null, breached: false };
      expect(complaintSla({ history: waiting, targets, calendar, now: sh('2026-09-16 12:00') }).resolution).toMatchObject(paused);
      expect(complaintSla({ history: waiting, targets, calendar, now: sh('2026-09-30 12:00') }).resolution).toMatchObject(paused);
    });

    it("resumes on the buyer's reply, due later by the working time spent waiting", () => {
      // Waited Tue 9h + Wed 9h + Thu 09:00–14:00 5h = 23 working hours; due Sun 20 12:00 + 23h.
      expect(complaintSla({ history: replied, targets, calendar, now: sh('2026-09-17 15:00') }).resolution).toMatchObject({
        state: 'running',
        elapsedMs: 10 * HOUR,
        remainingMs: 38 * HOUR,
        dueAt: sh('2026-09-22 17:00').toISOString(),
        breached: false,
      });
    });

    it('stops on resolution and leaves the first-response clock alone', () => {
      const resolved = [...replied, ...history(['resolved', '2026-09-18 11:00'])];
      const sla = complaintSla({ history: resolved, targets, calendar, now: sh('2026-09-25 10:00') });
      expect(sla.resolution).toMatchObject({
        state: 'stopped',
        elapsedMs: 15 * HOUR,
        remainingMs: 33 * HOUR,
        dueAt: null,
        breached: false,
      });
      expect(sla.firstResponse).toMatchObject({ state: 'stopped', elapsedMs: 30 * MINUTE, breached: false });
    });

    it('resumes on reopening without counting the time it stood resolved', () => {
      const reopened = [...replied, ...history(['resolved', '2026-09-18 11:00'], ['reopened', '2026-09-22 09:00'])];
      expect(complaintSla({ history: reopened, targets, calendar, now: sh('2026-09-22 10:00') }).resolution).toMatchObject({
        state: 'running',
        elapsedMs: 16 * HOUR,
        remainingMs: 32 * HOUR,
      });
    });

    it('stays breached when paused after falling due', () => {
      const lateThenWaiting = [...worked, ...history(['waiting_for_buyer', '2026-09-21 09:00'])];
      expect(complaintSla({ history: lateThenWaiting, targets, calendar, now: sh('2026-09-22 09:00') }).resolution).toMatchObject({
        state: 'paused',
        remainingMs: 0,
        breached: true,
        dueAt: sh('2026-09-20 12:00').toISOString(),
      });
    });
  });

  it('reads a complaint submitted a moment after now (a clock slightly behind) as just submitted', () => {
    const sla = complaintSla({ history: history(['submitted', '2026-09-15 10:00']), targets, calendar, now: sh('2026-09-15 09:59') });
    expect(sla.firstResponse).toMatchObject({
      state: 'running',
      elapsedMs: 0,
      breached: false,
      dueAt: sh('2026-09-15 12:00').toISOString(),
    });
  });

  it('ignores history after now', () => {
    const sla = complaintSla({
      history: history(['submitted', '2026-09-15 09:00'], ['acknowledged', '2026-09-15 10:00']),
      targets,
      calendar,
      now: sh('2026-09-15 09:30'),
    });
    expect(sla.firstResponse).toMatchObject({ state: 'running', elapsedMs: 30 * MINUTE });
  });

  it('refuses a history that does not start with submitted or is out of order', () => {
    expect(() =>
      complaintSla({ history: history(['acknowledged', '2026-09-15 09:00']), targets, calendar, now: sh('2026-09-15 10:00') }),
    ).toThrow(RangeError);
    expect(() =>
      complaintSla({
        history: history(['submitted', '2026-09-15 09:00'], ['acknowledged', '2026-09-14 09:00']),
        targets,
        calendar,
        now: sh('2026-09-15 10:00'),
      }),
    ).toThrow(RangeError);
  });
});

describe('desk settings → SLA targets', () => {
  it('defaults to 2 and 48 working hours for every category', () => {
    expect(deskPolicy(DEFAULT_DESK_SETTINGS).targetsFor('logistics')).toEqual({ firstResponseMs: 2 * HOUR, resolutionMs: 48 * HOUR });
  });

  it("reads each category's own targets, and the business hours into the calendar", () => {
    const settings = ComplaintDeskSettings.parse({
      ...DEFAULT_DESK_SETTINGS,
      categories: [
        { code: 'quality', name: '商品质量', active: true, firstResponseHours: 1, resolutionHours: 24 },
        { code: 'cold_chain', name: '冷链', active: true, firstResponseHours: 0.5, resolutionHours: 8 },
      ],
      businessHours: { open: '08:30', close: '20:00', lunchBreak: null },
    });
    const policy = deskPolicy(settings);
    expect(policy.targetsFor('quality')).toEqual({ firstResponseMs: HOUR, resolutionMs: 24 * HOUR });
    expect(policy.targetsFor('cold_chain')).toEqual({ firstResponseMs: 30 * MINUTE, resolutionMs: 8 * HOUR });
    // Monday 2026-09-14, 08:30–20:00 is 11.5 working hours.
    expect(workingMillisBetween(sh('2026-09-14 00:00'), sh('2026-09-15 00:00'), policy.calendar)).toBe(11.5 * HOUR);
  });

  it('refuses duplicate codes, no active category, resolution before first response, a lunch break outside hours', () => {
    const base = DEFAULT_DESK_SETTINGS;
    const cat = base.categories[0]!;
    expect(ComplaintDeskSettings.safeParse({ ...base, categories: [cat, cat] }).success).toBe(false);
    expect(ComplaintDeskSettings.safeParse({ ...base, categories: [{ ...cat, active: false }] }).success).toBe(false);
    expect(ComplaintDeskSettings.safeParse({ ...base, categories: [{ ...cat, firstResponseHours: 4, resolutionHours: 2 }] }).success).toBe(
      false,
    );
    expect(
      ComplaintDeskSettings.safeParse({
        ...base,
        businessHours: { open: '09:00', close: '18:00', lunchBreak: { start: '08:00', end: '10:00' } },
      }).success,
    ).toBe(false);
    expect(ComplaintDeskSettings.safeParse({ ...base, categories: [{ ...cat, code: 'Bad Code' }] }).success).toBe(false);
    expect(ComplaintDeskSettings.safeParse(base).success).toBe(true);
  });
});

describe('quiet hours (default 21:00–08:00 Shanghai)', () => {
  it.each([
    ['2026-09-15 20:59', false],
    ['2026-09-15 21:00', true],
    ['2026-09-16 03:00', true],
    ['2026-09-16 07:59', true],
    ['2026-09-16 08:00', false],
    ['2026-09-16 12:00', false],
  ])('at %s: %s', (at, quiet) => {
    expect(inQuietHours(sh(at))).toBe(quiet);
  });

  it('ends exactly at 08:00, the millisecond before still quiet', () => {
    expect(inQuietHours(new Date(sh('2026-09-16 08:00').getTime() - 1))).toBe(true);
  });

  it('supports a window within one day', () => {
    expect(inQuietHours(sh('2026-09-15 12:30'), { start: '12:00', end: '14:00' })).toBe(true);
    expect(inQuietHours(sh('2026-09-15 22:00'), { start: '12:00', end: '14:00' })).toBe(false);
  });

  it('tells when a held notification may go', () => {
    expect(quietHoursEnd(sh('2026-09-15 22:00'))).toEqual(sh('2026-09-16 08:00'));
    expect(quietHoursEnd(sh('2026-09-16 03:00'))).toEqual(sh('2026-09-16 08:00'));
    expect(quietHoursEnd(sh('2026-09-16 10:00'))).toEqual(sh('2026-09-16 10:00'));
  });
});
