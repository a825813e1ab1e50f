import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DataRequestView, StaffDataRequestSummary, StaffDataRequestView } from '@linli/shared/data-requests';
import type { MemberView } from '@linli/shared/members';
import { GUARDIAN_CONSENT_EXPLANATION } from '@linli/shared/minors';
import { assertWeappBuilt, openPage, type CannedResponse, type LoadedPage, text, texts } from './wechat-simulator';

// 我的数据请求, the admins' 数据请求 queue and detail, and the guardian's consent on the birthday step,
// in the real WeChat build against canned API answers.

const session = (role?: string) => ({
  token: `tok-${role ?? 'buyer'}`,
  expiresAt: '2099-01-01T00:00:00.000Z',
  roles: role ? ['member', role] : ['member'],
});
const ok = (body: unknown): CannedResponse => ({ statusCode: 200, body });
const refused = (statusCode: number, code: string): CannedResponse => ({ statusCode, body: { error: { code, message: code } } });
const posted = (p: LoadedPage, path: string) => p.requests.filter((r) => r.method !== 'GET' && new URL(r.url).pathname === path);

function request(overrides: Partial<DataRequestView> = {}): DataRequestView {
  return {
    dataRequestId: 'dr_0001',
    kind: 'correction',
    subject: 'points',
    reference: '11月3日的积分',
    text: '11月3日买的橙子没有加积分',
    status: 'submitted',
    filedAt: '2026-11-24T02:00:00.000Z',
    dueDate: '2026-12-09',
    overdue: false,
    closedAt: null,
    answer: null,
    refusalReason: null,
    ...overrides,
  };
}

let page: LoadedPage | undefined;
beforeAll(() => assertWeappBuilt());
afterEach(() => {
  page?.root.detach();
  page = undefined;
});

function open(
  pagePath: string,
  role: string | undefined,
  routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)>,
  query = {},
) {
  page = openPage(pagePath, { storage: { 'linli.session': session(role) }, routes, query });
  return page;
}

describe('我的数据请求', () => {
  it('lists each request with its status, when it will be answered, and the answer or the reason for a refusal', async () => {
    const p = open('pages/privacy-requests/index', undefined, {
      'GET /v1/me/data-requests': ok({
        items: [
          request(),
          request({ dataRequestId: 'dr_0002', overdue: true, status: 'in_progress', dueDate: '2026-11-30' }),
          request({ dataRequestId: 'dr_0003', status: 'done', answer: '已为您补记 120 积分', closedAt: '2026-11-26T02:00:00.000Z' }),
          request({
            dataRequestId: 'dr_0004',
            kind: 'withdrawal',
            subject: 'orders',
            status: 'refused',
            refusalReason: '订单信息依法须保存三年',
            closedAt: '2026-11-27T02:00:00.000Z',
          }),
        ],
        nextCursor: null,
      }),
    });
    await p.waitFor(() => p.root.querySelector('.data-request-row'), 'the requests');
    expect(texts(p, '.data-request-status')).toEqual(['已提交', '处理中', '已答复', '已拒绝']);
    expect(texts(p, '.data-request__due')).toEqual([
      '预计12月9日前答复',
      '已超期（应于11月30日前答复）',
      '已答复于 2026-11-26',
      '已拒绝于 2026-11-27',
    ]);
    expect(text(p, '.data-request__answer')).toBe('店铺答复：已为您补记 120 积分');
    expect(text(p, '.data-request__answer--refused')).toBe('拒绝原因：订单信息依法须保存三年');
    expect(p.root.dom.textContent).not.toContain('dr_0001');
  });

  it('files a request from the form: kind and text required, once per submission, then shows it in the list', async () => {
    const filed = request({ dataRequestId: 'dr_0009', kind: 'explanation', subject: null, reference: null, text: '想了解手机号的用途' });
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/me/data-requests': ok({ items: [], nextCursor: null }),
      'POST /v1/me/data-requests': ok(filed),
    };
    const p = open('pages/privacy-requests/index', undefined, routes);
    await p.waitFor(() => p.root.querySelector('.state-box__text'), 'the empty list');
    expect(text(p, '.state-box__text')).toBe('暂无数据请求');

    p.root.querySelector('.data-requests__new')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-form'), 'the form');
    p.root.querySelector('.data-request-form__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.data-request-form__error'), 'the missing kind');
    expect(text(p, '.data-request-form__error')).toBe('请选择请求类型');

    p.root.querySelector('.data-request-kind--explanation')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-kind--explanation.chip--on'), 'the chosen kind');
    p.root.querySelector('.data-request-form__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.data-request-form__error') === '请说明你的请求', 'the missing text');
    expect(posted(p, '/v1/me/data-requests')).toHaveLength(0);

    p.root.querySelector('.data-request-form__text')!.dispatchEvent('input', { detail: { value: '想了解手机号的用途' } });
    await p.waitFor(() => text(p, '.counter') === '9/500', 'the typed text');
    routes['GET /v1/me/data-requests'] = ok({ items: [filed], nextCursor: null });
    p.root.querySelector('.data-request-form__submit')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-row'), 'the filed request');
    const [sent] = posted(p, '/v1/me/data-requests');
    expect(sent!.data).toMatchObject({ kind: 'explanation', subject: null, reference: null, text: '想了解手机号的用途' });
    expect((sent!.data as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.root.querySelector('.data-request-form')).toBeFalsy();
  });

  it('says why a filing was refused (five open already)', async () => {
    const p = open('pages/privacy-requests/index', undefined, {
      'GET /v1/me/data-requests': ok({ items: [], nextCursor: null }),
      'POST /v1/me/data-requests': refused(409, 'DATA_REQUEST_LIMIT_REACHED'),
    });
    await p.waitFor(() => p.root.querySelector('.data-requests__new'), 'the button');
    p.root.querySelector('.data-requests__new')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-form'), 'the form');
    p.root.querySelector('.data-request-kind--other')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-kind--other.chip--on'), 'the chosen kind');
    p.root.querySelector('.data-request-form__text')!.dispatchEvent('input', { detail: { value: '再问一个' } });
    await p.waitFor(() => text(p, '.counter') === '4/500', 'the typed text');
    p.root.querySelector('.data-request-form__submit')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.data-request-form__error'), 'the refusal');
    expect(text(p, '.data-request-form__error')).toBe('你有 5 个数据请求正在处理中，请等待答复后再提交');
  });
});

