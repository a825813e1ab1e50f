import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MemberView } from '@linli/shared/members';
import { DEFAULT_TIERS, TIER_CONFIG_MESSAGES, tierProgress, type StoredTierConfig, type TierLadder } from '@linli/shared/tiers';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

const MEMBER_SESSION = { token: 'tok-weapp', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member'] };
const ADMIN_SESSION = { token: 'tok-admin', expiresAt: '2099-01-01T00:00:00.000Z', roles: ['member', 'admin'] };

const tier = (code: string) => DEFAULT_TIERS.find((t) => t.code === code)!;

function memberView(tierCode: string, growth: number): MemberView {
  const held = tier(tierCode);
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    tier: { code: held.code, name: held.name },
    tierProgress: tierProgress(DEFAULT_TIERS, held, growth),
    points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: '03-08',
    phoneMasked: '138****1234',
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: '8H3K2Q9T',
    stats: { orderCount: 3, totalSpentFen: 180_000, firstOrderAt: '2026-11-02T03:00:00.000Z', lastOrderAt: '2026-11-20T03:00:00.000Z' },
  };
}

const LADDER: TierLadder = { tiers: [...DEFAULT_TIERS], growthWindowMonths: 12, downgradeGraceDays: 45 };

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

let page: LoadedPage | undefined;
let restoreNavigate: (() => void) | undefined;

beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
  restoreNavigate?.();
  restoreNavigate = undefined;
});

/** Records where the page navigates (the simulator's own navigateTo still answers). */
function recordNavigation(): string[] {
  const wx = (globalThis as Record<string, any>).wx;
  const original = wx.navigateTo;
  const urls: string[] = [];
  wx.navigateTo = (options: { url: string }) => {
    urls.push(options.url);
    return original(options);
  };
  restoreNavigate = () => {
    wx.navigateTo = original;
  };
  return urls;
}

describe('member card: growth and the next tier (weapp build in miniprogram-simulate)', () => {
  it('a middle tier: growth, the bar towards 金卡会员, what is missing and the current rights; a tap opens 会员等级', async () => {
    const p = (page = openPage('pages/index/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: memberView('silver', 1800) } },
    }));
    const urls = recordNavigation();
    await p.waitFor(() => p.root.querySelector('.tier-progress'), 'the progress block');
    expect(text(p, '.member-card__tier')).toBe('银卡会员');
    expect(text(p, '.tier-progress__growth')).toBe('1800');
    expect(text(p, '.tier-progress__target')).toBe('/ 5000');
    expect(text(p, '.tier-progress__to-next')).toBe('再获得 3200 成长值升级为 金卡会员');
    expect(text(p, '.tier-progress__rights')).toBe('积分 1.2 倍 · 生日礼 100 积分');
    expect(p.root.querySelector('.tier-progress__fill')!.dom.getAttribute('style')).toMatch(/width:\s*36%/);
    // The tier block asks for nothing more than the member (the survey invitation beside it is its own ask).
    expect(p.requests.map((r) => new URL(r.url).pathname).filter((path) => path !== '/v1/me/survey-card')).toEqual(['/v1/me']);

    p.root.querySelector('.tier-progress')!.dispatchEvent('tap');
    await p.waitFor(() => urls.length > 0, 'the navigation');
    expect(urls).toEqual(['/pages/tiers/index']);
  });

  it('the top tier: a full bar and 已是最高等级', async () => {
    const p = (page = openPage('pages/index/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: { 'GET /v1/me': { statusCode: 200, body: memberView('diamond', 26_000) } },
    }));
    await p.waitFor(() => p.root.querySelector('.tier-progress'), 'the progress block');
    expect(text(p, '.member-card__tier')).toBe('钻石会员');
    expect(text(p, '.tier-progress__growth')).toBe('26000');
    expect(p.root.querySelector('.tier-progress__target') ?? null).toBeNull();
    expect(text(p, '.tier-progress__to-next')).toBe('已是最高等级');
    expect(text(p, '.tier-progress__rights')).toBe('积分 2 倍 · 包邮 · 优先客服 · 生日礼 800 积分 · 专属礼品');
    expect(p.root.querySelector('.tier-progress__fill')!.dom.getAttribute('style')).toMatch(/width:\s*100%/);
  });

  it('offers 等级设置 to admins only (in 我的, the staff workbench)', async () => {
    const me = { 'GET /v1/me': { statusCode: 200, body: memberView('silver', 1800) } };
    let p = (page = openPage('pages/me/index', { storage: { 'linli.session': { ...ADMIN_SESSION } }, routes: me }));
    await p.waitFor(() => p.root.querySelector('.me-head'), '我的');
    expect(texts(p, '.cell__label')).toContain('等级设置');
    p.root.detach();

    p = page = openPage('pages/me/index', {
      storage: { 'linli.session': { ...ADMIN_SESSION, roles: ['member', 'supervisor'] } },
      routes: me,
    });
    await p.waitFor(() => p.root.querySelector('.me-head'), '我的');
    expect(texts(p, '.cell__label')).toContain('礼品管理');
    expect(texts(p, '.cell__label')).not.toContain('等级设置');
  });
});

