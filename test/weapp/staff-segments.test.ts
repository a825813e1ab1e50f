import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { Segment, SegmentMember, SegmentMemberPage } from '@linli/shared/segments';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, modal, text, texts } from './wechat-simulator';

// 客户列表, a saved segment and the segment builder in the weapp build (staff subpackage), against
// canned answers: what WeChat renders, what the pages send.
const session = (role: string) => ({ token: `tok-${role}`, expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', role] });

const TIERS = {
  tiers: [
    { code: 'regular', name: '普通会员', minGrowth: 0, rights: rights() },
    { code: 'gold', name: '金卡会员', minGrowth: 5000, rights: rights() },
  ],
  growthWindowMonths: 12,
  downgradeGraceDays: 30,
};
function rights() {
  return { pointsMultiplier: 1, freeShipping: false, priorityService: false, birthdayGiftPoints: 0, exclusiveRewards: false };
}

const member = (overrides: Partial<SegmentMember>): SegmentMember => ({
  memberId: 'mem-1',
  nickname: '林小满',
  phoneMasked: '138****1234',
  tierCode: 'gold',
  stage: 'at_risk',
  rfmClass: 'important_winback',
  riskBand: 'high',
  clv12mFen: 45_600,
  lastOrderDay: '2026-09-01',
  joinedDay: '2026-01-05',
  ...overrides,
});

const SEGMENT: Segment = {
  segmentId: 'seg-1',
  name: '流失预警老客',
  rule: {
    op: 'and',
    conditions: [
      { field: 'stage', in: ['at_risk', 'loyal'] },
      { field: 'lastOrderDaysAgo', max: 89 },
    ],
  },
  version: 3,
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-25T02:00:00.000Z',
};

const MEMBERS: SegmentMemberPage = {
  items: [
    member({}),
    member({ memberId: 'mem-2', nickname: null, phoneMasked: null, stage: 'loyal', riskBand: 'low', tierCode: 'regular' }),
  ],
  count: 2,
  nextCursor: null,
  asOf: '2026-11-26',
};

/** A wx API that records its options and succeeds with `result`. */
function recorded(calls: unknown[], result: Record<string, unknown> = {}) {
  return (options: Record<string, unknown> & { success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    calls.push(options);
    setTimeout(() => {
      options.success?.({ errMsg: 'ok', ...result });
      options.complete?.({ errMsg: 'ok', ...result });
    }, 0);
  };
}

const tap = (p: LoadedPage, selector: string, label: string) => {
  const node = p.root.querySelectorAll(selector).find((candidate) => candidate.dom.textContent?.trim() === label);
  if (!node) throw new Error(`No ${selector} reading ${label}; the page shows:\n${p.root.dom.textContent}`);
  node.dispatchEvent('tap');
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

describe('a saved segment (weapp build)', () => {
  it('shows its rule, count and members in Chinese, exports the CSV to forward, and deletes only once confirmed', async () => {
    const downloads: unknown[] = [];
    const shares: unknown[] = [];
    const redirects: unknown[] = [];
    const asked: string[] = [];
    let deleted = 0;
    const routes: Record<string, CannedResponse | (() => CannedResponse)> = {
      'GET /v1/staff/segments/seg-1': { statusCode: 200, body: SEGMENT },
      'GET /v1/staff/segments/seg-1/members': { statusCode: 200, body: MEMBERS },
      'GET /v1/tiers': { statusCode: 200, body: TIERS },
      'DELETE /v1/staff/segments/seg-1': () => {
        deleted++;
        return { statusCode: 204, body: '' };
      },
    };
    const p = (page = openPage('staff/pages/segment/index', {
      storage: { 'linli.session': session('supervisor') },
      routes,
      query: { id: 'seg-1' },
      wx: {
        downloadFile: recorded(downloads, { statusCode: 200, tempFilePath: 'wxfile://tmp/segment.csv' }),
        shareFileMessage: recorded(shares),
        showModal: modal(true, asked),
        redirectTo: recorded(redirects),
      },
    }));
    await p.waitFor(() => p.root.querySelector('.segment-member'), 'the members');
    await p.waitFor(() => p.root.dom.textContent?.includes('金卡会员') || undefined, 'the tier names');
    expect(text(p, '.segment-head__name')).toBe('流失预警老客');
    expect(text(p, '.segment-head__rule')).toBe('生命周期：流失风险、忠诚 且 最近购买：90 天内');
    expect(text(p, '.segment-summary__count')).toBe('共 2 位客户');
    expect(p.root.dom.textContent).toContain('数据截至 11月26日');
    expect(texts(p, '.segment-member .staff-row__name')).toEqual(['林小满', '未设置昵称']);
    expect(texts(p, '.segment-member .staff-tier')).toEqual(['金卡会员', '普通会员']);
    expect(p.root.dom.textContent).toContain('12个月价值 ¥456.00');
    expect(p.root.dom.textContent).not.toMatch(/at_risk|important_winback|gold/);

    tap(p, '.segment-head__action', '导出 CSV');
    await p.waitFor(() => shares.length === 1 || undefined, 'the share sheet', 5000);
    expect(downloads[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/v1/staff/segments/seg-1/members.csv',
      header: { authorization: 'Bearer tok-supervisor' },
    });
    expect(shares[0]).toMatchObject({ filePath: 'wxfile://tmp/segment.csv', fileName: '客户分群-流失预警老客.csv' });

    tap(p, '.segment-head__action', '删除');
    await p.waitFor(() => redirects.length === 1 || undefined, 'back to the list', 15_000);
    expect(asked).toEqual(['删除「流失预警老客」？只删除分群条件，不影响客户。']);
    expect(deleted).toBe(1);
    expect(redirects[0]).toMatchObject({ url: '/staff/pages/segments/index' });
  });

  it('keeps the segment when the operator cancels the deletion', async () => {
    const asked: string[] = [];
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/segments/seg-1': { statusCode: 200, body: SEGMENT },
      'GET /v1/staff/segments/seg-1/members': { statusCode: 200, body: MEMBERS },
    };
    const p = (page = openPage('staff/pages/segment/index', {
      storage: { 'linli.session': session('admin') },
      routes,
      query: { id: 'seg-1' },
      wx: { showModal: modal(false, asked) },
    }));
    await p.waitFor(() => p.root.querySelector('.segment-member'), 'the members');
    tap(p, '.segment-head__action', '删除');
    await p.waitFor(() => asked.length === 1 || undefined, 'the question');
    await settle();
    expect(p.requests.some((request) => request.method === 'DELETE')).toBe(false);
  });
});

describe('the segment builder (weapp build)', () => {
  it('loads a saved segment into rows, counts it live, and saves it with the version it read', async () => {
    const previews: unknown[] = [];
    const puts: unknown[] = [];
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/staff/segments/seg-1': { statusCode: 200, body: SEGMENT },
      'GET /v1/tiers': { statusCode: 200, body: TIERS },
      'GET /v1/staff/tags': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/segment-previews': (data) => {
        previews.push(data);
        return { statusCode: 200, body: { count: 37, sample: [member({})], asOf: '2026-11-26' } };
      },
      'PUT /v1/staff/segments/seg-1': (data) => {
        puts.push(data);
        return { statusCode: 200, body: { ...SEGMENT, version: 4 } };
      },
    };
    const p = (page = openPage('staff/pages/segment-builder/index', {
      storage: { 'linli.session': session('supervisor') },
      routes,
      query: { id: 'seg-1' },
      wx: { redirectTo: recorded([]), navigateBack: recorded([]) },
    }));
    await p.waitFor(() => (text(p, '.segment-count__value') === '37' ? true : undefined), 'the live count', 5000);
    expect(previews).toEqual([{ rule: SEGMENT.rule }]);
    expect(texts(p, '.rule-row__title')).toEqual(['生命周期', '最近购买']);
    expect(texts(p, '.rule-row .segment-chip--on')).toEqual(['忠诚', '流失风险', '近 N 天内买过', '90 天']);
    expect(p.root.dom.textContent).toContain('数据截至 11月26日');

    // 忠诚 off: the count is asked again for the narrower rule.
    tap(p, '.rule-row .segment-chip', '忠诚');
    await p.waitFor(() => previews.length === 2 || undefined, 'the second count', 5000);
    expect(previews[1]).toEqual({
      rule: { ...SEGMENT.rule, conditions: [{ field: 'stage', in: ['at_risk'] }, SEGMENT.rule.conditions[1]] },
    });

    tap(p, '.segment-savebar__save', '保存分群');
    await p.waitFor(() => puts.length === 1 || undefined, 'the save');
    expect(puts[0]).toEqual({
      name: '流失预警老客',
      version: 3,
      rule: {
        op: 'and',
        conditions: [
          { field: 'stage', in: ['at_risk'] },
          { field: 'lastOrderDaysAgo', max: 89 },
        ],
      },
    });
  });

  it('says in Chinese when the name is taken or someone else saved first, and offers the newer version', async () => {
    let answer: CannedResponse = { statusCode: 409, body: { error: { code: 'SEGMENT_NAME_TAKEN', message: 'taken' } } };
    const routes: Record<string, CannedResponse | (() => CannedResponse)> = {
      'GET /v1/staff/segments/seg-1': { statusCode: 200, body: SEGMENT },
      'GET /v1/tiers': { statusCode: 200, body: TIERS },
      'GET /v1/staff/tags': { statusCode: 200, body: { items: [] } },
      'POST /v1/staff/segment-previews': { statusCode: 200, body: { count: 5, sample: [], asOf: null } },
      'PUT /v1/staff/segments/seg-1': () => answer,
    };
    const p = (page = openPage('staff/pages/segment-builder/index', {
      storage: { 'linli.session': session('admin') },
      routes,
      query: { id: 'seg-1' },
    }));
    // The count first: no preview is left pending when the page goes.
    await p.waitFor(() => (text(p, '.segment-count__value') === '5' ? true : undefined), 'the live count', 5000);
    tap(p, '.segment-savebar__save', '保存分群');
    expect(await p.waitFor(() => text(p, '.card .notice--error'), 'the name refused')).toBe(ERROR_TEXT_ZH.SEGMENT_NAME_TAKEN);

    answer = { statusCode: 409, body: { error: { code: 'CONFLICT', message: 'stale' } } };
    tap(p, '.segment-savebar__save', '保存分群');
    expect(await p.waitFor(() => text(p, '.segment-failure .notice--error'), 'the conflict')).toBe(ERROR_TEXT_ZH.CONFLICT);
    expect(text(p, '.segment-failure .btn')).toBe('载入最新版本（放弃本次修改）');
  });

  it('sends nothing while a row is incomplete, and says what is missing', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/tiers': { statusCode: 200, body: TIERS },
      'GET /v1/staff/tags': { statusCode: 200, body: { items: [] } },
    };
    const p = (page = openPage('staff/pages/segment-builder/index', { storage: { 'linli.session': session('supervisor') }, routes }));
    await p.waitFor(() => p.root.querySelector('.segment-builder__name'), 'the builder');
    p.root.querySelector('.segment-builder__name')!.dispatchEvent('input', { detail: { value: '高价值' } });
    await settle();
    tap(p, '.segment-action', '＋ 添加条件');
    await p.waitFor(() => p.root.querySelector('.field-picker'), 'the field picker');
    tap(p, '.field-picker .segment-chip', '12个月价值');
    await p.waitFor(() => p.root.querySelector('.rule-row'), 'the row');
    tap(p, '.segment-savebar__save', '保存分群');
    expect(await p.waitFor(() => text(p, '.rule-row__error'), 'the row error')).toBe('请填写最低值或最高值');
    expect(text(p, '.segment-failure .notice--error')).toBe('请先完善标红的条件');
    await settle();
    expect(p.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });
});

