import { describe, expect, it } from 'vitest';
import { DEFAULT_INSIGHT_SETTINGS, MAX_TAG_RULES, type InsightSettings } from '@linli/shared/insight';
import {
  formToSettings,
  issuesToErrors,
  newTagRuleRow,
  parsePercent,
  parseTarget,
  percentText,
  settingsToForm,
  type InsightSettingsFormValues,
} from './insight-settings-form';

const STORED: InsightSettings = {
  ...DEFAULT_INSIGHT_SETTINGS,
  monthlySalesTargetFen: 12_345_650,
  tagRules: [
    { tag: '新客', kind: 'first-order-within', days: 30 },
    { tag: '水果控', kind: 'category-within', category: '水果', days: 60 },
  ],
};

function form(change: (values: InsightSettingsFormValues) => void = () => undefined): InsightSettingsFormValues {
  const values = settingsToForm(STORED, 4);
  change(values);
  return values;
}

function errorsOf(values: InsightSettingsFormValues) {
  const result = formToSettings(values);
  if (result.ok) throw new Error('expected the form to be refused');
  return result.errors;
}

describe('percentages: typed in %, kept as a share of 1', () => {
  it.each([
    [0.5, '50'],
    [0.15, '15'],
    [0.01, '1'],
    [0.005, '0.5'],
    [0.125, '12.5'],
    [0.1225, '12.25'],
  ])('shows %f as %s', (share, text) => {
    expect(percentText(share)).toBe(text);
  });

  it.each([
    ['50', 0.5],
    ['15', 0.15],
    [' 0.5 ', 0.005],
    ['12.25', 0.1225],
    ['0', 0],
    ['100', 1],
  ])('reads %j as %f, the same double as the decimal written out', (text, share) => {
    expect(parsePercent(text)).toBe(share);
  });

  it.each(['', '-5', '100.01', '1.234', 'abc', '5%', '.5'])('refuses %j', (text) => {
    expect(parsePercent(text)).toBeNull();
  });

  it('gives back every percentage it shows', () => {
    for (const share of [0.5, 0.15, 0.01, 0.2, 0.0001, 0.9999]) expect(parsePercent(percentText(share))).toBe(share);
  });
});

describe('销售目标: typed in 元, kept in fen', () => {
  it('reads yuan with up to two decimals as fen, empty as none set', () => {
    expect(parseTarget('123456.5')).toBe(12_345_650);
    expect(parseTarget('80000')).toBe(8_000_000);
    expect(parseTarget('  ')).toBeNull();
    expect(parseTarget('1.234')).toBeUndefined();
    expect(parseTarget('-100')).toBeUndefined();
  });

  it('shows the stored target in yuan, and none set as empty', () => {
    expect(form().target).toBe('123456.5');
    expect(settingsToForm(DEFAULT_INSIGHT_SETTINGS, 0).target).toBe('');
  });
});

