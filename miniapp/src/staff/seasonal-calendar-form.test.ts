import { describe, expect, it } from 'vitest';
import type { CareRule } from '@linli/shared/care-rules';
import { triggerText } from '@/format/care';
import { formToRule, newRuleForm, ruleToForm } from './care-rule-form';
import { calendarToForm, categoryToAdd, formToTips, issuesToErrors, newTipRow, type TipRow } from './seasonal-calendar-form';

const row = (patch: Partial<TipRow>): TipRow => ({
  ...newTipRow('tip-1'),
  name: '时令水果上市',
  monthDay: '06-01',
  categories: ['水果'],
  ...patch,
});

describe('时令日历 as a form', () => {
  it('reads the calendar back as rows (every year or once) and builds the tips to save', () => {
    const values = calendarToForm({
      tips: [
        { id: 'a', name: '时令水果上市', categories: ['水果'], monthDay: '06-01', boughtWithinDays: 90, nextDate: '2027-06-01' },
        { id: 'b', name: '月饼预订', categories: ['糕点'], date: '2027-09-01', boughtWithinDays: 365, nextDate: '2027-09-01' },
      ],
      categories: ['水果'],
      version: 4,
    });
    expect(values.tips.map((tip) => [tip.repeat, tip.monthDay, tip.date, tip.boughtWithinDays])).toEqual([
      ['yearly', '06-01', '', '90'],
      ['once', '', '2027-09-01', '365'],
    ]);
    expect(formToTips(values)).toEqual({
      ok: true,
      tips: [
        { id: 'a', name: '时令水果上市', categories: ['水果'], monthDay: '06-01', boughtWithinDays: 90 },
        { id: 'b', name: '月饼预订', categories: ['糕点'], date: '2027-09-01', boughtWithinDays: 365 },
      ],
    });
  });

  it('files each problem by its row: no name, a name twice, no day, no category, days out of range', () => {
    const checked = formToTips({
      version: 0,
      tips: [
        row({ name: ' ' }),
        row({ id: 'tip-2' }),
        row({ id: 'tip-3', name: '另一条', monthDay: '' }),
        row({ id: 'tip-4', name: '第四条', repeat: 'once', date: '2027-02-29' }),
        row({ id: 'tip-5', name: '第五条', categories: [], boughtWithinDays: '0' }),
      ],
    });
    expect(checked).toEqual({
      ok: false,
      errors: {
        'tips.0.name': '名称填 1 到 20 个字',
        'tips.2.date': '请选择每年的月和日',
        'tips.3.date': '请选择日期',
        'tips.4.categories': '选择 1 到 10 个品类',
        'tips.4.boughtWithinDays': '购买时间填 1 到 730 的整数（天）',
      },
    });
    expect(formToTips({ version: 0, tips: [row({}), row({ id: 'tip-2' })] })).toEqual({
      ok: false,
      errors: { 'tips.1.name': '已有名为「时令水果上市」的时令推荐' },
    });
  });

  it('adds a category once, trimmed, up to ten', () => {
    expect(categoryToAdd({ categories: ['水果'] }, ' 冷饮 ')).toBe('冷饮');
    expect(categoryToAdd({ categories: ['水果'] }, '水果')).toBeNull();
    expect(categoryToAdd({ categories: [] }, '  ')).toBeNull();
    expect(categoryToAdd({ categories: Array.from({ length: 10 }, (_, i) => `c${i}`) }, '冷饮')).toBeNull();
  });

  it("places the server's issues: its Chinese refusals as sent, the schema's by field", () => {
    expect(
      issuesToErrors([
        { path: 'tips', message: '「夏季水果」还在使用被删除的时令推荐，请先修改或删除这些关怀计划' },
        { path: 'tips.1.monthDay', message: 'No such calendar day (MM-DD)' },
        { path: 'tips.2.name', message: 'Too big' },
      ]),
    ).toEqual({
      tips: '「夏季水果」还在使用被删除的时令推荐，请先修改或删除这些关怀计划',
      'tips.1.date': '请选择日期',
      'tips.2.name': '名称填 1 到 20 个字',
    });
  });
});

describe('a 时令推荐 rule in the editor', () => {
  it('sends the chosen tip with its lead, and asks for a tip when none is chosen', () => {
    const blank = newRuleForm();
    const values = {
      ...blank,
      name: '夏季水果',
      triggerKind: 'seasonal' as const,
      tipId: 'summer-fruit',
      daysBefore: '2',
      message: { ...blank.message, templateId: 'tmpl-greeting', title: '时令推荐' },
    };
    const built = formToRule(values);
    expect(built.ok && built.rule.trigger).toEqual({ kind: 'seasonal', tipId: 'summer-fruit', daysBefore: 2 });
    expect(formToRule({ ...values, tipId: '' })).toMatchObject({ ok: false, errors: { 'trigger.tipId': '请选择时令推荐' } });
    if (!built.ok) return;
    const saved: CareRule = { ...built.rule, ruleId: 'r', createdAt: '', updatedAt: '', version: 1 };
    expect(ruleToForm(saved)).toMatchObject({ triggerKind: 'seasonal', tipId: 'summer-fruit', daysBefore: '2' });
  });

  it('reads in words with its tip, or says the tip was removed', () => {
    const tipName = (tipId: string) => (tipId === 'summer-fruit' ? '时令水果上市' : undefined);
    const noHoliday = () => undefined;
    expect(triggerText({ kind: 'seasonal', tipId: 'summer-fruit', daysBefore: 2 }, noHoliday, tipName)).toBe(
      '时令推荐 时令水果上市 提前2天',
    );
    expect(triggerText({ kind: 'seasonal', tipId: 'gone', daysBefore: 0 }, noHoliday, tipName)).toBe('时令推荐 已删除的时令推荐 当天');
  });
});