function summary(overrides: Partial<StaffDataRequestSummary> = {}): StaffDataRequestSummary {
  const { dataRequestId, kind, subject, status, filedAt, dueDate, overdue, closedAt } = request();
  return { dataRequestId, kind, subject, status, filedAt, dueDate, overdue, closedAt, handler: null, ...overrides };
}

function staffView(overrides: Partial<StaffDataRequestView> = {}): StaffDataRequestView {
  return {
    ...request(),
    handler: null,
    member: { memberId: 'mem-001', nickname: '王阿姨', phoneMasked: '138****1234' },
    history: [{ event: 'filed', at: '2026-11-24T02:00:00.000Z', by: null }],
    ...overrides,
  };
}

describe('数据请求 (admins)', () => {
  it('lists open requests with overdue ones marked 已超期, and asks for a status on a tab', async () => {
    const p = open('staff/pages/data-requests/index', 'admin', {
      'GET /v1/staff/data-requests': ok({
        items: [
          summary({
            dataRequestId: 'dr_late',
            overdue: true,
            dueDate: '2026-11-20',
            status: 'in_progress',
            handler: { memberId: 'm-a', name: '店主' },
          }),
          summary(),
        ],
        nextCursor: null,
      }),
    });
    await p.waitFor(() => p.root.querySelector('.data-request-row'), 'the queue');
    expect(texts(p, '.data-request-due')).toEqual(['已超期 · 应于11月20日前答复', '预计12月9日前答复']);
    expect(p.root.querySelector('.desk-sla--breached')).toBeTruthy();
    expect(texts(p, '.data-request-status')).toEqual(['处理中', '已提交']);
    expect(new URL(p.requests.at(-1)!.url).searchParams.get('status')).toBe('open');

    p.root.querySelector('.data-requests-tab--refused')!.dispatchEvent('tap');
    await p.waitFor(() => new URL(p.requests.at(-1)!.url).searchParams.get('status') === 'refused', 'the refused tab');
  });

  it('tells an agent or supervisor the page is for admins', async () => {
    const p = open('staff/pages/data-requests/index', 'supervisor', {
      'GET /v1/staff/data-requests': refused(403, 'FORBIDDEN'),
    });
    await p.waitFor(() => p.root.querySelector('.state-box'), 'the refusal');
    expect(text(p, '.state-box')).toContain('数据请求仅限管理员处理');
  });

  it("shows the buyer's words and answers; a refusal needs its reason", async () => {
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/staff/data-requests/dr_0001': ok(staffView()),
      'POST /v1/staff/data-requests/dr_0001/refuse': (data) =>
        ok(staffView({ status: 'refused', refusalReason: (data as { reason: string }).reason, closedAt: '2026-11-25T02:00:00.000Z' })),
    };
    const p = open('staff/pages/data-requests/detail/index', 'admin', routes, { id: 'dr_0001' });
    await p.waitFor(() => p.root.querySelector('.data-request-detail'), 'the request');
    expect(text(p, '.data-request-detail__text')).toBe('11月3日买的橙子没有加积分');
    expect(p.root.dom.textContent).toContain('王阿姨 · 138****1234');
    expect(text(p, '.data-request-detail__refuse')).toBe('拒绝（须填写原因）');

    p.root.querySelector('.data-request-detail__refuse')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.data-request-detail__form--refuse'), 'the refusal form');
    p.root.querySelector('.data-request-detail__send')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.data-request-detail__problem'), 'the missing reason');
    expect(text(p, '.data-request-detail__problem')).toBe('请填写拒绝原因，会员会看到');
    expect(posted(p, '/v1/staff/data-requests/dr_0001/refuse')).toHaveLength(0);

    p.root.querySelector('.data-request-detail__reply')!.dispatchEvent('input', { detail: { value: '订单信息依法须保存三年' } });
    p.root.querySelector('.data-request-detail__send')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.data-request-detail__refusal'), 'the refusal saved');
    expect(posted(p, '/v1/staff/data-requests/dr_0001/refuse').map((r) => r.data)).toEqual([{ reason: '订单信息依法须保存三年' }]);
    expect(text(p, '.data-request-status')).toBe('已拒绝');
    expect(p.root.querySelector('.data-request-detail__actions-card')).toBeFalsy();
  });
});