describe('客户列表 (weapp build)', () => {
  it('asks for the chosen stage and shows how many match', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/tiers': { statusCode: 200, body: TIERS },
      'GET /v1/staff/tags': { statusCode: 200, body: { items: [{ tag: '老客', kind: 'manual', ruleId: null, memberCount: 3 }] } },
      'GET /v1/staff/customers': { statusCode: 200, body: MEMBERS },
    };
    const p = (page = openPage('staff/pages/customer-list/index', { storage: { 'linli.session': session('agent') }, routes }));
    await p.waitFor(() => p.root.querySelector('.segment-member'), 'the list');
    // Unfiltered, the list is every member: no count.
    expect(p.root.querySelector('.segment-summary__count') ?? null).toBeNull();
    tap(p, '.segment-toolbar .segment-chip', '筛选 ▼');
    await p.waitFor(() => p.root.querySelector('.segment-filters'), 'the filters');
    await p.waitFor(() => p.root.dom.textContent?.includes('老客（3）') || undefined, 'the shop’s tags');
    tap(p, '.segment-filters .segment-chip', '忠诚');
    await p.waitFor(() => text(p, '.segment-summary__count'), 'the count');
    const calls = p.requests.filter((request) => request.url.includes('/v1/staff/customers'));
    expect(calls.map((request) => request.url)).toEqual([
      'http://127.0.0.1:3000/v1/staff/customers?limit=20',
      'http://127.0.0.1:3000/v1/staff/customers?stage=loyal&limit=20',
    ]);
    expect(text(p, '.segment-summary__count')).toBe('共 2 位客户');
  });
});
