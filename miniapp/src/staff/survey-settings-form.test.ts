import { describe, expect, it } from 'vitest';
import { DEFAULT_SURVEY_SETTINGS, SurveySettings } from '@linli/shared/surveys';
import { formToSettings, issuesToErrors, settingsToForm } from './survey-settings-form';

const UNSAVED = { ...DEFAULT_SURVEY_SETTINGS, version: 0, updatedAt: null, updatedBy: null };

describe('问卷设置 as a form', () => {
  it('sends the settings typed, as the server schema takes them, with what the page does not edit as it came', () => {
    const stored = { ...DEFAULT_SURVEY_SETTINGS, version: 4, updatedAt: '2026-11-20T02:00:00.000Z', updatedBy: 'o-admin' };
    const result = formToSettings({ ...settingsToForm(stored), recontactDays: '14', assign: 'queue', slaHours: '24' }, stored);
    expect(result).toEqual({ ok: true, settings: { ...stored, recontactDays: 14, followUp: { assign: 'queue', slaHours: 24 } } });
    if (result.ok)
      expect(SurveySettings.parse(result.settings)).toEqual({ recontactDays: 14, followUp: { assign: 'queue', slaHours: 24 } });
  });

  it('refuses numbers out of range or unreadable, each beside its field', () => {
    const result = formToSettings({ recontactDays: '400', assign: 'complaint-owner', slaHours: '八' }, UNSAVED);
    expect(result).toEqual({
      ok: false,
      errors: { recontactDays: '间隔天数填 0 到 365 的整数', slaHours: '回访时限填 1 到 120 的整数（工作小时）' },
    });
  });

  it('places the server’s issues on the same fields', () => {
    expect(
      issuesToErrors([
        { path: 'followUp.slaHours', message: 'Too big' },
        { path: 'other', message: 'x' },
      ]),
    ).toEqual({
      slaHours: '回访时限填 1 到 120 的整数（工作小时）',
      form: '设置有误，请检查后重试',
    });
  });
});
