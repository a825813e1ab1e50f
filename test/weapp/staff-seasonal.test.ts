import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CareEditorOptions, CareRule } from '@linli/shared/care-rules';
import type { SeasonalCalendar } from '@linli/shared/seasonal-tips';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, texts } from './wechat-simulator';

// 时令日历 and the rule editor's 时令推荐 in the weapp build (staff subpackage), against canned answers.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const sent = (p: LoadedPage, method: string) => p.requests.filter((r) => r.method === method);
const tapText = (p: LoadedPage, selector: string, label: string) => {
  const node = p.root.querySelectorAll(selector).find((candidate) => candidate.dom.textContent?.trim() === label);
  if (!node) throw new Error(`No ${selector} reading ${label}; the page shows:\n${p.root.dom.textContent}`);
  node.dispatchEvent('tap');
};
const type = (p: LoadedPage, selector: string, value: string, index = 0) =>
  p.root.querySelectorAll(selector)[index]!.dispatchEvent('input', { detail: { value } });

const EMPTY: SeasonalCalendar = { tips: [], categories: ['水果', '冷饮', '蔬菜'], version: 0 };

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});
function open(path: string, role: string, routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, extra = {}) {
  page = openPage(path, { storage: { 'linli.session': session(role) }, routes, ...extra });
  return page;
}

describe('时令日历 (weapp build)', () => {
  it('starts empty, adds a yearly tip for categories picked and typed, and saves it with the version read', async () => {
    const p = open('staff/pages/care-seasonal/index', 'admin', {
      'GET /v1/staff/care/seasonal-tips': { statusCode: 200, body: EMPTY },
      'PUT /v1/staff/care/seasonal-tips': (body) => ({
        statusCode: 200,
        body: { ...EMPTY, tips: (body as { tips: object[] }).tips.map((tip) => ({ ...tip, nextDate: '2027-06-01' })), version: 1 },
      }),
    });
    await p.waitFor(() => p.root.querySelector('.care-seasonal__none'), 'the empty state');
    expect(p.root.dom.textContent).toContain('还没有时令推荐');
    tapText(p, '.care-add-field', '＋ 添加时令推荐');
    await p.waitFor(() => p.root.querySelector('.care-occasion__name'), 'a new tip');
    type(p, '.care-occasion__name', '时令水果上市');
    p.root.querySelector('.care-seasonal__picker')!.dispatchEvent('change', { detail: { value: '2024-06-01' } });
    await settle();
    tapText(p, '.care-seasonal__suggestion', '＋ 水果');
    type(p, '.care-seasonal__category-input', '荔枝');
    await settle();
    tapText(p, '.care-seasonal__category-add', '添加');
    type(p, '.care-seasonal__days', '90');
    await settle();
    expect(texts(p, '.care-seasonal__category')).toEqual(['水果 ×', '荔枝 ×']);
    expect(p.root.querySelector('.care-occasion__when')!.dom.textContent).toBe('每年 6月1日');
    tapText(p, '.care-save', '保存');
    await p.waitFor(() => sent(p, 'PUT').length === 1 || undefined, 'the save');
    const body = sent(p, 'PUT')[0]!.data as { tips: Array<Record<string, unknown>>; version: number };
    expect(body.version).toBe(0);
    expect(body.tips).toEqual([
      { id: expect.any(String), name: '时令水果上市', categories: ['水果', '荔枝'], monthDay: '06-01', boughtWithinDays: 90 },
    ]);
  });

  it('refuses a tip without a date or category and sends nothing; says in Chinese why the server refused a removal', async () => {
    const stored: SeasonalCalendar = {
      ...EMPTY,
      tips: [
        { id: 'summer', name: '时令水果上市', categories: ['水果'], monthDay: '06-01', boughtWithinDays: 365, nextDate: '2027-06-01' },
      ],
      version: 2,
    };
    const p = open('staff/pages/care-seasonal/index', 'admin', {
      'GET /v1/staff/care/seasonal-tips': { statusCode: 200, body: stored },
      'PUT /v1/staff/care/seasonal-tips': {
        statusCode: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The seasonal calendar cannot be saved as written',
            issues: [{ path: 'tips', message: '「夏季水果」还在使用被删除的时令推荐，请先修改或删除这些关怀计划' }],
          },
        },
      },
    });
    await p.waitFor(() => p.root.querySelector('.care-seasonal__remove'), 'the tip');
    expect(p.root.dom.textContent).toContain('下一次：2027年6月1日');
    tapText(p, '.care-add-field', '＋ 添加时令推荐');
    await settle();
    type(p, '.care-occasion__name', '月饼预订', 1);
    await settle();
    tapText(p, '.care-save', '保存');
    await settle();
    expect(p.root.dom.textContent).toContain('请选择每年的月和日');
    expect(p.root.dom.textContent).toContain('选择 1 到 10 个品类');
    expect(sent(p, 'PUT')).toHaveLength(0);

    p.root.querySelectorAll('.care-seasonal__remove')[1]!.dispatchEvent('tap');
    await settle();
    p.root.querySelectorAll('.care-seasonal__remove')[0]!.dispatchEvent('tap');
    await settle();
    tapText(p, '.care-save', '保存');
    await p.waitFor(() => p.root.querySelector('.care-seasonal__error'), 'the refusal');
    expect(p.root.querySelector('.care-seasonal__error')!.dom.textContent).toBe(
      '「夏季水果」还在使用被删除的时令推荐，请先修改或删除这些关怀计划',
    );
    expect(sent(p, 'PUT')[0]!.data).toEqual({ tips: [], version: 2 });
  });
});

