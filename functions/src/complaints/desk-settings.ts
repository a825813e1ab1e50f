import {
  COMPLAINT_DESCRIPTION_MAX,
  COMPLAINT_PHOTOS_MAX,
  type ComplaintDeskSettings,
  DEFAULT_DESK_SETTINGS,
  type BusinessHours,
  type ComplaintDeskSettingsView,
  type ComplaintOptions,
  type UpdateComplaintDeskSettingsRequest,
} from '@linli/shared/complaints';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../platform/domain-error.ts';
import { readDeskSettings, writeDeskSettings } from './desk-settings-repository.ts';
import { chineseHolidayCalendarLastYear, workingCalendar, type SlaTargetsMs, type WorkingCalendar } from './sla.ts';

/** The desk's settings in force: the saved ones, or the defaults (version 0) until first saved. */
export async function getDeskSettings(db: Database): Promise<ComplaintDeskSettingsView> {
  const stored = await readDeskSettings(db);
  const holidayCalendarThrough = chineseHolidayCalendarLastYear();
  if (!stored) return { ...DEFAULT_DESK_SETTINGS, version: 0, updatedAt: null, updatedBy: null, holidayCalendarThrough };
  return { ...stored, holidayCalendarThrough };
}

async function replaceDeskSettings(
  db: Database,
  input: { settings: ComplaintDeskSettings; expectedVersion: number; at: string; by: string },
): Promise<ComplaintDeskSettingsView | 'conflict'> {
  const stored = { ...input.settings, version: input.expectedVersion + 1, updatedAt: input.at, updatedBy: input.by };
  const saved = await writeDeskSettings(db, stored, input.expectedVersion);
  return saved === 'saved' ? { ...stored, holidayCalendarThrough: chineseHolidayCalendarLastYear() } : 'conflict';
}

/**
 * Saves new settings if nobody saved since `expectedVersion`. A category once saved can be
 * deactivated but never removed or re-coded: complaints and the report keep referring to it.
 * A request without the agents' compensation cap keeps the cap in force.
 */
export async function updateDeskSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { request: UpdateComplaintDeskSettingsRequest; by: string },
): Promise<ComplaintDeskSettingsView> {
  const { expectedVersion, agentCompensationCapPoints, ...rest } = input.request;
  const current = await getDeskSettings(deps.db);
  const settings = { ...rest, agentCompensationCapPoints: agentCompensationCapPoints ?? current.agentCompensationCapPoints };
  const kept = new Set(settings.categories.map((c) => c.code));
  const removed = current.categories.filter((c) => !kept.has(c.code));
  if (removed.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Categories can be deactivated, not removed',
      removed.map((c) => ({ path: 'categories', message: `Keep ${c.code} (set active: false instead)` })),
    );
  }
  const saved = await replaceDeskSettings(deps.db, { settings, expectedVersion, at: deps.clock().toISOString(), by: input.by });
  if (saved === 'conflict') throw new DomainError('CONFLICT', 'The settings were changed by someone else; reload and try again');
  return saved;
}

/** What a buyer may choose when filing. */
export function complaintOptions(settings: ComplaintDeskSettings): ComplaintOptions {
  return {
    categories: settings.categories.filter((c) => c.active).map((c) => ({ code: c.code, name: c.name })),
    descriptionMax: COMPLAINT_DESCRIPTION_MAX,
    photosMax: COMPLAINT_PHOTOS_MAX,
  };
}

/** The SLA rules a set of settings implies: the working calendar and each category's targets. */
export interface DeskPolicy {
  settings: ComplaintDeskSettings;
  calendar: WorkingCalendar;
  /** A category's targets in working milliseconds (a code the settings don't know gets the default targets). */
  targetsFor: (category: string) => SlaTargetsMs;
}

const HOUR_MS = 3600_000;

export function deskPolicy(settings: ComplaintDeskSettings): DeskPolicy {
  const fallback = DEFAULT_DESK_SETTINGS.categories[0]!;
  return {
    settings,
    calendar: calendarFor(settings.businessHours),
    targetsFor: (category) => {
      const target = settings.categories.find((c) => c.code === category) ?? fallback;
      return {
        firstResponseMs: Math.round(target.firstResponseHours * HOUR_MS),
        resolutionMs: Math.round(target.resolutionHours * HOUR_MS),
      };
    },
  };
}

// Complaints keep the business hours they were filed under: one calendar per distinct set of hours.
const calendars = new Map<string, WorkingCalendar>();

/** The working calendar of a set of business hours (built once per distinct hours). */
export function calendarFor(hours: BusinessHours): WorkingCalendar {
  const key = JSON.stringify(hours);
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = workingCalendar(hours);
    calendars.set(key, calendar);
  }
  return calendar;
}

export async function loadDeskPolicy(db: Database): Promise<DeskPolicy> {
  return deskPolicy(await getDeskSettings(db));
}
