import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TEXT_ZH } from '@linli/shared/errors';
import type { MallReward } from '@linli/shared/mall';
import type { MemberView } from '@linli/shared/members';
import type { RiskFlagView } from '@linli/shared/risk';
import { assertWeappBuilt, openPage, text, texts, type CannedResponse, type LoadedPage } from './wechat-simulator';

// 风险监控 (staff subpackage) and 账户审核中 on the buyer's pages, in the weapp build against canned answers.

const session = (...roles: string[]) => ({
  token: `tok-${roles.join('-')}`,
  expiresAt: '2099-01-01T00:00:00.000Z',
  roles: ['member', ...roles],
});

function flag(overrides: Partial<RiskFlagView> = {}): RiskFlagView {
  return {
    flagId: 'rf-phone',
    kind: 'shared-phone',
    status: 'open',
    raisedAt: '2026-11-26T20:30:00.000Z',
    facts: { kind: 'shared-phone', phoneMasked: '139****1111', members: 7 },
    members: [
      { memberId: 'm-1', nickname: '小林', phoneMasked: '139****1111', redemptionsHeld: false },
      { memberId: 'm-2', nickname: null, phoneMasked: '139****1111', redemptionsHeld: true },
    ],
    memberCount: 7,
    review: null,
    ...overrides,
  };
}

const REFUNDS = flag({
  flagId: 'rf-refunds',
  kind: 'refunds-after-redemption',
  status: 'confirmed',
  facts: { kind: 'refunds-after-redemption', windowDays: 30, refundedOrders: 3, pointsRedeemed: 300, pointsOwed: 300 },
  members: [{ memberId: 'm-3', nickname: '阿强', phoneMasked: null, redemptionsHeld: true }],
  memberCount: 1,
  review: { at: '2026-11-27T02:00:00.000Z', byName: '主管老王', note: '已核实，暂停兑换' },
});

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

const tap = (p: LoadedPage, selector: string) => p.root.querySelector(selector)!.dispatchEvent('tap');
const type = (p: LoadedPage, selector: string, value: string) =>
  p.root.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
const sent = (p: LoadedPage, method: string, path: string) =>
  p.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
const listed = (p: LoadedPage) => sent(p, 'GET', '/v1/staff/risk/flags').map((r) => new URL(r.url).searchParams);

function openRisk(routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>, roles = ['supervisor']) {
  const navigated: string[] = [];
  page = openPage('staff/pages/risk/index', {
    storage: { 'linli.session': session(...roles) },
    routes,
    wx: {
      navigateTo: (options: { url: string; success?: (r: unknown) => void }) => {
        navigated.push(options.url);
        setTimeout(() => options.success?.({ errMsg: 'ok' }), 0);
      },
    },
  });
  return { p: page, navigated };
}

