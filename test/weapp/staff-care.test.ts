import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CareDelivery, CareEditorOptions, CareRule, CareRuleSummary } from '@linli/shared/care-rules';
import { assertWeappBuilt, modal, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// 关怀计划's staff pages in the weapp build (staff subpackage), against canned answers: what WeChat
// renders, what the pages send.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const OPTIONS: CareEditorOptions = {
  groupBuys: [],
  surveys: [{ surveyId: 'sv_1', name: '购物体验调查' }],
  holidays: [
    { key: 'mid-autumn-festival', name: '中秋节', kind: 'lunar', nextDate: '2027-09-15' },
    { key: 'seller:shop-day', name: '店庆', kind: 'seller', nextDate: '2027-06-18' },
  ],
  seasonalTips: [],
  segments: [{ segmentId: 'seg-1', name: '高价值老客' }],
  coupons: [{ rewardId: 'reward-1', name: '满50减10元券', stock: 12 }],
  variables: [{ label: '店铺名', example: '王阿姨水果店' }],
  categories: [
    { name: '婴儿奶粉', cadenceDays: 30, members: 12 },
    { name: '进口红酒', cadenceDays: null, members: 1 },
  ],
};

const RULE: CareRule = {
  ruleId: 'rule-1',
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-02T02:00:00.000Z',
  version: 3,
  name: '中秋问候',
  trigger: { kind: 'holiday', holiday: 'mid-autumn-festival', daysBefore: 3 },
  audience: { kind: 'segment', segmentId: 'seg-1' },
  message: {
    templateId: 'tmpl-greeting',
    title: '节日问候',
    page: 'pages/index/index',
    fields: [{ key: 'thing1', text: '{昵称}，{节日}快乐' }],
  },
  gift: { kind: 'coupon', rewardId: 'reward-1' },
  variant: null,
  survey: null,
  groupBuy: null,
  holdoutPercent: 10,
  sendTime: '09:30',
  staleAfterHours: 12,
  priority: 7,
  enabled: true,
};

const SUMMARIES: CareRuleSummary[] = [
  { ...RULE, last30Days: { planned: 40, sent: 31, skipped: 8, failed: 1 } },
  {
    ...RULE,
    ruleId: 'rule-2',
    name: '流失挽回',
    trigger: { kind: 'lifecycle', stages: ['at_risk'] },
    audience: { kind: 'everyone' },
    enabled: false,
    sendTime: '10:00',
    priority: 5,
    last30Days: { planned: 0, sent: 0, skipped: 0, failed: 0 },
  },
];

