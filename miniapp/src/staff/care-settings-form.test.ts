import { describe, expect, it } from 'vitest';
import type { CareSettings } from '@/api/care';
import {
  formToSettings,
  isMonthDay,
  issuesToErrors,
  newOccasionId,
  newOccasionRow,
  occasionWhenText,
  settingsToForm,
  type CareSettingsFormValues,
} from './care-settings-form';

const STORED: CareSettings = {
  policy: { dailyCap: 1, weeklyCap: 2, quietHours: { start: '21:00', end: '09:00' } },
  shopName: '邻里生鲜',
  sellerOccasions: [
    { id: 'shop-day', name: '店庆', monthDay: '06-18' },
    { id: 'reopen', name: '新店开业', date: '2027-03-01' },
  ],
  version: 4,
};

function form(change: (values: CareSettingsFormValues) => void = () => undefined): CareSettingsFormValues {
  const values = settingsToForm(STORED);
  change(values);
  return values;
}

function errorsOf(values: CareSettingsFormValues) {
  const result = formToSettings(values);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

describe('发送设置 as a form', () => {
  it('gives back the stored settings and their version unchanged', () => {
    expect(formToSettings(form())).toEqual({ ok: true, settings: STORED });
  });

  it('adds a yearly date and a one-off date with ids of their own', () => {
    const result = formToSettings(
      form((values) => {
        values.occasions.push({ ...newOccasionRow('a1'), name: '会员日', monthDay: '02-29' });
        values.occasions.push({ ...newOccasionRow('b2'), name: ' 周年庆 ', repeat: 'once', date: '2028-02-29' });
      }),
    );
    expect(result.ok && result.settings.sellerOccasions.slice(2)).toEqual([
      { id: 'a1', name: '会员日', monthDay: '02-29' },
      { id: 'b2', name: '周年庆', date: '2028-02-29' },
    ]);
  });

  it('refuses caps out of range and a week shorter than a day', () => {
    expect(errorsOf(form((values) => ((values.dailyCap = '0'), (values.weeklyCap = '31'))))).toEqual({
      dailyCap: '每天最多条数填 1 到 10 的整数',
      weeklyCap: '每周最多条数填 1 到 30 的整数',
    });
    expect(errorsOf(form((values) => ((values.dailyCap = '3'), (values.weeklyCap = '2'))))).toEqual({
      weeklyCap: '每周最多条数不能少于每天最多条数',
    });
  });

  it('asks for a shop name of at most 20 characters, and sends it trimmed', () => {
    expect(errorsOf(form((values) => (values.shopName = ' ')))).toEqual({ shopName: '店铺名称填 1 到 20 个字' });
    expect(errorsOf(form((values) => (values.shopName = '字'.repeat(21))))).toEqual({ shopName: '店铺名称填 1 到 20 个字' });
    const result = formToSettings(form((values) => (values.shopName = ' 王阿姨水果店 ')));
    expect(result.ok && result.settings.shopName).toBe('王阿姨水果店');
  });

  it('refuses quiet hours that start when they end', () => {
    expect(errorsOf(form((values) => ((values.quietStart = '22:00'), (values.quietEnd = '22:00'))))).toEqual({
      quietHours: '免打扰的开始和结束时间不能相同',
    });
  });

  it('refuses a date without a name, a repeated name and days the calendar does not have', () => {
    const errors = errorsOf(
      form((values) => {
        values.occasions.push({ ...newOccasionRow('x'), name: '', monthDay: '02-30' });
        values.occasions.push({ ...newOccasionRow('y'), name: '店庆', repeat: 'once', date: '2027-02-29' });
      }),
    );
    expect(errors).toEqual({
      'occasions.2.name': '名称填 1 到 20 个字',
      'occasions.2.date': '请选择每年的月和日',
      'occasions.3.name': '已有名为「店庆」的日期',
      'occasions.3.date': '请选择日期',
    });
  });

  it("places the server's issues by field", () => {
    expect(issuesToErrors([{ path: 'policy.weeklyCap' }, { path: 'sellerOccasions.1.monthDay' }, { path: 'version' }])).toEqual({
      weeklyCap: '每周最多条数填 1 到 30 的整数，且不少于每天最多条数',
      'occasions.1.date': '请选择日期',
      form: '发送设置有误，请检查后重试',
    });
  });
});

describe('dates in words', () => {
  it('says when a date falls', () => {
    expect(occasionWhenText({ repeat: 'yearly', monthDay: '06-18', date: '' })).toBe('每年 6月18日');
    expect(occasionWhenText({ repeat: 'once', monthDay: '', date: '2027-03-01' })).toBe('2027年3月1日');
    expect(isMonthDay('02-29')).toBe(true);
    expect(isMonthDay('04-31')).toBe(false);
  });

  it('makes ids a holiday key accepts', () => {
    expect(newOccasionId()).toMatch(/^[a-z0-9]{16}$/);
    expect(newOccasionId(() => 0)).toBe('0000000000000000');
  });
});