describe('会员等级 page (weapp build in miniprogram-simulate)', () => {
  it("lists the whole ladder with thresholds and rights, marks the member's tier and explains growth", async () => {
    const p = (page = openPage('pages/tiers/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: {
        'GET /v1/tiers': { statusCode: 200, body: LADDER },
        'GET /v1/me': { statusCode: 200, body: memberView('silver', 1800) },
      },
    }));
    await p.waitFor(() => p.root.querySelector('.tier-row'), 'the ladder');
    expect(texts(p, '.tier-row__name')).toEqual(['普通会员', '银卡会员', '金卡会员', '钻石会员']);
    expect(texts(p, '.tier-row__threshold')).toEqual(['成长值 ≥ 0', '成长值 ≥ 1000', '成长值 ≥ 5000', '成长值 ≥ 20000']);
    expect(texts(p, '.tier-row__rights')).toEqual([
      '积分 1 倍生日礼 50 积分',
      '积分 1.2 倍生日礼 100 积分',
      '积分 1.5 倍包邮生日礼 300 积分专属礼品',
      '积分 2 倍包邮优先客服生日礼 800 积分专属礼品',
    ]);
    // Only the member's own tier is marked.
    const rows = p.root.querySelectorAll('.tier-row');
    expect(rows.map((row) => row.dom.className.includes('tier-row--current'))).toEqual([false, true, false, false]);
    expect(texts(p, '.tier-row__current')).toEqual(['当前等级']);
    expect(rows[1]!.dom.textContent).toContain('当前等级');
    expect(texts(p, '.tier-row__missing')).toEqual(['还差 3200 成长值', '还差 18200 成长值']);

    expect(text(p, '.tiers-hero__tier')).toBe('银卡会员');
    expect(text(p, '.tiers-hero__to-next')).toBe('再获得 3200 成长值升级为 金卡会员');
    const rules = text(p, '.tier-rules')!;
    expect(rules).toContain('近12个月实付金额每1元计1成长值；退款扣减');
    expect(rules).toContain('降级前有 45 天保级期');
    expect(p.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`).sort()).toEqual(['GET /v1/me', 'GET /v1/tiers']);
  });

  it('shows the error with a retry when the ladder cannot be loaded', async () => {
    const p = (page = openPage('pages/tiers/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: {
        'GET /v1/tiers': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } },
        'GET /v1/me': { statusCode: 200, body: memberView('silver', 1800) },
      },
    }));
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the error');
    expect(text(p, '.state-box__action')).toBe('重试');
  });
});

describe('积分商城 tier names (weapp build in miniprogram-simulate)', () => {
  const restricted = {
    rewardId: 'rw-3',
    kind: 'coupon',
    name: '金卡专享券',
    description: '',
    pointsPrice: 300,
    stock: 12,
    perMemberLimit: 1,
    tierCodes: ['gold', 'diamond'],
    availableFrom: '2026-11-01T00:00:00.000Z',
    availableUntil: '2099-12-31T16:00:00.000Z',
    coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    goods: null,
    active: true,
    version: 1,
    redeemedByMe: 0,
    ineligible: 'tier_restricted',
  };

  it('names restricted tiers as the configured ladder does', async () => {
    const renamed = { ...LADDER, tiers: LADDER.tiers.map((t) => (t.code === 'gold' ? { ...t, name: '黄金会员' } : t)) };
    const p = (page = openPage('pages/mall/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: {
        'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1280, items: [restricted] } },
        'GET /v1/tiers': { statusCode: 200, body: renamed },
      },
    }));
    await p.waitFor(() => text(p, '.mall-reward__action') === '仅限黄金会员、钻石会员', 'the configured names');
    expect(text(p, '.mall-reward__limits')).toContain('仅限黄金会员、钻石会员');
  });

  it('falls back to the built-in names when the ladder cannot be loaded', async () => {
    const p = (page = openPage('pages/mall/index', {
      storage: { 'linli.session': MEMBER_SESSION },
      routes: {
        'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1280, items: [restricted] } },
        'GET /v1/tiers': { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'x' } } },
      },
    }));
    await p.waitFor(() => p.requests.length === 2 && text(p, '.mall-reward__action'), 'the reward');
    await settle();
    expect(text(p, '.mall-reward__action')).toBe('仅限金卡会员、钻石会员');
    expect(p.root.querySelector('.state-box') ?? null).toBeNull();
  });
});

describe('等级设置 (weapp build in miniprogram-simulate, staff subpackage)', () => {
  const STORED: StoredTierConfig = { tiers: [...DEFAULT_TIERS], downgradeGraceDays: 30, version: 3, updatedAt: '2026-11-18T02:00:00.000Z' };

  function open(routes: Record<string, CannedResponse>) {
    page = openPage('staff/pages/tiers/index', { storage: { 'linli.session': ADMIN_SESSION }, routes });
    return page;
  }
  // The simulator searches from the page root only: find a row's nodes by their place in the DOM.
  const inRow = (p: LoadedPage, index: number, selector: string) => {
    const row = p.root.querySelectorAll('.tiers-row')[index]!;
    return p.root.querySelectorAll(selector).filter((node) => row.dom.contains(node.dom));
  };
  const input = (p: LoadedPage, index: number, field: string) => inRow(p, index, `.tiers-input--${field}`)[0]!;
  const errorsIn = (p: LoadedPage, index: number) => inRow(p, index, '.tiers-field-error').map((node) => node.dom.textContent);
  const type = (p: LoadedPage, index: number, field: string, value: string) =>
    input(p, index, field).dispatchEvent('input', { detail: { value } });
  const puts = (p: LoadedPage) => p.requests.filter((r) => r.method === 'PUT');

  it('edits the ladder and sends it with PUT and the loaded version', async () => {
    const saved: StoredTierConfig = { ...STORED, version: 4, updatedAt: '2026-11-20T02:00:00.000Z' };
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/tiers': { statusCode: 200, body: STORED },
      'PUT /v1/staff/tiers': { statusCode: 200, body: saved },
    };
    const p = open(routes);
    await p.waitFor(() => p.root.querySelectorAll('.tiers-row').length === 4, 'the four tiers');
    // Operators see the tiers' names; the codes stay internal.
    expect(p.root.querySelectorAll('.tiers-input--name')).toHaveLength(4);
    for (const code of ['regular', 'silver', 'gold', 'diamond']) expect(p.root.dom.textContent).not.toContain(code);
    expect(p.root.dom.textContent).not.toContain('代码');
    // The base tier cannot be removed.
    expect(inRow(p, 0, '.tiers-remove')).toHaveLength(0);
    expect(inRow(p, 1, '.tiers-remove')).toHaveLength(1);

    type(p, 2, 'minGrowth', '6000');
    type(p, 2, 'pointsMultiplier', '1.6');
    inRow(p, 1, '.tiers-toggle--freeShipping')[0]!.dispatchEvent('tap');
    await settle();
    p.root.querySelector('.tiers-add')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelectorAll('.tiers-row').length === 5, 'the new tier');
    type(p, 4, 'name', '黑卡会员');
    type(p, 4, 'minGrowth', '50000');
    p.root.querySelector('.tiers-input--downgradeGraceDays')!.dispatchEvent('input', { detail: { value: '60' } });
    await settle();

    p.root.querySelector('.tiers-save')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.tiers-saved'), 'the saved notice');
    expect(puts(p)).toHaveLength(1);
    const body = puts(p)[0]!.data as { tiers: Array<Record<string, any>>; downgradeGraceDays: number; version: number };
    expect(body.version).toBe(3);
    expect(body.downgradeGraceDays).toBe(60);
    expect(body.tiers.map((t) => [t.code, t.minGrowth])).toEqual([
      ['regular', 0],
      ['silver', 1000],
      ['gold', 6000],
      ['diamond', 20000],
      ['tier-1', 50000],
    ]);
    expect(body.tiers[1]!.rights.freeShipping).toBe(true);
    expect(body.tiers[2]!.rights.pointsMultiplier).toBe(1.6);
    // The new tier's code was made for it, unseen by the admin.
    expect(body.tiers[4]).toEqual({ code: 'tier-1', name: '黑卡会员', minGrowth: 50000, rights: DEFAULT_TIERS[3]!.rights });
    expect(text(p, '.tiers-saved')).toContain('版本 4');
  });

  it('puts the 400 issues next to their fields, and offers 重新加载 on 409', async () => {
    const routes: Record<string, CannedResponse> = {
      'GET /v1/staff/tiers': { statusCode: 200, body: STORED },
      'PUT /v1/staff/tiers': {
        statusCode: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The tiers do not form a valid ladder',
            issues: [
              { path: 'tiers.2.minGrowth', message: TIER_CONFIG_MESSAGES.notIncreasing },
              { path: 'tiers.1.rights.pointsMultiplier', message: 'Too big: expected number to be <=10' },
            ],
          },
        },
      },
    };
    const p = open(routes);
    await p.waitFor(() => p.root.querySelector('.tiers-save'), 'the form');
    p.root.querySelector('.tiers-save')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.tiers-field-error'), 'the field errors');
    expect(errorsIn(p, 2)).toEqual(['门槛须高于上一个等级，不能重叠']);
    expect(errorsIn(p, 1)).toEqual(['积分倍数填 1 到 10，最多两位小数，如 1.2']);
    expect(errorsIn(p, 0)).toEqual([]);
    expect(errorsIn(p, 3)).toEqual([]);
    expect(text(p, '.tiers-error')).toBe('填写的内容有误，请检查后重试');

    // Editing the field drops its complaint.
    type(p, 2, 'minGrowth', '5500');
    await p.waitFor(() => errorsIn(p, 2).length === 0, 'the cleared error');
    expect(errorsIn(p, 1)).toHaveLength(1);

    // Someone saved meanwhile.
    routes['PUT /v1/staff/tiers'] = { statusCode: 409, body: { error: { code: 'CONFLICT', message: 'stale' } } };
    p.root.querySelector('.tiers-save')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.tiers-reload'), 'the reload button');
    expect(text(p, '.tiers-error')).toBe('操作冲突，请刷新后重试');
    expect(text(p, '.tiers-reload')).toBe('重新加载');

    routes['GET /v1/staff/tiers'] = {
      statusCode: 200,
      body: { ...STORED, version: 5, tiers: STORED.tiers.map((t, i) => (i === 2 ? { ...t, minGrowth: 8000 } : t)) },
    };
    p.root.querySelector('.tiers-reload')!.dispatchEvent('tap');
    await p.waitFor(
      () => text(p, '.tiers-intro__version')?.includes('版本 5') && !p.root.querySelector('.tiers-reload'),
      'the reloaded form',
    );
    await settle();
    expect(p.root.querySelector('.tiers-error') ?? null).toBeNull();
    routes['PUT /v1/staff/tiers'] = { statusCode: 200, body: { ...STORED, version: 6 } };
    p.root.querySelector('.tiers-save')!.dispatchEvent('tap');
    await p.waitFor(() => puts(p).length === 3, 'the third save');
    expect((puts(p)[2]!.data as { version: number; tiers: Array<{ minGrowth: number }> }).version).toBe(5);
    expect((puts(p)[2]!.data as { tiers: Array<{ minGrowth: number }> }).tiers[2]!.minGrowth).toBe(8000);
  });

  it('checks the ladder before sending: an overlapping threshold is shown and nothing goes out', async () => {
    const p = open({ 'GET /v1/staff/tiers': { statusCode: 200, body: STORED } });
    await p.waitFor(() => p.root.querySelector('.tiers-save'), 'the form');
    type(p, 3, 'minGrowth', '4000');
    await settle();
    p.root.querySelector('.tiers-save')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.tiers-field-error'), 'the field error');
    expect(errorsIn(p, 3)).toEqual(['门槛须高于上一个等级，不能重叠']);
    expect(puts(p)).toHaveLength(0);
  });

  it('answers 没有权限 to a non-admin', async () => {
    const p = open({ 'GET /v1/staff/tiers': { statusCode: 403, body: { error: { code: 'FORBIDDEN', message: 'admin only' } } } });
    const title = await p.waitFor(() => text(p, '.state-box__title'), 'the forbidden state');
    expect(title).toBe('没有权限');
    expect(text(p, '.state-box__text')).toBe('等级设置仅限管理员使用');
  });
});