const delivery = (overrides: Partial<CareDelivery>): CareDelivery => ({
  deliveryId: 'd-1',
  ruleId: 'rule-1',
  ruleName: '中秋问候',
  memberId: 'mem-1',
  occasion: 'holiday:mid-autumn-festival#2026',
  occasionName: '中秋节',
  arm: 'a',
  status: 'sent',
  reason: null,
  sendAt: '2026-10-03T01:30:00.000Z',
  plannedAt: '2026-10-03T01:00:00.000Z',
  finishedAt: '2026-10-03T01:30:05.000Z',
  detail: null,
  ...overrides,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const tapText = (p: LoadedPage, selector: string, label: string) => {
  const node = p.root.querySelectorAll(selector).find((candidate) => candidate.dom.textContent?.trim() === label);
  if (!node) throw new Error(`No ${selector} reading ${label}; the page shows:\n${p.root.dom.textContent}`);
  node.dispatchEvent('tap');
};
const type = (p: LoadedPage, selector: string, value: string, index = 0) =>
  p.root.querySelectorAll(selector)[index]!.dispatchEvent('input', { detail: { value } });
const sent = (p: LoadedPage, method: string) => p.requests.filter((r) => r.method === method);

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

const SETTINGS_WITHOUT_DATES = {
  policy: { dailyCap: 1, weeklyCap: 2, quietHours: { start: '21:00', end: '09:00' } },
  shopName: '邻里生鲜',
  sellerOccasions: [],
  version: 4,
};

const SERVICE_NOTICES = [
  { ruleId: 'service-tier-change', kind: 'tier-change', name: '等级变更', last30Days: { planned: 1, sent: 5, skipped: 2, failed: 0 } },
  {
    ruleId: 'service-points-expiry',
    kind: 'points-expiry',
    name: '积分到期提醒',
    last30Days: { planned: 0, sent: 12, skipped: 3, failed: 0 },
  },
];

describe('关怀计划 list (weapp build)', () => {
  it('shows each rule in words with its last-30-day figures, and 新建 for admins only', async () => {
    const routes = {
      'GET /v1/staff/care/rules': { statusCode: 200, body: { items: SUMMARIES, serviceNotices: SERVICE_NOTICES } },
      'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
    };
    const p = open('staff/pages/care-rules/index', 'admin', routes);
    await p.waitFor(() => p.root.dom.textContent?.includes('高价值老客') || undefined, 'the rules with their segment names');
    expect(texts(p, '.care-rule-card .staff-row__name')).toEqual(['中秋问候', '流失挽回']);
    expect(texts(p, '.care-rule-card__line')).toEqual(['节日 中秋节 提前3天', '客户阶段变化 → 流失风险']);
    expect(texts(p, '.care-state')).toEqual(['已开启', '已关闭']);
    expect(texts(p, '.care-rule-card__meta')).toEqual([
      '发送对象：高价值老客 · 每天 09:30 发送 · 优先级 7',
      '发送对象：全部会员 · 每天 10:00 发送 · 优先级 5',
    ]);
    expect(p.root.querySelectorAll('.staff-row__figures')[0]!.dom.textContent).toBe('已发送 31未发送 8失败 1待发送 40');
    expect(p.root.dom.textContent).toContain('新建关怀计划');
    expect(p.root.dom.textContent).toContain('发送设置');
    expect(p.root.dom.textContent).toContain('失败消息');
    // The built-in service notices follow, read-only, with their figures.
    expect(texts(p, '.care-service-notice .staff-row__name')).toEqual(['服务通知：等级变更', '服务通知：积分到期提醒']);
    expect(p.root.querySelectorAll('.care-service-notice .staff-row__figures')[1]!.dom.textContent).toBe('已发送 12未发送 3失败 0待发送 0');
    expect(p.root.dom.textContent).not.toMatch(/rule-1|seg-1|mid-autumn|at_risk|tmpl-greeting|service-/);
    p.root.detach();

    const supervisor = open('staff/pages/care-rules/index', 'supervisor', routes);
    await supervisor.waitFor(() => supervisor.root.querySelector('.care-rule-card'), 'the rules');
    expect(supervisor.root.dom.textContent).not.toContain('新建关怀计划');
  });

  it('says what a rule is for when there are none', async () => {
    const p = open('staff/pages/care-rules/index', 'admin', {
      'GET /v1/staff/care/rules': { statusCode: 200, body: { items: [], serviceNotices: [] } },
      'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
    });
    await p.waitFor(() => p.root.dom.textContent?.includes('还没有关怀计划') || undefined, 'the empty state');
  });
});

describe('the rule editor (weapp build)', () => {
  it('creates a birthday rule: lunar rules explained, live field problems and preview, then POST with the form as typed', async () => {
    const redirects: Array<{ url: string }> = [];
    const p = open(
      'staff/pages/care-rule/index',
      'admin',
      {
        'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
        'POST /v1/staff/care/rules': (body) => ({ statusCode: 201, body: { ...RULE, ...(body as object), ruleId: 'rule-9', version: 1 } }),
      },
      {
        wx: {
          redirectTo: (options: { url: string; success?: (r: unknown) => void }) => {
            redirects.push(options);
            setTimeout(() => options.success?.({ errMsg: 'redirectTo:ok' }), 0);
          },
        },
      },
    );
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    // A birthday rule says how lunar birthdays are kept.
    expect(p.root.querySelector('.care-lunar')!.dom.textContent).toContain('闰月出生的生日');

    type(p, '.care-name', '生日祝福');
    type(p, '.care-template-id', 'tmpl-birthday');
    type(p, '.care-template-title', '生日祝福提醒');
    // An unknown variable is named at once, under its row, before anything is sent.
    type(p, '.care-field__text', '{姓名}生日快乐');
    await p.waitFor(() => p.root.querySelector('.care-field .care-error'), 'the live problem');
    expect(text(p, '.care-field .care-error')).toMatch(/^没有变量 \{姓名\}，可用的有/);
    type(p, '.care-field__text', '{店铺名}祝{昵称}生日快乐');
    await p.waitFor(() => !p.root.querySelector('.care-field .care-error'), 'the problem gone');
    // The preview fills in the examples, the shop's name as the server offers it.
    expect(texts(p, '.care-preview__value')[0]).toBe('王阿姨水果店祝小林生日快乐');
    tapText(p, '.segment-chip', '积分');
    await p.waitFor(() => p.root.querySelector('.care-number--gift-points'), 'the points box');
    type(p, '.care-number--gift-points', '200');
    tapText(p, '.segment-chip', '8');
    await settle();
    tapText(p, '.care-save', '创建');
    await p.waitFor(() => redirects.length === 1 || undefined, 'the saved rule opened');

    expect(sent(p, 'POST')[0]!.data).toEqual({
      name: '生日祝福',
      trigger: { kind: 'birthday', daysBefore: 0 },
      audience: { kind: 'everyone' },
      message: {
        templateId: 'tmpl-birthday',
        title: '生日祝福提醒',
        page: 'pages/index/index',
        fields: [
          { key: 'thing1', text: '{店铺名}祝{昵称}生日快乐' },
          { key: 'date2', text: '{日期}' },
        ],
      },
      gift: { kind: 'points', points: 200 },
      survey: null,
      groupBuy: null,
      variant: null,
      holdoutPercent: 0,
      sendTime: '10:00',
      staleAfterHours: 24,
      priority: 8,
      enabled: false,
    });
    expect(redirects[0]!.url).toBe('/staff/pages/care-rule/index?id=rule-9');
  });

  it('creates a replenishment rule: categories with their cadence, how the date is estimated, POST with the chosen ones', async () => {
    const p = open('staff/pages/care-rule/index', 'admin', {
      'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
      'POST /v1/staff/care/rules': (body) => ({ statusCode: 201, body: { ...RULE, ...(body as object), ruleId: 'rule-10', version: 1 } }),
    });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    tapText(p, '.segment-chip', '补货提醒');
    await p.waitFor(() => p.root.querySelector('.care-replenish-rule'), 'the replenishment trigger');
    expect(text(p, '.care-replenish-rule')).toContain('按每位会员自己的购买间隔推算');
    expect(texts(p, '.care-category')).toEqual(['婴儿奶粉（约每 30 天）', '进口红酒']);
    tapText(p, '.segment-chip', '婴儿奶粉（约每 30 天）');
    type(p, '.care-number--daysBefore', '3');
    type(p, '.care-name', '奶粉补货');
    type(p, '.care-template-id', 'tmpl-restock');
    type(p, '.care-template-title', '补货提醒');
    type(p, '.care-field__text', '{品类}快用完了吧');
    await settle();
    expect(texts(p, '.care-preview__value')[0]).toBe('婴儿奶粉快用完了吧');
    tapText(p, '.care-save', '创建');
    await p.waitFor(() => sent(p, 'POST').length === 1 || undefined, 'the save');
    expect(sent(p, 'POST')[0]!.data).toMatchObject({
      name: '奶粉补货',
      trigger: { kind: 'replenishment', daysBefore: 3, categories: ['婴儿奶粉'] },
      message: {
        fields: [
          { key: 'thing1', text: '{品类}快用完了吧' },
          { key: 'date2', text: '{日期}' },
        ],
      },
    });
  });

  it('creates a one-day rule to a segment that invites to a survey: the date picked, the survey chosen, POST with both', async () => {
    const p = open('staff/pages/care-rule/index', 'admin', {
      'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
      'POST /v1/staff/care/rules': (body) => ({ statusCode: 201, body: { ...RULE, ...(body as object), ruleId: 'rule-11', version: 1 } }),
    });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    tapText(p, '.segment-chip', '指定日期发送');
    await p.waitFor(() => p.root.querySelector('.care-once-picker'), 'the day picker');
    p.root.querySelector('.care-once-picker')!.dispatchEvent('change', { detail: { value: '2027-01-08' } });
    await settle();
    expect(text(p, '.care-once-day')).toContain('1月8日');
    tapText(p, '.segment-chip', '客户分群');
    await settle();
    tapText(p, '.segment-chip', '高价值老客');
    expect(texts(p, '.card__title')).toContain('邀请填写问卷');
    tapText(p, '.segment-chip', '购物体验调查');
    await settle();
    type(p, '.care-name', '会员心声');
    type(p, '.care-template-id', 'tmpl-survey');
    type(p, '.care-template-title', '问卷邀请');
    type(p, '.care-field__text', '{昵称}，邀请你聊聊购物体验');
    await settle();
    tapText(p, '.care-save', '创建');
    await p.waitFor(() => sent(p, 'POST').length === 1 || undefined, 'the save');
    expect(sent(p, 'POST')[0]!.data).toMatchObject({
      name: '会员心声',
      trigger: { kind: 'once', day: '2027-01-08' },
      audience: { kind: 'segment', segmentId: 'seg-1' },
      survey: 'sv_1',
    });
  });

  it('opens a new rule inviting to a 拼团 campaign: 指定日期发送 and the campaign chosen; choosing a survey lets it go', async () => {
    const p = open(
      'staff/pages/care-rule/index',
      'admin',
      {
        'GET /v1/staff/care/options': {
          statusCode: 200,
          body: { ...OPTIONS, groupBuys: [{ campaignId: 'gbc_1', name: '脐橙拼团' }] },
        },
        'POST /v1/staff/care/rules': (body) => ({ statusCode: 201, body: { ...RULE, ...(body as object), ruleId: 'rule-12', version: 1 } }),
      },
      { query: { groupBuy: 'gbc_1' } },
    );
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    expect(texts(p, '.card__title')).toContain('邀请参加拼团');
    await p.waitFor(() => p.root.querySelector('.care-once-picker'), 'the day picker');
    p.root.querySelector('.care-once-picker')!.dispatchEvent('change', { detail: { value: '2027-01-08' } });
    await settle();
    tapText(p, '.segment-chip', '购物体验调查');
    await settle();
    tapText(p, '.segment-chip', '脐橙拼团');
    await settle();
    type(p, '.care-template-id', 'tmpl-groupbuy');
    type(p, '.care-template-title', '拼团邀请');
    type(p, '.care-field__text', '{昵称}，脐橙拼团开始了');
    await settle();
    tapText(p, '.care-save', '创建');
    await p.waitFor(() => sent(p, 'POST').length === 1 || undefined, 'the save');
    expect(sent(p, 'POST')[0]!.data).toMatchObject({
      name: '脐橙拼团邀请',
      trigger: { kind: 'once', day: '2027-01-08' },
      groupBuy: 'gbc_1',
      survey: null,
    });
  });

  it('refuses a form with problems next to their fields and sends nothing', async () => {
    const p = open('staff/pages/care-rule/index', 'admin', { 'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS } });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    type(p, '.care-number--daysBefore', '40');
    await settle();
    tapText(p, '.care-save', '创建');
    await p.waitFor(() => p.root.querySelector('.notice--error'), 'the refusal');
    expect(p.root.dom.textContent).toContain('名称填 1 到 30 个字');
    expect(p.root.dom.textContent).toContain('提前天数填 0 到 30 的整数（0 为当天）');
    expect(p.root.dom.textContent).toContain('请填写模板 ID');
    expect(p.root.dom.textContent).toContain('请检查标红的项目');
    expect(sent(p, 'POST')).toHaveLength(0);
  });

  it('edits a saved rule with its version, says so in Chinese when someone saved first, and dry-runs it', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
      'GET /v1/staff/care/rules/rule-1': { statusCode: 200, body: RULE },
      'PUT /v1/staff/care/rules/rule-1': { statusCode: 409, body: { error: { code: 'CONFLICT', message: 'Stale version' } } },
      'POST /v1/staff/care/dry-run': {
        statusCode: 200,
        body: {
          day: '2026-11-26',
          due: 30,
          wouldSend: 21,
          // Reasons with none may be left out.
          skipped: { cap: 4, 'no-authorization': 2, 'held-out': 3, stale: 0 },
          notInAudience: 120,
          segmentMissing: false,
          sample: [{ memberId: 'mem-1', nickname: '林小满', occasionName: '中秋节' }],
        },
      },
    };
    const p = open('staff/pages/care-rule/index', 'admin', routes, { query: { id: 'rule-1' } });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    expect(p.root.querySelector('.care-name')!.data.value).toBe('中秋问候');
    expect(p.root.dom.textContent).toContain('下一次中秋节：2027年9月15日，提前3天发送');
    expect(p.root.dom.textContent).not.toContain('闰月出生的生日');

    tapText(p, '.care-action', '试运行');
    await p.waitFor(() => p.root.querySelector('.care-dry-run__headline'), 'the dry run');
    expect(text(p, '.care-dry-run__headline')).toBe('2026年11月26日会发送 21 人');
    const dryRun = p.root.querySelector('.care-result')!.dom.textContent!;
    expect(dryRun).toContain('超过发送频率上限4 人');
    expect(dryRun).toContain('未订阅该消息2 人');
    expect(dryRun).toContain('对照组（不发送）3 人');
    expect(dryRun).toContain('不在发送对象中120 人');
    // A reason with no one is not listed.
    expect(dryRun).not.toContain('已过时效');
    expect(dryRun).toContain('林小满 · 中秋节');
    expect(dryRun).not.toContain('mem-1');
    expect(sent(p, 'POST')[0]!.data).toMatchObject({ rule: { name: '中秋问候', gift: { kind: 'coupon', rewardId: 'reward-1' } } });

    type(p, '.care-name', '中秋节问候');
    await settle();
    tapText(p, '.care-save', '保存');
    await p.waitFor(() => p.root.querySelector('.tiers-reload'), 'the reload button');
    expect(p.root.dom.textContent).toContain('这条关怀计划已被他人修改，请重新加载后再改');
    expect(sent(p, 'PUT')[0]!.data).toMatchObject({ version: 3, rule: { name: '中秋节问候', priority: 7, holdoutPercent: 10 } });
  });

  it('deletes a rule only once confirmed', async () => {
    const asked: string[] = [];
    let deleted = 0;
    const p = open(
      'staff/pages/care-rule/index',
      'admin',
      {
        'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
        'GET /v1/staff/care/rules/rule-1': { statusCode: 200, body: RULE },
        'DELETE /v1/staff/care/rules/rule-1': () => {
          deleted++;
          return { statusCode: 204, body: '' };
        },
      },
      { query: { id: 'rule-1' }, wx: { showModal: modal(true, asked), redirectTo: () => undefined, navigateBack: () => undefined } },
    );
    await p.waitFor(() => p.root.querySelector('.care-delete'), 'the form');
    tapText(p, '.care-delete', '删除');
    await p.waitFor(() => deleted === 1 || undefined, 'the deletion');
    expect(asked).toEqual(['删除「中秋问候」？之后不再发送，已发送的记录仍保留。']);
  });

  it('shows a supervisor the rule read-only: no save, no delete', async () => {
    const p = open(
      'staff/pages/care-rule/index',
      'supervisor',
      {
        'GET /v1/staff/care/options': { statusCode: 200, body: OPTIONS },
        'GET /v1/staff/care/rules/rule-1': { statusCode: 200, body: RULE },
      },
      { query: { id: 'rule-1' } },
    );
    await p.waitFor(() => p.root.querySelector('.care-readonly'), 'the read-only notice');
    expect(texts(p, '.care-save')).toEqual(['发送记录']);
    expect(p.root.querySelector('.care-delete') ?? null).toBeNull();
    expect(p.root.querySelector('.care-name')!.data.disabled).toBe(true);
  });
});

describe('发送记录, 发送设置 and 失败消息 (weapp build)', () => {
  it('shows what the rule brought, lists its deliveries by nickname with status and reason in Chinese, why a failure failed in words, and filters by status', async () => {
    const p = open(
      'staff/pages/care-log/index',
      'supervisor',
      {
        'GET /v1/staff/care/rules/rule-1': { statusCode: 200, body: RULE },
        'GET /v1/staff/care/rules/rule-1/results': {
          statusCode: 200,
          body: {
            since: '2026-10-28',
            through: '2026-11-20',
            arms: [{ arm: 'a', members: 60, converted: 9, orders: 10, revenueFen: 45_600 }],
            holdout: { members: 7, converted: 1, orders: 1, revenueFen: 3_000 },
            lift: 0.05,
            tooFew: true,
            pending: 3,
          },
        },
        'GET /v1/staff/care/rules/rule-1/deliveries': {
          statusCode: 200,
          body: {
            items: [
              delivery({ nickname: '小林' }),
              delivery({ deliveryId: 'd-2', status: 'skipped', reason: 'cap' }),
              delivery({ deliveryId: 'd-3', status: 'failed', detail: '40037 invalid template_id rid: 6566f0b1' }),
            ],
            nextCursor: 'next-page',
          },
        },
      },
      { query: { id: 'rule-1' } },
    );
    await p.waitFor(() => p.root.querySelector('.care-delivery'), 'the deliveries');
    // What the rule brought, a group a row with units, under the warning that so few mean little.
    await p.waitFor(() => p.root.querySelector('.care-results'), 'the results');
    expect(text(p, '.care-results__warning')).toContain('仅供参考');
    expect(texts(p, '.care-results__row')).toEqual([
      '组别人数下单人数下单率订单金额',
      '已发送60 人9 人15.0%10 笔¥456.00',
      '对照组7 人1 人14.3%1 笔¥30.00',
    ]);
    expect(text(p, '.care-results__lift')).toBe('下单率比对照组高 5.0%');
    expect(text(p, '.care-results')).toContain('统计 10月28日至11月20日发出的消息');
    expect(texts(p, '.care-delivery__status')).toEqual(['已发送', '未发送：超过发送频率上限', '发送失败']);
    expect(texts(p, '.care-delivery .staff-row__name')).toEqual(['小林', '会员', '会员']);
    expect(text(p, '.care-delivery .care-rule-card__meta')).toBe('中秋节 · 2026-10-03 09:30');
    // Why it failed in words, never WeChat's code and English.
    expect(text(p, '.care-delivery__detail')).toBe('模板 ID 无效：请核对关怀计划中的模板 ID 是否与公众平台一致');
    expect(p.root.dom.textContent).toContain('加载更多');

    tapText(p, '.segment-chip', '发送失败');
    await p.waitFor(() => p.requests.some((request) => request.url.includes('status=failed')) || undefined, 'the filtered load');
  });

  it('saves the caps and quiet hours with the version read', async () => {
    const stored = {
      policy: { dailyCap: 1, weeklyCap: 2, quietHours: { start: '21:00', end: '09:00' } },
      shopName: '邻里生鲜',
      sellerOccasions: [{ id: 'shop-day', name: '店庆', monthDay: '06-18' }],
      version: 4,
    };
    const p = open('staff/pages/care-settings/index', 'admin', {
      'GET /v1/staff/care/settings': { statusCode: 200, body: stored },
      'PUT /v1/staff/care/settings': (body) => ({ statusCode: 200, body: { ...(body as object), version: 5 } }),
    });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    expect(p.root.querySelector('.care-occasion__when')!.dom.textContent).toBe('每年 6月18日');
    type(p, '.care-settings--weeklyCap', '3');
    await settle();
    tapText(p, '.care-save', '保存');
    await p.waitFor(() => sent(p, 'PUT').length === 1 || undefined, 'the save');
    expect(sent(p, 'PUT')[0]!.data).toEqual({ ...stored, policy: { ...stored.policy, weeklyCap: 3 } });
  });

  it('says in Chinese when someone saved the settings first and starts again from theirs on 重新加载', async () => {
    const stored = SETTINGS_WITHOUT_DATES;
    let reads = 0;
    const p = open('staff/pages/care-settings/index', 'admin', {
      'GET /v1/staff/care/settings': () => ({
        statusCode: 200,
        body: reads++ === 0 ? stored : { ...stored, shopName: '邻里果园', version: 5 },
      }),
      'PUT /v1/staff/care/settings': { statusCode: 409, body: { error: { code: 'CONFLICT', message: 'Stale version' } } },
    });
    await p.waitFor(() => p.root.querySelector('.care-save'), 'the form');
    type(p, '.care-settings--shopName', '邻里超市');
    await settle();
    tapText(p, '.care-save', '保存');
    await p.waitFor(() => p.root.querySelector('.tiers-reload'), 'the conflict');
    expect(text(p, '.notice--error')).toBe('发送设置已被他人修改，请重新加载后再改');
    tapText(p, '.tiers-reload', '重新加载');
    await p.waitFor(() => (p.root.querySelector('.tiers-reload') ? undefined : true), 'the reload');
    await p.waitFor(() => p.root.querySelector('.care-settings--shopName')?.data.value === '邻里果园' || undefined, 'their name');
    expect(p.root.querySelector('.notice--error') ?? null).toBeNull();
  });

  it('shows a supervisor the settings read-only: the notice, no save', async () => {
    const p = open('staff/pages/care-settings/index', 'supervisor', {
      'GET /v1/staff/care/settings': { statusCode: 200, body: SETTINGS_WITHOUT_DATES },
    });
    await p.waitFor(() => p.root.querySelector('.care-readonly'), 'the read-only notice');
    expect(text(p, '.care-readonly')).toBe('仅管理员可以修改发送设置，您可以查看当前设置。');
    expect(p.root.querySelector('.care-save') ?? null).toBeNull();
  });

  it('retries a dead letter (admins)', async () => {
    const p = open('staff/pages/care-dead-letters/index', 'admin', {
      'GET /v1/staff/care/dead-letters': {
        statusCode: 200,
        body: {
          items: [
            {
              messageId: 'msg-1',
              deadAt: '2026-11-26T02:00:00.000Z',
              receiveCount: 5,
              delivery: delivery({ status: 'failed', detail: '-1 system error', nickname: '小林' }),
            },
          ],
        },
      },
      'POST /v1/staff/care/dead-letters/msg-1/retry': { statusCode: 204, body: '' },
    });
    await p.waitFor(() => p.root.querySelector('.care-retry'), 'the dead letter');
    expect(texts(p, '.care-rule-card__meta')).toEqual(['小林 · 中秋节', '2026-11-26 10:00 停止重试 · 共尝试 5 次']);
    expect(text(p, '.care-delivery__detail')).toBe('微信系统繁忙');
    tapText(p, '.care-retry', '重试');
    await p.waitFor(() => p.root.dom.textContent?.includes('已重新放入发送队列') || undefined, 'the retry');
    expect(sent(p, 'POST').map((request) => request.url)).toEqual(['http://127.0.0.1:3000/v1/staff/care/dead-letters/msg-1/retry']);
    expect(p.root.querySelector('.care-retry') ?? null).toBeNull();
  });
});
