import { SurveySettings } from '@linli/shared/surveys';
import type { StoredSurveySettings } from '@/api/staff-surveys';

/*
 * 问卷设置 as a form: the recontact limit over every survey and how a 回访 task is assigned and
 * timed, checked with the schema the server applies (SurveySettings), problems filed by field.
 */

export type FollowUpAssign = SurveySettings['followUp']['assign'];

export const FOLLOW_UP_ASSIGN_NAMES: Record<FollowUpAssign, string> = {
  'complaint-owner': '投诉负责人优先',
  queue: '进入待领取队列',
};

export const FOLLOW_UP_ASSIGN_HINTS: Record<FollowUpAssign, string> = {
  'complaint-owner': '回访任务交给处理过该订单（或该投诉）的客服；没有投诉记录时进入待领取队列。',
  queue: '回访任务都进入待领取队列，由客服自行领取。',
};

export interface SurveySettingsFormValues {
  recontactDays: string;
  assign: FollowUpAssign;
  slaHours: string;
}

/** Problems by field: `recontactDays`, `slaHours`, `assign`, `form`. */
export type SurveySettingsErrors = Record<string, string>;

const FIELD_TEXT: Record<string, string> = {
  recontactDays: '间隔天数填 0 到 365 的整数',
  slaHours: '回访时限填 1 到 120 的整数（工作小时）',
  assign: '请选择分配方式',
};

export function settingsToForm(settings: SurveySettings): SurveySettingsFormValues {
  return {
    recontactDays: String(settings.recontactDays),
    assign: settings.followUp.assign,
    slaHours: String(settings.followUp.slaHours),
  };
}

function wholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function placeOf(path: readonly PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  return last in FIELD_TEXT ? last : 'form';
}

/**
 * Checks the form and builds the settings to send: what was loaded (any field this page does not
 * edit goes back as it came) with the form's values, or the problems by field.
 */
export function formToSettings(
  values: SurveySettingsFormValues,
  stored: StoredSurveySettings,
): { ok: true; settings: StoredSurveySettings } | { ok: false; errors: SurveySettingsErrors } {
  const candidate = {
    recontactDays: wholeNumber(values.recontactDays),
    followUp: { ...stored.followUp, assign: values.assign, slaHours: wholeNumber(values.slaHours) },
  };
  const parsed = SurveySettings.safeParse(candidate);
  if (parsed.success)
    return { ok: true, settings: { ...stored, ...parsed.data, followUp: { ...stored.followUp, ...parsed.data.followUp } } };
  const errors: SurveySettingsErrors = {};
  for (const issue of parsed.error.issues) {
    const place = placeOf(issue.path);
    errors[place] ??= FIELD_TEXT[place] ?? '设置有误，请检查后重试';
  }
  return { ok: false, errors };
}

/** The server's VALIDATION_FAILED issues by field. */
export function issuesToErrors(issues: ReadonlyArray<{ path: string; message: string }>): SurveySettingsErrors {
  const errors: SurveySettingsErrors = {};
  for (const issue of issues) {
    const place = placeOf(issue.path.split('.'));
    errors[place] ??= FIELD_TEXT[place] ?? '设置有误，请检查后重试';
  }
  return errors;
}