describe('风险监控 (weapp build)', () => {
  it('lists open flags with their facts in words, members linked to 客户画像; filters by status and kind; pages on', async () => {
    const { p, navigated } = openRisk({
      'GET /v1/staff/risk/flags': { statusCode: 200, body: { items: [flag(), REFUNDS], nextCursor: 'c2' } },
    });
    await p.waitFor(() => p.root.querySelectorAll('.risk-flag').length === 2, 'the flags');
    expect(texts(p, '.risk-flag__kind')).toEqual(['多个会员共用手机号', '兑换后频繁退款']);
    expect(texts(p, '.risk-status')).toEqual(['待处理', '已确认风险']);
    expect(texts(p, '.risk-facts__line')).toEqual([
      '7 个会员验证了同一个手机号（139****1111）',
      '近 30 天有 3 笔订单在积分兑换后退款',
      '期间兑换 300 积分，退款后仍欠 300 积分',
    ]);
    expect(text(p, '.risk-review')).toBe('已确认风险 · 主管老王 · 2026-11-27 10:00：已核实，暂停兑换');
    expect(texts(p, '.risk-member__name')).toEqual(['小林 · 139****1111', '139****1111', '阿强']);
    expect(texts(p, '.risk-member__held')).toEqual(['已暂停兑换', '已暂停兑换']);
    expect(texts(p, '.risk-member__hold')).toEqual(['暂停兑换', '恢复兑换', '恢复兑换']);
    expect(text(p, '.risk-members__more')).toBe('等 7 人');
    // Only the open flag can be reviewed; nothing on the page is a code or an id.
    expect(p.root.querySelectorAll('.risk-confirm-open')).toHaveLength(1);
    expect(p.root.dom.textContent).not.toMatch(/rf-|m-\d|shared-phone/);
    expect(listed(p)[0]!.get('status')).toBe('open');

    tap(p, '.risk-member__name');
    await p.waitFor(() => navigated.length === 1 || undefined, '客户画像 opened');
    expect(navigated[0]).toBe('/staff/pages/customer/index?id=m-1');

    tap(p, '.list-footer--more');
    await p.waitFor(() => listed(p).length === 2, 'the next page');
    expect(listed(p)[1]!.get('cursor')).toBe('c2');

    tap(p, '.risk-tab--all');
    await p.waitFor(() => listed(p).length === 3, 'every status');
    expect(listed(p)[2]!.get('status')).toBeNull();
    p.root.querySelectorAll('.risk-kind')[3]!.dispatchEvent('tap');
    await p.waitFor(() => listed(p).length === 4, 'one kind');
    expect([listed(p)[3]!.get('kind'), listed(p)[3]!.get('cursor')]).toEqual(['shared-phone', null]);
  });

  it('confirms a risk with a required note, then reads the list again', async () => {
    let reviewed = false;
    const { p } = openRisk({
      'GET /v1/staff/risk/flags': () => ({ statusCode: 200, body: { items: reviewed ? [] : [flag()], nextCursor: null } }),
      'POST /v1/staff/risk/flags/rf-phone/review': () => {
        reviewed = true;
        return {
          statusCode: 200,
          body: flag({ status: 'confirmed', review: { at: '2026-11-27T02:00:00.000Z', byName: '主管老王', note: '同一人' } }),
        };
      },
    });
    await p.waitFor(() => p.root.querySelector('.risk-confirm-open'), 'the flag');
    tap(p, '.risk-confirm-open');
    await p.waitFor(() => p.root.querySelector('.risk-form'), 'the note form');
    tap(p, '.risk-form__submit');
    await p.waitFor(() => text(p, '.risk-form__problem'), 'the missing note');
    expect(text(p, '.risk-form__problem')).toBe('请填写确认说明');
    expect(sent(p, 'POST', '/v1/staff/risk/flags/rf-phone/review')).toHaveLength(0);

    type(p, '.risk-form__text', '同一人注册多个账号领新人礼');
    tap(p, '.risk-form__submit');
    await p.waitFor(() => text(p, '.risk-notice'), 'the notice');
    expect(text(p, '.risk-notice')).toBe('已确认风险');
    expect(sent(p, 'POST', '/v1/staff/risk/flags/rf-phone/review')[0]!.data).toEqual({
      outcome: 'confirmed',
      note: '同一人注册多个账号领新人礼',
    });
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the emptied list');
    expect(text(p, '.state-box__text')).toBe('没有待处理的风险提示');
  });

  it('holds a member’s redemptions with a reason, and says why a review came too late', async () => {
    const { p } = openRisk({
      'GET /v1/staff/risk/flags': { statusCode: 200, body: { items: [flag()], nextCursor: null } },
      'POST /v1/staff/members/m-1/redemption-hold': {
        statusCode: 200,
        body: { memberId: 'm-1', hold: { reason: '核实中', heldAt: '2026-11-27T02:00:00.000Z', heldByName: '主管老王' } },
      },
      'POST /v1/staff/risk/flags/rf-phone/review': {
        statusCode: 409,
        body: { error: { code: 'RISK_FLAG_ALREADY_REVIEWED', message: 'reviewed' } },
      },
    });
    await p.waitFor(() => p.root.querySelector('.risk-member__hold'), 'the members');
    tap(p, '.risk-member__hold');
    await p.waitFor(() => p.root.querySelector('.risk-form'), 'the reason form');
    expect(text(p, '.risk-form__who')).toBe('小林 · 139****1111');
    type(p, '.risk-form__text', '核实中');
    tap(p, '.risk-form__submit');
    await p.waitFor(() => text(p, '.risk-notice'), 'the notice');
    expect(text(p, '.risk-notice')).toBe('已暂停「小林 · 139****1111」的兑换');
    expect(sent(p, 'POST', '/v1/staff/members/m-1/redemption-hold')[0]!.data).toEqual({ reason: '核实中' });

    await p.waitFor(() => !p.root.querySelector('.risk-form') || undefined, 'the form closed');
    tap(p, '.risk-dismiss-open');
    await p.waitFor(() => p.root.querySelector('.risk-form'), 'the note form');
    type(p, '.risk-form__text', '正常');
    tap(p, '.risk-form__submit');
    await p.waitFor(() => text(p, '.risk-notice') === ERROR_TEXT_ZH.RISK_FLAG_ALREADY_REVIEWED || undefined, 'the refusal');
  });

  it('answers an agent with 没有权限 and an empty shop with its empty state', async () => {
    const refused = openRisk({ 'GET /v1/staff/risk/flags': { statusCode: 403, body: { error: { code: 'FORBIDDEN', message: 'role' } } } }, [
      'agent',
    ]).p;
    await refused.waitFor(() => refused.root.querySelector('.state-box'), 'the refusal');
    expect(refused.root.dom.textContent).toContain('风险监控仅限主管和管理员查看');
    refused.root.detach();

    const empty = openRisk({ 'GET /v1/staff/risk/flags': { statusCode: 200, body: { items: [], nextCursor: null } } }).p;
    await empty.waitFor(() => empty.root.querySelector('.state-box'), 'the empty state');
    expect(text(empty, '.state-box__text')).toBe('没有待处理的风险提示');
  });
});