describe('洞察设置 form → PUT /v1/staff/insight/settings', () => {
  it('gives back the loaded settings unchanged, with the version they were loaded from', () => {
    expect(formToSettings(form())).toEqual({ ok: true, settings: STORED, version: 4 });
    expect(formToSettings(settingsToForm(DEFAULT_INSIGHT_SETTINGS, 0))).toEqual({
      ok: true,
      settings: DEFAULT_INSIGHT_SETTINGS,
      version: 0,
    });
  });

  it('turns what was typed into fen, shares of 1, thresholds and rules', () => {
    const result = formToSettings(
      form((v) => {
        v.target = '';
        v.thresholdsByMean = false;
        v.thresholdR = '3.5';
        v.thresholdF = '2';
        v.thresholdM = '4';
        v.atRiskPercent = '40';
        v.lostPercent = '12.5';
        v.discountPercent = '0.8';
        v.tagRules[1]!.category = ' 蔬菜 ';
        v.tagRules.push({ ...newTagRuleRow('first-order-within'), tag: ' 近7天新客 ', days: '7' });
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.monthlySalesTargetFen).toBeNull();
    expect(result.settings.rfmThresholds).toEqual({ r: 3.5, f: 2, m: 4 });
    expect(result.settings.atRiskPAlive).toBe(0.4);
    expect(result.settings.lostPAlive).toBe(0.125);
    expect(result.settings.monthlyDiscountRate).toBe(0.008);
    expect(result.settings.tagRules.slice(1)).toEqual([
      { tag: '水果控', kind: 'category-within', category: '蔬菜', days: 60 },
      { tag: '近7天新客', kind: 'first-order-within', days: 7 },
    ]);
  });

  it('refuses 已流失 days not above 流失风险 days, by the shared rule, next to 已流失天数', () => {
    expect(errorsOf(form((v) => (v.lostDays = '90')))).toEqual({ lostDays: '已流失天数须大于流失风险天数' });
  });

  it('refuses an 已流失 probability not below the 流失风险 one', () => {
    expect(errorsOf(form((v) => (v.lostPercent = '60')))).toEqual({ lostPercent: '已流失的概率须低于流失风险的概率' });
  });

  it('files each unreadable or out-of-range field by its name, in Chinese', () => {
    const errors = errorsOf(
      form((v) => {
        v.target = '12.345';
        v.rfmWindowDays = '10';
        v.thresholdsByMean = false;
        v.thresholdM = '6';
        v.newDays = '三十';
        v.atRiskPercent = '0';
        v.discountPercent = '25';
        v.minRepeatBuyersToFit = '5';
      }),
    );
    expect(errors).toEqual({
      target: expect.stringContaining('销售目标'),
      rfmWindowDays: expect.stringContaining('30 到 1095'),
      thresholdM: expect.stringContaining('1 到 5'),
      newDays: expect.stringContaining('新客天数'),
      atRiskPercent: expect.stringContaining('不含 0 和 100'),
      discountPercent: expect.stringContaining('0 到 20'),
      minRepeatBuyersToFit: expect.stringContaining('20 到 100000'),
    });
  });

  it('files a rule tag’s problems by its row: a bad tag, days, a missing category, a repeated tag', () => {
    const errors = errorsOf(
      form((v) => {
        v.tagRules[0]!.tag = '';
        v.tagRules[1]!.days = '0';
        v.tagRules[1]!.category = ' ';
      }),
    );
    expect(errors).toEqual({
      'tagRules.0.tag': '请输入标签',
      'tagRules.1.days': '天数填 1 到 3650 的整数',
      'tagRules.1.category': '请填写品类（最多 64 个字）',
    });
    expect(errorsOf(form((v) => (v.tagRules[1]!.tag = ' 新客 ')))).toEqual({ tagRules: '每条规则的标签不能重复' });
  });

  it(`refuses more than ${MAX_TAG_RULES} rules`, () => {
    const errors = errorsOf(
      form((v) => {
        v.tagRules = Array.from({ length: MAX_TAG_RULES + 1 }, (_, i) => ({ ...newTagRuleRow('first-order-within'), tag: `规则${i}` }));
      }),
    );
    expect(errors).toEqual({ tagRules: `规则标签最多 ${MAX_TAG_RULES} 条` });
  });

  it('places the server’s 400 issues (paths under settings.) next to their fields', () => {
    const values = form();
    expect(
      issuesToErrors(
        [
          { path: 'settings.lostDays', message: 'lostDays must exceed atRiskDays' },
          { path: 'settings.monthlySalesTargetFen', message: 'Too small: expected number to be >=0' },
          { path: 'settings.rfmThresholds.f', message: 'Too big: expected number to be <=5' },
          { path: 'settings.tagRules.1.category', message: 'Too small' },
          { path: 'settings.tagRules', message: 'Each rule needs a tag of its own' },
          { path: 'version', message: 'Invalid input' },
        ],
        values,
      ),
    ).toEqual({
      lostDays: '已流失天数须大于流失风险天数',
      target: expect.stringContaining('销售目标'),
      thresholdF: expect.stringContaining('1 到 5'),
      'tagRules.1.category': '请填写品类（最多 64 个字）',
      tagRules: '每条规则的标签不能重复',
      form: '洞察设置有误，请检查后重试',
    });
  });
});
