import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INSIGHT_SETTINGS, RFM_CLASSES, type InsightDashboard, type InsightSettings } from '@linli/shared/insight';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const SETTINGS: InsightSettings = {
  ...DEFAULT_INSIGHT_SETTINGS,
  monthlySalesTargetFen: 8_000_000,
  tagRules: [
    { tag: '新客', kind: 'first-order-within', days: 30 },
    { tag: '爱喝牛奶', kind: 'category-within', category: '乳品', days: 60 },
  ],
};
const STORED = { settings: SETTINGS, version: 3, updatedAt: '2026-11-18T02:00:00.000Z' };
const SETTINGS_PATH = '/v1/staff/insight/settings';

/** Last night's figures with the most bought categories (the rule editor offers them); the rest empty. */
const DASHBOARD: InsightDashboard = {
  figures: {
    analysisDay: '2026-11-19',
    members: 120,
    customers: 80,
    model: { method: 'rules', notice: '', customers: 80, repeatBuyers: 12, minRepeatBuyers: 200, bgnbd: null, gammaGamma: null },
    quality: { notice: '', calibrationEnd: '2026-08-21', forecast: 0, actual: 0, weeks: [] },
    stages: { prospect: 40, new: 10, active: 30, loyal: 10, at_risk: 20, lost: 10 },
    rfmClasses: Object.fromEntries(RFM_CLASSES.map((code) => [code, { members: 10, revenueFen: 100_000 }])) as never,
    risk: { high: 10, medium: 20, low: 50 },
    pAliveHistogram: [],
    clv: { totalFen: 0, topDecileShare: 0, buckets: [] },
    cohorts: [],
    repurchase: { customers: 80, repeaters: 12, rate: 0.15 },
    topCategories: [
      { category: '水果', members: 50, orders: 90 },
      { category: '乳品', members: 30, orders: 40 },
      { category: '粮油', members: 20, orders: 25 },
    ],
    pairs: [],
    forecast: { days: 30, orders: 0, revenueFen: 0, months: [] },
  },
  ranAt: '2026-11-18T18:30:00.000Z',
  stagesMonthAgo: null,
  salesByMonth: [],
  pairNames: {},
  target: { month: '2026-11', targetFen: 8_000_000, salesSoFarFen: 0, forecastRestFen: 0 },
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function open(role: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>) {
  page = openPage('staff/pages/insight-settings/index', { storage: { 'linli.session': session(role) }, routes });
  return page;
}

const field = (p: LoadedPage, name: string) => p.root.querySelector(`.insight-settings-input--${name}`)!;
const valueOf = (p: LoadedPage, name: string) => field(p, name).data.value;
const type = (p: LoadedPage, name: string, value: string) => field(p, name).dispatchEvent('input', { detail: { value } });
const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const puts = (p: LoadedPage) => p.requests.filter((r) => r.method === 'PUT');
/** The nodes matching `selector` inside the index-th rule (the simulator searches from the page root only). */
const inRule = (p: LoadedPage, index: number, selector: string) => {
  const rule = p.root.querySelectorAll('.insight-settings-rule')[index]!;
  return p.root.querySelectorAll(selector).filter((node) => rule.dom.contains(node.dom));
};
const typeInRule = (p: LoadedPage, index: number, selector: string, value: string) =>
  inRule(p, index, selector)[0]!.dispatchEvent('input', { detail: { value } });

describe('洞察设置 (weapp build, staff subpackage)', () => {
  it('shows the settings in 元 and %, and saves an edited target and threshold as fen and shares with the version read', async () => {
    const saved = { ...STORED, version: 4, updatedAt: '2026-11-20T02:00:00.000Z' };
    const p = open('admin', {
      [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED },
      [`PUT ${SETTINGS_PATH}`]: { statusCode: 200, body: saved },
    });
    await p.waitFor(() => p.root.querySelector('.insight-settings-save'), 'the form');
    expect(text(p, '.tiers-intro__version')).toContain('当前版本 3');
    expect(valueOf(p, 'target')).toBe('80000');
    expect(valueOf(p, 'rfmWindowDays')).toBe('365');
    expect(valueOf(p, 'atRiskPercent')).toBe('50');
    expect(valueOf(p, 'lostPercent')).toBe('15');
    expect(valueOf(p, 'discountPercent')).toBe('1');
    expect(valueOf(p, 'minRepeatBuyersToFit')).toBe('200');
    expect(p.root.querySelector('.insight-settings-by-mean')!.dom.className).toContain('segment-chip--on');
    expect(p.root.querySelector('.insight-settings-input--thresholdR') ?? null).toBeNull();
    expect(text(p, '.insight-settings__nightly')).toContain('每晚 02:30');
    // The rule tags read as sentences; no code reaches the screen.
    expect(p.root.querySelectorAll('.insight-settings-rule')).toHaveLength(2);
    expect(p.root.dom.textContent).toContain('天首次购买');
    expect(p.root.dom.textContent).toContain('天购买过');
    for (const code of ['first-order-within', 'category-within', 'monthlySalesTargetFen', 'null']) {
      expect(p.root.dom.textContent).not.toContain(code);
    }

    type(p, 'target', '123456.78');
    tap(p, '.insight-settings-by-threshold');
    await p.waitFor(() => p.root.querySelector('.insight-settings-input--thresholdR'), 'the custom thresholds');
    type(p, 'thresholdR', '4');
    type(p, 'lostPercent', '12.5');
    await settle();
    tap(p, '.insight-settings-save');
    await p.waitFor(() => p.root.querySelector('.insight-settings-saved'), 'the saved notice');

    expect(puts(p)).toHaveLength(1);
    expect(puts(p)[0]!.data).toEqual({
      settings: {
        ...SETTINGS,
        monthlySalesTargetFen: 12_345_678,
        rfmThresholds: { r: 4, f: 3, m: 3 },
        lostPAlive: 0.125,
      },
      version: 3,
    });
    expect(text(p, '.insight-settings-saved')).toContain('版本 4');
    expect(text(p, '.tiers-intro__version')).toContain('当前版本 4');
  });

  it('an empty target saves as none set', async () => {
    const p = open('admin', {
      [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED },
      [`PUT ${SETTINGS_PATH}`]: (body) => ({ statusCode: 200, body: { ...(body as object), updatedAt: null } }),
    });
    await p.waitFor(() => p.root.querySelector('.insight-settings-save'), 'the form');
    type(p, 'target', ' ');
    await settle();
    tap(p, '.insight-settings-save');
    await p.waitFor(() => puts(p).length === 1, 'the save');
    expect((puts(p)[0]!.data as { settings: InsightSettings }).settings.monthlySalesTargetFen).toBeNull();
  });

  it('refuses 已流失 days not above 流失风险 days next to the field, and sends nothing', async () => {
    const p = open('admin', { [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED } });
    await p.waitFor(() => p.root.querySelector('.insight-settings-save'), 'the form');
    type(p, 'lostDays', '60');
    await settle();
    tap(p, '.insight-settings-save');
    await p.waitFor(() => p.root.querySelector('.insight-settings-field-error'), 'the field error');
    expect(texts(p, '.insight-settings-field-error')).toEqual(['已流失天数须大于流失风险天数']);
    const lostField = p.root.querySelectorAll('.insight-settings__field').find((node) => node.dom.textContent?.startsWith('已流失天数'))!;
    expect(lostField.dom.textContent).toContain('已流失天数须大于流失风险天数');
    expect(text(p, '.insight-settings-error')).toBe('请检查标红的项目');
    expect(puts(p)).toHaveLength(0);

    // Fixing the field drops its complaint.
    type(p, 'lostDays', '200');
    await p.waitFor(() => !p.root.querySelector('.insight-settings-field-error'), 'the cleared error');
  });

  it('says in Chinese that someone else saved first, and 重新加载 brings their version to save over', async () => {
    const routes: Record<string, CannedResponse> = {
      [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED },
      [`PUT ${SETTINGS_PATH}`]: {
        statusCode: 409,
        body: { error: { code: 'CONFLICT', message: 'The settings were changed by someone else; reload them' } },
      },
    };
    const p = open('admin', routes);
    await p.waitFor(() => p.root.querySelector('.insight-settings-save'), 'the form');
    type(p, 'newDays', '14');
    await settle();
    tap(p, '.insight-settings-save');
    await p.waitFor(() => p.root.querySelector('.insight-settings-reload'), 'the reload button');
    expect(text(p, '.insight-settings-error')).toBe('设置已被他人修改，请刷新后重试');
    expect(text(p, '.insight-settings-reload')).toBe('重新加载');

    routes[`GET ${SETTINGS_PATH}`] = { statusCode: 200, body: { ...STORED, version: 5, settings: { ...SETTINGS, newDays: 45 } } };
    tap(p, '.insight-settings-reload');
    await p.waitFor(
      () => text(p, '.tiers-intro__version')?.includes('版本 5') && !p.root.querySelector('.insight-settings-reload'),
      'the reloaded form',
    );
    await settle();
    expect(valueOf(p, 'newDays')).toBe('45');
    expect(p.root.querySelector('.insight-settings-error') ?? null).toBeNull();
    routes[`PUT ${SETTINGS_PATH}`] = { statusCode: 200, body: { ...STORED, version: 6 } };
    tap(p, '.insight-settings-save');
    await p.waitFor(() => puts(p).length === 2, 'the second save');
    expect((puts(p)[1]!.data as { version: number }).version).toBe(5);
  });

  it('puts the server’s 400 issues next to their fields in Chinese', async () => {
    const p = open('admin', {
      [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED },
      [`PUT ${SETTINGS_PATH}`]: {
        statusCode: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Request validation failed',
            issues: [{ path: 'settings.minRepeatBuyersToFit', message: 'Too small: expected number to be >=20' }],
          },
        },
      },
    });
    await p.waitFor(() => p.root.querySelector('.insight-settings-save'), 'the form');
    tap(p, '.insight-settings-save');
    await p.waitFor(() => p.root.querySelector('.insight-settings-field-error'), 'the field error');
    const minField = p.root
      .querySelectorAll('.insight-settings__field')
      .find((node) => node.dom.textContent?.startsWith('最少复购客户数'))!;
    expect(minField.dom.textContent).toContain('填 20 到 100000 的整数');
    expect(text(p, '.insight-settings-error')).toBe('填写的内容有误，请检查后重试');
  });

  it('adds a rule tag with a suggested category and removes another', async () => {
    const p = open('admin', {
      [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED },
      [`PUT ${SETTINGS_PATH}`]: { statusCode: 200, body: { ...STORED, version: 4 } },
      'GET /v1/staff/insight/dashboard': { statusCode: 200, body: DASHBOARD },
    });
    await p.waitFor(() => p.root.querySelectorAll('.insight-settings-rule').length === 2, 'the two rules');
    tap(p, '.insight-settings-add-rule');
    await p.waitFor(() => p.root.querySelectorAll('.insight-settings-rule').length === 3, 'the new rule');
    // The dashboard's most bought categories are offered, less the one the rule already names.
    await p.waitFor(() => inRule(p, 2, '.insight-settings-rule-suggestion').length === 3, 'the suggestions');
    expect(inRule(p, 1, '.insight-settings-rule-suggestion').map((node) => node.dom.textContent)).toEqual(['水果', '粮油']);
    inRule(p, 2, '.insight-settings-rule-suggestion')[0]!.dispatchEvent('tap');
    typeInRule(p, 2, '.insight-settings-rule-days', '14');
    typeInRule(p, 2, '.insight-settings-rule-tag', '水果控');
    await p.waitFor(() => inRule(p, 2, '.insight-settings-rule-category')[0]!.data.value === '水果', 'the chosen category');

    inRule(p, 0, '.insight-settings-rule-remove')[0]!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.insight-settings-rule').length === 2, 'one rule fewer');
    await settle();
    tap(p, '.insight-settings-save');
    await p.waitFor(() => puts(p).length === 1, 'the save');
    expect((puts(p)[0]!.data as { settings: InsightSettings }).settings.tagRules).toEqual([
      { tag: '爱喝牛奶', kind: 'category-within', category: '乳品', days: 60 },
      { tag: '水果控', kind: 'category-within', category: '水果', days: 14 },
    ]);
  });

  it('shows a supervisor the settings read-only, saying only admins change them', async () => {
    const p = open('supervisor', { [`GET ${SETTINGS_PATH}`]: { statusCode: 200, body: STORED } });
    await p.waitFor(() => p.root.querySelector('.insight-settings-form'), 'the settings');
    expect(text(p, '.insight-settings-readonly')).toContain('仅管理员可以修改');
    expect(valueOf(p, 'target')).toBe('80000');
    expect(field(p, 'target').data.disabled).toBe(true);
    for (const selector of ['.insight-settings-save', '.insight-settings-add-rule', '.insight-settings-rule-remove']) {
      expect(p.root.querySelector(selector) ?? null).toBeNull();
    }
    // No dashboard read for suggestions nobody may use.
    expect(p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([`GET ${SETTINGS_PATH}`]);
  });

  it('answers 没有权限 to an agent without asking the API', async () => {
    const p = open('agent', {});
    const title = await p.waitFor(() => text(p, '.state-box__title'), 'the forbidden state');
    expect(title).toBe('没有权限');
    expect(text(p, '.state-box__text')).toBe('洞察设置仅限主管和管理员查看');
    await settle();
    expect(p.requests).toHaveLength(0);
  });
});