describe('账户审核中 (buyer, weapp build)', () => {
  const buyer = { 'linli.session': session() };
  const reward: MallReward = {
    rewardId: 'rw-1',
    kind: 'coupon',
    name: '满100减10券',
    description: '',
    pointsPrice: 300,
    stock: 12,
    perMemberLimit: 1,
    tierCodes: [],
    availableFrom: '2026-11-01T00:00:00.000Z',
    availableUntil: '2099-12-31T16:00:00.000Z',
    coupon: { type: 'amount_off', amountOffFen: 1_000, minSpendFen: 10_000, validDays: 30 },
    goods: null,
    pictureKey: null,
    pictureUrl: null,
    active: true,
    version: 1,
    redeemedByMe: 0,
    ineligible: null,
  };

  it('shows 积分商城 under review, and a redemption refused with the same words', async () => {
    const p = (page = openPage('pages/mall/index', {
      storage: buyer,
      routes: {
        'GET /v1/mall/rewards': { statusCode: 200, body: { points: 1280, items: [reward], redemptionsHeld: true } },
        'POST /v1/mall/rewards/rw-1/redemptions': { statusCode: 403, body: { error: { code: 'ACCOUNT_UNDER_REVIEW', message: 'held' } } },
      },
    }));
    await p.waitFor(() => text(p, '.mall-under-review'), 'the notice');
    expect(text(p, '.mall-under-review')).toBe(ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW);
    expect(ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW).toMatch(/^账户审核中/);
    tap(p, '.mall-reward__action');
    await p.waitFor(() => p.root.querySelector('.sheet'), 'the confirmation sheet');
    tap(p, '.sheet .btn--primary');
    expect(await p.waitFor(() => text(p, '.sheet .notice--error'), 'the refusal')).toBe(ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW);
  });

  it('shows 账户审核中 on 我的 while held, and nothing of it otherwise', async () => {
    const member = (redemptionsHeld: boolean): MemberView => ({
      memberId: 'mem-001',
      status: 'member',
      nickname: '林小满',
      avatarUrl: null,
      tier: { code: 'silver', name: '银卡会员' },
      points: { balance: 1280, pending: 0, expiringSoon: { points: 0, before: null } },
      birthday: null,
      phoneMasked: null,
      joinedAt: '2026-11-01T02:00:00.000Z',
      policyVersion: '2026-11-01',
      memberCode: 'LM-8H3K2Q9T',
      stats: { orderCount: 3, totalSpentFen: 128_000, firstOrderAt: null, lastOrderAt: null },
      redemptionsHeld,
    });
    const held = (page = openPage('pages/me/index', { storage: buyer, routes: { 'GET /v1/me': { statusCode: 200, body: member(true) } } }));
    await held.waitFor(() => held.root.querySelector('.me-head'), '我的');
    expect(text(held, '.me-under-review')).toBe(ERROR_TEXT_ZH.ACCOUNT_UNDER_REVIEW);
    held.root.detach();

    const open = (page = openPage('pages/me/index', {
      storage: buyer,
      routes: { 'GET /v1/me': { statusCode: 200, body: member(false) } },
    }));
    await open.waitFor(() => open.root.querySelector('.me-head'), '我的');
    expect(text(open, '.me-under-review')).toBeUndefined();
  });
});