function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'mem-001',
    status: 'member',
    nickname: '林小满',
    avatarUrl: null,
    tier: { code: 'silver', name: '银卡会员' },
    points: { balance: 0, pending: 0, expiringSoon: { points: 0, before: null } },
    birthday: null,
    lunarBirthday: null,
    marketingOptOut: false,
    minor: false,
    phoneMasked: null,
    joinedAt: '2026-11-01T02:00:00.000Z',
    policyVersion: '2026-11-01',
    memberCode: 'LM8H3K2Q',
    stats: { orderCount: 0, totalSpentFen: 0, firstOrderAt: null, lastOrderAt: null },
    ...overrides,
  };
}

describe('the birthday step for a child under 14', () => {
  const childBirthday = `${new Date().getUTCFullYear() - 6}-06-01`;

  it('asks for the guardian’s consent, explains why, saves nothing without it, and sends the whole date with it', async () => {
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/me': ok(memberView()),
      // wx.request cannot send PATCH: it goes as POST with X-HTTP-Method-Override.
      'POST /v1/me': (data) => ok(memberView({ birthday: (data as { birthday: string }).birthday, minor: true })),
    };
    const p = open('pages/profile/index', undefined, routes);
    await p.waitFor(() => p.root.querySelector('.extras__birthday-picker'), 'the birthday field');
    p.root.querySelector('.extras__birthday-picker')!.dispatchEvent('change', { detail: { value: childBirthday } });
    await p.waitFor(() => p.root.querySelector('.extras__guardian'), 'the guardian step');
    expect(p.root.querySelector('.extras__guardian')!.dom.textContent).toContain(GUARDIAN_CONSENT_EXPLANATION);
    expect(posted(p, '/v1/me')).toHaveLength(0);

    p.root.querySelector('.extras__guardian-confirm')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.extras__guardian-problem'), 'the missing relation');
    p.root.querySelector('.extras__guardian-choice--parent')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.extras__guardian-choice--on'), 'the chosen relation');
    p.root.querySelector('.extras__guardian-confirm')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.extras__guardian-problem') === '请由监护人勾选同意后再保存', 'the missing agreement');
    expect(posted(p, '/v1/me')).toHaveLength(0);

    p.root.querySelector('.extras__guardian-agree')!.dispatchEvent('tap');
    await p.waitFor(() => p.root.querySelector('.extras__guardian-box--on'), 'the agreement ticked');
    p.root.querySelector('.extras__guardian-confirm')!.dispatchEvent('tap');
    await p.waitFor(() => text(p, '.notice--ok'), 'the saved birthday');
    expect(posted(p, '/v1/me').map((r) => r.data)).toEqual([
      { birthday: childBirthday, guardianConsent: { confirmed: true, guardianRelation: 'parent' } },
    ]);
    expect(text(p, '.notice--ok')).toBe('生日已保存，已记录监护人同意');
    expect(p.root.querySelector('.extras__guardian')).toBeFalsy();
    expect(p.root.querySelector('.extras__minor')).toBeTruthy();
  });

  it('saves an adult’s birthday at once, as month and day only', async () => {
    const routes: Record<string, CannedResponse | ((data: unknown) => CannedResponse)> = {
      'GET /v1/me': ok(memberView()),
      'POST /v1/me': (data) => ok(memberView({ birthday: (data as { birthday: string }).birthday })),
    };
    const p = open('pages/profile/index', undefined, routes);
    await p.waitFor(() => p.root.querySelector('.extras__birthday-picker'), 'the birthday field');
    p.root.querySelector('.extras__birthday-picker')!.dispatchEvent('change', { detail: { value: '1990-03-08' } });
    await p.waitFor(() => text(p, '.notice--ok'), 'the saved birthday');
    expect(posted(p, '/v1/me').map((r) => r.data)).toEqual([{ birthday: '03-08' }]);
    expect(p.root.querySelector('.extras__guardian')).toBeFalsy();
  });
});