describe('the rule editor’s 时令推荐 (weapp build)', () => {
  const options: CareEditorOptions = {
    surveys: [],
    groupBuys: [],
    holidays: [],
    seasonalTips: [{ tipId: 'summer', name: '时令水果上市', categories: ['水果', '冷饮'], nextDate: '2027-06-01' }],
    categories: [],
    segments: [],
    coupons: [],
    variables: [],
  };
  const rule = (tipId: string): CareRule => ({
    ruleId: 'rule-9',
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    version: 1,
    name: '夏季水果',
    trigger: { kind: 'seasonal', tipId, daysBefore: 2 },
    audience: { kind: 'everyone' },
    message: { templateId: 'tmpl-greeting', title: '时令推荐', page: 'pages/index/index', fields: [{ key: 'thing1', text: '{节日}' }] },
    gift: null,
    variant: null,
    survey: null,
    groupBuy: null,
    holdoutPercent: 0,
    sendTime: '10:00',
    staleAfterHours: 24,
    priority: 5,
    enabled: true,
  });

  it('shows the chosen tip with its next date and categories, and says when the tip was removed', async () => {
    const p = open(
      'staff/pages/care-rule/index',
      'admin',
      {
        'GET /v1/staff/care/options': { statusCode: 200, body: options },
        'GET /v1/staff/care/rules/rule-9': { statusCode: 200, body: rule('summer') },
      },
      { query: { id: 'rule-9' } },
    );
    await p.waitFor(() => p.root.querySelector('.care-seasonal-choice__next'), 'the chosen tip');
    expect(p.root.querySelector('.care-seasonal-choice__next')!.dom.textContent).toBe(
      '下一次：2027年6月1日，提前2天发送；发给近期买过水果、冷饮的会员',
    );
    p.root.detach();

    const gone = open(
      'staff/pages/care-rule/index',
      'admin',
      {
        'GET /v1/staff/care/options': { statusCode: 200, body: options },
        'GET /v1/staff/care/rules/rule-9': { statusCode: 200, body: rule('removed') },
      },
      { query: { id: 'rule-9' } },
    );
    await gone.waitFor(() => gone.root.querySelector('.care-seasonal-choice__missing'), 'the notice');
    expect(gone.root.dom.textContent).toContain('所选时令推荐已从时令日历删除');
  });
});
