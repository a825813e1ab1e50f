import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, TIER_CONFIG_MESSAGES, TierConfigUpdate, validateTierConfig, type StoredTierConfig } from '@linli/shared/tiers';
import {
  configToForm,
  formToTierUpdate,
  hasTierErrors,
  issuePathTarget,
  issuesToErrors,
  newTierRow,
  withoutFieldError,
  type TierFormValues,
} from './tier-form';

const STORED: StoredTierConfig = { tiers: [...DEFAULT_TIERS], downgradeGraceDays: 30, version: 4, updatedAt: '2026-11-18T02:00:00.000Z' };

function form(change: (values: TierFormValues) => void = () => undefined): TierFormValues {
  const values = configToForm(STORED);
  change(values);
  return values;
}

describe('form → PUT /v1/staff/tiers', () => {
  it('gives back the loaded ladder unchanged, with the version it was loaded from', () => {
    const result = formToTierUpdate(form());
    expect(result).toEqual({ ok: true, update: { tiers: DEFAULT_TIERS, downgradeGraceDays: 30, version: 4 } });
    // The API's own schema accepts it.
    expect(result.ok && TierConfigUpdate.safeParse(result.update).success).toBe(true);
  });

  it('reads typed numbers and switches, trims names, and sends an added tier', () => {
    const values = form((v) => {
      v.tiers[1] = {
        ...v.tiers[1]!,
        name: ' 银卡会员PLUS ',
        minGrowth: ' 1500 ',
        pointsMultiplier: '1.25',
        freeShipping: true,
        birthdayGiftPoints: '120',
      };
      v.tiers.push({ ...newTierRow(v.tiers[3]), code: 'black', name: '黑卡会员', minGrowth: '50000', pointsMultiplier: '3' });
      v.downgradeGraceDays = '60';
    });
    const result = formToTierUpdate(values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.update.version).toBe(4);
    expect(result.update.downgradeGraceDays).toBe(60);
    expect(result.update.tiers[1]).toEqual({
      code: 'silver',
      name: '银卡会员PLUS',
      minGrowth: 1500,
      rights: { pointsMultiplier: 1.25, freeShipping: true, priorityService: false, birthdayGiftPoints: 120, exclusiveRewards: false },
    });
    // A new tier starts with the rights of the tier below it.
    expect(result.update.tiers[4]).toEqual({
      code: 'black',
      name: '黑卡会员',
      minGrowth: 50000,
      rights: { pointsMultiplier: 3, freeShipping: true, priorityService: true, birthdayGiftPoints: 800, exclusiveRewards: true },
    });
    expect(TierConfigUpdate.safeParse(result.update).success).toBe(true);
  });

  it('drops a removed tier and keeps version 0 for the never-saved defaults', () => {
    const values = configToForm({ ...STORED, version: 0 });
    values.tiers.splice(2, 1);
    const result = formToTierUpdate(values);
    expect(result.ok && result.update.tiers.map((t) => t.code)).toEqual(['regular', 'silver', 'diamond']);
    expect(result.ok && result.update.version).toBe(0);
  });

  it('says what is wrong with each field, in Chinese, without sending', () => {
    const result = formToTierUpdate(
      form((v) => {
        v.tiers[1] = { ...v.tiers[1]!, name: '  ', pointsMultiplier: '1.234', birthdayGiftPoints: '-5' };
        v.tiers[2] = { ...v.tiers[2]!, pointsMultiplier: '11' };
        v.tiers.push({ ...newTierRow(), code: 'Gold 2', name: '新等级', minGrowth: 'abc' });
        v.downgradeGraceDays = '0';
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors.tiers[1]!).sort()).toEqual(['birthdayGiftPoints', 'name', 'pointsMultiplier']);
    expect(result.errors.tiers[2]).toEqual({ pointsMultiplier: '积分倍数填 1 到 10，最多两位小数，如 1.2' });
    expect(Object.keys(result.errors.tiers[4]!).sort()).toEqual(['code', 'minGrowth']);
    expect(result.errors.downgradeGraceDays).toBe('保级天数填 1 到 365 的整数');
    expect(result.errors.form).toEqual([]);
  });

  it("applies the server's ladder rules: overlapping thresholds, the base tier at 0, duplicate codes and names", () => {
    const result = formToTierUpdate(
      form((v) => {
        v.tiers[0] = { ...v.tiers[0]!, minGrowth: '10' };
        v.tiers[2] = { ...v.tiers[2]!, minGrowth: '800', name: '银卡会员' };
        v.tiers.push({ ...newTierRow(), code: 'gold', name: '黑卡会员', minGrowth: '90000' });
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.tiers[0]).toEqual({ minGrowth: '第一个等级是基础等级，门槛必须为 0' });
    expect(result.errors.tiers[2]).toEqual({ minGrowth: '门槛须高于上一个等级，不能重叠', name: '与其他等级的名称重复' });
    expect(result.errors.tiers[4]).toEqual({ code: '与其他等级的代码重复' });
  });

  it('does not blame the tier above a threshold that is itself unreadable', () => {
    const result = formToTierUpdate(form((v) => void (v.tiers[1] = { ...v.tiers[1]!, minGrowth: '' })));
    expect(!result.ok && result.errors.tiers).toEqual({ 1: { minGrowth: '门槛填 0 到 100000000 的整数' } });
  });

  it('needs at least two tiers', () => {
    const result = formToTierUpdate(form((v) => void v.tiers.splice(1)));
    expect(!result.ok && result.errors.form).toEqual(['等级数量需在 2 到 10 个之间']);
  });
});

describe('400 issue path → form field', () => {
  it.each([
    ['tiers.2.minGrowth', { kind: 'tier', index: 2, field: 'minGrowth' }],
    ['tiers.0.name', { kind: 'tier', index: 0, field: 'name' }],
    ['tiers.3.code', { kind: 'tier', index: 3, field: 'code' }],
    // Schema issues of the rights sit one level deeper on the wire.
    ['tiers.1.rights.pointsMultiplier', { kind: 'tier', index: 1, field: 'pointsMultiplier' }],
    ['tiers.1.rights.birthdayGiftPoints', { kind: 'tier', index: 1, field: 'birthdayGiftPoints' }],
    ['tiers.4.rights.freeShipping', { kind: 'tier', index: 4, field: 'freeShipping' }],
    ['downgradeGraceDays', { kind: 'downgradeGraceDays' }],
    ['tiers', { kind: 'form' }],
    ['tiers.2', { kind: 'form' }],
    ['tiers.2.rights', { kind: 'form' }],
    ['tiers.2.colour', { kind: 'form' }],
    ['version', { kind: 'form' }],
    ['(body)', { kind: 'form' }],
  ])('%s', (path, target) => {
    expect(issuePathTarget(path)).toEqual(target);
  });

  it("places the server's issues next to their fields with Chinese text, the rest on the form", () => {
    const errors = issuesToErrors(
      [
        { path: 'tiers.2.minGrowth', message: TIER_CONFIG_MESSAGES.notIncreasing },
        { path: 'tiers.2.minGrowth', message: 'a second complaint about the same field' },
        { path: 'tiers.1.rights.pointsMultiplier', message: 'Too big: expected number to be <=10' },
        { path: 'tiers.3.code', message: TIER_CONFIG_MESSAGES.duplicateCode },
        { path: 'downgradeGraceDays', message: 'Too small' },
        { path: 'tiers', message: TIER_CONFIG_MESSAGES.tierCount },
        { path: 'version', message: 'Expected number' },
        // A row the form no longer has (the list changed meanwhile).
        { path: 'tiers.9.name', message: 'Too small' },
      ],
      4,
    );
    expect(errors.tiers).toEqual({
      1: { pointsMultiplier: '积分倍数填 1 到 10，最多两位小数，如 1.2' },
      2: { minGrowth: '门槛须高于上一个等级，不能重叠' },
      3: { code: '与其他等级的代码重复' },
    });
    expect(errors.downgradeGraceDays).toBe('保级天数填 1 到 365 的整数');
    expect(errors.form).toEqual(['等级数量需在 2 到 10 个之间', '等级设置有误，请检查后重试']);
    expect(hasTierErrors(errors)).toBe(true);
  });

  it('maps every issue the shared ladder check can raise to a field or the form', () => {
    const tiers = [
      { ...DEFAULT_TIERS[0]!, minGrowth: 5 },
      { ...DEFAULT_TIERS[1]!, code: 'regular', name: '普通会员', minGrowth: 5 },
    ];
    const errors = issuesToErrors(validateTierConfig({ tiers }), 2);
    expect(errors.tiers).toEqual({
      0: { minGrowth: '第一个等级是基础等级，门槛必须为 0' },
      1: { minGrowth: '门槛须高于上一个等级，不能重叠', code: '与其他等级的代码重复', name: '与其他等级的名称重复' },
    });
  });

  it("forgets a field's complaint once it is edited", () => {
    const errors = issuesToErrors([
      { path: 'tiers.1.minGrowth', message: 'x' },
      { path: 'tiers.1.name', message: 'x' },
    ]);
    const after = withoutFieldError(errors, 1, 'minGrowth');
    expect(after.tiers[1]).toEqual({ name: '请填写等级名称（最多 20 个字）' });
    expect(withoutFieldError(after, 1, 'name').tiers[1]).toEqual({});
    expect(hasTierErrors(withoutFieldError(after, 1, 'name'))).toBe(false);
  });
});

describe('a tier added in the form', () => {
  it('gets an internal code of its own, never one the ladder already has', () => {
    expect(newTierRow().code).toBe('tier-1');
    expect(newTierRow(undefined, ['regular', 'tier-1', 'tier-2']).code).toBe('tier-3');
    const values = configToForm({ tiers: [...DEFAULT_TIERS], downgradeGraceDays: 30, version: 1 });
    const added = newTierRow(
      values.tiers[3],
      values.tiers.map((tier) => tier.code),
    );
    expect(added).toMatchObject({ saved: false, code: 'tier-1', name: '' });
  });
});
